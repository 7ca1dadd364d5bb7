"""Admin Pemda manages its own OPDs, units and officials in the app; bad input gets a message in
Indonesian and what was typed stays on the form."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from sakip.models import Pejabat, PerangkatDaerah, UnitKerja
from sakip.tests import factories as f


def image_bytes(image_format: str = "PNG", size=(64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 61, 110)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_upload(name: str = "logo.png", size=(64, 64)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", size), content_type="image/png")


def test_admin_creates_opd(world, client_for):
    client = client_for("admin_pemda")
    response = client.post(
        reverse("opd_create"),
        {"nama": "Dinas Sosial", "singkatan": "Dinsos", "kode": "1.06.01", "urutan": 3, "aktif": "on"},
    )
    opd = PerangkatDaerah.objects.get(nama="Dinas Sosial")
    assert opd.pemda == world.pemda
    assert response["Location"] == opd.get_absolute_url()
    assert opd.history.first().history_user == world.users["admin_pemda"]


def test_duplicate_opd_code_is_a_message_not_a_crash(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("opd_create"), {"nama": "Dinas Baru", "singkatan": "DB", "kode": world.opd.kode, "urutan": 0}
    )
    assert response.status_code == 200
    assert "Kode ini sudah dipakai perangkat daerah lain di pemda ini." in response.content.decode()
    assert 'value="Dinas Baru"' in response.content.decode()  # what was typed stays
    assert not PerangkatDaerah.objects.filter(nama="Dinas Baru").exists()


def test_same_opd_code_is_fine_in_another_pemda(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("opd_create"),
        {"nama": "Dinas Lain", "singkatan": "DL", "kode": world.other_pemda_opd.kode, "urutan": 0},
    )
    assert response.status_code == 302


def test_unit_parent_must_be_in_the_same_opd(world, client_for):
    client = client_for("admin_pemda")
    url = reverse("unit_create", args=[world.opd.pk])
    # A parent from another OPD is not even a choice.
    response = client.post(
        url, {"parent": world.units["other_opd"].pk, "nama": "Seksi X", "jenis": "seksi", "urutan": 0}
    )
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid" in response.content.decode()
    response = client.post(
        url, {"parent": world.units["own"].pk, "nama": "Seksi X", "jenis": "seksi", "eselon": "IV", "urutan": 0}
    )
    assert response.status_code == 302
    assert UnitKerja.objects.get(nama="Seksi X").parent == world.units["own"]


def test_unit_cannot_become_its_own_descendant(world, client_for):
    parent = world.units["own"]
    child = f.UnitFactory(opd=world.opd, parent=parent)
    response = client_for("admin_pemda").post(
        reverse("unit_edit", args=[parent.pk]),
        {"parent": child.pk, "nama": parent.nama, "jenis": parent.jenis, "eselon": "III", "urutan": 0, "aktif": "on"},
    )
    assert response.status_code == 200
    assert "bawahannya" in response.content.decode()
    parent.refresh_from_db()
    assert parent.parent is None


def test_opd_page_draws_the_unit_tree(world, client_for):
    child = f.UnitFactory(opd=world.opd, parent=world.units["own"], nama="Seksi Gizi", jenis="seksi")
    html = client_for("perencana").get(reverse("opd_detail", args=[world.opd.pk])).content.decode()
    assert html.index(world.units["own"].nama) < html.index(child.nama)
    assert "unit-depth-1" in html


@pytest.mark.parametrize(
    ("typed", "stored"), [("19700101 199503 1 001", "197001011995031001"), ("197001011995031001", "197001011995031001")]
)
def test_pejabat_nip_accepts_the_printed_grouping(world, client_for, typed, stored):
    response = client_for("admin_pemda").post(
        reverse("pejabat_create"),
        {
            "nama": "Drs. Budi Santoso, M.Si.",
            "nip": typed,
            "pangkat_golongan": "IV/b",
            "jabatan": "Kepala Dinas Kesehatan",
            "jenis_jabatan": "kepala_opd",
            "status": "plt",
            "opd": world.opd.pk,
            "mulai": "2026-01-05",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pejabat = Pejabat.objects.get(nama="Drs. Budi Santoso, M.Si.")
    assert pejabat.nip == stored
    assert pejabat.nip_tampil == "19700101 199503 1 001"
    assert pejabat.jabatan_lengkap == "Plt. Kepala Dinas Kesehatan"


def test_pejabat_bad_input_gets_indonesian_messages(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("pejabat_create"),
        {
            "nama": "Siti",
            "nip": "1234",
            "jabatan": "Kepala Bidang",
            "jenis_jabatan": "administrator",
            "status": "definitif",
            "opd": world.opd.pk,
            "unit": world.units["other_opd"].pk,
            "mulai": "2026-02-01",
            "selesai": "2026-01-01",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "NIP terdiri atas 18 angka" in html
    assert "Unit kerja harus berada di perangkat daerah yang dipilih" in html
    assert not Pejabat.objects.filter(nama="Siti").exists()


def test_kepala_daerah_has_no_opd(world, client_for):
    response = client_for("admin_pemda").post(
        reverse("pejabat_create"),
        {
            "nama": "Wali",
            "jabatan": "Wali Kota Uji",
            "jenis_jabatan": "kepala_daerah",
            "status": "definitif",
            "opd": world.opd.pk,
            "mulai": "2025-02-20",
        },
    )
    assert "Jabatan tingkat pemda tidak berada di perangkat daerah" in response.content.decode()


def test_pemda_level_officials_show_on_the_pemda_page(world, client_for):
    f.PejabatFactory(
        pemda=world.pemda,
        opd=None,
        unit=None,
        nama="H. Wali Uji",
        nip="",
        jabatan="Wali Kota Uji",
        jenis_jabatan="kepala_daerah",
    )
    html = client_for("perencana").get(reverse("pemda_detail")).content.decode()
    assert "H. Wali Uji" in html


def test_admin_uploads_logo_and_only_its_pemda_sees_it(world, client_for, client):
    client = client_for("admin_pemda")
    data = {
        "jenis": "kota",
        "nama": world.pemda.nama,
        "kode": world.pemda.kode,
        "zona_waktu": "Asia/Makassar",
        "label_evaluator": "Bagian Organisasi",
        "logo": png_upload(),
    }
    assert client.post(reverse("pemda_edit"), data).status_code == 302
    world.pemda.refresh_from_db()
    assert world.pemda.zona_waktu == "Asia/Makassar"
    response = client.get(reverse("pemda_logo", args=[world.pemda.pk]))
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    client.force_login(f.UserFactory(role="admin_pemda", pemda=world.other_pemda))
    assert client.get(reverse("pemda_logo", args=[world.pemda.pk])).status_code == 404


def test_a_logo_whose_file_is_gone_is_a_404(world, client_for):
    client = client_for("admin_pemda")
    world.pemda.logo = "logo/hilang.png"  # a row restored without its media folder
    world.pemda.save(update_fields=["logo"])
    assert client.get(reverse("pemda_logo", args=[world.pemda.pk])).status_code == 404


def test_admin_cannot_rename_the_pemda(world, client_for):
    data = {
        "jenis": "kabupaten",
        "nama": "Nama Baru",
        "kode": "11.11",
        "zona_waktu": "Asia/Jakarta",
        "label_evaluator": "Inspektorat",
    }
    client_for("admin_pemda").post(reverse("pemda_edit"), data)
    world.pemda.refresh_from_db()
    assert (world.pemda.nama, world.pemda.kode) == ("Kota Uji", "99.81")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"<script>alert(1)</script>", "Unggah gambar yang valid"),
        ("logo.png", image_bytes("GIF"), "PNG atau JPEG"),
    ],
)
def test_logo_is_checked_by_content(world, client_for, name, content, message):
    data = {
        "jenis": "kota",
        "nama": world.pemda.nama,
        "kode": world.pemda.kode,
        "zona_waktu": "Asia/Jakarta",
        "label_evaluator": "Inspektorat",
        "logo": SimpleUploadedFile(name, content),
    }
    response = client_for("admin_pemda").post(reverse("pemda_edit"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    world.pemda.refresh_from_db()
    assert not world.pemda.logo


def test_large_logo_is_refused(world, client_for):
    big = png_upload(size=(10, 10))
    big.size = 2 * 1024 * 1024
    from django.core.exceptions import ValidationError

    from sakip.uploads import validate_logo

    with pytest.raises(ValidationError, match="1 MB"):
        validate_logo(big)


def test_opd_edit_is_kept_in_history(world, client_for):
    client = client_for("admin_pemda")
    client.post(
        reverse("opd_edit", args=[world.opd.pk]),
        {"nama": "Dinas Kesehatan dan KB", "singkatan": "Dinkes", "kode": world.opd.kode, "urutan": 0, "aktif": "on"},
    )
    html = client.get(reverse("opd_detail", args=[world.opd.pk])).content.decode()
    assert "Riwayat perubahan" in html
    assert "<del>Dinas Kesehatan</del> → Dinas Kesehatan dan KB" in html


def test_pejabat_list_filters_by_opd_and_pages(world, client_for):
    for _ in range(55):
        f.PejabatFactory(opd=world.other_opd, unit=None)
    client = client_for("evaluator")
    html = client.get(reverse("pejabat_list"), {"opd": world.opd.pk}).content.decode()
    assert world.pejabat["own"].nama in html
    assert world.pejabat["other_opd"].nama not in html
    first = client.get(reverse("pejabat_list")).content.decode()
    assert "1–50 dari 57" in first
    last = client.get(reverse("pejabat_list"), {"halaman": 2}).content.decode()
    assert "51–57 dari 57" in last


def test_opd_list_counts_units_and_current_officials(world, client_for):
    f.UnitFactory(opd=world.opd, parent=world.units["own"])
    f.PejabatFactory(opd=world.opd, unit=None, selesai="2025-12-31")  # no longer in post
    opd = PerangkatDaerah.objects.filter(pk=world.opd.pk).for_list_page().get()
    assert (opd.jumlah_unit, opd.jumlah_pejabat) == (2, 1)


def test_pemda_name_on_letterheads_carries_its_kind():
    from sakip.models import Pemda

    assert Pemda(jenis="kota", nama="Samarinda").nama_pemerintah == "Pemerintah Kota Samarinda"
    assert Pemda(jenis="kota", nama="Kota Contoh").nama_pemerintah == "Pemerintah Kota Contoh"
    assert Pemda(jenis="provinsi", nama="Kalimantan Timur").nama_pemerintah == "Pemerintah Provinsi Kalimantan Timur"


def test_saving_an_unchanged_profile_adds_no_visible_history(world, client_for):
    data = {
        "jenis": "kota",
        "nama": world.pemda.nama,
        "kode": world.pemda.kode,
        "zona_waktu": "Asia/Jakarta",
        "label_evaluator": "Inspektorat",
        "alamat": "Jalan Merdeka\r\nNomor 1",
    }
    client = client_for("admin_pemda")
    client.post(reverse("pemda_edit"), data)
    client.post(reverse("pemda_edit"), data)  # the same again: CRLF from the browser is not a change
    html = client.get(reverse("pemda_detail")).content.decode().split("Riwayat perubahan")[1]
    assert html.count("Diubah") == 1  # the first save changed the address; the second changed nothing


def test_nip_field_leaves_room_for_spaces(world, client_for):
    html = client_for("admin_pemda").get(reverse("pejabat_create")).content.decode()
    assert 'maxlength="24"' in html


def test_unit_choices_are_grouped_by_opd_and_only_the_pemdas(world, client_for):
    html = client_for("admin_pemda").get(reverse("pejabat_create")).content.decode()
    assert '<optgroup label="Dinas Kesehatan">' in html and '<optgroup label="Dinas Pendidikan">' in html
    assert html.count("<optgroup") == 2  # not the other pemda's Dinas Kesehatan
