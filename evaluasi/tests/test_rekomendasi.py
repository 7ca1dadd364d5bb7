"""Recommendations of an evaluation and the OPD's follow-up: the rules (wording locked once final, the
OPD follows up only after final, evidence required, a return needs a note, accepting settles it,
overdue), the pages with their access trio, the evidence files, and the monitoring page."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluasi import rekomendasi as rek
from evaluasi import services
from evaluasi.models import EvaluasiTerkunci, Jawaban, Komponen, Kriteria, Rekomendasi, TemplateLKE, TindakLanjut
from evaluasi.services import IsianJawaban
from sakip.models import Role
from sakip.tests import factories as f

TAHUN = 2026
Status = Rekomendasi.Status
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def today():
    return timezone.localdate()


def pdf(name="laporan tindak lanjut.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def ev(world):
    """Our OPD's evaluation and another OPD's, both in progress, with one recommendation each."""
    world.template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    world.komponen = Komponen.objects.get(template=world.template, kode="A")
    world.evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=TAHUN, template=world.template)
    world.lain = services.evaluasi_buka(pemda=world.pemda, opd=world.other_opd, tahun=TAHUN, template=world.template)
    evaluator = world.users["evaluator"]
    world.rek = rek.rekomendasi_simpan(
        evaluasi=world.evaluasi,
        user=evaluator,
        uraian="Perbaiki cascading kinerja sampai eselon IV.",
        batas_waktu=today() + datetime.timedelta(days=30),
        komponen=world.komponen,
    )
    world.rek_lain = rek.rekomendasi_simpan(
        evaluasi=world.lain, user=evaluator, uraian="Susun manual IKU.", batas_waktu=today()
    )
    return world


def finalkan(world, evaluasi):
    """Every criterion answered by the evaluator at the best of its scale, then finalised."""
    kriteria = Kriteria.objects.filter(sub__komponen__template=evaluasi.template).prefetch_related("skala__opsi")
    for k in kriteria:
        best = max(k.skala.opsi.all(), key=lambda o: o.nilai)
        versi = Jawaban.objects.filter(evaluasi=evaluasi, kriteria=k).values_list("versi", flat=True).first() or 0
        services.jawaban_simpan(
            evaluasi=evaluasi,
            kriteria=k,
            user=world.users["evaluator"],
            isian=IsianJawaban(versi=versi, opsi=best),
            sebagai="evaluator",
        )
    services.evaluasi_finalkan(evaluasi=evaluasi, user=world.users["evaluator"])
    evaluasi.refresh_from_db()


@pytest.fixture
def final(ev):
    finalkan(ev, ev.evaluasi)
    ev.rek.refresh_from_db()
    return ev


def ajukan(world, rekomendasi=None, **kwargs):
    kwargs.setdefault("uraian", "Cascading disusun dan ditetapkan dengan Keputusan Kepala Dinas.")
    kwargs.setdefault("bukti_tautan", "https://contoh.go.id/cascading.pdf")
    return rek.tindak_lanjut_ajukan(
        rekomendasi=rekomendasi or world.rek, user=kwargs.pop("user", world.users["perencana"]), **kwargs
    )


def status_of(rekomendasi):
    return Rekomendasi.objects.get(pk=rekomendasi.pk).status


# --- Rules -----------------------------------------------------------------------------------------


def test_numbers_follow_on_and_close_up_after_a_delete(ev):
    evaluator = ev.users["evaluator"]
    kedua = rek.rekomendasi_simpan(evaluasi=ev.evaluasi, user=evaluator, uraian="Dua", batas_waktu=today())
    ketiga = rek.rekomendasi_simpan(evaluasi=ev.evaluasi, user=evaluator, uraian="Tiga", batas_waktu=today())
    assert (ev.rek.nomor, kedua.nomor, ketiga.nomor) == (1, 2, 3)
    assert ev.rek.dibuat_oleh == evaluator
    assert ev.rek.history.first().history_user == evaluator
    rek.rekomendasi_hapus(rekomendasi=kedua, user=evaluator)
    assert list(Rekomendasi.objects.filter(evaluasi=ev.evaluasi).values_list("nomor", "uraian")) == [
        (1, "Perbaiki cascading kinerja sampai eselon IV."),
        (2, "Tiga"),
    ]


def test_only_an_evaluator_of_the_pemda_writes_recommendations(ev):
    for user in (
        ev.users["perencana"],
        ev.users["admin_pemda"],
        f.UserFactory(role=Role.EVALUATOR, pemda=ev.other_pemda),
    ):
        with pytest.raises(ValidationError):
            rek.rekomendasi_simpan(evaluasi=ev.evaluasi, user=user, uraian="X", batas_waktu=today())


def test_a_component_of_another_template_is_refused(ev):
    lain = services.template_salin(template=ev.template, pemda=ev.pemda, nama="Varian", tahun_berlaku=TAHUN)
    with pytest.raises(ValidationError, match="bukan bagian dari template"):
        rek.rekomendasi_simpan(
            evaluasi=ev.evaluasi,
            user=ev.users["evaluator"],
            uraian="X",
            batas_waktu=today(),
            komponen=lain.komponen.get(kode="A"),
        )


def test_wording_is_locked_once_final(final):
    evaluator = final.users["evaluator"]
    with pytest.raises(ValidationError, match="sudah final"):
        rek.rekomendasi_simpan(
            evaluasi=final.evaluasi, user=evaluator, rekomendasi=final.rek, uraian="Diubah", batas_waktu=today()
        )
    with pytest.raises(ValidationError, match="sudah final"):
        rek.rekomendasi_simpan(evaluasi=final.evaluasi, user=evaluator, uraian="Baru", batas_waktu=today())
    with pytest.raises(ValidationError, match="sudah final"):
        rek.rekomendasi_hapus(rekomendasi=final.rek, user=evaluator)
    final.rek.uraian = "Diubah lewat jalur lain"
    with pytest.raises(EvaluasiTerkunci):
        final.rek.save()
    assert Rekomendasi.objects.get(pk=final.rek.pk).uraian == "Perbaiki cascading kinerja sampai eselon IV."
    assert Rekomendasi.objects.filter(evaluasi=final.evaluasi).count() == 1


def test_the_opd_cannot_follow_up_before_final(ev):
    with pytest.raises(ValidationError, match="setelah evaluasi difinalkan"):
        ajukan(ev)
    assert not TindakLanjut.objects.exists()
    assert status_of(ev.rek) == Status.TERBUKA


def test_follow_up_needs_a_description_and_evidence(final):
    with pytest.raises(ValidationError) as exc:
        ajukan(final, uraian="  ", bukti_tautan="")
    assert exc.value.messages == [
        "Tuliskan uraian tindak lanjut.",
        "Lampirkan bukti tindak lanjut: unggah berkas atau isi tautan bukti.",
    ]
    with pytest.raises(ValidationError, match="Berkas bukti harus PDF"):
        ajukan(final, bukti_tautan="", bukti=pdf(content=b"<html>bukan pdf</html>"))
    assert not TindakLanjut.objects.exists()
    tindak_lanjut = ajukan(final, bukti_tautan="", bukti=pdf(), user=final.users["kepala_opd"])
    assert tindak_lanjut.bukti.name.endswith(".pdf") and tindak_lanjut.bukti_nama == "laporan tindak lanjut.pdf"
    assert tindak_lanjut.diajukan_oleh == final.users["kepala_opd"]
    assert status_of(final.rek) == Status.DITANGGAPI


def test_only_the_evaluated_opd_follows_up(final):
    for user in (final.users["evaluator"], final.users["admin_pemda"], final.planners["other_opd"]):
        with pytest.raises(ValidationError, match="perangkat daerah yang dievaluasi"):
            ajukan(final, user=user)


def test_one_follow_up_at_a_time(final):
    ajukan(final)
    with pytest.raises(ValidationError, match="masih menunggu penilaian"):
        ajukan(final)


def test_a_return_needs_a_note_and_reopens_then_accepting_settles(final):
    evaluator = final.users["evaluator"]
    pertama = ajukan(final)
    with pytest.raises(ValidationError, match="Tuliskan catatan"):
        rek.tindak_lanjut_nilai(tindak_lanjut=pertama, user=evaluator, terima=False, catatan=" ")
    with pytest.raises(ValidationError, match="Hanya evaluator"):
        rek.tindak_lanjut_nilai(tindak_lanjut=pertama, user=final.users["perencana"], terima=True)
    rek.tindak_lanjut_nilai(tindak_lanjut=pertama, user=evaluator, terima=False, catatan="Lampirkan SK-nya.")
    pertama.refresh_from_db()
    assert (pertama.hasil, pertama.catatan_evaluator, pertama.ditinjau_oleh) == (
        TindakLanjut.Hasil.DIKEMBALIKAN,
        "Lampirkan SK-nya.",
        evaluator,
    )
    assert status_of(final.rek) == Status.DIBUKA_KEMBALI
    with pytest.raises(ValidationError, match="sudah dinilai"):
        rek.tindak_lanjut_nilai(tindak_lanjut=pertama, user=evaluator, terima=True)

    kedua = ajukan(final, uraian="SK Kepala Dinas terlampir.")
    rek.tindak_lanjut_nilai(tindak_lanjut=kedua, user=evaluator, terima=True)
    settled = Rekomendasi.objects.get(pk=final.rek.pk)
    assert settled.status == Status.SELESAI and settled.selesai_pada is not None
    assert list(settled.tindak_lanjut.values_list("hasil", flat=True)) == ["dikembalikan", "diterima"]
    assert settled.uraian == "Perbaiki cascading kinerja sampai eselon IV."  # only the status moved
    with pytest.raises(ValidationError, match="sudah selesai"):
        ajukan(final)


def test_overdue_is_past_due_and_not_settled(ev):
    r = ev.rek
    r.batas_waktu = today()
    assert not r.terlambat(today())
    assert r.terlambat(today() + datetime.timedelta(days=1))
    r.status = Status.SELESAI
    assert not r.terlambat(today() + datetime.timedelta(days=1))
    telat = Rekomendasi.objects.filter(rek.terlambat_filter(today() + datetime.timedelta(days=1)))
    assert list(telat) == [ev.rek_lain]  # ev.rek is due in 30 days


# --- Pages ---------------------------------------------------------------------------------------------


def list_url(evaluasi):
    return reverse("evaluasi:rekomendasi_list", args=[evaluasi.pk])


def detail_url(rekomendasi):
    return reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk])


def test_evaluator_adds_a_recommendation(ev, client_for):
    client = client_for("evaluator")
    page = client.get(list_url(ev.evaluasi)).content.decode()
    assert "Perbaiki cascading kinerja" in page and "Tambah rekomendasi" in page
    response = client.post(
        list_url(ev.evaluasi),
        {"rek-uraian": "Tetapkan IKU OPD.", "rek-batas_waktu": "2026-11-23", "rek-komponen": ev.komponen.pk},
    )
    assert response.status_code == 302
    baru = Rekomendasi.objects.get(evaluasi=ev.evaluasi, nomor=2)
    assert (baru.uraian, baru.batas_waktu, baru.komponen) == (
        "Tetapkan IKU OPD.",
        datetime.date(2026, 11, 23),
        ev.komponen,
    )
    assert "23 November 2026" in client.get(list_url(ev.evaluasi)).content.decode()


def test_the_add_form_shows_what_was_typed_on_error(ev, client_for):
    response = client_for("evaluator").post(list_url(ev.evaluasi), {"rek-uraian": "Rekomendasi tanpa tanggal"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rekomendasi tanpa tanggal" in page and "Isi batas waktu tindak lanjut." in page
    assert Rekomendasi.objects.filter(evaluasi=ev.evaluasi).count() == 1


def test_opd_sees_recommendations_only_once_final(ev, client_for):
    client = client_for("kepala_opd")
    page = client.get(list_url(ev.evaluasi)).content.decode()
    assert "ditampilkan setelah evaluasi difinalkan" in page and "Perbaiki cascading" not in page
    assert client.get(detail_url(ev.rek)).status_code == 404  # a draft: not theirs to see yet
    finalkan(ev, ev.evaluasi)
    page = client.get(list_url(ev.evaluasi)).content.decode()
    assert "Perbaiki cascading" in page and "Tambah rekomendasi" not in page
    page = client.get(detail_url(ev.rek)).content.decode()
    assert "Ajukan tindak lanjut" in page


def test_other_opd_or_pemda_is_404(final, client_for):
    client = client_for("perencana")
    assert client.get(list_url(final.lain)).status_code == 404
    finalkan(final, final.lain)
    assert client.get(detail_url(final.rek_lain)).status_code == 404
    url = reverse("evaluasi:tindak_lanjut_ajukan", args=[final.rek_lain.pk])
    assert client.post(url, {"tl-uraian": "x", "tl-bukti_tautan": "https://a.id"}).status_code == 404
    client.force_login(f.UserFactory(role=Role.EVALUATOR, pemda=final.other_pemda))
    assert client.get(list_url(final.evaluasi)).status_code == 404
    assert client.get(detail_url(final.rek)).status_code == 404
    assert client.post(reverse("evaluasi:rekomendasi_hapus", args=[final.rek.pk])).status_code == 404


@pytest.mark.parametrize("role", ["admin_pemda", "pimpinan", "perencana", "kepala_opd"])
def test_read_only_roles_get_403_on_writes(ev, client_for, role):
    client = client_for(role)
    data = {"rek-uraian": "Baru", "rek-batas_waktu": "2026-11-23"}
    assert client.post(list_url(ev.evaluasi), data).status_code == 403
    if role in {"admin_pemda", "pimpinan"}:  # the OPD does not see the draft at all (404, tested above)
        assert client.get(reverse("evaluasi:rekomendasi_ubah", args=[ev.rek.pk])).status_code == 403
        assert client.post(reverse("evaluasi:rekomendasi_ubah", args=[ev.rek.pk]), data).status_code == 403
        assert client.post(reverse("evaluasi:rekomendasi_hapus", args=[ev.rek.pk])).status_code == 403
    assert Rekomendasi.objects.filter(evaluasi=ev.evaluasi).count() == 1


def test_evaluator_edits_and_deletes_until_final(ev, client_for):
    client = client_for("evaluator")
    url = reverse("evaluasi:rekomendasi_ubah", args=[ev.rek.pk])
    assert "Perbaiki cascading" in client.get(url).content.decode()
    response = client.post(url, {"rek-uraian": "Perbaiki cascading.", "rek-batas_waktu": "2026-12-31"})
    assert response.status_code == 302
    assert Rekomendasi.objects.get(pk=ev.rek.pk).uraian == "Perbaiki cascading."
    hapus = reverse("evaluasi:rekomendasi_hapus", args=[ev.rek.pk])
    assert client.get(hapus).status_code == 405
    finalkan(ev, ev.evaluasi)
    assert client.post(url, {"rek-uraian": "Lagi", "rek-batas_waktu": "2026-12-31"}).status_code == 403
    assert client.post(hapus).status_code == 403
    assert (
        client.post(list_url(ev.evaluasi), {"rek-uraian": "Baru", "rek-batas_waktu": "2026-12-31"}).status_code == 403
    )
    assert Rekomendasi.objects.get(pk=ev.rek.pk).uraian == "Perbaiki cascading."


def test_follow_up_page_redisplays_what_was_typed(final, client_for):
    client = client_for("perencana")
    url = reverse("evaluasi:tindak_lanjut_ajukan", args=[final.rek.pk])
    response = client.post(url, {"tl-uraian": "Sudah kami susun ulang."})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sudah kami susun ulang." in page and "Lampirkan bukti tindak lanjut" in page
    # a file judged by its content, not its name
    response = client.post(url, {"tl-uraian": "Sudah.", "tl-bukti": pdf(content=b"MZ\x90\x00 bukan pdf")})
    assert response.status_code == 200
    assert "Berkas bukti harus PDF" in response.content.decode()
    assert not TindakLanjut.objects.exists()
    assert client.get(url).status_code == 405


def test_follow_up_with_a_file_served_only_in_scope(final, client_for):
    client = client_for("perencana")
    url = reverse("evaluasi:tindak_lanjut_ajukan", args=[final.rek.pk])
    response = client.post(url, {"tl-uraian": "Cascading ditetapkan.", "tl-bukti": pdf()})
    assert response.status_code == 302
    tindak_lanjut = TindakLanjut.objects.get()
    assert status_of(final.rek) == Status.DITANGGAPI
    page = client.get(detail_url(final.rek)).content.decode()
    bukti = reverse("evaluasi:tindak_lanjut_bukti", args=[tindak_lanjut.pk])
    assert bukti in page and "Ajukan tindak lanjut" not in page  # waiting for the evaluator

    for role in ("perencana", "evaluator", "pimpinan"):
        response = client_for(role).get(bukti)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff" and response["Cache-Control"] == "private"
    client.force_login(final.planners["other_opd"])
    assert client.get(bukti).status_code == 404
    client.force_login(f.UserFactory(role=Role.EVALUATOR, pemda=final.other_pemda))
    assert client.get(bukti).status_code == 404


def test_evaluator_returns_with_a_note_then_accepts(final, client_for):
    pertama = ajukan(final)
    nilai = reverse("evaluasi:tindak_lanjut_nilai", args=[pertama.pk])
    assert client_for("perencana").post(nilai, {"nilai-keputusan": "terima"}).status_code == 403
    client = client_for("evaluator")
    assert "Penilaian evaluator" in client.get(detail_url(final.rek)).content.decode()
    response = client.post(nilai, {"nilai-keputusan": "kembalikan", "nilai-catatan": ""})
    assert response.status_code == 200
    assert "Tuliskan catatan" in response.content.decode()
    assert status_of(final.rek) == Status.DITANGGAPI
    assert client.post(nilai, {"nilai-keputusan": "kembalikan", "nilai-catatan": "SK belum ada."}).status_code == 302
    assert status_of(final.rek) == Status.DIBUKA_KEMBALI
    page = client_for("kepala_opd").get(detail_url(final.rek)).content.decode()
    assert "SK belum ada." in page and "Ajukan tindak lanjut perbaikan" in page

    kedua = ajukan(final, user=final.users["kepala_opd"])
    client = client_for("evaluator")
    assert client.post(nilai, {"nilai-keputusan": "terima"}).status_code == 200  # the first one: already judged
    response = client.post(reverse("evaluasi:tindak_lanjut_nilai", args=[kedua.pk]), {"nilai-keputusan": "terima"})
    assert response.status_code == 302
    assert status_of(final.rek) == Status.SELESAI


# --- Monitoring -------------------------------------------------------------------------------------


def pantau(client, **params):
    params.setdefault("tahun", today().year)
    return client.get(reverse("evaluasi:rekomendasi_pantau"), params)


def test_monitoring_scope_and_filters(final, client_for):
    page = pantau(client_for("evaluator")).content.decode()
    assert "Dinas Kesehatan" in page and "Dinas Pendidikan" in page
    assert "belum final" in page  # the other OPD's evaluation
    assert "Terlambat" not in page.split("<tbody>")[1]  # rek_lain is due today, not yet late

    page = pantau(client_for("pimpinan"), terlambat="1").content.decode()
    assert "Tidak ada rekomendasi yang cocok" in page

    page = pantau(client_for("kepala_opd")).content.decode()
    assert "Perbaiki cascading" in page and "Susun manual IKU" not in page
    # another year of our OPD, not final yet: not shown to the OPD
    draft = services.evaluasi_buka(pemda=final.pemda, opd=final.opd, tahun=TAHUN + 1, template=final.template)
    rek.rekomendasi_simpan(evaluasi=draft, user=final.users["evaluator"], uraian="Draf rahasia", batas_waktu=today())
    assert "Draf rahasia" not in pantau(client_for("perencana")).content.decode()
    assert "Draf rahasia" in pantau(client_for("evaluator")).content.decode()

    page = pantau(client_for("evaluator"), status="selesai").content.decode()
    assert "Tidak ada rekomendasi yang cocok" in page


def test_monitoring_shows_overdue_and_carries_over_open_ones(final, client_for):
    Rekomendasi.objects.filter(pk=final.rek_lain.pk).update(batas_waktu=datetime.date(TAHUN - 1, 6, 30))
    page = pantau(client_for("evaluator"), tahun=TAHUN, terlambat="1").content.decode()
    assert "Susun manual IKU" in page and "30 Juni 2025" in page and "Terlambat" in page
    assert "Perbaiki cascading" not in page  # due in 30 days
    page = pantau(client_for("evaluator"), tahun=TAHUN - 2).content.decode()
    assert "Susun manual IKU" not in page  # not yet due then


def test_monitoring_query_count_does_not_grow_with_rows(final, client_for):
    client = client_for("evaluator")
    pantau(client)
    with CaptureQueriesContext(connection) as small:
        assert pantau(client).status_code == 200
    for i in range(3):
        opd = f.OpdFactory(pemda=final.pemda, nama=f"Badan {i}")
        evaluasi = services.evaluasi_buka(pemda=final.pemda, opd=opd, tahun=TAHUN, template=final.template)
        for n in range(2):
            rek.rekomendasi_simpan(
                evaluasi=evaluasi,
                user=final.users["evaluator"],
                uraian=f"Rekomendasi {n}",
                batas_waktu=today() - datetime.timedelta(days=n),
                komponen=final.komponen,
            )
    ajukan(final)
    with CaptureQueriesContext(connection) as large:
        page = pantau(client).content.decode()
    assert "Badan 2" in page
    assert len(large) == len(small)
