"""IKP pages: the draft form with its tasks (Indonesian numbers, errors re-displayed), who may do
what from the browser's point of view, the task page's forms, the evidence download and the recap
with its Excel file read back."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from instruksi import services
from instruksi.models import Instruksi, Negosiasi, Tugas
from instruksi.tests.factories import InstruksiFactory, TugasFactory, form_data

pytestmark = pytest.mark.django_db


def test_pimpinan_creates_a_draft_with_indonesian_numbers(client_for, world):
    client = client_for("pimpinan")
    response = client.post(reverse("instruksi:buat"), form_data(world))
    instruksi = Instruksi.objects.get(perihal="Penanganan kekeringan")
    assert response.status_code == 302 and response["Location"] == instruksi.get_absolute_url()
    tugas = instruksi.tugas.get()
    assert tugas.target == Decimal("1250.5") and instruksi.status == "draf"
    assert instruksi.dibuat_oleh == world.users["pimpinan"]
    page = client.get(reverse("instruksi:ubah", args=[instruksi.pk])).content.decode()
    assert 'value="1.250,5"' in page


def test_bad_input_is_redisplayed_with_indonesian_messages(client_for, world):
    client = client_for("admin_pemda")
    response = client.post(
        reverse("instruksi:buat"), form_data(world, **{"tugas-0-target": "1,250.5", "ikp-perihal": ""})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Format angka tidak dikenali" in page
    assert "Tuliskan perihal instruksi" in page
    assert 'value="1,250.5"' in page and "Air bersih disalurkan" in page
    assert not Instruksi.objects.exists()


def test_percentage_targets_are_at_most_100(client_for, world):
    data = form_data(world, **{"tugas-0-jenis_target": "serapan", "tugas-0-target": "120"})
    response = client_for("pimpinan").post(reverse("instruksi:buat"), data)
    assert "Target persentase paling besar 100." in response.content.decode()


def test_an_issued_instruction_is_not_editable(client_for, terbit):
    client = client_for("pimpinan")
    assert client.get(reverse("instruksi:ubah", args=[terbit.pk])).status_code == 403
    assert client.post(reverse("instruksi:ubah", args=[terbit.pk]), {}).status_code == 403


def test_opd_users_do_not_see_a_draft_nor_instructions_without_their_task(client_for, world, draf):
    client = client_for("perencana")
    assert client.get(draf.get_absolute_url()).status_code == 404
    other = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    TugasFactory(instruksi=other, opd=world.other_opd)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert other.perihal not in client.get(reverse("instruksi:daftar")).content.decode()


def test_opd_user_sees_only_its_own_tasks_on_a_shared_instruction(client_for, world, terbit):
    TugasFactory(instruksi=terbit, opd=world.other_opd, uraian="Tangki air untuk sekolah")
    own = client_for("perencana").get(terbit.get_absolute_url()).content.decode()
    assert "Kasus kekerasan anak ditangani" in own and "Tangki air untuk sekolah" not in own
    leader = client_for("evaluator").get(terbit.get_absolute_url()).content.decode()
    assert "Tangki air untuk sekolah" in leader


def test_admin_may_not_decide_a_negotiation(client_for, world, tugas):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x"
    )
    url = reverse("instruksi:negosiasi_putuskan", args=[negosiasi.pk])
    assert client_for("admin_pemda").post(url, {"putus-keputusan": "setuju"}).status_code == 403
    assert client_for("perencana").post(url, {"putus-keputusan": "setuju"}).status_code == 403
    assert "Setujui usulan" not in client_for("admin_pemda").get(tugas.get_absolute_url()).content.decode()
    response = client_for("pimpinan").post(url, {"putus-keputusan": "setuju"})
    assert response.status_code == 302
    tugas.refresh_from_db()
    assert tugas.target == Decimal(5)


def test_rejection_without_a_note_redisplays_the_form(client_for, world, tugas):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x"
    )
    response = client_for("pimpinan").post(
        reverse("instruksi:negosiasi_putuskan", args=[negosiasi.pk]), {"putus-keputusan": "tolak"}
    )
    assert response.status_code == 200
    assert "mengapa usulan ditolak" in response.content.decode()
    assert Negosiasi.objects.get(pk=negosiasi.pk).status == "menunggu"


def test_planner_proposes_through_the_page_and_errors_keep_what_was_typed(client_for, world, tugas):
    client = client_for("perencana")
    url = reverse("instruksi:negosiasi_ajukan", args=[tugas.pk])
    response = client.post(url, {"neg-target_usulan": "7,5", "neg-alasan": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tuliskan alasan usulan." in page and 'value="7,5"' in page
    response = client.post(url, {"neg-target_usulan": "7,5", "neg-alasan": "Pendamping kurang"})
    assert response.status_code == 302
    assert Negosiasi.objects.get(tugas=tugas).target_usulan == Decimal("7.5")
    # The evaluator reads but may not propose; another OPD's user does not see the task.
    assert client_for("evaluator").post(url, {}).status_code == 403
    client.force_login(world.planners["other_opd"])
    assert client.get(tugas.get_absolute_url()).status_code == 404


def test_progress_report_with_evidence_and_download(client_for, world, tugas):
    client = client_for("kepala_opd")
    pdf = SimpleUploadedFile("laporan kasus.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("instruksi:kemajuan_lapor", args=[tugas.pk]),
        {"maju-nilai": "4", "maju-uraian": "Empat kasus", "maju-bukti": pdf},
    )
    assert response.status_code == 302
    kemajuan = tugas.kemajuan.get()
    page = client.get(tugas.get_absolute_url()).content.decode()
    assert "Empat kasus" in page and "laporan kasus.pdf" in page
    download = client.get(reverse("instruksi:kemajuan_bukti", args=[kemajuan.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(world.planners["other_opd"])
    assert client.get(reverse("instruksi:kemajuan_bukti", args=[kemajuan.pk])).status_code == 404


def test_progress_without_evidence_is_refused(client_for, tugas):
    response = client_for("perencana").post(
        reverse("instruksi:kemajuan_lapor", args=[tugas.pk]), {"maju-nilai": "4", "maju-uraian": "Empat kasus"}
    )
    assert response.status_code == 200
    assert "Lampirkan bukti" in response.content.decode()
    assert not tugas.kemajuan.exists()


def test_issue_and_cancel_from_the_pages(client_for, world, draf):
    client = client_for("admin_pemda")
    assert client.post(reverse("instruksi:terbitkan", args=[draf.pk])).status_code == 302
    draf.refresh_from_db()
    assert draf.status == "diterbitkan"
    response = client.post(reverse("instruksi:batalkan", args=[draf.pk]), {"batal-alasan": ""})
    assert response.status_code == 200 and "Tuliskan alasan pembatalan." in response.content.decode()
    client.post(reverse("instruksi:batalkan", args=[draf.pk]), {"batal-alasan": "Sudah ditangani"})
    draf.refresh_from_db()
    assert draf.status == "dibatalkan"
    page = client.get(draf.get_absolute_url()).content.decode()
    assert "Sudah ditangani" in page and "Terbitkan" not in page
    assert client_for("evaluator").post(reverse("instruksi:terbitkan", args=[draf.pk])).status_code == 403


def test_list_counters_and_filters(client_for, world, tugas):
    hari = timezone.localdate()
    behind = InstruksiFactory(
        pemda=world.pemda,
        dibuat_oleh=world.users["pimpinan"],
        status="diterbitkan",
        diterbitkan_pada=timezone.now() - datetime.timedelta(days=20),
        tanggal=hari,
        perihal="Kekeringan",
    )
    TugasFactory(instruksi=behind, opd=world.other_opd, batas_waktu=hari + datetime.timedelta(days=5))
    TugasFactory(
        instruksi=behind,
        opd=world.opd,
        batas_waktu=hari + datetime.timedelta(days=5),
        status="tercapai",
        capaian_terakhir=10,
    )
    response = client_for("pimpinan").get(reverse("instruksi:daftar"), {"tahun": hari.year})
    counters = {k: n for k, n, _w in response.context["counters"]}
    assert counters == {"sesuai jadwal": 1, "perlu perhatian": 1, "tercapai": 1, "terlambat": 0}
    filtered = client_for("pimpinan").get(reverse("instruksi:daftar"), {"tahun": hari.year, "opd": world.other_opd.pk})
    assert [i.perihal for i in filtered.context["rows"]] == ["Kekeringan"]
    own = client_for("perencana").get(reverse("instruksi:daftar"), {"tahun": hari.year})
    assert {k: n for k, n, _w in own.context["counters"]}["perlu perhatian"] == 0


def test_rekap_and_excel_read_back(client_for, world, tugas):
    services.laporkan_kemajuan(
        tugas=tugas, user=world.users["perencana"], nilai=Decimal(5), uraian="5", bukti_tautan="https://a.example"
    )
    hari = timezone.localdate()
    other = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    TugasFactory(instruksi=other, opd=world.opd, status="tercapai", capaian_terakhir=Decimal(10), target=Decimal(10))
    TugasFactory(instruksi=other, opd=world.other_opd, status="negosiasi")
    response = client_for("evaluator").get(reverse("instruksi:rekap"), {"tahun": hari.year})
    rows = {r.opd.singkatan: r for r in response.context["rows"]}
    assert rows["Dinkes"].diberikan == 2 and rows["Dinkes"].tercapai == 1
    assert rows["Dinkes"].rata_capaian == Decimal("75.00")
    assert rows["Disdik"].negosiasi == 1
    excel = client_for("evaluator").get(reverse("instruksi:rekap_excel"), {"tahun": hari.year})
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(excel.content)).active
    values = list(sheet.iter_rows(min_row=3, values_only=True))
    dinkes = next(v for v in values if v[0] == "Dinas Kesehatan")
    assert dinkes[2:] == (2, 1, 0, 0, 75.0)
    own = client_for("perencana").get(reverse("instruksi:rekap_excel"), {"tahun": hari.year})
    names = [v[0] for v in load_workbook(io.BytesIO(own.content)).active.iter_rows(min_row=3, values_only=True)]
    assert names == ["Dinas Kesehatan"]


def test_serapan_task_page_shows_the_monitoring_figure(client_for, world):
    from pemantauan.models import SerapanAnggaran

    hari = timezone.localdate()
    instruksi = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    tugas = TugasFactory(
        instruksi=instruksi,
        opd=world.opd,
        jenis_target=Tugas.JenisTarget.SERAPAN,
        target=90,
        satuan="%",
        batas_waktu=datetime.date(hari.year, 12, 31),
    )
    SerapanAnggaran.objects.create(
        opd=world.opd, tahun=hari.year, bulan=hari.month, pagu=Decimal(1000), realisasi_sd=Decimal("612.5")
    )
    page = client_for("perencana").get(tugas.get_absolute_url()).content.decode()
    assert "61,25" in page
    assert "maju-nilai" not in page  # the value comes from the data, not typed


def test_draft_edit_adds_and_deletes_rows_and_refuses_duplicates(client_for, world, draf):
    client = client_for("pimpinan")
    url = reverse("instruksi:ubah", args=[draf.pk])
    existing = draf.tugas.get()
    batas = (timezone.localdate() + datetime.timedelta(days=20)).isoformat()
    row = {
        "tugas-0-id": str(existing.pk),
        "tugas-0-opd": str(world.opd.pk),
        "tugas-0-uraian": existing.uraian,
        "tugas-0-jenis_target": "angka",
        "tugas-0-target": "10",
        "tugas-0-satuan": "kasus",
        "tugas-0-batas_waktu": batas,
    }
    base = form_data(world, **{"tugas-TOTAL_FORMS": "2", "tugas-INITIAL_FORMS": "1"}, **row)
    duplicate = {
        **base,
        "tugas-1-opd": str(world.opd.pk),
        "tugas-1-uraian": existing.uraian,
        "tugas-1-jenis_target": "angka",
        "tugas-1-target": "3",
        "tugas-1-satuan": "kasus",
        "tugas-1-batas_waktu": batas,
    }
    response = client.post(url, duplicate)
    assert response.status_code == 200
    assert draf.tugas.count() == 1
    swap = {**duplicate, "tugas-0-DELETE": "on", "tugas-1-opd": str(world.other_opd.pk), "tugas-1-uraian": "Tangki air"}
    response = client.post(url, swap)
    assert response.status_code == 302
    assert list(draf.tugas.values_list("opd__singkatan", "uraian", "target")) == [("Disdik", "Tangki air", Decimal(3))]


def test_task_page_shows_each_role_its_forms(client_for, world, tugas):
    services.ajukan_negosiasi(tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x")
    forms_of = {}
    for role in ("perencana", "kepala_opd", "pimpinan", "admin_pemda", "evaluator"):
        page = client_for(role).get(tugas.get_absolute_url()).content.decode()
        forms_of[role] = {
            name
            for name, marker in (("lapor", "maju-uraian"), ("putus", "putus-catatan"), ("nego", "neg-alasan"))
            if marker in page
        }
    assert forms_of == {
        "perencana": {"lapor"},  # a proposal is pending: no second one
        "kepala_opd": {"lapor"},
        "pimpinan": {"putus"},
        "admin_pemda": set(),
        "evaluator": set(),
    }


def test_task_page_shows_the_recorded_steps(client_for, world, tugas):
    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(6), alasan="Kurang"
    )
    services.putuskan(negosiasi=negosiasi, user=world.users["pimpinan"], setuju=True, catatan="Boleh")
    response = client_for("kepala_opd").get(tugas.get_absolute_url())
    page = response.content.decode()
    assert "Riwayat perubahan" in page and "Negosiasi disetujui" in page
    assert [jenis for _when, jenis, _obj in response.context["linimasa"]] == ["negosiasi", "keputusan"]
    assert 'id="target-berlaku">6 kasus<' in page


def test_opd_filter_does_not_reveal_another_opds_assignments(client_for, world, terbit):
    TugasFactory(instruksi=terbit, opd=world.other_opd, uraian="Tangki air untuk sekolah")
    hari = timezone.localdate()
    params = {"tahun": terbit.tanggal.year, "opd": world.other_opd.pk}
    own = client_for("perencana").get(reverse("instruksi:daftar"), params)
    assert list(own.context["rows"]) == []
    leader = client_for("pimpinan").get(reverse("instruksi:daftar"), params)
    assert [i.pk for i in leader.context["rows"]] == [terbit.pk]
    assert hari.year == terbit.tanggal.year


def test_posts_from_another_pemda_are_404_and_change_nothing(client, world, tugas):
    from sakip.models import Role
    from sakip.tests import factories as f

    negosiasi = services.ajukan_negosiasi(
        tugas=tugas, user=world.users["perencana"], target_usulan=Decimal(5), alasan="x"
    )
    draft = InstruksiFactory(pemda=world.pemda, dibuat_oleh=world.users["pimpinan"])
    TugasFactory(instruksi=draft, opd=world.opd)
    pimpinan_lain = f.UserFactory(role=Role.PIMPINAN, pemda=world.other_pemda, username="pimpinan.lain")
    posts = [
        (pimpinan_lain, reverse("instruksi:negosiasi_putuskan", args=[negosiasi.pk]), {"putus-keputusan": "setuju"}),
        (pimpinan_lain, reverse("instruksi:batalkan", args=[tugas.instruksi_id]), {"batal-alasan": "Lain"}),
        (pimpinan_lain, reverse("instruksi:terbitkan", args=[draft.pk]), {}),
        (
            world.planners["other_pemda"],
            reverse("instruksi:kemajuan_lapor", args=[tugas.pk]),
            {"maju-nilai": "10", "maju-uraian": "x", "maju-bukti_tautan": "https://a.example"},
        ),
    ]
    for user, url, data in posts:
        client.force_login(user)
        assert client.post(url, data).status_code == 404, url
    negosiasi.refresh_from_db()
    tugas.refresh_from_db()
    draft.refresh_from_db()
    assert negosiasi.status == "menunggu" and tugas.target == Decimal(10) and tugas.status == "negosiasi"
    assert tugas.instruksi.status == "diterbitkan" and draft.status == "draf"
    assert not tugas.kemajuan.exists()


def test_satuan_defaults_to_percent_for_serapan_and_is_required_for_angka(client_for, world):
    client = client_for("pimpinan")
    response = client.post(reverse("instruksi:buat"), form_data(world, **{"tugas-0-satuan": ""}))
    assert response.status_code == 200 and "Isi satuan target." in response.content.decode()
    batas = datetime.date(timezone.localdate().year, 12, 31).isoformat()
    data = form_data(
        world,
        **{
            "tugas-0-jenis_target": "serapan",
            "tugas-0-target": "90",
            "tugas-0-satuan": "",
            "tugas-0-batas_waktu": batas,
        },
    )
    assert client.post(reverse("instruksi:buat"), data).status_code == 302
    assert Tugas.objects.get().satuan == "%"


def test_serapan_deadline_must_be_in_the_instructions_year(client_for, world):
    tahun = timezone.localdate().year
    data = form_data(
        world,
        **{
            "tugas-0-jenis_target": "pengaduan",
            "tugas-0-target": "100",
            "tugas-0-batas_waktu": datetime.date(tahun + 1, 1, 31).isoformat(),
        },
    )
    response = client_for("pimpinan").post(reverse("instruksi:buat"), data)
    assert response.status_code == 200
    assert f"batas waktu harus pada tahun {tahun}" in response.content.decode()
    assert not Instruksi.objects.exists()


def test_target_direction_in_the_form_and_on_the_task_page(client_for, world):
    client = client_for("pimpinan")
    response = client.post(reverse("instruksi:buat"), form_data(world, **{"tugas-0-target": "0"}))
    assert "harus lebih dari 0" in response.content.decode()
    assert 'name="tugas-0-arah"' in response.content.decode()
    turun = {"tugas-0-target": "0", "tugas-0-arah": "turun", "tugas-0-uraian": "Kasus baru", "tugas-0-satuan": "kasus"}
    assert client.post(reverse("instruksi:buat"), form_data(world, **turun)).status_code == 302
    tugas = Tugas.objects.get()
    assert tugas.arah == "turun" and tugas.target == 0
    serapan_turun = {"tugas-0-jenis_target": "serapan", "tugas-0-arah": "turun", "tugas-0-target": "10"}
    response = client.post(reverse("instruksi:buat"), form_data(world, **serapan_turun, **{"ikp-perihal": "Serapan"}))
    assert "selalu semakin tinggi semakin baik" in response.content.decode()
    services.terbitkan(instruksi=tugas.instruksi, user=world.users["pimpinan"])
    page = client_for("perencana").get(tugas.get_absolute_url()).content.decode()
    assert "Semakin rendah semakin baik (batas atas)" in page
    assert "semakin rendah semakin baik (batas atas)." in page  # the negotiation form says it too


def test_negotiation_form_caps_a_percentage_at_100(client_for, world):
    instruksi = InstruksiFactory(
        pemda=world.pemda, dibuat_oleh=world.users["pimpinan"], status="diterbitkan", diterbitkan_pada=timezone.now()
    )
    tugas = TugasFactory(
        instruksi=instruksi,
        opd=world.opd,
        jenis_target=Tugas.JenisTarget.SERAPAN,
        target=90,
        satuan="%",
        batas_waktu=datetime.date(timezone.localdate().year, 12, 31),
    )
    response = client_for("perencana").post(
        reverse("instruksi:negosiasi_ajukan", args=[tugas.pk]), {"neg-target_usulan": "120", "neg-alasan": "x"}
    )
    assert response.status_code == 200 and "Target persentase paling besar 100." in response.content.decode()
    assert not Negosiasi.objects.exists()


def test_progress_form_says_to_choose_the_file_again_after_an_error(client_for, tugas):
    url = reverse("instruksi:kemajuan_lapor", args=[tugas.pk])
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client_for("perencana").post(url, {"maju-nilai": "4", "maju-uraian": "", "maju-bukti": pdf})
    assert response.status_code == 200
    assert "pilih berkas bukti lagi" in response.content.decode()
    assert "pilih berkas bukti lagi" not in client_for("perencana").get(tugas.get_absolute_url()).content.decode()


def test_an_opd_name_starting_with_a_formula_stays_text_in_the_recap_workbook(client_for, world, tugas):
    world.opd.nama = '=HYPERLINK("http://contoh.invalid","Dinkes")'
    world.opd.save()
    response = client_for("evaluator").get(reverse("instruksi:rekap_excel"), {"tahun": timezone.localdate().year})
    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = next(row[0] for row in sheet.iter_rows(min_row=3) if str(row[0].value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"  # text: Excel shows it, never runs it
