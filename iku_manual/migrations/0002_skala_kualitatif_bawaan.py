"""The shared qualitative scales (Opini BPK, Predikat SAKIP); see iku_manual/seeds.py."""

from django.db import migrations

from iku_manual.seeds import SCALES, ensure_default_scales


def seed(apps, schema_editor):
    ensure_default_scales(apps.get_model("iku_manual", "SkalaKualitatif"), apps.get_model("iku_manual", "NilaiSkala"))


def unseed(apps, schema_editor):
    apps.get_model("iku_manual", "SkalaKualitatif").objects.filter(pemda=None, nama__in=SCALES).delete()


class Migration(migrations.Migration):
    dependencies = [("iku_manual", "0001_pohon_kinerja_dan_indikator")]

    operations = [migrations.RunPython(seed, unseed)]
