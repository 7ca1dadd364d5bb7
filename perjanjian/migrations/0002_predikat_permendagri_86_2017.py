"""The default capaian predicate bands; see perjanjian/seeds.py."""

from django.db import migrations

from perjanjian.seeds import BANDS, ensure_default_predicates


def seed(apps, schema_editor):
    ensure_default_predicates(apps.get_model("perjanjian", "PredikatCapaian"))


def unseed(apps, schema_editor):
    apps.get_model("perjanjian", "PredikatCapaian").objects.filter(
        pemda=None, nilai_minimum__in=[band[0] for band in BANDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("perjanjian", "0001_pengaturan_dan_predikat_capaian")]

    operations = [migrations.RunPython(seed, unseed)]
