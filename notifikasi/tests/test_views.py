"""The notification pages: the list (own only, unread filter, paginated, Indonesian times, "Menunggu
Anda"), the bell, marking read (POST only, others' 404, no open redirect) and the query counts."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifikasi.models import Notifikasi
from perjanjian.models import PerjanjianKinerja
from perjanjian.tests.factories import PerjanjianFactory

DAFTAR = reverse("notifikasi:daftar")


def buat(user, n=1, judul="", **kwargs):
    rows = [Notifikasi.objects.create(penerima=user, judul=judul or f"Notifikasi {i}", **kwargs) for i in range(n)]
    return rows[0] if n == 1 else rows


def test_the_list_shows_only_own_notifications(world, client_for):
    buat(world.users["perencana"], judul="PK Dinkes dikembalikan")
    buat(world.users["evaluator"], judul="Realisasi menunggu verifikasi")
    html = client_for("perencana").get(DAFTAR).content.decode()
    assert "PK Dinkes dikembalikan" in html
    assert "Realisasi menunggu verifikasi" not in html


def test_unread_filter_and_time_in_indonesian(world, client_for):
    user = world.users["perencana"]
    dibaca = buat(user, judul="Sudah dibaca", dibaca_pada=timezone.now())
    baru = buat(user, judul="Belum dibaca")
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    Notifikasi.objects.filter(pk=baru.pk).update(dibuat_pada=datetime.datetime(2026, 8, 17, 9, 30, tzinfo=jakarta))
    client = client_for("perencana")
    semua = client.get(DAFTAR).content.decode()
    assert dibaca.judul in semua and baru.judul in semua
    assert "17 Agustus 2026, 09.30" in semua
    assert "yang lalu" in semua
    belum = client.get(DAFTAR, {"tampil": "belum"}).content.decode()
    assert baru.judul in belum and dibaca.judul not in belum


def test_the_list_is_paginated(world, client_for):
    buat(world.users["perencana"], n=55)
    client = client_for("perencana")
    assert len(client.get(DAFTAR).context["page"].object_list) == 50
    second = client.get(DAFTAR, {"halaman": 2})
    assert len(second.context["page"].object_list) == 5


def test_menunggu_anda_is_on_top(world, client_for):
    from iku_manual.tests.factories import PeriodeFactory

    PerjanjianFactory(
        opd=world.opd, periode=PeriodeFactory(pemda=world.pemda), status=PerjanjianKinerja.Status.DIKEMBALIKAN
    )
    html = client_for("perencana").get(DAFTAR).content.decode()
    assert html.index("Menunggu Anda") < html.index('data-testid="daftar-notifikasi"')
    assert "Perjanjian Kinerja dikembalikan untuk diperbaiki" in html


@pytest.mark.parametrize("name", ["notifikasi:daftar", "notifikasi:lonceng"])
def test_queries_do_not_grow_with_the_notifications(world, client_for, name):
    user = world.users["perencana"]
    client = client_for("perencana")
    buat(user, n=2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    buat(user, n=40, dibaca_pada=timezone.now())
    buat(user, n=20)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(name)).status_code == 200
    assert len(small.captured_queries) == len(large.captured_queries)


def test_the_bell_counts_unread_and_shows_the_five_newest(world, client_for):
    user = world.users["perencana"]
    buat(user, n=3, dibaca_pada=timezone.now())
    for i in range(7):
        buat(user, judul=f"Baru {i}")
    response = client_for("perencana").get(reverse("notifikasi:lonceng"))
    html = response.content.decode()
    assert len(response.context["terbaru"]) == 5
    assert 'data-testid="lonceng-jumlah">7<' in html
    assert "Baru 6" in html and "Baru 1" not in html


def test_the_bell_adds_no_query_to_the_page(world, client_for):
    """The navbar only names the bell's URL: the count is fetched by htmx after the page."""
    buat(world.users["perencana"], n=3)
    client = client_for("perencana")
    with CaptureQueriesContext(connection) as page:
        html = client.get(reverse("home")).content.decode()
    assert f'hx-get="{reverse("notifikasi:lonceng")}"' in html
    assert not [q for q in page.captured_queries if "notifikasi_notifikasi" in q["sql"]]


def test_mark_read_then_open_its_local_link(world, client_for):
    row = buat(world.users["perencana"], tautan="/pk/pk/12/")
    response = client_for("perencana").post(reverse("notifikasi:baca", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == "/pk/pk/12/"
    row.refresh_from_db()
    assert row.dibaca_pada is not None


@pytest.mark.parametrize(
    "tautan", ["https://jahat.example/masuk/", "//jahat.example/", "javascript:alert(1)", "http://testserver.evil/"]
)
def test_a_foreign_link_is_never_followed(world, client_for, tautan):
    row = buat(world.users["perencana"], tautan=tautan)
    response = client_for("perencana").post(reverse("notifikasi:baca", args=[row.pk]))
    assert response.status_code == 302 and response["Location"] == DAFTAR


def test_mark_read_and_stay_on_the_list(world, client_for):
    row = buat(world.users["perencana"], tautan="/pk/")
    back = DAFTAR + "?tampil=belum&halaman=2"
    response = client_for("perencana").post(reverse("notifikasi:baca", args=[row.pk]), {"kembali": "1", "next": back})
    assert response["Location"] == back
    response = client_for("perencana").post(
        reverse("notifikasi:baca", args=[row.pk]), {"kembali": "1", "next": "https://jahat.example/"}
    )
    assert response["Location"] == DAFTAR


@pytest.mark.parametrize("role", ["admin_pemda", "evaluator", "pimpinan", "kepala_opd", "superuser"])
def test_another_users_notification_is_404(world, client_for, role):
    row = buat(world.users["perencana"])
    response = client_for(role).post(reverse("notifikasi:baca", args=[row.pk]))
    assert response.status_code == 404
    row.refresh_from_db()
    assert row.dibaca_pada is None


def test_actions_are_post_only(world, client_for):
    row = buat(world.users["perencana"])
    client = client_for("perencana")
    assert client.get(reverse("notifikasi:baca", args=[row.pk])).status_code == 405
    assert client.get(reverse("notifikasi:baca_semua")).status_code == 405
    row.refresh_from_db()
    assert row.dibaca_pada is None


def test_mark_all_read_touches_only_own(world, client_for):
    mine = buat(world.users["perencana"], n=3)
    theirs = buat(world.users["kepala_opd"])
    response = client_for("perencana").post(reverse("notifikasi:baca_semua"))
    assert response.status_code == 302 and response["Location"] == DAFTAR
    assert not Notifikasi.objects.filter(pk__in=[r.pk for r in mine], dibaca_pada__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.dibaca_pada is None


def test_anonymous_users_log_in_first(client):
    assert client.get(DAFTAR)["Location"].startswith(reverse("login"))
