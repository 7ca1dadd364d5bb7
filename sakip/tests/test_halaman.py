"""Pages kept whole per user in the shared cache (sakip/halaman.py), the signed-in user kept there
(sakip/backends.py), sessions read from it, and the data version moved by every state-changing
request (sakip/middleware.VersiDataMiddleware): served without a query while nothing changed, never
after a change, never to another user, and always with a CSRF token that works."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from iku_manual.tests.factories import PeriodeFactory
from perjanjian.tests.factories import PerjanjianFactory
from sakip import backends, versi_data
from sakip.models import Role
from sakip.tests import factories as f

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def _client(user, **kwargs) -> Client:
    client = Client(**kwargs)
    client.force_login(user)
    return client


def _get(client, url=None) -> tuple[int, str]:
    """The page's queries and HTML."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url or reverse("home"))
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _built(client, url=None, **kwargs) -> bool:
    """Whether the page was built (templates rendered), not served from the cache."""
    response = client.get(url or reverse("home"), **kwargs)
    assert response.status_code == 200
    return bool(response.templates)


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its on-commit callbacks (the new versions and stamps) as a commit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            return change()

    return run


def test_a_page_is_served_again_without_a_query_and_with_a_working_csrf_token(world, shared_cache):
    client = _client(world.users["pimpinan"], enforce_csrf_checks=True)
    assert _built(client)
    _, first = _get(client)
    served, again = _get(client)
    assert served == 0
    # Everything but the token is the same page; the token is fresh, and no stand-in is left.
    assert HEADER_TOKEN.sub("", TOKEN.sub("", again)) == HEADER_TOKEN.sub("", TOKEN.sub("", first))
    tokens = TOKEN.findall(again)
    assert tokens and tokens != TOKEN.findall(first)
    assert HEADER_TOKEN.findall(again) == tokens[:1]
    # The served token signs the user out: CSRF accepts it.
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": tokens[0]}).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # signed out, the cached page is not served


def test_each_user_has_a_page_of_their_own(world, shared_cache):
    other = f.UserFactory(username="pimpinan.dua", nama="Wakil Bupati Dua", role=Role.PIMPINAN, pemda=world.pemda)
    first = _client(world.users["pimpinan"])
    second = _client(other)
    _get(first)
    _get(first)
    response = second.get(reverse("home"))
    assert response.templates and "Wakil Bupati Dua" in response.content.decode()
    assert _get(second)[0] == 0
    assert "Wakil Bupati Dua" not in _get(first)[1]


def test_a_change_of_the_pemda_data_is_shown_at_once(world, shared_cache, commit):
    client = _client(world.users["pimpinan"])
    _get(client)
    assert _get(client)[0] == 0
    # An audited change (a history record) in the pemda: an OPD renamed.
    world.opd.nama = "Dinas Baru Bernama Lain"
    commit(world.opd.save)
    assert _built(client)
    assert _get(client)[0] == 0


def test_a_change_in_another_pemda_keeps_the_page(world, shared_cache, commit):
    client = _client(world.users["pimpinan"])
    _get(client)
    other = world.other_pemda_opd
    other.nama = "Dinas Pemda Lain"
    commit(other.save)  # an OPD: every cached user is reloaded, but the page of this pemda stays
    assert not _built(client)


def test_a_state_changing_request_moves_the_pemda_version_whatever_it_wrote(world, shared_cache):
    pemda = world.pemda
    admin = _client(world.users["admin_pemda"])
    before = versi_data.versi(pemda.pk)
    # A refused form writes nothing, and still moves the version: the app cannot tell.
    assert admin.post(reverse("pemda_edit"), {}).status_code == 200
    after = versi_data.versi(pemda.pk)
    assert after != before
    # Reading notifications, changing one's password, signing in and out move nothing.
    planner = _client(world.users["perencana"])
    planner.post(reverse("notifikasi:baca_semua"))
    planner.post(reverse("password_change"), {})
    planner.post(reverse("logout"))
    Client().post(reverse("login"), {"username": "perencana", "password": "salah"})
    assert versi_data.versi(pemda.pk) == after
    # A superuser's request may touch any pemda: everyone's version moves.
    _client(world.users["superuser"]).post(reverse("pemda_edit"), {})
    moved = versi_data.versi(pemda.pk)
    assert moved != after
    assert moved.split("-")[0] != after.split("-")[0]


