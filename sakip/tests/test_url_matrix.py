"""Every named URL, visited by every role, against objects in the user's own OPD, another OPD of the
same pemda, and another pemda. The expected status comes from the access class of the URL.

A new URL must be added to MATRIX, or ``test_every_named_url_is_in_the_matrix`` fails: the matrix
grows with every issue.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from instruksi.tests import matrix as instruksi_matrix
from notifikasi.tests import matrix as notifikasi_matrix
from pemantauan.tests import matrix as pemantauan_matrix
from sakip.tests.matrix import (
    ALL_ROLES,
    MATRIX_YEAR,
    TARGETS,
    Row,
    admin_only,
    any_user,
    evaluator_draft_write,
    evaluator_page,
    evaluator_token_page,
    hidden_before_final,
    lkjip_write,
    login_page,
    logout_page,
    pemda_read_before_final,
    pemda_tree_write,
    periode_write,
    post_only,
    public_page,
    read_object,
    read_pemda_object,
    superuser_only,
    token_page,
    tree_write,
    verify_object,
    write_object,
)

APP_MATRICES = [instruksi_matrix, pemantauan_matrix, notifikasi_matrix]

MATRIX = [
    Row("login", login_page),
    Row("logout", logout_page),
    Row("password_change", any_user),
    Row("password_change_done", any_user),
    Row("home", any_user),
    Row("sehat", public_page),
    Row("dasbor_opd", read_object, lambda w, t: {"pk": w.opd_for(t).pk}),
    Row("pemda_detail", any_user),
    Row("pemda_edit", admin_only),
    Row("pemda_logo", read_pemda_object, lambda w, t: {"pk": w.opd_for(t).pemda_id}),
    Row("opd_list", any_user),
    Row("opd_create", admin_only),
    Row("opd_detail", read_object, lambda w, t: {"pk": w.opd_for(t).pk}),
    Row("opd_edit", write_object, lambda w, t: {"pk": w.opd_for(t).pk}),
    Row("unit_create", write_object, lambda w, t: {"opd_pk": w.opd_for(t).pk}),
    Row("unit_edit", write_object, lambda w, t: {"pk": w.units[t].pk}),
    Row("pejabat_list", any_user),
    Row("pejabat_create", admin_only),
    Row("pejabat_edit", write_object, lambda w, t: {"pk": w.pejabat[t].pk}),
    Row("user_list", admin_only),
    Row("user_create", admin_only),
    Row("user_edit", write_object, lambda w, t: {"pk": w.planners[t].pk}),
    Row("user_set_password", write_object, lambda w, t: {"pk": w.planners[t].pk}),
    Row("pemda_list", superuser_only),
    Row("pemda_create", superuser_only),
    Row("pemda_switch", post_only, lambda w, t: {"pk": w.opd_for(t).pemda_id}),
    Row("iku_manual:home", any_user),
    Row("iku_manual:periode_create", periode_write),
    Row("iku_manual:periode_edit", periode_write, lambda w, t: {"pk": w.periode_for(t).pk}),
    Row("iku_manual:rpjmd", read_pemda_object, lambda w, t: {"periode_pk": w.periode_for(t).pk}),
    Row("iku_manual:rpjmd_sasaran_create", pemda_tree_write, lambda w, t: {"periode_pk": w.periode_for(t).pk}),
    Row("iku_manual:renstra", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:renstra_edit", tree_write, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:sasaran_create", tree_write, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:sasaran_detail", read_object, lambda w, t: {"pk": w.sasaran[t].pk}),
    Row("iku_manual:sasaran_edit", tree_write, lambda w, t: {"pk": w.sasaran[t].pk}),
    Row("iku_manual:sasaran_delete", post_only, lambda w, t: {"pk": w.sasaran[t].pk}),
    Row("iku_manual:indikator_create", tree_write, lambda w, t: {"sasaran_pk": w.sasaran[t].pk}),
    Row("iku_manual:indikator_detail", read_object, lambda w, t: {"pk": w.indikator[t].pk}),
    Row("iku_manual:indikator_edit", tree_write, lambda w, t: {"pk": w.indikator[t].pk}),
    Row("iku_manual:indikator_delete", post_only, lambda w, t: {"pk": w.indikator[t].pk}),
    Row("iku_manual:kualitas", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:pohon_kinerja", read_pemda_object, lambda w, t: {"periode_pk": w.periode_for(t).pk}),
    Row("iku_manual:pohon_kinerja_pdf", read_pemda_object, lambda w, t: {"periode_pk": w.periode_for(t).pk}),
    Row("iku_manual:manual_iku", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:manual_iku_pdf", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:excel_export", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:excel_template", read_object, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:excel_upload", tree_write, lambda w, t: w.opd_kwargs(t)),
    Row("iku_manual:excel_preview", token_page, lambda w, t: {**w.opd_kwargs(t), "token": "tidak-ada"}),
    Row("perjanjian:home", any_user),
    Row("perjanjian:pengaturan", periode_write),
    Row("perjanjian:pk_list", any_user),
    Row("perjanjian:pk_create", tree_write, lambda w, t: {"opd_pk": w.opd_for(t).pk}),
    Row("perjanjian:pk_detail", read_object, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_edit", tree_write, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_baris", tree_write, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_anggaran", tree_write, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_ajukan", post_only, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_kembalikan", post_only, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_tetapkan", post_only, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_hapus", post_only, lambda w, t: {"pk": w.pk_draft[t].pk}),
    Row("perjanjian:pk_perubahan", tree_write, lambda w, t: {"pk": w.pk[t].pk}),
    Row("perjanjian:pk_banding", read_object, lambda w, t: {"pk": w.pk[t].pk}),
    Row("perjanjian:pk_pdf", read_object, lambda w, t: {"pk": w.pk[t].pk}),
    Row("perjanjian:pk_excel", read_object, lambda w, t: {"pk": w.pk[t].pk}),
    Row("perjanjian:realisasi_anggaran", tree_write, lambda w, t: {"pk": w.pk[t].pk}),
    Row("perjanjian:realisasi_triwulan", read_object, lambda w, t: w.tw_kwargs(t, 1)),
    Row("perjanjian:realisasi_edit", tree_write, lambda w, t: {**w.tw_kwargs(t, 2), "indikator_pk": w.indikator[t].pk}),
    Row("perjanjian:realisasi_ajukan_semua", post_only, lambda w, t: w.tw_kwargs(t, 1)),
    Row("perjanjian:buka_kembali", verify_object, lambda w, t: w.tw_kwargs(t, 1)),
    Row("perjanjian:realisasi_detail", read_object, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:realisasi_bukti", read_object, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:realisasi_ajukan", post_only, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:realisasi_verifikasi", post_only, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:realisasi_kembalikan", post_only, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:realisasi_batal", post_only, lambda w, t: {"pk": w.realisasi[t].pk}),
    Row("perjanjian:verifikasi", evaluator_page),
    Row("perjanjian:jadwal", evaluator_page),
    Row("perjanjian:realisasi_templat", read_object, lambda w, t: w.year_kwargs(t)),
    Row("perjanjian:realisasi_impor", tree_write, lambda w, t: w.year_kwargs(t)),
    Row("perjanjian:realisasi_impor_preview", token_page, lambda w, t: {**w.year_kwargs(t), "token": "tidak-ada"}),
    Row("perjanjian:monitoring", read_object, lambda w, t: w.year_kwargs(t)),
    Row("perjanjian:rekap", any_user),
    Row("evaluasi:home", any_user),
    Row("evaluasi:template_list", any_user),
    Row("evaluasi:template_detail", read_pemda_object, lambda w, t: {"pk": w.template_lke[t].pk}),
    Row("evaluasi:template_excel", read_pemda_object, lambda w, t: {"pk": w.template_lke[t].pk}),
    Row("evaluasi:evaluasi_list", any_user),
    Row("evaluasi:evaluasi_detail", read_object, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:evaluasi_lembar", read_object, lambda w, t: {"pk": w.evaluasi[t].pk, "komponen_pk": w.komponen[t]}),
    Row("evaluasi:evaluasi_finalkan", post_only, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:evaluasi_penugasan", read_object, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:evaluasi_simpulan", post_only, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:jawaban_bukti", read_object, lambda w, t: {"pk": w.jawaban[t].pk}),
    Row("evaluasi:evaluasi_simulasi", read_object, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:evaluasi_rekap", any_user),
    Row("evaluasi:evaluasi_lke_excel", read_object, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:evaluasi_lhe_pdf", pemda_read_before_final, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:template_impor", evaluator_page),
    Row("evaluasi:template_impor_pratinjau", evaluator_token_page, lambda w, t: {"token": "tidak-ada"}),
    Row("evaluasi:template_salin", pemda_tree_write, lambda w, t: {"pk": w.template_lke[t].pk}),
    Row("evaluasi:rekomendasi_list", read_object, lambda w, t: {"pk": w.evaluasi[t].pk}),
    Row("evaluasi:rekomendasi_pantau", any_user),
    Row("evaluasi:rekomendasi_detail", hidden_before_final, lambda w, t: {"pk": w.rekomendasi[t].pk}),
    Row("evaluasi:rekomendasi_ubah", evaluator_draft_write, lambda w, t: {"pk": w.rekomendasi[t].pk}),
    Row("evaluasi:rekomendasi_hapus", post_only, lambda w, t: {"pk": w.rekomendasi[t].pk}),
    Row("evaluasi:tindak_lanjut_ajukan", post_only, lambda w, t: {"pk": w.rekomendasi[t].pk}),
    Row("evaluasi:tindak_lanjut_nilai", post_only, lambda w, t: {"pk": w.tindak_lanjut[t].pk}),
    Row("evaluasi:tindak_lanjut_bukti", hidden_before_final, lambda w, t: {"pk": w.tindak_lanjut[t].pk}),
    Row("evaluasi:lkjip_list", any_user),
    Row("evaluasi:lkjip_zip", any_user),
    Row("evaluasi:lkjip_buat", post_only),
    Row("evaluasi:lkjip_detail", read_object, lambda w, t: {"pk": w.lkjip_final[t].pk}),
    Row("evaluasi:lkjip_ubah", lkjip_write, lambda w, t: {"pk": w.lkjip_draf[t].pk}),
    Row("evaluasi:lkjip_reviu", verify_object, lambda w, t: {"pk": w.lkjip_draf[t].pk}),
    Row("evaluasi:lkjip_finalkan", post_only, lambda w, t: {"pk": w.lkjip_draf[t].pk}),
    Row("evaluasi:lkjip_versi_baru", lkjip_write, lambda w, t: {"pk": w.lkjip_final[t].pk}),
    Row("evaluasi:lkjip_pdf_siapkan", post_only, lambda w, t: {"pk": w.lkjip_draf[t].pk}),
    Row("evaluasi:lkjip_unduh", read_object, lambda w, t: {"pk": w.lkjip_final[t].pk}),
    Row(
        "evaluasi:lkjip_pdf_status",
        read_object,
        lambda w, t: {"pk": w.lkjip_final[t].pk, "berkas_pk": w.lkjip_pdf[t].pk},
    ),
    Row("evaluasi:lkjip_berkas", read_object, lambda w, t: {"pk": w.lkjip_final[t].pk, "berkas_pk": w.lkjip_pdf[t].pk}),
]
for _app in APP_MATRICES:
    MATRIX.extend(_app.ROWS)


def _named_urls(resolver=None, namespace="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # Django admin: superusers only, guarded by Django itself
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_named_url_is_in_the_matrix():
    assert _named_urls() == {row.name for row in MATRIX}


@pytest.fixture
def matrix_world(world):
    from iku_manual.models import Tingkat
    from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory
    from sakip.tests.test_organisation import png_upload

    for pemda in (world.pemda, world.other_pemda):
        pemda.logo.save("logo.png", png_upload(), save=True)
    opds = {"own": world.opd, "other_opd": world.other_opd, "other_pemda": world.other_pemda_opd}
    periodes = {pemda.pk: PeriodeFactory(pemda=pemda) for pemda in (world.pemda, world.other_pemda)}
    world.opd_for = opds.__getitem__
    world.periode_for = lambda target: periodes[opds[target].pemda_id]
    world.opd_kwargs = lambda target: {"periode_pk": world.periode_for(target).pk, "opd_pk": opds[target].pk}
    world.sasaran, world.indikator = {}, {}
    for target, opd in opds.items():
        periode = world.periode_for(target)
        rpjmd = SasaranFactory(periode=periode, opd=None, tingkat=Tingkat.SASARAN_PEMDA)
        world.sasaran[target] = SasaranFactory(periode=periode, opd=opd, parents=[rpjmd])
        world.indikator[target] = IndikatorFactory(sasaran=world.sasaran[target])
    _agreements(world, opds)
    _templates(world, opds)
    _evaluations(world, opds)
    _lkjip(world, opds)
    for app in APP_MATRICES:
        app.build(world, opds)
    return world


def _templates(world, opds):
    """Per target: an LKE template of that target's pemda (a copy of the national 12/2015 one)."""
    from evaluasi.models import TemplateLKE

    national = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.template_lke = {}
    for target, opd in opds.items():
        own = TemplateLKE.objects.filter(pemda_id=opd.pemda_id).first()
        world.template_lke[target] = own or TemplateLKE.objects.create(
            pemda_id=opd.pemda_id, regulasi="lainnya", nama="LKE Daerah", tahun_berlaku=2026, asal=national
        )


