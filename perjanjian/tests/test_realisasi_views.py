"""The realisation pages: the quarter table, entry with evidence, the evidence download, submit,
the verification queue, entry windows and reopenings."""

from __future__ import annotations

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from iku_manual.tests.factories import IndikatorFactory
from perjanjian import realisasi as services
from perjanjian.models import BarisPK, BukaKembali, JadwalRealisasi, Realisasi
from perjanjian.tests.test_realisasi import PDF, TAHUN, build_plan, close_quarter
from sakip.models import Role
from sakip.tests import factories as f

Status = Realisasi.Status
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def plan(world):
    return build_plan(world)


def tw_url(plan, triwulan=1, opd=None, tahun=TAHUN):
    return reverse("perjanjian:realisasi_triwulan", args=[(opd or plan.opd).pk, tahun, triwulan])


def edit_url(plan, indikator=None, triwulan=1, opd=None):
    indikator = indikator or plan.iku[0]
    return reverse("perjanjian:realisasi_edit", args=[(opd or plan.opd).pk, TAHUN, triwulan, indikator.pk])


def entered(plan, indikator=None, *, triwulan=1, status=Status.DRAFT, user=None, **isian):
    """A realisation written through the service, then moved to ``status``."""
    values = {"nilai": Decimal("20"), "bukti_keterangan": "Rekap SIMPUS", **isian}
    realisasi = services.realisasi_simpan(
        opd=plan.opd,
        indikator=indikator or plan.iku[0],
        tahun=TAHUN,
        triwulan=triwulan,
        isian=services.IsianRealisasi(**values),
        user=user or plan.users["perencana"],
    )
    if status in (Status.DIAJUKAN, Status.TERVERIFIKASI, Status.DIKEMBALIKAN):
        services.realisasi_ajukan(realisasi=realisasi, user=plan.users["perencana"])
    if status == Status.TERVERIFIKASI:
        services.realisasi_verifikasi(realisasi=realisasi, user=plan.users["evaluator"])
    if status == Status.DIKEMBALIKAN:
        services.realisasi_kembalikan(realisasi=realisasi, user=plan.users["evaluator"], catatan="Lampirkan rekap")
    return Realisasi.objects.get(pk=realisasi.pk)


def login_as(client, user):
    client.logout()
    client.force_login(user)
    return client


def text(response) -> str:
    return response.content.decode()


# --- The quarter page ---------------------------------------------------------------------------


def test_quarter_page_lists_every_row_grouped_by_sasaran(plan, client_for):
    entered(plan, status=Status.DIKEMBALIKAN)
    entered(plan, plan.kualitatif, triwulan=1, nilai=None, nilai_teks="WDP")
    response = client_for("perencana").get(tw_url(plan))
    assert response.status_code == 200
    page = text(response)
    assert f"SS.1 {plan.sasaran.uraian}" in page
    for ind in (*plan.iku, plan.kualitatif, plan.inflasi):
        assert ind.nama in page
    assert "2,5–3,5" in page  # the stabilize row's range
    assert ">WDP<" in page  # qualitative shown as its code
    assert "Catatan evaluator: Lampirkan rekap" in page
    assert "Dikembalikan" in page and "Belum diisi" in page
    assert "Ajukan semua" in page
    assert edit_url(plan) in page and "</i> Ubah<" in page and "</i> Isi<" in page
    assert "Belum ada jadwal pengisian" in page
    assert "Untuk indikator kumulatif, realisasi yang diisi adalah jumlah triwulan ini saja" in page
    for label in ("TW I", "TW II", "TW III", "TW IV"):
        assert f">{label}</a>" in page


def test_quarter_page_for_readers_and_evaluators(plan, client_for):
    realisasi = entered(plan, status=Status.DIAJUKAN)
    page = text(client_for("kepala_opd").get(tw_url(plan)))
    assert "Ajukan semua" not in page and edit_url(plan) not in page
    assert reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]) not in page
    close_quarter(plan)
    page = text(client_for("evaluator").get(tw_url(plan)))
    assert reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]) in page
    assert reverse("perjanjian:realisasi_kembalikan", args=[realisasi.pk]) in page
    assert reverse("perjanjian:buka_kembali", args=[plan.opd.pk, TAHUN, 1]) in page
    assert "Pengisian ditutup" in page
    # The planner sees the closed window and no entry link for new rows.
    page = text(client_for("perencana").get(tw_url(plan)))
    assert "minta evaluator membuka kembali" in page
    assert edit_url(plan, plan.iku[1]) not in page