def test_a_page_is_rebuilt_after_a_write_without_a_history_record(world, shared_cache):
    """The capaian bands are replaced with bulk_create (no history record): the POST moves the
    version all the same, so the leader's next Beranda is built anew."""
    leader = _client(world.users["pimpinan"])
    _get(leader)
    assert _get(leader)[0] == 0
    admin = _client(world.users["admin_pemda"])
    admin.post(reverse("pemda_edit"), {})
    assert _built(leader)


def test_a_change_of_the_user_is_shown_at_once(world, shared_cache, commit):
    user = world.users["kepala_opd"]
    client = _client(user)
    _get(client)
    assert _get(client)[0] == 0
    user.nama = "Kepala Dinas Yang Baru"
    commit(lambda: user.save(update_fields=["nama"]))
    response = client.get(reverse("home"))
    assert response.templates and "Kepala Dinas Yang Baru" in response.content.decode()
    user.is_active = False
    commit(lambda: user.save(update_fields=["is_active"]))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_new_password_elsewhere_ends_the_session(world, shared_cache, commit):
    user = world.users["evaluator"]
    client = _client(user)
    _get(client)
    user.set_password("kata-sandi-baru-2026")
    commit(user.save)
    assert client.get(reverse("home")).status_code == 302


def test_messages_are_shown_once_and_never_kept(world, shared_cache):
    client = _client(world.users["pimpinan"])
    _get(client)
    _get(client)
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.SUCCESS, "Pesan sekali tampil")])
    response = client.get(reverse("home"))
    assert response.templates  # built, not served
    assert "Pesan sekali tampil" in response.content.decode()
    assert "Pesan sekali tampil" not in _get(client)[1]
    assert "Pesan sekali tampil" not in _get(client)[1]


def test_superusers_and_htmx_requests_are_built_each_time(world, shared_cache):
    superuser = _client(world.users["superuser"])
    assert _built(superuser) and _built(superuser)
    leader = _client(world.users["pimpinan"])
    assert _built(leader) and not _built(leader)
    assert _built(leader, headers={"HX-Request": "true"})


@pytest.mark.parametrize(
    "role, url",
    [
        ("pimpinan", lambda w: reverse("dasbor_opd", args=[w.opd.pk])),
        ("evaluator", lambda w: reverse("evaluasi:evaluasi_list")),
        ("pimpinan", lambda w: reverse("instruksi:daftar")),
    ],
)
def test_the_pages_leaders_return_to_are_kept(world, shared_cache, role, url):
    client = _client(world.users[role])
    assert _built(client, url(world))
    assert _get(client, url(world))[0] == 0


def test_a_pk_page_is_kept_for_its_reader_and_refused_to_others(world, shared_cache):
    pk = PerjanjianFactory(opd=world.opd, periode=PeriodeFactory(pemda=world.pemda), tahun=2026)
    url = reverse("perjanjian:pk_detail", args=[pk.pk])
    kepala = _client(world.users["kepala_opd"])
    assert _built(kepala, url)
    assert _get(kepala, url)[0] == 0
    # The page kept for one reader is never an answer to a user outside the OPD's scope.
    outsider = f.UserFactory(username="perencana.lain", role=Role.PERENCANA, pemda=world.pemda, opd=world.other_opd)
    assert _client(outsider).get(url).status_code == 404


def test_without_a_shared_cache_nothing_is_kept(world):
    client = _client(world.users["pimpinan"])
    assert _built(client) and _built(client)


# --- the signed-in user in the shared cache --------------------------------------------------------


