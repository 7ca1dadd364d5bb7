from __future__ import annotations

from django.core.management import call_command

from sakip import access
from sakip.models import Pejabat, Pemda, PerangkatDaerah, Role, UnitKerja, User


def counts() -> dict[str, int]:
    from iku_manual.models import Indikator, Sasaran, TargetIndikator

    models = [Pemda, PerangkatDaerah, UnitKerja, Pejabat, User, Sasaran, Indikator, TargetIndikator]
    return {
        **{model.__name__: model.objects.count() for model in models},
        **{f"history {model.__name__}": model.history.count() for model in models},
    }


def test_demo_builds_kota_contoh_and_is_idempotent(db, capsys, settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = counts()
    output = capsys.readouterr().out
    call_command("load_demo")
    assert counts() == first  # nothing new, not even history

    kota = Pemda.objects.get(nama="Kota Contoh")
    opd_names = set(kota.perangkat_daerah.values_list("singkatan", flat=True))
    assert len(opd_names) >= 8
    assert {"Bapperida", "Disdik", "Dinkes", "Dinas PUPR", "Dinsos", "Inspektorat", "BPKAD", "DPMPTSP"} <= opd_names
    assert UnitKerja.objects.filter(opd__pemda=kota, parent__isnull=False).exists()
    assert Pejabat.objects.filter(pemda=kota, jenis_jabatan="kepala_daerah").exists()
    assert Pejabat.objects.filter(pemda=kota, status="plt").exists()
    assert kota.logo

    for role in Role.values:
        assert User.objects.filter(pemda=kota, role=role).exists(), role
    assert User.objects.filter(is_superuser=True).exists()
    for username in ("admin.contoh", "perencana.dinkes", "kepala.dinkes", "evaluator.contoh", "pimpinan.contoh"):
        assert username in output
    assert "sakip2026" in output


def test_demo_pemda_are_isolated(db, settings):
    settings.DEBUG = True
    call_command("load_demo")
    teladan_admin = User.objects.get(username="admin.teladan")
    assert not access.visible_opd(teladan_admin).filter(pemda__nama="Kota Contoh").exists()
    planner = User.objects.get(username="perencana.dinkes")
    assert list(access.visible_opd(planner)) == [planner.opd]


def test_demo_has_a_full_rpjmd_tree_with_iku(db, settings):
    from iku_manual import quality
    from iku_manual.models import Indikator, Sasaran, Tingkat
    from sakip.models import Periode

    settings.DEBUG = True
    call_command("load_demo")
    kota = Pemda.objects.get(nama="Kota Contoh")
    periode = Periode.objects.get(pemda=kota)
    assert periode.tahun == [2025, 2026, 2027, 2028, 2029]
    assert Sasaran.objects.filter(periode=periode, tingkat=Tingkat.TUJUAN_PEMDA).count() >= 3
    for opd in kota.perangkat_daerah.all():
        ikus = Indikator.objects.filter(sasaran__opd=opd, is_iku=True)
        assert ikus.count() >= 5, opd
        for indikator in ikus:
            assert indikator.targets.count() == 5, indikator
        # Every OPD's sasaran strategis supports an RPJMD sasaran.
        assert not Sasaran.objects.filter(opd=opd, tingkat=Tingkat.SASARAN_STRATEGIS, parents__isnull=True).exists()
    lower_is_better = Indikator.objects.filter(sasaran__pemda=kota, polaritas="minimize").values_list("nama", flat=True)
    assert {"Angka kemiskinan", "Tingkat pengangguran terbuka (TPT)"} <= set(lower_is_better)
    opini = Indikator.objects.get(sasaran__pemda=kota, skala__nama="Opini BPK")
    assert set(opini.targets.values_list("nilai", flat=True)) == {4}  # WTP
    assert Indikator.objects.filter(sasaran__pemda=kota, polaritas="stabilize").exists()
    # The weaknesses planted for the quality check are found.
    rules = {t.aturan for t in quality.for_opd(kota.perangkat_daerah.get(singkatan="Disdik"), periode).temuan}
    assert {"kerja_bukan_kinerja", "sumber_data", "yatim"} <= rules