def test_quarter_page_without_a_ditetapkan_agreement_says_so(plan, client_for):
    page = text(client_for("perencana").get(tw_url(plan, tahun=2030)))
    assert "Belum ada perjanjian kinerja Dinas Kesehatan tahun 2030 yang ditetapkan" in page
    assert reverse("perjanjian:pk_list") in page


def test_quarter_page_scope(plan, client_for):
    assert client_for("perencana").get(tw_url(plan, opd=plan.other_opd)).status_code == 404
    assert client_for("evaluator").get(tw_url(plan, opd=plan.other_pemda_opd)).status_code == 404
    assert client_for("evaluator").get(tw_url(plan, opd=plan.other_opd)).status_code == 200
    assert client_for("perencana").get(tw_url(plan, triwulan=5)).status_code == 404


def grow(plan, n):
    """More rows in the agreement, each with a submitted realisation."""
    for _ in range(n):
        ind = IndikatorFactory(sasaran=plan.sasaran)
        # The agreement is ditetapkan, so its rows refuse save(): test data goes in by bulk_create.
        BarisPK.objects.bulk_create([BarisPK(perjanjian=plan.pk, indikator=ind, target=10, tw1=3)])
        Realisasi.objects.create(
            opd=plan.opd,
            indikator=ind,
            tahun=TAHUN,
            triwulan=1,
            nilai=1,
            status=Status.DIAJUKAN,
            bukti_keterangan="x",
            diajukan_oleh=plan.users["perencana"],
            diajukan_pada=timezone.now(),
        )


def count_queries(client, url) -> int:
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["perencana", "evaluator"])
def test_quarter_page_queries_do_not_grow(plan, client_for, role):
    client = client_for(role)
    grow(plan, 2)
    small = count_queries(client, tw_url(plan))
    grow(plan, 15)
    assert count_queries(client, tw_url(plan)) == small


# --- Entry --------------------------------------------------------------------------------------


def post_form(**values):
    return {
        "nilai": "",
        "bukti_tautan": "",
        "bukti_keterangan": "",
        "faktor_pendukung": "",
        "faktor_penghambat": "",
        "upaya": "",
        "aksi": "draf",
        **values,
    }


def test_entry_page_shows_target_and_aggregation(plan, client_for):
    response = client_for("perencana").get(edit_url(plan, triwulan=2))
    assert response.status_code == 200
    page = text(response)
    assert "Target TW II" in page and ">50 %<" in page.replace("</dd>", "<")
    assert "Kumulatif (dijumlahkan tiap triwulan)" in page
    assert "isi jumlah triwulan ini saja" in page
    assert "Simpan draf" in page and "Simpan dan ajukan" in page


def test_entry_saves_indonesian_numbers_and_analysis(plan, client_for):
    client = client_for("perencana")
    response = client.post(
        edit_url(plan),
        post_form(
            nilai="1.234,56",
            bukti_tautan="data.example.go.id/rekap",
            faktor_pendukung="Kader aktif",
            faktor_penghambat="Hujan",
            upaya="Jemput bola",
        ),
    )
    assert response.status_code == 302 and response["Location"] == tw_url(plan)
    realisasi = Realisasi.objects.get()
    assert realisasi.nilai == Decimal("1234.56")
    assert realisasi.status == Status.DRAFT
    assert realisasi.bukti_tautan == "https://data.example.go.id/rekap"
    assert (realisasi.faktor_pendukung, realisasi.faktor_penghambat, realisasi.upaya) == (
        "Kader aktif",
        "Hujan",
        "Jemput bola",
    )
    assert realisasi.history.get().history_user == plan.users["perencana"]
    page = text(client.get(tw_url(plan)))
    assert "1.234,56" in page and "Realisasi disimpan sebagai draf" in page


def test_empty_or_ambiguous_input_comes_back_with_messages_and_what_was_typed(plan, client_for):
    client = client_for("perencana")
    response = client.post(edit_url(plan), {})
    assert response.status_code == 200
    assert "Isi nilai realisasi." in text(response)
    response = client.post(edit_url(plan), post_form(nilai="1.5", faktor_pendukung="Kader aktif"))
    assert response.status_code == 200
    page = text(response)
    assert "Gunakan koma untuk desimal dan titik untuk ribuan" in page
    assert 'value="1.5"' in page and "Kader aktif" in page
    assert not Realisasi.objects.exists()