def test_the_user_is_read_once_then_from_the_cache(world, shared_cache):
    user = world.users["perencana"]
    with CaptureQueriesContext(connection) as first:
        loaded = backends.muat_pengguna(user.pk)
    with CaptureQueriesContext(connection) as second:
        cached = backends.muat_pengguna(user.pk)
    assert len(first) == 1 and len(second) == 0
    assert cached == loaded and cached.opd.nama == world.opd.nama and cached.pemda == world.pemda
    assert backends.stempel_pengguna(cached) == backends.stempel_pengguna(loaded)


def test_a_change_committed_while_the_user_loads_is_never_served_stale(world, shared_cache, commit, monkeypatch):
    """The stamps are read before the database: a change committed between the two leaves an entry
    under the old stamp, which the next request does not take."""
    user = world.users["perencana"]
    load = backends._muat

    def load_then_change(user_id):
        old = load(user_id)
        changed = load(user_id)
        changed.nama = "Nama Sesudah Perubahan"
        commit(lambda: changed.save(update_fields=["nama"]))
        return old

    monkeypatch.setattr(backends, "_muat", load_then_change)
    assert backends.muat_pengguna(user.pk).nama != "Nama Sesudah Perubahan"
    monkeypatch.setattr(backends, "_muat", load)
    assert backends.muat_pengguna(user.pk).nama == "Nama Sesudah Perubahan"


def test_forgetting_everyone_reloads_every_user(world, shared_cache, commit):
    """generate_scale's raw DELETEs call it: no deleted user stays signed in from the cache."""
    user = world.users["pimpinan"]
    backends.muat_pengguna(user.pk)
    commit(backends.lupakan_semua)
    with CaptureQueriesContext(connection) as queries:
        backends.muat_pengguna(user.pk)
    assert len(queries) == 1


def test_a_deleted_user_is_not_served_from_the_cache(world, shared_cache, commit):
    user = f.UserFactory(username="sementara", role=Role.PIMPINAN, pemda=world.pemda)
    assert backends.muat_pengguna(user.pk) is not None
    commit(user.delete)
    assert backends.muat_pengguna(user.pk) is None


def test_a_session_ended_elsewhere_is_not_served_from_the_cache(world, shared_cache):
    user = world.users["pimpinan"]
    client = _client(user)
    cookie = client.cookies["sessionid"].value
    _get(client)
    client.post(reverse("logout"))
    stolen = Client()
    stolen.cookies["sessionid"] = cookie
    assert stolen.get(reverse("home")).status_code == 302


def _teks(html: str) -> str:
    """What a browser shows of an HTML page, for comparison: every run of whitespace one space."""
    return " ".join(html.split())


def test_a_kept_page_drops_the_templates_indentation_and_nothing_else(world, client_for, shared_cache, settings):
    """The page that is kept (and its first answer) is the page built without a cache, without the
    line-leading whitespace of the templates, which a browser does not render."""
    kept = client_for("pimpinan").get(reverse("home")).content.decode()
    settings.SAKIP_DASBOR_CACHE = 0  # built as without a shared cache: nothing dropped
    plain = client_for("pimpinan").get(reverse("home")).content.decode()
    assert re.search(r"\n[ \t]+<", plain)  # the templates' indentation, in what is not kept
    assert not re.search(r"\n[ \t]+", kept)
    assert len(kept) < 0.9 * len(plain)
    unstable = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+"')
    assert _teks(unstable.sub("", kept)) == _teks(unstable.sub("", plain))


@pytest.mark.parametrize("tag", [b"<pre>", b"<TEXTAREA name=x>"])
def test_whitespace_is_kept_where_it_is_content(tag):
    from sakip.halaman import ringkas

    page = b"<div>\n    <p>a</p>\n" + tag + b"\n  kept\n</x>\n</div>"
    assert ringkas(page) == page
    assert ringkas(b"<div>\n    <p>a</p>\n\n   <p>b  c</p>\n</div>") == b"<div>\n<p>a</p>\n<p>b  c</p>\n</div>"
