"""Reference rows every installation starts with: the shared qualitative scales, each step mapped to
a number so capaian can be computed. Seeded by migration 0002; ``ensure_default_scales`` is also
called by the demo, because a test database flushed by a browser test loses migration data.

Opini BPK over a pemda's financial statements (UU 15/2004): WTP > WDP > TW > TMP.
Predikat SAKIP (PermenPANRB 12/2015 and 88/2021): AA > A > BB > B > CC > C > D.
"""

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


def ensure_default_scales(skala_model, nilai_model) -> None:
    """Create the shared scales where missing; models are passed so a migration can use its own."""
    for nama, (keterangan, steps) in SCALES.items():
        skala, _ = skala_model.objects.get_or_create(pemda=None, nama=nama, defaults={"keterangan": keterangan})
        for kode, label, nilai in steps:
            nilai_model.objects.get_or_create(skala=skala, kode=kode, defaults={"label": label, "nilai": nilai})