def test_a_file_must_be_chosen_again_after_an_error(plan, client_for):
    response = client_for("perencana").post(
        edit_url(plan), post_form(nilai="abc", bukti=SimpleUploadedFile("rekap.pdf", PDF))
    )
    assert "pilih berkas itu lagi" in text(response)
    assert not Realisasi.objects.exists()


def test_qualitative_entry_is_a_choice_of_the_scale(plan, client_for):
    client = client_for("perencana")
    url = edit_url(plan, plan.kualitatif, triwulan=4)
    page = text(client.get(url))
    assert '<option value="WTP">WTP (4)</option>' in page
    response = client.post(url, post_form(nilai="XYZ"))
    assert response.status_code == 200 and "XYZ bukan salah satu dari pilihan yang tersedia" in text(response)
    assert client.post(url, post_form(nilai="WDP")).status_code == 302
    realisasi = Realisasi.objects.get()
    assert (realisasi.nilai, realisasi.nilai_teks) == (Decimal("3"), "WDP")
    assert 'value="WDP" selected' in text(client.get(url))


def test_save_and_submit_needs_evidence_and_writes_nothing_without(plan, client_for):
    client = client_for("perencana")
    response = client.post(edit_url(plan), post_form(nilai="12", aksi="ajukan"))
    assert response.status_code == 200
    assert "lengkapi bukti dukung" in text(response)
    assert not Realisasi.objects.exists()
    response = client.post(edit_url(plan), post_form(nilai="12", aksi="ajukan", bukti_keterangan="Rekap SIMPUS"))
    assert response.status_code == 302
    realisasi = Realisasi.objects.get()
    assert realisasi.status == Status.DIAJUKAN and realisasi.diajukan_oleh == plan.users["perencana"]


@pytest.mark.parametrize(
    ("situation", "message"),
    [
        ("closed", "Pengisian ditutup"),
        ("diajukan", "sedang diverifikasi"),
        ("terverifikasi", "sudah terverifikasi"),
    ],
)
def test_closed_submitted_or_verified_refuse_entry(plan, client_for, situation, message):
    if situation == "closed":
        close_quarter(plan)
    else:
        entered(plan, status=situation)
    before = list(Realisasi.objects.values_list("nilai", "status"))
    client = client_for("perencana")
    page = text(client.get(edit_url(plan)))
    assert message in page and "<fieldset disabled>" in page
    response = client.post(edit_url(plan), post_form(nilai="99"))
    assert response.status_code == 200
    assert message in text(response)
    assert list(Realisasi.objects.values_list("nilai", "status")) == before


def test_a_returned_one_is_fixed_after_closing(plan, client_for):
    entered(plan, status=Status.DIKEMBALIKAN)
    close_quarter(plan)
    client = client_for("perencana")
    page = text(client.get(edit_url(plan)))
    assert "Dikembalikan oleh evaluator" in page and "Lampirkan rekap" in page
    response = client.post(edit_url(plan), post_form(nilai="21", bukti_keterangan="Rekap terlampir", aksi="ajukan"))
    assert response.status_code == 302
    assert Realisasi.objects.get().status == Status.DIAJUKAN


def test_entry_trio(plan, client_for, client):
    assert client_for("kepala_opd").get(edit_url(plan)).status_code == 403
    assert client_for("evaluator").post(edit_url(plan), post_form(nilai="1")).status_code == 403
    assert client_for("perencana").get(edit_url(plan, plan.lain["other_opd"], opd=plan.other_opd)).status_code == 404
    other_planner = plan.planners["other_pemda"]
    assert login_as(client, other_planner).get(edit_url(plan)).status_code == 404
    # An indicator outside the agreements in force: 404.
    loose = IndikatorFactory(sasaran=plan.sasaran, kode="IK.X")
    assert client_for("perencana").get(edit_url(plan, loose)).status_code == 404
    assert not Realisasi.objects.exists()