def _evaluations(world, opds):
    """Per target: an evaluation of that target's OPD against the national 12/2015 template (still
    being scored), the template's first component (for its worksheet), an answer with an evidence
    file, and a recommendation with a follow-up carrying a file."""
    import datetime

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from evaluasi.models import Jawaban, Kriteria, Rekomendasi, TemplateLKE, TindakLanjut
    from evaluasi.services import evaluasi_buka

    national = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    first = Kriteria.objects.filter(sub__komponen__template=national).order_by("sub__komponen__urutan").first()
    world.evaluasi, world.komponen, world.jawaban, world.rekomendasi, world.tindak_lanjut = {}, {}, {}, {}, {}
    for target, opd in opds.items():
        world.evaluasi[target] = evaluasi_buka(pemda=opd.pemda, opd=opd, tahun=MATRIX_YEAR, template=national)
        world.komponen[target] = national.komponen.first().pk
        jawaban = Jawaban(evaluasi=world.evaluasi[target], kriteria=first, bukti_nama="renstra.pdf")
        jawaban._bukti_ext = "pdf"
        jawaban.bukti_berkas.save("bukti", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        jawaban.save()
        world.jawaban[target] = jawaban
        world.rekomendasi[target] = Rekomendasi.objects.create(
            evaluasi=world.evaluasi[target], uraian="Lengkapi SOP", batas_waktu=datetime.date(MATRIX_YEAR + 1, 3, 31)
        )
        tindak = TindakLanjut(
            rekomendasi=world.rekomendasi[target],
            uraian="SOP ditetapkan",
            diajukan_oleh=world.users["superuser"],
            diajukan_pada=timezone.now(),
            bukti_nama="sop.pdf",
        )
        tindak._bukti_ext = "pdf"
        tindak.bukti.save("bukti", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        tindak.save()
        world.tindak_lanjut[target] = tindak


def _lkjip(world, opds):
    """Per target: a final LKjIP (version 1) with its printed PDF, and the draft of version 2."""
    import hashlib

    from django.core.files.base import ContentFile

    from evaluasi.models_lkjip import BerkasLkjip, LaporanKinerja

    world.lkjip_final, world.lkjip_draf, world.lkjip_pdf = {}, {}, {}
    for target, opd in opds.items():
        html = f"<html><body>LKjIP {opd.nama}</body></html>"
        sidik = hashlib.sha256(html.encode()).hexdigest()
        final = LaporanKinerja.objects.create(
            pemda=opd.pemda, opd=opd, tahun=MATRIX_YEAR, status="final", html_beku=html, isi_beku=html, sidik_beku=sidik
        )
        berkas = BerkasLkjip(laporan=final, sidik=sidik, html=html, status="selesai", progres=100, halaman=1)
        berkas.berkas.save("lkjip.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        berkas.save()
        world.lkjip_final[target], world.lkjip_pdf[target] = final, berkas
        world.lkjip_draf[target] = LaporanKinerja.objects.create(pemda=opd.pemda, opd=opd, tahun=MATRIX_YEAR, versi=2)


def _agreements(world, opds):
    """Per target: a draft PK for next year, a ditetapkan PK for this year with one row and one
    budget line, and a submitted realisation of TW I with an evidence file."""
    from django.core.files.base import ContentFile

    from perjanjian.models import PerjanjianKinerja, Realisasi
    from perjanjian.tests.factories import AnggaranFactory, BarisFactory, PerjanjianFactory

    world.pk, world.pk_draft, world.realisasi = {}, {}, {}
    world.year_kwargs = lambda target: {"opd_pk": opds[target].pk, "tahun": MATRIX_YEAR}
    world.tw_kwargs = lambda target, tw: {**world.year_kwargs(target), "triwulan": tw}
    for target, opd in opds.items():
        periode = world.periode_for(target)
        indikator = world.indikator[target]
        world.pk_draft[target] = PerjanjianFactory(opd=opd, periode=periode, tahun=MATRIX_YEAR + 1)
        BarisFactory(perjanjian=world.pk_draft[target], indikator=indikator, target=100)
        pk = PerjanjianFactory(opd=opd, periode=periode, tahun=MATRIX_YEAR)
        BarisFactory(perjanjian=pk, indikator=indikator, target=100, tw1=25, tw2=50, tw3=75, tw4=100)
        AnggaranFactory(perjanjian=pk, sasaran=world.sasaran[target])
        PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=PerjanjianKinerja.Status.DITETAPKAN)
        world.pk[target] = pk
        realisasi = Realisasi(
            opd=opd,
            indikator=indikator,
            tahun=MATRIX_YEAR,
            triwulan=1,
            nilai=20,
            status=Realisasi.Status.DIAJUKAN,
            bukti_nama="bukti.pdf",
        )
        realisasi._bukti_ext = "pdf"
        realisasi.bukti.save("bukti", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        realisasi.save()
        world.realisasi[target] = realisasi


CASES = [(row, role, target) for row in MATRIX for role in ALL_ROLES for target in row.targets]


@pytest.mark.parametrize(("row", "role", "target"), CASES, ids=[f"{r.name}-{role}-{t}" for r, role, t in CASES])
def test_get(matrix_world, client_for, row, role, target):
    url = reverse(row.name, kwargs=row.kwargs(matrix_world, target) if row.kwargs else None)
    response = client_for(role).get(url)
    assert response.status_code == row.expect(role, target), url
    if response.status_code == 302 and role == "anon":
        assert response["Location"].startswith(reverse("login"))
    if response.status_code == 405:  # a page that explains, not a blank screen
        assert "Tindakan tidak dapat dibuka sebagai halaman" in response.content.decode()
        assert "POST" in response["Allow"]


WRITE_ROWS = [
    row
    for row in MATRIX
    if row.expect
    in (
        admin_only,
        write_object,
        superuser_only,
        tree_write,
        pemda_tree_write,
        periode_write,
        verify_object,
        evaluator_draft_write,
        lkjip_write,
        *(expect for app in APP_MATRICES for expect in app.WRITE_EXPECTS),
    )
]
POST_CASES = [(row, role, target) for row in WRITE_ROWS for role in ALL_ROLES for target in row.targets]


@pytest.mark.parametrize(
    ("row", "role", "target"), POST_CASES, ids=[f"{r.name}-{role}-{t}" for r, role, t in POST_CASES]
)
def test_post_is_refused_like_get(matrix_world, client_for, row, role, target):
    """A refused role cannot write by POSTing either; an allowed one gets the form back (200)."""
    url = reverse(row.name, kwargs=row.kwargs(matrix_world, target) if row.kwargs else None)
    response = client_for(role).post(url, {})
    assert response.status_code == row.expect(role, target), url


@pytest.mark.parametrize("role", ALL_ROLES)
def test_pemda_switch_post(matrix_world, client_for, role):
    client = client_for(role)
    response = client.post(reverse("pemda_switch", args=[matrix_world.other_pemda.pk]))
    expected = {"anon": 302, "superuser": 302}.get(role, 404)
    assert response.status_code == expected
    if role == "superuser":
        assert response["Location"] == reverse("home")
        assert client.session["pemda_aktif"] == matrix_world.other_pemda.pk


def test_logout_by_post(client_for):
    client = client_for("perencana")
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_sasaran_delete_by_post(matrix_world, client_for, role, target):
    from iku_manual.models import Sasaran
    from iku_manual.tests.factories import SasaranFactory

    placed = matrix_world.sasaran[target]  # its indicator is in agreements: a fresh node to delete
    sasaran = SasaranFactory(periode=placed.periode, opd=placed.opd, parents=list(placed.parents.all()))
    response = client_for(role).post(reverse("iku_manual:sasaran_delete", args=[sasaran.pk]))
    expected = tree_write(role, target)
    assert response.status_code == (302 if expected == 200 else expected)
    assert Sasaran.objects.filter(pk=sasaran.pk).exists() == (expected != 200)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_indikator_delete_by_post(matrix_world, client_for, role, target):
    from iku_manual.models import Indikator
    from iku_manual.tests.factories import IndikatorFactory

    indikator = IndikatorFactory(sasaran=matrix_world.sasaran[target])  # not in any agreement
    response = client_for(role).post(reverse("iku_manual:indikator_delete", args=[indikator.pk]))
    expected = tree_write(role, target)
    assert response.status_code == (302 if expected == 200 else expected)
    assert Indikator.objects.filter(pk=indikator.pk).exists() == (expected != 200)
