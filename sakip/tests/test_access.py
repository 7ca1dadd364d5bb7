"""The scope rules of sakip/access.py, on querysets directly."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sakip import access
from sakip.models import Pejabat, PerangkatDaerah, UnitKerja
from sakip.tests import factories as f


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("superuser", {"opd", "other_opd", "other_pemda_opd"}),
        ("admin_pemda", {"opd", "other_opd"}),
        ("evaluator", {"opd", "other_opd"}),
        ("pimpinan", {"opd", "other_opd"}),
        ("perencana", {"opd"}),
        ("kepala_opd", {"opd"}),
    ],
)
def test_visible_opd(world, role, expected):
    names = {"opd": world.opd, "other_opd": world.other_opd, "other_pemda_opd": world.other_pemda_opd}
    visible = set(access.visible_opd(world.users[role]))
    assert visible == {names[key] for key in expected}


def test_nobody_sees_anything_when_signed_out_or_inactive(world):
    assert not access.visible_opd(AnonymousUser()).exists()
    user = world.users["admin_pemda"]
    user.is_active = False
    assert not access.visible_opd(user).exists()


def test_scope_through_a_relation(world):
    units = access.scope_queryset(UnitKerja.objects.all(), world.users["perencana"], **access.UNIT_SCOPE)
    assert list(units) == [world.units["own"]]


def test_opd_roles_see_pemda_level_officials(world):
    wali = f.PejabatFactory(pemda=world.pemda, opd=None, unit=None, nip="", jenis_jabatan="kepala_daerah")
    seen = set(access.scope_queryset(Pejabat.objects.all(), world.users["perencana"], **access.PEJABAT_SCOPE))
    assert seen == {world.pejabat["own"], wali}


def test_get_visible_or_404(world):
    from django.http import Http404

    user = world.users["perencana"]
    assert access.get_visible_or_404(PerangkatDaerah.objects.all(), user, scope=access.OPD_SCOPE, pk=world.opd.pk)
    with pytest.raises(Http404):
        access.get_visible_or_404(PerangkatDaerah.objects.all(), user, scope=access.OPD_SCOPE, pk=world.other_opd.pk)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("superuser", True), ("admin_pemda", True), ("evaluator", False), ("pimpinan", False), ("perencana", False)],
)
def test_can_manage_organisation(world, role, allowed):
    assert access.can_manage_organisation(world.users[role], world.pemda) is allowed
    assert access.can_manage_organisation(world.users[role], world.other_pemda) is (role == "superuser")
