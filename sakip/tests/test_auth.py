"""Login, logout, password change and login throttling."""

from __future__ import annotations

from django.urls import reverse

from sakip.tests.helpers import can_log_in


def test_login_page_speaks_indonesian(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "Masuk ke SAKIP" in html
    assert 'lang="id"' in html


def test_wrong_password_keeps_the_username(client, world):
    response = client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    html = response.content.decode()
    assert "Nama pengguna atau kata sandi salah" in html
    assert 'value="perencana"' in html


def test_login_lands_on_home(client, world):
    response = client.post(reverse("login"), {"username": "perencana", "password": "rahasia-uji-123"})
    assert response["Location"] == reverse("home")
    assert "Selamat datang" in client.get(reverse("home")).content.decode()


def test_login_refuses_an_outside_next_url(client, world):
    response = client.post(
        reverse("login") + "?next=https://jahat.example/", {"username": "perencana", "password": "rahasia-uji-123"}
    )
    assert response["Location"] == reverse("home")


def test_logout_needs_post_and_csrf(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["perencana"])
    assert client.post(reverse("logout")).status_code == 403  # no CSRF token
    assert client.get(reverse("home")).status_code == 200


def test_login_is_throttled_after_repeated_failures(client, world, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("login"), {"username": "perencana", "password": "salah"}).status_code == 200
    # The fifth failure locks.
    assert client.post(reverse("login"), {"username": "perencana", "password": "salah"}).status_code == 429
    # Even the right password is refused while the lock lasts.
    response = client.post(reverse("login"), {"username": "perencana", "password": "rahasia-uji-123"})
    assert response.status_code == 429
    html = response.content.decode()
    assert "Terlalu banyak percobaan masuk yang gagal" in html
    assert "Coba lagi setelah 15 menit" in html
    # Another user from the same address is not locked out.
    assert client.post(reverse("login"), {"username": "kepala", "password": "rahasia-uji-123"}).status_code == 302


def test_successful_login_resets_the_failure_count(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert client.post(reverse("login"), {"username": "perencana", "password": "rahasia-uji-123"}).status_code == 302
    client.logout()
    for _ in range(2):
        client.post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert client.post(reverse("login"), {"username": "perencana", "password": "rahasia-uji-123"}).status_code == 302


def test_password_change(client_for, client):
    client = client_for("kepala_opd")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "rahasia-uji-123",
            "new_password1": "Capaian-Kinerja-77",
            "new_password2": "Capaian-Kinerja-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    client.logout()
    assert can_log_in(client, "kepala", "Capaian-Kinerja-77")
