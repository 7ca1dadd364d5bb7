"""Security guards across the whole app: CSRF on every state change, POSTs against other OPDs and
pemdas, uploads judged by content and size, security headers, secrets only from the environment.

The URL matrix (test_url_matrix.py) walks every URL with GET; this file adds what GET cannot show.
Login throttling is tested in test_auth.py, ``check --deploy`` and the refusal to start without a
secret key in test_settings.py.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sakip.tests import test_url_matrix
from sakip.tests.matrix import ALL_ROLES, OPD_ROLE_NAMES, TARGETS, post_only
from sakip.tests.test_url_matrix import MATRIX

matrix_world = test_url_matrix.matrix_world  # the URL matrix's world, as a fixture of this module

# Views that may take a POST without a CSRF token. Empty: even login and logout are protected.
CSRF_EXEMPT: set[str] = set()


def _callbacks(resolver=None, namespace=""):
    """(name, view) of every URL pattern, the admin's included."""
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _callbacks(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or pattern.pattern}", pattern.callback


def test_no_view_is_csrf_exempt():
    exempt = {name for name, view in _callbacks() if getattr(view, "csrf_exempt", False)}
    assert exempt == CSRF_EXEMPT


def test_every_url_refuses_a_post_without_csrf_token(matrix_world):
    """Each URL of the matrix (every named URL outside the admin), POSTed by a superuser who may
    act there: 403 without a token; with a token, never that 403 (so the refusal is the CSRF check)."""
    superuser = matrix_world.users["superuser"]
    unprotected, refused_with_token = [], []
    for row in MATRIX:
        url = reverse(row.name, kwargs=row.kwargs(matrix_world, "own") if row.kwargs else None)
        client = Client(enforce_csrf_checks=True)
        client.force_login(superuser)
        response = client.post(url, {})
        if response.status_code != 403 or b"CSRF" not in response.content:
            unprotected.append((row.name, response.status_code))
            continue
        # The same POST with the token passes the CSRF check (whatever the view then answers).
        client.get(reverse("home"))
        token = client.cookies["csrftoken"].value
        response = client.post(url, {}, headers={"X-CSRFToken": token})
        if response.status_code == 403 and b"CSRF" in response.content:
            refused_with_token.append(row.name)
    assert unprotected == []
    assert refused_with_token == []


# --- POSTs against objects out of reach ------------------------------------------------------------

