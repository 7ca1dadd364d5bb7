from decimal import Decimal

from perjanjian.capaian import predikat
from perjanjian.models import PengaturanCapaian, PredikatCapaian


def test_default_scale_is_seeded_and_a_pemda_may_use_its_own(world):
    default = PredikatCapaian.skala_untuk(world.pemda)
    assert [band.label for band in default] == ["Sangat Tinggi", "Tinggi", "Sedang", "Rendah", "Sangat Rendah"]
    assert predikat(Decimal("90.5"), default).label == "Tinggi"
    for minimum, label in [(85, "Memuaskan"), (75, "Sangat Baik"), (0, "Kurang")]:
        PredikatCapaian.objects.create(pemda=world.pemda, nilai_minimum=minimum, label=label)
    own = PredikatCapaian.skala_untuk(world.pemda)
    assert predikat(Decimal("90.5"), own).label == "Memuaskan"
    assert [band.label for band in PredikatCapaian.skala_untuk(world.other_pemda)][0] == "Sangat Tinggi"


def test_settings_become_rules(world):
    pengaturan = PengaturanCapaian.objects.create(pemda=world.pemda, rumus_minimize="inverse", batas_maksimum=120)
    rules = pengaturan.as_rules()
    assert (rules.rumus_minimize, rules.batas_maksimum, rules.batas_minimum_nol) == ("inverse", Decimal(120), True)
