"""The default capaian predicate scale (Permendagri 86/2017 evaluation of RKPD/Renja results):
>= 91 Sangat Tinggi, 76–90 Tinggi, 66–75 Sedang, 51–65 Rendah, <= 50 Sangat Rendah.
Each band is stored by its lower bound; a value belongs to the highest band it reaches."""

BANDS = [
    (91, "Sangat Tinggi", "success"),
    (76, "Tinggi", "primary"),
    (66, "Sedang", "warning"),
    (51, "Rendah", "danger"),
    (0, "Sangat Rendah", "dark"),
]


def ensure_default_predicates(predikat_model) -> None:
    for nilai_minimum, label, warna in BANDS:
        predikat_model.objects.get_or_create(
            pemda=None, nilai_minimum=nilai_minimum, defaults={"label": label, "warna": warna}
        )
