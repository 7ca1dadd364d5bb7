"""Qualitative scales every pemda uses, each step mapped to a number so capaian can be computed.

Opini BPK over a pemda's financial statements (UU 15/2004): WTP > WDP > TW > TMP.
Predikat SAKIP (PermenPANRB 12/2015 and 88/2021): AA > A > BB > B > CC > C > D.
A pemda can add its own scales; these rows are only the shared defaults.
"""

from django.db import migrations

SCALES = {
    "Opini BPK": (
        "Opini Badan Pemeriksa Keuangan atas laporan keuangan pemerintah daerah.",
        [
            ("WTP", "Wajar Tanpa Pengecualian", 4),
            ("WDP", "Wajar Dengan Pengecualian", 3),
            ("TW", "Tidak Wajar", 2),
            ("TMP", "Tidak Menyatakan Pendapat (disclaimer)", 1),
        ],
    ),
    "Predikat SAKIP": (
        "Predikat hasil evaluasi akuntabilitas kinerja instansi pemerintah.",
        [
            ("AA", "Sangat Memuaskan", 7),
            ("A", "Memuaskan", 6),
            ("BB", "Sangat Baik", 5),
            ("B", "Baik", 4),
            ("CC", "Cukup", 3),
            ("C", "Kurang", 2),
            ("D", "Sangat Kurang", 1),
        ],
    ),
}


def seed(apps, schema_editor):
    Skala = apps.get_model("iku_manual", "SkalaKualitatif")
    Nilai = apps.get_model("iku_manual", "NilaiSkala")
    for nama, (keterangan, steps) in SCALES.items():
        skala, _ = Skala.objects.get_or_create(pemda=None, nama=nama, defaults={"keterangan": keterangan})
        for kode, label, nilai in steps:
            Nilai.objects.update_or_create(skala=skala, kode=kode, defaults={"label": label, "nilai": nilai})


def unseed(apps, schema_editor):
    apps.get_model("iku_manual", "SkalaKualitatif").objects.filter(pemda=None, nama__in=SCALES).delete()


class Migration(migrations.Migration):
    dependencies = [("iku_manual", "0001_pohon_kinerja_dan_indikator")]

    operations = [migrations.RunPython(seed, unseed)]