# Per action (the rows the GET matrix can only see as 405), the roles that see the object but may not
# act on it: 403 for them in their own OPD (and, for pemda-wide roles, in another OPD of the pemda).
# Roles neither here nor refused by scope (other pemda, another OPD for OPD roles) are allowed and
# not POSTed here: their workflows are tested in each app.
ADMIN, PLANNER, HEAD, EVALUATOR, LEADER = "admin_pemda", "perencana", "kepala_opd", "evaluator", "pimpinan"
READ_ONLY_ON_POST = {
    "iku_manual:sasaran_delete": {ADMIN, HEAD, EVALUATOR, LEADER},
    "iku_manual:indikator_delete": {ADMIN, HEAD, EVALUATOR, LEADER},
    "perjanjian:pk_ajukan": {ADMIN, HEAD, EVALUATOR, LEADER},
    "perjanjian:pk_kembalikan": {ADMIN, PLANNER, EVALUATOR, LEADER},
    "perjanjian:pk_tetapkan": {ADMIN, PLANNER, EVALUATOR, LEADER},
    "perjanjian:pk_hapus": {ADMIN, HEAD, EVALUATOR, LEADER},
    "perjanjian:realisasi_ajukan_semua": {ADMIN, HEAD, EVALUATOR, LEADER},
    "perjanjian:realisasi_ajukan": {ADMIN, HEAD, EVALUATOR, LEADER},
    "perjanjian:realisasi_verifikasi": {ADMIN, PLANNER, HEAD, LEADER},
    "perjanjian:realisasi_kembalikan": {ADMIN, PLANNER, HEAD, LEADER},
    "perjanjian:realisasi_batal": {ADMIN, PLANNER, HEAD, LEADER},
    "evaluasi:evaluasi_finalkan": {ADMIN, PLANNER, HEAD, LEADER},
    "evaluasi:evaluasi_simpulan": {ADMIN, PLANNER, HEAD, LEADER},
    # A recommendation of an evaluation still being scored is hidden from the OPD (404, below).
    "evaluasi:rekomendasi_hapus": {ADMIN, LEADER},
    "evaluasi:tindak_lanjut_ajukan": {ADMIN, EVALUATOR, LEADER},
    "evaluasi:tindak_lanjut_nilai": {ADMIN, LEADER},
    "evaluasi:lkjip_finalkan": {ADMIN, EVALUATOR, LEADER},
    "evaluasi:lkjip_pdf_siapkan": set(),  # printing is reading: whoever reads the report may ask for its PDF
    "instruksi:terbitkan": {EVALUATOR},  # a draft: hidden from the OPD roles (404, below)
    "instruksi:batalkan": {PLANNER, HEAD, EVALUATOR},
    "instruksi:negosiasi_ajukan": {ADMIN, EVALUATOR, LEADER},
    "instruksi:kemajuan_lapor": {ADMIN, EVALUATOR, LEADER},
    "instruksi:negosiasi_putuskan": {ADMIN, PLANNER, HEAD, EVALUATOR},
    "notifikasi:baca": set(),  # another user's notification: 404 for everyone (below)
}
HIDDEN_FROM_OPD = {
    "evaluasi:rekomendasi_hapus",
    "evaluasi:tindak_lanjut_ajukan",
    "evaluasi:tindak_lanjut_nilai",
    "instruksi:terbitkan",
}
POST_ACTION_ROWS = [row for row in MATRIX if row.expect is post_only and row.kwargs and row.name != "pemda_switch"]


def test_every_post_action_with_an_object_is_listed():
    assert {row.name for row in POST_ACTION_ROWS} == set(READ_ONLY_ON_POST)


def _refusal(row_name: str, role: str, target: str) -> int | None:
    """The status a refused POST must get, or None where the role may act (not POSTed here)."""
    if role == "anon":
        return 302
    if role == "superuser":
        return None
    if row_name == "notifikasi:baca" or target == "other_pemda":
        return 404
    if role in OPD_ROLE_NAMES and (target == "other_opd" or row_name in HIDDEN_FROM_OPD):
        return 404
    return 403 if role in READ_ONLY_ON_POST[row_name] else None


def _snapshot() -> dict:
    """Row counts of every table (history tables included, so an update shows too), and the rows of
    the small tables the actions change in place, sessions and login records aside."""
    from django.apps import apps

    skip = {"sessions", "axes", "admin"}
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in skip:
            continue
        state[model._meta.label] = model._default_manager.count()
    for label in ("notifikasi.Notifikasi", "instruksi.Negosiasi", "instruksi.Instruksi", "instruksi.Tugas"):
        model = apps.get_model(label)
        state[f"{label} rows"] = list(model._default_manager.order_by("pk").values())
    return state


@pytest.mark.parametrize("row", POST_ACTION_ROWS, ids=[row.name for row in POST_ACTION_ROWS])
def test_post_out_of_reach_is_refused_and_changes_nothing(matrix_world, row):
    """Another pemda's or OPD's object: 404; an object the role only reads: 403; either way the
    database is as it was."""
    clients = {}
    for role in ALL_ROLES:
        clients[role] = Client()
        if role != "anon":
            clients[role].force_login(matrix_world.users[role])  # before the snapshot: it stamps last_login
    before = _snapshot()
    wrong = []
    for role in ALL_ROLES:
        for target in TARGETS:
            expected = _refusal(row.name, role, target)
            if expected is None:
                continue
            url = reverse(row.name, kwargs=row.kwargs(matrix_world, target))
            response = clients[role].post(url, {"catatan": "x", "uraian": "x", "keputusan": "setuju"})
            if response.status_code != expected:
                wrong.append((role, target, response.status_code, expected))
    assert wrong == []
    assert _snapshot() == before


