"""The national LKE templates (PermenPANRB 12/2015 and 88/2021) and their answer scales; see
evaluasi/seeds.py."""

from django.db import migrations

from evaluasi.seeds import TEMPLATES, ensure_default_templates


def seed(apps, schema_editor):
    ensure_default_templates(apps, saran=False)


def unseed(apps, schema_editor):
    apps.get_model("evaluasi", "TemplateLKE").objects.filter(
        pemda=None, regulasi__in=[regulasi for regulasi, *_ in TEMPLATES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluasi", "0001_template_lke")]

    operations = [migrations.RunPython(seed, unseed)]