# --- Evidence files ------------------------------------------------------------------------------


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def test_a_png_named_pdf_is_stored_and_served_as_png(plan, client_for):
    client = client_for("perencana")
    response = client.post(
        edit_url(plan), post_form(nilai="5", bukti=SimpleUploadedFile("foto kegiatan.pdf", PNG, "application/pdf"))
    )
    assert response.status_code == 302
    realisasi = Realisasi.objects.get()
    assert realisasi.bukti.name.endswith(".png") and realisasi.bukti_nama == "foto kegiatan.pdf"
    download = client.get(reverse("perjanjian:realisasi_bukti", args=[realisasi.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Cache-Control"] == "private"
    assert download["Content-Disposition"].startswith("attachment")
    assert "foto kegiatan.png" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PNG


def test_office_documents_are_accepted_by_content(plan, client_for):
    response = client_for("perencana").post(
        edit_url(plan), post_form(nilai="5", bukti=SimpleUploadedFile("notulen.docx", docx_bytes()))
    )
    assert response.status_code == 302
    realisasi = Realisasi.objects.get()
    assert realisasi.bukti.name.endswith(".docx")
    download = client_for("evaluator").get(reverse("perjanjian:realisasi_bukti", args=[realisasi.pk]))
    assert download["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "notulen.docx" in download["Content-Disposition"]


def test_an_exe_renamed_pdf_and_a_file_over_10_mb_are_refused(plan, client_for):
    client = client_for("perencana")
    response = client.post(
        edit_url(plan), post_form(nilai="5", bukti=SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00" + b"\x00" * 200))
    )
    assert response.status_code == 200
    assert "Berkas bukti harus PDF, gambar (PNG/JPEG)" in text(response)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
    response = client.post(edit_url(plan), post_form(nilai="5", bukti=big))
    assert response.status_code == 200
    assert "Berkas bukti paling besar 10 MB" in text(response)
    assert not Realisasi.objects.exists()


def test_replacing_and_removing_the_file(plan, client_for):
    client = client_for("perencana")
    client.post(edit_url(plan), post_form(nilai="5", bukti=SimpleUploadedFile("a.pdf", PDF)))
    realisasi = Realisasi.objects.get()
    page = text(client.get(edit_url(plan)))
    assert "Berkas saat ini" in page and "a.pdf" in page and "hapus_bukti" in page
    client.post(edit_url(plan), post_form(nilai="5", hapus_bukti="on"))
    realisasi.refresh_from_db()
    assert not realisasi.bukti and realisasi.bukti_nama == ""
    assert client.get(reverse("perjanjian:realisasi_bukti", args=[realisasi.pk])).status_code == 404


def test_evidence_is_served_only_in_scope(plan, client_for, client):
    realisasi = entered(plan, bukti=SimpleUploadedFile("r.pdf", PDF), bukti_ext="pdf")
    url = reverse("perjanjian:realisasi_bukti", args=[realisasi.pk])
    for role in ("perencana", "kepala_opd", "evaluator", "pimpinan", "admin_pemda", "superuser"):
        response = client_for(role).get(url)
        assert response.status_code == 200, role
        assert response["Content-Type"] == "application/pdf"
    assert login_as(client, plan.planners["other_opd"]).get(url).status_code == 404
    outsider = f.UserFactory(role=Role.EVALUATOR, pemda=plan.other_pemda)
    assert login_as(client, outsider).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


# --- Detail and state changes --------------------------------------------------------------------


def test_detail_shows_everything_with_history(plan, client_for):
    realisasi = entered(
        plan, status=Status.DIKEMBALIKAN, faktor_penghambat="Hujan deras", bukti_tautan="https://example.org/x"
    )
    page = text(client_for("kepala_opd").get(reverse("perjanjian:realisasi_detail", args=[realisasi.pk])))
    assert "Hujan deras" in page and "https://example.org/x" in page and "Rekap SIMPUS" in page
    assert "Lampirkan rekap" in page and "Riwayat perubahan" in page
    assert "Diajukan oleh" in page
    assert "Verifikasi</button>" not in page and "Kembalikan ke perencana" not in page


def test_detail_for_the_evaluator_offers_verify_return_and_cancel(plan, client_for):
    realisasi = entered(plan, status=Status.DIAJUKAN)
    client = client_for("evaluator")
    url = reverse("perjanjian:realisasi_detail", args=[realisasi.pk])
    page = text(client.get(url))
    assert reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]) in page
    assert "Kembalikan ke perencana" in page
    client.post(reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]))
    page = text(client.get(url))
    assert "Terverifikasi" in page and "Batalkan verifikasi" in page
    assert "Diverifikasi oleh" in page


def test_submit_one_and_all(plan, client_for):
    client = client_for("perencana")
    one = entered(plan)
    response = client.post(reverse("perjanjian:realisasi_ajukan", args=[one.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("perjanjian:realisasi_detail", args=[one.pk])
    one.refresh_from_db()
    assert one.status == Status.DIAJUKAN
    entered(plan, plan.iku[1])
    entered(plan, plan.inflasi, bukti_keterangan="")
    url = reverse("perjanjian:realisasi_ajukan_semua", args=[plan.opd.pk, TAHUN, 1])
    response = client.post(url, follow=True)
    assert "Tidak ada yang diajukan" in text(response) and "lengkapi bukti dukung" in text(response)
    assert Realisasi.objects.filter(status=Status.DRAFT).count() == 2
    Realisasi.objects.filter(indikator=plan.inflasi).update(bukti_keterangan="Rilis BPS")
    response = client.post(url, follow=True)
    assert "2 realisasi diajukan" in text(response)
    assert set(Realisasi.objects.values_list("status", flat=True)) == {Status.DIAJUKAN}


def test_submit_trio(plan, client_for, client):
    realisasi = entered(plan)
    url = reverse("perjanjian:realisasi_ajukan", args=[realisasi.pk])
    assert client_for("kepala_opd").post(url).status_code == 403
    assert client_for("evaluator").post(url).status_code == 403
    assert login_as(client, plan.planners["other_opd"]).post(url).status_code == 404
    all_url = reverse("perjanjian:realisasi_ajukan_semua", args=[plan.opd.pk, TAHUN, 1])
    assert client_for("kepala_opd").post(all_url).status_code == 403
    assert login_as(client, plan.planners["other_pemda"]).post(all_url).status_code == 404
    assert client_for("perencana").get(url).status_code == 405
    assert Realisasi.objects.get().status == Status.DRAFT


def test_verify_return_and_cancel_by_the_evaluator(plan, client_for):
    client = client_for("evaluator")
    realisasi = entered(plan, status=Status.DIAJUKAN)
    back = tw_url(plan)
    response = client.post(
        reverse("perjanjian:realisasi_kembalikan", args=[realisasi.pk]), {"catatan": " ", "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    realisasi.refresh_from_db()
    assert realisasi.status == Status.DIAJUKAN
    assert "Tuliskan catatan" in text(client.get(back))
    client.post(reverse("perjanjian:realisasi_kembalikan", args=[realisasi.pk]), {"catatan": "Angka beda dengan rekap"})
    realisasi.refresh_from_db()
    assert (realisasi.status, realisasi.catatan) == (Status.DIKEMBALIKAN, "Angka beda dengan rekap")

    realisasi = entered(plan, plan.iku[1], status=Status.TERVERIFIKASI)
    url = reverse("perjanjian:realisasi_batal", args=[realisasi.pk])
    client.post(url, {})
    realisasi.refresh_from_db()
    assert realisasi.status == Status.TERVERIFIKASI
    client.post(url, {"catatan": "Salah periode"})
    realisasi.refresh_from_db()
    assert (realisasi.status, realisasi.catatan) == (Status.DIKEMBALIKAN, "Salah periode")


def test_next_must_stay_on_this_site(plan, client_for):
    realisasi = entered(plan, status=Status.DIAJUKAN)
    response = client_for("evaluator").post(
        reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == reverse("perjanjian:realisasi_detail", args=[realisasi.pk])


def test_the_submitter_cannot_verify_through_the_page(plan, client_for):
    realisasi = entered(plan, user=plan.users["superuser"])
    services.realisasi_ajukan(realisasi=realisasi, user=plan.users["superuser"])
    response = client_for("superuser").post(
        reverse("perjanjian:realisasi_verifikasi", args=[realisasi.pk]), follow=True
    )
    assert "Yang mengajukan tidak dapat memverifikasi" in text(response)
    assert Realisasi.objects.get().status == Status.DIAJUKAN


def test_verification_trio(plan, client_for, client):
    realisasi = entered(plan, status=Status.DIAJUKAN)
    for name, data in (
        ("realisasi_verifikasi", {}),
        ("realisasi_kembalikan", {"catatan": "x"}),
        ("realisasi_batal", {"catatan": "x"}),
    ):
        url = reverse(f"perjanjian:{name}", args=[realisasi.pk])
        for role in ("perencana", "kepala_opd", "pimpinan", "admin_pemda"):
            assert client_for(role).post(url, data).status_code == 403, (name, role)
        outsider = f.UserFactory(role=Role.EVALUATOR, pemda=plan.other_pemda)
        assert login_as(client, outsider).post(url, data).status_code == 404
    assert Realisasi.objects.get().status == Status.DIAJUKAN


# --- Verification queue --------------------------------------------------------------------------


def test_queue_lists_submitted_ones_with_filters_and_counts(plan, client_for):
    submitted = entered(plan, status=Status.DIAJUKAN, bukti=SimpleUploadedFile("r.pdf", PDF), bukti_ext="pdf")
    entered(plan, plan.iku[1], status=Status.TERVERIFIKASI)
    entered(plan, plan.inflasi, triwulan=2, status=Status.DIAJUKAN, nilai=Decimal("3.1"))
    client = client_for("evaluator")
    page = text(client.get(reverse("perjanjian:verifikasi")))
    assert plan.iku[0].nama in page and plan.inflasi.nama in page and plan.iku[1].nama not in page
    assert "Diajukan: 2" in page and "Terverifikasi: 1" in page and "Draf: 0" in page
    assert reverse("perjanjian:realisasi_bukti", args=[submitted.pk]) in page
    assert ">25<" in page  # the TW I target of IKU.1
    assert "2,5–3,5" in page and "3,1" in page
    page = text(client.get(reverse("perjanjian:verifikasi") + "?triwulan=2"))
    assert plan.inflasi.nama in page and plan.iku[0].nama not in page
    assert "Terverifikasi: 0" in page
    page = text(client.get(reverse("perjanjian:verifikasi") + f"?opd={plan.other_opd.pk}"))
    assert "Tidak ada realisasi yang menunggu verifikasi" in page


def test_queue_return_inline_keeps_the_filters(plan, client_for):
    realisasi = entered(plan, status=Status.DIAJUKAN)
    client = client_for("evaluator")
    here = reverse("perjanjian:verifikasi") + "?triwulan=1"
    response = client.post(
        reverse("perjanjian:realisasi_kembalikan", args=[realisasi.pk]), {"catatan": "Bukti kurang", "next": here}
    )
    assert response["Location"] == here
    assert Realisasi.objects.get().status == Status.DIKEMBALIKAN


def test_queue_is_for_evaluators_of_their_own_pemda(plan, client_for, client):
    entered(plan, status=Status.DIAJUKAN)
    for role in ("perencana", "kepala_opd", "pimpinan", "admin_pemda"):
        assert client_for(role).get(reverse("perjanjian:verifikasi")).status_code == 403
    outsider = f.UserFactory(role=Role.EVALUATOR, pemda=plan.other_pemda)
    page = text(login_as(client, outsider).get(reverse("perjanjian:verifikasi")))
    assert plan.iku[0].nama not in page


def test_queue_queries_do_not_grow_and_pages(plan, client_for):
    client = client_for("evaluator")
    grow(plan, 2)
    url = reverse("perjanjian:verifikasi")
    small = count_queries(client, url)
    grow(plan, 30)
    assert count_queries(client, url) == small
    page = text(client.get(url))
    assert "1–25 dari 32" in page
    assert "26–32 dari 32" in text(client.get(url + "?halaman=2"))


# --- Entry windows and reopenings ----------------------------------------------------------------


def jadwal_post(**dates):
    data = {
        "jadwal-TOTAL_FORMS": "4",
        "jadwal-INITIAL_FORMS": "4",
        "jadwal-MIN_NUM_FORMS": "4",
        "jadwal-MAX_NUM_FORMS": "4",
    }
    for i in range(4):
        data[f"jadwal-{i}-dibuka"], data[f"jadwal-{i}-ditutup"] = dates.get(f"tw{i + 1}", ("", ""))
    return data


def test_jadwal_is_saved_with_history(plan, client_for):
    client = client_for("evaluator")
    url = reverse("perjanjian:jadwal") + "?tahun=2026"
    assert client.get(url).status_code == 200
    response = client.post(url, jadwal_post(tw1=("2026-04-01", "2026-04-15"), tw2=("2026-07-01", "2026-07-15")))
    assert response.status_code == 302
    rows = list(JadwalRealisasi.objects.order_by("triwulan").values_list("triwulan", "dibuka", "ditutup"))
    assert rows == [
        (1, datetime.date(2026, 4, 1), datetime.date(2026, 4, 15)),
        (2, datetime.date(2026, 7, 1), datetime.date(2026, 7, 15)),
    ]
    page = text(client.get(url))
    assert 'value="2026-04-15"' in page and "Riwayat perubahan" in page and "TW I dibuat" in page
    assert JadwalRealisasi.history.filter(history_user=plan.users["evaluator"]).count() == 2


def test_jadwal_errors_come_back(plan, client_for):
    client = client_for("evaluator")
    url = reverse("perjanjian:jadwal") + "?tahun=2026"
    response = client.post(url, {})
    assert response.status_code == 200 and "Periksa kembali" in text(response)
    response = client.post(url, jadwal_post(tw1=("2026-04-15", "2026-04-01"), tw3=("2026-10-01", "")))
    assert response.status_code == 200
    page = text(response)
    assert "Tanggal ditutup harus sama dengan atau setelah tanggal dibuka" in page
    assert "Isi tanggal dibuka dan ditutup, atau kosongkan keduanya" in page
    assert 'value="2026-10-01"' in page
    assert not JadwalRealisasi.objects.exists()


def test_jadwal_lists_the_reopenings_of_the_year(plan, client_for):
    BukaKembali.objects.create(
        opd=plan.opd,
        tahun=TAHUN,
        triwulan=2,
        sampai=timezone.localdate(),
        alasan="Aplikasi gangguan",
        oleh=plan.users["evaluator"],
    )
    page = text(client_for("evaluator").get(reverse("perjanjian:jadwal") + "?tahun=2026"))
    assert "Aplikasi gangguan" in page and "Dinas Kesehatan" in page
    page = text(client_for("evaluator").get(reverse("perjanjian:jadwal") + "?tahun=2025"))
    assert "Aplikasi gangguan" not in page


def test_jadwal_is_for_evaluators(plan, client_for):
    for role in ("perencana", "kepala_opd", "pimpinan", "admin_pemda"):
        assert client_for(role).get(reverse("perjanjian:jadwal")).status_code == 403
        assert client_for(role).post(reverse("perjanjian:jadwal"), jadwal_post()).status_code == 403


def test_reopening_lets_the_planner_enter_late(plan, client_for):
    close_quarter(plan)
    url = reverse("perjanjian:buka_kembali", args=[plan.opd.pk, TAHUN, 1])
    client = client_for("evaluator")
    response = client.post(url, {})
    assert response.status_code == 200 and "Tuliskan alasan pembukaan kembali" in text(response)
    response = client.post(url, {"sampai": "2020-01-01", "alasan": "Terlambat"})
    assert "Tanggal batas tidak boleh di masa lalu" in text(response)
    assert "Terlambat</textarea>" in text(response)
    sampai = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(url, {"sampai": sampai.isoformat(), "alasan": "Server daerah mati"})
    assert response.status_code == 302 and response["Location"] == tw_url(plan)
    buka = BukaKembali.objects.get()
    assert (buka.opd, buka.sampai, buka.oleh) == (plan.opd, sampai, plan.users["evaluator"])
    planner = client_for("perencana")
    assert "Dibuka kembali oleh evaluator" in text(planner.get(tw_url(plan)))
    assert planner.post(edit_url(plan), post_form(nilai="7")).status_code == 302
    assert Realisasi.objects.get().nilai == 7


def test_reopening_trio(plan, client_for, client):
    url = reverse("perjanjian:buka_kembali", args=[plan.opd.pk, TAHUN, 1])
    assert client_for("evaluator").get(url).status_code == 200
    for role in ("perencana", "kepala_opd", "pimpinan", "admin_pemda"):
        assert client_for(role).get(url).status_code == 403
    outsider = f.UserFactory(role=Role.EVALUATOR, pemda=plan.other_pemda)
    assert login_as(client, outsider).post(url, {"sampai": "2099-01-01", "alasan": "x"}).status_code == 404
    assert not BukaKembali.objects.exists()
