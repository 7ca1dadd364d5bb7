"""Admin Pemda manages the users of its own pemda in the app."""

from __future__ import annotations

import pytest
from django.db import IntegrityError
from django.urls import reverse

from sakip.models import Role, User
from sakip.tests import factories as f
from sakip.tests.helpers import can_log_in


def new_user_data(world, **overrides):
    return {
        "username": "perencana.baru",
        "nama": "Perencana Baru, S.E.",
        "email": "baru@uji.example",
        "nip": "19850505 201001 2 003",
        "role": Role.PERENCANA,
        "opd": world.opd.pk,
        "password1": "Kinerja-Akuntabel-2026",
        "password2": "Kinerja-Akuntabel-2026",
        **overrides,
    }


def test_admin_creates_a_planner_who_can_log_in(world, client_for, client):
    response = client_for("admin_pemda").post(reverse("user_create"), new_user_data(world))
    assert response.status_code == 302
    user = User.objects.get(username="perencana.baru")
    assert (user.pemda, user.opd, user.role, user.nip) == (world.pemda, world.opd, Role.PERENCANA, "198505052010012003")
    client.logout()
    assert can_log_in(client, "perencana.baru", "Kinerja-Akuntabel-2026")


def test_opd_role_needs_an_opd(world, client_for):
    response = client_for("admin_pemda").post(reverse("user_create"), new_user_data(world, opd=""))
    assert response.status_code == 200
    assert "Pilih perangkat daerah untuk peran ini." in response.content.decode()
    assert 'value="perencana.baru"' in response.content.decode()
    assert not User.objects.filter(username="perencana.baru").exists()


def test_pemda_wide_role_drops_the_opd(world, client_for):
    client_for("admin_pemda").post(reverse("user_create"), new_user_data(world, role=Role.EVALUATOR))
    assert User.objects.get(username="perencana.baru").opd is None


def test_admin_cannot_place_a_user_in_another_pemda(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("user_create"), new_user_data(world, opd=world.other_pemda_opd.pk)
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="perencana.baru").exists()


def test_weak_password_is_refused_in_indonesian(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("user_create"), new_user_data(world, password1="12345678", password2="12345678")
    )
    assert "Kata sandi ini terlalu umum." in response.content.decode()


def test_admin_deactivates_a_user(world, client_for, client):
    planner = world.planners["own"]
    data = {"nama": planner.nama, "email": planner.email, "nip": "", "role": Role.PERENCANA, "opd": world.opd.pk}
    client_for("admin_pemda").post(reverse("user_edit", args=[planner.pk]), data)  # is_active unchecked
    planner.refresh_from_db()
    assert not planner.is_active
    assert not can_log_in(client, planner.username, "rahasia-uji-123")


def test_admin_cannot_deactivate_itself(world, client_for):
    admin = world.users["admin_pemda"]
    data = {"nama": admin.nama, "email": admin.email, "role": Role.ADMIN_PEMDA}
    response = client_for("admin_pemda").post(reverse("user_edit", args=[admin.pk]), data)
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_admin_cannot_touch_a_superuser(world, client_for):
    response = client_for("admin_pemda").get(reverse("user_edit", args=[world.users["superuser"].pk]))
    assert response.status_code == 404


def test_admin_resets_a_password(world, client_for, client):
    planner = world.planners["own"]
    response = client_for("admin_pemda").post(
        reverse("user_set_password", args=[planner.pk]),
        {"new_password1": "Sasaran-Strategis-9", "new_password2": "Sasaran-Strategis-9"},
    )
    assert response.status_code == 302
    client.logout()
    assert can_log_in(client, planner.username, "Sasaran-Strategis-9")


def test_role_change_is_kept_in_history(world, client_for):
    planner = world.planners["own"]
    data = {
        "nama": planner.nama,
        "email": planner.email,
        "role": Role.KEPALA_OPD,
        "opd": world.opd.pk,
        "is_active": "on",
    }
    client = client_for("admin_pemda")
    client.post(reverse("user_edit", args=[planner.pk]), data)
    html = client.get(reverse("user_edit", args=[planner.pk])).content.decode()
    assert "<del>Perencana OPD</del> → Kepala OPD" in html


def test_user_list_shows_only_own_pemda(world, client_for):
    html = client_for("admin_pemda").get(reverse("user_list")).content.decode()
    assert world.planners["own"].username in html
    assert world.planners["other_pemda"].username not in html


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"role": Role.PERENCANA, "opd": None}, "user_opd_sesuai_peran"),
        ({"role": Role.EVALUATOR, "pemda": None, "opd": None}, "user_pemda_dan_peran_wajib"),
        ({"role": "", "opd": None}, "user_pemda_dan_peran_wajib"),
    ],
)
def test_database_refuses_inconsistent_users(world, fields, constraint):
    """The role/scope rules hold even for code that skips the forms."""
    with pytest.raises(IntegrityError, match=constraint):
        f.UserFactory(**{"pemda": world.pemda, "opd": world.opd, **fields})


@pytest.mark.parametrize(
    ("nama", "short"),
    [
        ("dr. Ratna Kusumawardani, M.Kes.", "Ratna"),
        ("H. Surya Atmaja, S.E., M.M.", "Surya"),
        ("Ir. H. Baharuddin Lopa", "Baharuddin"),
        ("Yudi Prasetya, S.Kom.", "Yudi"),
        ("", ""),
    ],
)
def test_greeting_uses_the_name_not_the_title(nama, short):
    user = User(username="x", nama=nama)
    assert user.get_short_name() == (short or "x")


def test_a_new_password_lifts_the_login_lockout(world, client_for, client, settings):
    planner = world.planners["own"]
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": planner.username, "password": "salah"})
    assert not can_log_in(client, planner.username, "rahasia-uji-123")  # locked
    client_for("admin_pemda").post(
        reverse("user_set_password", args=[planner.pk]),
        {"new_password1": "Sasaran-Strategis-9", "new_password2": "Sasaran-Strategis-9"},
    )
    assert can_log_in(client, planner.username, "Sasaran-Strategis-9")
