"""This app's rows of the URL matrix (sakip/tests/test_url_matrix.py)."""

from __future__ import annotations

from sakip.tests.matrix import MATRIX_YEAR, Row, admin_only, any_user, read_object, tree_write

ENTRY_ROLES = {"superuser", "admin_pemda", "perencana", "kepala_opd"}


def enter_object(role, target):
    """An OPD's monthly figures: its planner and head, the pemda's admin (and superusers) enter them;
    the evaluator and the leader read (403); other OPDs and pemdas are invisible (404)."""
    status = read_object(role, target)
    if status == 200 and role not in ENTRY_ROLES:
        return 403
    return status


def import_page(role, target):
    """The pemda's import pages: whoever enters figures (each for the OPDs it may enter)."""
    if role == "anon":
        return 302
    return 200 if role in ENTRY_ROLES else 403


def template_download(role, target):
    """The import template: whoever may import downloads it; GET only, so it is not a write row."""
    return import_page(role, target)


def import_token_page(role, target):
    """An import preview behind a token the user does not own: 404 for those who may import."""
    status = import_page(role, target)
    return 404 if status == 200 else status


def _tahun(world, target):
    return {"tahun": MATRIX_YEAR}


def _opd(world, target):
    return {"tahun": MATRIX_YEAR, "opd_pk": world.opd_for(target).pk}


def _token(world, target):
    return {"tahun": MATRIX_YEAR, "token": "0" * 32}


def _indikator(world, target):
    return {"indikator_pk": world.indikator[target].pk}


# Row(url name, access class from sakip.tests.matrix or defined here, kwargs(world, target)).
ROWS: list = [
    Row("pemantauan:beranda", any_user),
    Row("pemantauan:serapan_rekap", any_user, _tahun),
    Row("pemantauan:serapan_opd", read_object, _opd),
    Row("pemantauan:serapan_isi", enter_object, _opd),
    Row("pemantauan:serapan_templat", template_download, _tahun),
    Row("pemantauan:serapan_impor", import_page, _tahun),
    Row("pemantauan:serapan_impor_preview", import_token_page, _token),
    Row("pemantauan:kurva", any_user),
    Row("pemantauan:kurva_ubah", admin_only),
    Row("pemantauan:pengaduan_rekap", any_user, _tahun),
    Row("pemantauan:pengaduan_opd", read_object, _opd),
    Row("pemantauan:pengaduan_isi", enter_object, _opd),
    Row("pemantauan:pengaduan_templat", template_download, _tahun),
    Row("pemantauan:pengaduan_impor", import_page, _tahun),
    Row("pemantauan:pengaduan_impor_preview", import_token_page, _token),
    Row("pemantauan:sumber_indikator", tree_write, _indikator),
]

# Access classes of ROWS that write: their pages are POSTed too (test_post_is_refused_like_get).
WRITE_EXPECTS: tuple = (enter_object, import_page, import_token_page)


def build(world, opds) -> None:
    """A month of absorption and complaints for every OPD of the matrix world, so the pages draw
    their tables and charts."""
    from decimal import Decimal

    from pemantauan.models import PengaduanLapor, SerapanAnggaran

    for opd in opds.values():
        SerapanAnggaran.objects.create(
            opd=opd, tahun=MATRIX_YEAR, bulan=3, pagu=Decimal(1_000_000), realisasi_sd=Decimal(150_000)
        )
        PengaduanLapor.objects.create(opd=opd, tahun=MATRIX_YEAR, bulan=3, diterima=4, ditanggapi=3, selesai=1)
