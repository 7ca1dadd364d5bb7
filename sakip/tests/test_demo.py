from __future__ import annotations

from django.core.management import call_command

from sakip import access
from sakip.models import Pejabat, Pemda, PerangkatDaerah, Role, UnitKerja, User


def counts() -> dict[str, int]:
    models = [Pemda, PerangkatDaerah, UnitKerja, Pejabat, User]
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
