"""The default target curve of cumulative budget absorption: 15 % by March, 40 % by June, 65 % by
September and 90 % by December (the year-end goal a regent set in the Bekasi leadership meeting of
November 2023), interpolated month by month. A pemda replaces it with its own curve."""

from decimal import Decimal

from django.db import migrations

SUMBER = "Kurva bawaan SAKIP: 90% pada akhir tahun; sesuaikan dengan ketetapan kepala daerah."
KURVA = {1: 5, 2: 10, 3: 15, 4: 23, 5: 31, 6: 40, 7: 48, 8: 56, 9: 65, 10: 73, 11: 81, 12: 90}


def seed(apps, schema_editor):
    KurvaSerapan = apps.get_model("pemantauan", "KurvaSerapan")
    for bulan, persen in KURVA.items():
        KurvaSerapan.objects.update_or_create(
            pemda=None, bulan=bulan, defaults={"persen": Decimal(persen), "sumber": SUMBER}
        )


def unseed(apps, schema_editor):
    apps.get_model("pemantauan", "KurvaSerapan").objects.filter(pemda=None).delete()


class Migration(migrations.Migration):
    dependencies = [("pemantauan", "0001_awal")]

    operations = [migrations.RunPython(seed, unseed)]