# --- Uploads ---------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BOUNDARY = "----batas-unggah-uji"


def _multipart(fields: dict, file_field: str, filename: str, content: bytes) -> bytes:
    """A multipart body written by hand: the test client would strip the directories from the file
    name itself, and the point is to see what the server does with "../../x.pdf"."""
    parts = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode())
    header = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    )
    parts.append(header.encode() + content + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def _realisasi(world):
    from perjanjian.models import Realisasi

    kwargs = {**world.tw_kwargs("own", 2), "indikator_pk": world.indikator["own"].pk}
    fields = {
        "nilai": "5",
        "bukti_tautan": "",
        "bukti_keterangan": "",
        "faktor_pendukung": "",
        "faktor_penghambat": "",
        "upaya": "",
        "aksi": "draf",
    }

    def stored():
        found = Realisasi.objects.filter(opd=world.opd, indikator=world.indikator["own"], triwulan=2).first()
        return found and (found.bukti, found.bukti_nama, reverse("perjanjian:realisasi_bukti", args=[found.pk]))

    return "perencana", reverse("perjanjian:realisasi_edit", kwargs=kwargs), fields, "bukti", stored


def _jawaban(world):
    from evaluasi.models import Jawaban, Kriteria
    from sakip.history import versi

    evaluasi = world.evaluasi["own"]
    kriteria = list(Kriteria.objects.filter(sub__komponen_id=world.komponen["own"]).order_by("pk"))
    answers = {j.kriteria_id: j for j in Jawaban.objects.filter(evaluasi=evaluasi)}
    fields = {}
    for k in kriteria:
        fields |= {
            f"k{k.pk}-versi": versi(answers[k.pk]) if k.pk in answers else 0,
            f"k{k.pk}-opsi": "",
            f"k{k.pk}-catatan": "",
            f"k{k.pk}-bukti_tautan": "",
        }
    chosen = next(k for k in kriteria if k.pk not in answers)

    def stored():
        found = Jawaban.objects.filter(evaluasi=evaluasi, kriteria=chosen).first()
        return (
            found
            and found.bukti_berkas
            and (found.bukti_berkas, found.bukti_nama, reverse("evaluasi:jawaban_bukti", args=[found.pk]))
        )

    url = reverse("evaluasi:evaluasi_lembar", kwargs={"pk": evaluasi.pk, "komponen_pk": world.komponen["own"]})
    return "perencana", url, fields, f"k{chosen.pk}-bukti_berkas", stored


def _tindak_lanjut(world):
    from evaluasi.models import TindakLanjut

    rekomendasi = world.rekomendasi["own"]
    before = set(TindakLanjut.objects.filter(rekomendasi=rekomendasi).values_list("pk", flat=True))

    def stored():
        found = TindakLanjut.objects.filter(rekomendasi=rekomendasi).exclude(pk__in=before).first()
        return found and (found.bukti, found.bukti_nama, reverse("evaluasi:tindak_lanjut_bukti", args=[found.pk]))

    # Follow-ups answer the recommendations of a final evaluation.
    type(rekomendasi.evaluasi).objects.filter(pk=rekomendasi.evaluasi_id).update(status="final")
    url = reverse("evaluasi:tindak_lanjut_ajukan", args=[rekomendasi.pk])
    return "perencana", url, {"tl-uraian": "SOP ditetapkan."}, "tl-bukti", stored


def _kemajuan(world):
    tugas = world.ikp_tugas["own"]
    before = set(tugas.kemajuan.values_list("pk", flat=True))

    def stored():
        found = tugas.kemajuan.exclude(pk__in=before).first()
        return found and (found.bukti, found.bukti_nama, reverse("instruksi:kemajuan_bukti", args=[found.pk]))

    url = reverse("instruksi:kemajuan_lapor", args=[tugas.pk])
    return "perencana", url, {"maju-nilai": "3", "maju-uraian": "Tiga kasus"}, "maju-bukti", stored


EVIDENCE = {
    "realisasi": _realisasi,
    "jawaban_lke": _jawaban,
    "tindak_lanjut": _tindak_lanjut,
    "kemajuan_ikp": _kemajuan,
}


def _post_file(matrix_world, field: str, filename: str, content: bytes):
    role, url, fields, file_field, stored = EVIDENCE[field](matrix_world)
    client = Client()
    client.force_login(matrix_world.users[role])
    body = _multipart(fields, file_field, filename, content)
    response = client.post(url, body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    return client, response, stored()


def _media_files(settings) -> set:
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


REFUSED = [
    ("laporan.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "Berkas bukti harus PDF"),
    ("laporan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 500, "Berkas bukti harus PDF"),
    ("foto.jpg", b"GIF89a" + b"\x00" * 100, "Berkas bukti harus PDF"),
    ("besar.pdf", PDF + b"0" * (10 * 1024 * 1024), "Berkas bukti paling besar 10 MB"),
]


@pytest.mark.parametrize("field", EVIDENCE)
@pytest.mark.parametrize(("filename", "content", "message"), REFUSED, ids=["html", "exe", "gif", "besar"])
def test_evidence_is_judged_by_content_and_size(matrix_world, settings, field, filename, content, message):
    files_before = _media_files(settings)
    client, response, stored = _post_file(matrix_world, field, filename, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not stored
    assert _media_files(settings) == files_before  # nothing written


NAMES = [
    ("../../../etc/passwd.pdf", "passwd.pdf"),
    ("..\\..\\windows\\laporan.pdf", "laporan.pdf"),
    ("Laporan Triwulan Ⅱ — Dinas Kesehatan ✓.pdf", "Laporan Triwulan Ⅱ — Dinas Kesehatan ✓.pdf"),
    ("a" * 300 + ".pdf", None),
]


@pytest.mark.parametrize("field", EVIDENCE)
@pytest.mark.parametrize(("filename", "shown"), NAMES, ids=["traversal", "windows", "unicode", "long"])
def test_evidence_is_stored_under_a_generated_name(matrix_world, settings, field, filename, shown):
    from pathlib import Path

    client, response, stored = _post_file(matrix_world, field, filename, PDF)
    assert response.status_code == 302, response.content.decode()[:2000]
    berkas, nama, download = stored
    path = Path(berkas.path).resolve()
    assert path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert berkas.name.isascii() and ".." not in berkas.name
    assert len(Path(berkas.name).stem) == 32 and berkas.name.endswith(".pdf")  # a uuid, not the user's name
    assert "/" not in nama and "\\" not in nama and len(nama) <= 255 and nama.endswith(".pdf")
    if shown:
        assert nama == shown
    answer = client.get(download)
    assert answer.status_code == 200 and b"".join(answer.streaming_content) == PDF
    assert answer["Content-Type"] == "application/pdf" and answer["X-Content-Type-Options"] == "nosniff"
    disposition = answer["Content-Disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition and "\\" not in disposition


def _png(size: tuple[int, int], noise: bool = False) -> bytes:
    import io
    import os

    from PIL import Image

    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)) if noise else Image.new("RGB", size)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def _logo_fields(world) -> dict:
    return {
        "jenis": "kota",
        "nama": world.pemda.nama,
        "kode": world.pemda.kode,
        "zona_waktu": "Asia/Jakarta",
        "label_evaluator": "Inspektorat",
    }


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "Unggah gambar"),
        ("logo.png", b"MZ\x90\x00" + b"\x00" * 300, "Unggah gambar"),
        ("logo.png", "besar", "Logo paling besar 1 MB"),
    ],
    ids=["svg", "exe", "besar"],
)
def test_logo_is_judged_by_content_and_size_through_the_page(world, settings, filename, content, message):
    if content == "besar":
        content = _png((700, 700), noise=True)
        assert len(content) > 1024 * 1024
    world.pemda.refresh_from_db()
    client = Client()
    client.force_login(world.users["admin_pemda"])
    body = _multipart(_logo_fields(world), "logo", filename, content)
    response = client.post(reverse("pemda_edit"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 200
    assert message in response.content.decode()
    world.pemda.refresh_from_db()
    assert not world.pemda.logo
    assert _media_files(settings) == set()


def test_logo_is_stored_under_a_generated_name(world, settings):
    from pathlib import Path

    client = Client()
    client.force_login(world.users["admin_pemda"])
    body = _multipart(_logo_fields(world), "logo", "../../static/css/Lambang Kota ✓.png", _png((40, 40)))
    response = client.post(reverse("pemda_edit"), body, content_type=f"multipart/form-data; boundary={BOUNDARY}")
    assert response.status_code == 302
    world.pemda.refresh_from_db()
    name = world.pemda.logo.name
    assert name.startswith(f"pemda/{world.pemda.kode}/logo-") and name.isascii() and ".." not in name
    assert Path(world.pemda.logo.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    answer = client.get(reverse("pemda_logo", args=[world.pemda.pk]))
    assert answer.status_code == 200 and answer["Content-Type"] == "image/png"


# --- Files are served only through views that check access ----------------------------------------

# Every view that answers with an uploaded or generated file; each is a row of the URL matrix, whose
# access class gives another pemda 404 (and another OPD 404 for the OPD's own files).
DOWNLOADS = {
    "pemda_logo",
    "perjanjian:realisasi_bukti",
    "perjanjian:pk_pdf",
    "perjanjian:pk_excel",
    "evaluasi:jawaban_bukti",
    "evaluasi:tindak_lanjut_bukti",
    "evaluasi:evaluasi_lke_excel",
    "evaluasi:evaluasi_lhe_pdf",
    "evaluasi:lkjip_unduh",
    "evaluasi:lkjip_berkas",
    "instruksi:kemajuan_bukti",
    "iku_manual:manual_iku_pdf",
    "iku_manual:pohon_kinerja_pdf",
    "iku_manual:excel_export",
}


def test_every_file_download_is_in_the_matrix_and_closed_to_other_pemda():
    rows = {row.name: row for row in MATRIX if row.name in DOWNLOADS}
    assert set(rows) == DOWNLOADS
    for row in rows.values():
        assert row.kwargs is not None, row.name  # an object of someone: reached through the id
        for role in ("admin_pemda", "perencana", "kepala_opd", "evaluator", "pimpinan"):
            assert row.expect(role, "other_pemda") == 404, row.name
        for role in OPD_ROLE_NAMES:
            if row.expect(role, "own") == 200 and row.name not in {"pemda_logo", "iku_manual:pohon_kinerja_pdf"}:
                assert row.expect(role, "other_opd") == 404, row.name


def _file_views(resolver=None):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _file_views(pattern)
        else:
            yield pattern


def test_media_is_not_served_directly(matrix_world, settings):
    """No URL serves MEDIA_ROOT as files (django.views.static.serve), and uploads live apart from
    the static files WhiteNoise serves."""
    from pathlib import Path

    from django.views import static

    assert not [p for p in _file_views() if getattr(p.callback, "__wrapped__", p.callback) is static.serve]
    assert not [p for p in _file_views() if str(p.pattern).lstrip("^/").startswith(settings.MEDIA_URL.strip("/"))]
    assert not getattr(settings, "WHITENOISE_ROOT", None)
    from django.conf import settings as real  # the configured paths, not the test's temporary MEDIA_ROOT

    media = Path(real.MEDIA_ROOT).resolve()
    for static_dir in [real.STATIC_ROOT, *real.STATICFILES_DIRS]:
        static_dir = Path(static_dir).resolve()
        assert not media.is_relative_to(static_dir) and not static_dir.is_relative_to(media)
    stored = matrix_world.realisasi["own"].bukti.name
    client = Client()
    client.force_login(matrix_world.users["superuser"])
    assert client.get(f"{settings.MEDIA_URL}{stored}").status_code == 404


# --- Headers ---------------------------------------------------------------------------------------


def test_pages_carry_the_security_headers(world):
    client = Client()
    client.force_login(world.users["perencana"])
    for url in (reverse("home"), reverse("login"), reverse("opd_detail", args=[world.opd.pk])):
        response = client.get(url)
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url


SECURITY_SETTINGS = [
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SECURE",
    "X_FRAME_OPTIONS",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
]


def _production_settings() -> dict:
    """The security settings as sakip/settings.py computes them from the production environment of
    the README's Configuration section (read in a fresh process: settings are read at import)."""
    import json

    from sakip.tests.test_settings import PRODUCTION, run_manage

    script = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_manage("shell", "-v", "0", "-c", script, env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_and_secure_cookies(world, settings):
    production = _production_settings()
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SESSION_COOKIE_SECURE"] is True and production["CSRF_COOKIE_SECURE"] is True
    for name, value in production.items():
        if name != "DEBUG":  # the test server's templates and static files stay as in development
            setattr(settings, name, value)
    client = Client()
    plain = client.get(reverse("login"))
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    page = client.get(reverse("login"), secure=True)
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    csrf_cookie = page.cookies["csrftoken"]
    assert csrf_cookie["secure"]
    response = client.post(
        reverse("login"),
        {"username": "perencana", "password": "rahasia-uji-123", "csrfmiddlewaretoken": csrf_cookie.value},
        secure=True,
    )
    assert response.status_code == 302
    session_cookie = response.cookies["sessionid"]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"


# --- Secrets ---------------------------------------------------------------------------------------

DEV_FALLBACK_KEY = "django-insecure-development-only-key-never-use-in-production"


def test_settings_hold_no_secret_but_the_development_fallback():
    """Every secret comes from the environment: no literal is assigned to a name that looks like a
    secret, no URL carries a password, and the one fallback key is used only with DEBUG on."""
    import ast
    import re
    from pathlib import Path

    source = (Path(__file__).resolve().parents[1] / "settings.py").read_text()
    tree = ast.parse(source)
    secretive = re.compile(r"(SECRET|SECRET_KEY|PASSWORD|PASSWD|TOKEN|API_KEY|PRIVATE_KEY)$")
    literals, assigned = [], []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name) and secretive.search(t.id)]
            assigned += names
            if not names:
                continue
            value = node.value
            if isinstance(value, ast.Call):  # os.environ.get("NAME", default): the default must be empty
                literals += [a.value for a in value.args[1:] if isinstance(a, ast.Constant) and a.value]
            elif isinstance(value, ast.Constant):
                literals.append(value.value)
            else:
                literals.append(ast.unparse(value))
    assert {"SECRET_KEY", "EMAIL_HOST_PASSWORD"} <= set(assigned)
    assert literals == [DEV_FALLBACK_KEY]
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    assert not [s for s in strings if re.search(r"://[^/@\s:]+:[^/@\s]+@", s)]  # user:password@host
    # The fallback is inside the "not DEBUG raises" guard (and Django's check --deploy flags the
    # "django-insecure-" prefix should it ever reach production).
    assert DEV_FALLBACK_KEY.startswith("django-insecure-")
    guard = source.index('raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set')
    assert source.index("if not SECRET_KEY:") < guard < source.index(f'SECRET_KEY = "{DEV_FALLBACK_KEY}"')


def test_the_lkjip_zip_holds_only_reports_the_user_may_read(matrix_world):
    """The one download without an id in its URL: its content is scoped instead."""
    import io
    import zipfile

    from sakip.tests.matrix import MATRIX_YEAR

    expected = {"perencana": 1, "kepala_opd": 1, "admin_pemda": 2, "evaluator": 2, "pimpinan": 2}
    for role, count in expected.items():
        client = Client()
        client.force_login(matrix_world.users[role])
        response = client.get(reverse("evaluasi:lkjip_zip"), {"tahun": MATRIX_YEAR})
        assert response.status_code == 200, role
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            pdfs = [name for name in archive.namelist() if name.lower().endswith(".pdf")]
        assert len(pdfs) == count, (role, archive.namelist())
