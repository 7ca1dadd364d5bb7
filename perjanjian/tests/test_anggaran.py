"""Budget realisation (the grid of a ditetapkan PK's budget rows × TW I–IV) and the pemda's capaian
settings page: validation, all-or-nothing saving, history, access, and the settings reaching capaian."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from iku_manual.tests.factories import PeriodeFactory
from perjanjian import capaian
from perjanjian.models import AnggaranPK, PengaturanCapaian, PerjanjianKinerja, PredikatCapaian, RealisasiAnggaran
from perjanjian.tests.factories import AnggaranFactory, PerjanjianFactory

Status = PerjanjianKinerja.Status


def ditetapkan(perjanjian: PerjanjianKinerja) -> PerjanjianKinerja:
    # As the matrix does: the approval service is tested elsewhere; here only the state matters.
    PerjanjianKinerja.objects.filter(pk=perjanjian.pk).update(status=Status.DITETAPKAN)
    perjanjian.refresh_from_db()
    return perjanjian


@pytest.fixture
def pk(world):
    periode = PeriodeFactory(pemda=world.pemda)
    perjanjian = PerjanjianFactory(opd=world.opd, periode=periode, tahun=2026)
    world.program = AnggaranFactory(
        perjanjian=perjanjian, kode="1.02.02", nama="Program Upaya Kesehatan", pagu=Decimal(1_000_000_000), urutan=1
    )
    world.program2 = AnggaranFactory(
        perjanjian=perjanjian, kode="1.02.03", nama="Program SDM Kesehatan", pagu=Decimal(250_000_000), urutan=2
    )
    world.periode = periode
    return ditetapkan(perjanjian)


def url(perjanjian) -> str:
    return reverse("perjanjian:realisasi_anggaran", args=[perjanjian.pk])


def grid(world, rows: dict[int, list[str]], *, total: int | None = None) -> dict:
    """POST data of the grid: ``rows`` maps a budget row's pk to its four typed quarters."""
    data = {"ra-TOTAL_FORMS": str(total if total is not None else len(rows)), "ra-INITIAL_FORMS": str(len(rows))}
    data |= {"ra-MIN_NUM_FORMS": "0", "ra-MAX_NUM_FORMS": "1000"}
    for index, (anggaran_pk, values) in enumerate(rows.items()):
        data[f"ra-{index}-anggaran"] = str(anggaran_pk)
        for n, value in enumerate(values, start=1):
            data[f"ra-{index}-tw{n}"] = value
    return data


def stored(perjanjian) -> dict[tuple[int, int], Decimal]:
    return {
        (r.anggaran_id, r.triwulan): r.nilai for r in RealisasiAnggaran.objects.filter(anggaran__perjanjian=perjanjian)
    }


# --- Realisasi anggaran ----------------------------------------------------------------------------


def test_planner_sees_the_grid_with_pagu_and_totals(world, pk, client_for):
    RealisasiAnggaran.objects.create(anggaran=world.program, triwulan=1, nilai=Decimal(125_000_000))
    response = client_for("perencana").get(url(pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Program Upaya Kesehatan" in html
    assert "1.000.000.000" in html
    assert 'value="125.000.000"' in html
    assert "12,50" in html  # serapan of the first row
    assert "875.000.000" in html  # its sisa
    assert "1.250.000.000" in html  # the pagu total


def test_amounts_typed_the_indonesian_way_are_saved_with_history(world, pk, client_for):
    data = grid(
        world,
        {world.program.pk: ["125.000.000", "Rp 200.000.000", "", ""], world.program2.pk: ["50.000.000,50", "", "", ""]},
    )
    response = client_for("perencana").post(url(pk), data)
    assert response.status_code == 302
    assert stored(pk) == {
        (world.program.pk, 1): Decimal("125000000"),
        (world.program.pk, 2): Decimal("200000000"),
        (world.program2.pk, 1): Decimal("50000000.50"),
    }
    record = RealisasiAnggaran.history.filter(anggaran=world.program, triwulan=1).get()
    assert record.history_user == world.users["perencana"]
    page = client_for("perencana").get(url(pk)).content.decode()
    assert "32,50" in page  # (125 + 200) / 1.000 juta
    assert "Riwayat perubahan" in page
    assert "Program Upaya Kesehatan, TW I: Rp 125.000.000" in page
    assert 'value="50.000.000,50"' in page


def test_changing_and_clearing_a_quarter_keep_history(world, pk, client_for):
    client = client_for("perencana")
    client.post(url(pk), grid(world, {world.program.pk: ["100.000.000", "", "", ""], world.program2.pk: [""] * 4}))
    client.post(url(pk), grid(world, {world.program.pk: ["", "90.000.000", "", ""], world.program2.pk: [""] * 4}))
    assert stored(pk) == {(world.program.pk, 2): Decimal("90000000")}
    assert [r.history_type for r in RealisasiAnggaran.history.filter(triwulan=1).order_by("history_id")] == ["+", "-"]
    page = client.get(url(pk)).content.decode()
    assert "dihapus" in page


def test_a_total_over_the_pagu_saves_nothing_and_keeps_what_was_typed(world, pk, client_for):
    RealisasiAnggaran.objects.create(anggaran=world.program, triwulan=1, nilai=Decimal(10))
    data = grid(
        world,
        {
            world.program.pk: ["125.000.000", "", "", ""],  # valid on its own
            world.program2.pk: ["200.000.000", "60.000.000", "", ""],  # 260 juta > 250 juta
        },
    )
    response = client_for("perencana").post(url(pk), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jumlah realisasi TW I–IV (Rp 260.000.000) melebihi pagu (Rp 250.000.000) sebesar Rp 10.000.000." in html
    assert "Tidak ada yang diubah" in html
    assert 'value="125.000.000"' in html and 'value="60.000.000"' in html
    assert stored(pk) == {(world.program.pk, 1): Decimal(10)}  # the valid row was not written either


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000", "Realisasi anggaran tidak boleh negatif."),
        ("1,234.56", "Format angka tidak dikenali"),
        ("12,345", "Paling banyak 2 angka di belakang koma."),
        ("seratus", "Format angka tidak dikenali"),
    ],
)
def test_bad_amounts_get_an_indonesian_message(world, pk, client_for, typed, message):
    data = grid(world, {world.program.pk: [typed, "", "", ""], world.program2.pk: [""] * 4})
    response = client_for("perencana").post(url(pk), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert f'value="{typed}"' in response.content.decode()
    assert not RealisasiAnggaran.objects.exists()


def test_post_without_the_grid_is_an_error_not_a_crash(world, pk, client_for):
    response = client_for("perencana").post(url(pk), {})
    assert response.status_code == 200
    assert "Formulir tidak lengkap" in response.content.decode()
    assert "Program Upaya Kesehatan" in response.content.decode()  # the grid is shown again
    assert not RealisasiAnggaran.objects.exists()


def test_a_row_of_another_pk_cannot_be_slipped_in(world, pk, client_for):
    other = PerjanjianFactory(opd=world.opd, periode=world.periode, tahun=2025)
    foreign = AnggaranFactory(perjanjian=other, pagu=Decimal(10**9))
    ditetapkan(other)
    response = client_for("perencana").post(
        url(pk), grid(world, {foreign.pk: ["1.000", "", "", ""], world.program2.pk: [""] * 4})
    )
    assert response.status_code == 200
    assert "tidak sesuai dengan perjanjian kinerja ini" in response.content.decode()
    response = client_for("perencana").post(url(pk), grid(world, {world.program.pk: ["1.000", "", "", ""]}))
    assert "Daftar anggaran berubah" in response.content.decode()
    assert not RealisasiAnggaran.objects.exists()


def test_an_older_version_is_read_only(world, pk, client_for):
    RealisasiAnggaran.objects.create(anggaran=world.program, triwulan=1, nilai=Decimal(5_000_000))
    baru = PerjanjianFactory(
        opd=world.opd, periode=world.periode, tahun=2026, jenis="perubahan", versi=2, menggantikan=pk
    )
    AnggaranFactory(perjanjian=baru, nama="Program Upaya Kesehatan", pagu=Decimal(900_000_000), asal=world.program)
    ditetapkan(baru)
    client = client_for("perencana")
    page = client.get(url(pk)).content.decode()
    assert "Versi ini sudah digantikan" in page
    assert 'name="ra-0-tw1"' not in page
    assert "5.000.000" in page  # still readable
    response = client.post(url(pk), grid(world, {world.program.pk: ["1", "", "", ""], world.program2.pk: [""] * 4}))
    assert response.status_code == 200
    assert stored(pk) == {(world.program.pk, 1): Decimal(5_000_000)}
    assert 'name="ra-0-tw1"' in client.get(url(baru)).content.decode()


def test_a_draft_pk_takes_no_budget_realisation(world, client_for):
    draft = PerjanjianFactory(opd=world.opd, periode=PeriodeFactory(pemda=world.pemda), tahun=2027)
    row = AnggaranFactory(perjanjian=draft)
    client = client_for("perencana")
    assert "diisi setelah perjanjian kinerja ini ditetapkan" in client.get(url(draft)).content.decode()
    client.post(url(draft), grid(world, {row.pk: ["1", "", "", ""]}))
    assert not RealisasiAnggaran.objects.exists()


def test_the_total_counts_programs_not_their_kegiatan_twice(world, pk, client_for):
    PerjanjianKinerja.objects.filter(pk=pk.pk).update(status=Status.DRAFT)
    AnggaranFactory(perjanjian=pk, jenis=AnggaranPK.Jenis.KEGIATAN, nama="Kegiatan Posyandu", pagu=Decimal(400_000_000))
    ditetapkan(pk)
    page = client_for("perencana").get(url(pk)).content.decode()
    assert "1.250.000.000" in page
    assert "1.650.000.000" not in page
    assert "agar tidak dihitung dua kali" in page


@pytest.mark.parametrize("role", ["kepala_opd", "evaluator", "pimpinan", "admin_pemda"])
def test_readers_who_cannot_draft_are_refused(world, pk, client_for, role):
    client = client_for(role)
    assert client.get(url(pk)).status_code == 403
    data = grid(world, {world.program.pk: ["1", "", "", ""], world.program2.pk: [""] * 4})
    assert client.post(url(pk), data).status_code == 403
    assert not RealisasiAnggaran.objects.exists()


def test_another_opd_or_pemda_does_not_find_it(world, pk, client):
    for key in ("other_opd", "other_pemda"):
        client.force_login(world.planners[key])
        assert client.get(url(pk)).status_code == 404


def test_superuser_may_enter_it(world, pk, client_for):
    response = client_for("superuser").post(
        url(pk), grid(world, {world.program.pk: ["7", "", "", ""], world.program2.pk: [""] * 4})
    )
    assert response.status_code == 302
    assert stored(pk) == {(world.program.pk, 1): Decimal(7)}


# --- Pengaturan capaian ----------------------------------------------------------------------------

PENGATURAN = reverse("perjanjian:pengaturan")


def settings_data(**overrides) -> dict:
    data = {
        "aksi": "pengaturan",
        "rumus_minimize": "2_minus",
        "batas_maksimum": "",
        "batas_minimum_nol": "on",
        "ambang_efisiensi": "5",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def bands_data(bands: list[tuple[str, str, str]], *, deleted: set[int] = frozenset()) -> dict:
    data = {
        "aksi": "predikat",
        "predikat-TOTAL_FORMS": str(len(bands)),
        "predikat-INITIAL_FORMS": "0",
        "predikat-MIN_NUM_FORMS": "0",
        "predikat-MAX_NUM_FORMS": "1000",
    }
    for index, (label, minimum, warna) in enumerate(bands):
        data |= {
            f"predikat-{index}-label": label,
            f"predikat-{index}-nilai_minimum": minimum,
            f"predikat-{index}-warna": warna,
        }
        if index in deleted:
            data[f"predikat-{index}-DELETE"] = "on"
    return data


@pytest.mark.parametrize("role", ["admin_pemda", "evaluator", "superuser"])
def test_settings_page_explains_each_setting_with_worked_examples(world, client_for, role):
    client = client_for(role)
    if role == "superuser":
        client.post(reverse("pemda_switch", args=[world.pemda.pk]))
    response = client.get(PENGATURAN)
    assert response.status_code == 200
    html = response.content.decode()
    for expected in [
        "Angka kemiskinan: target 7,85%, realisasi 7,60%",
        "103,18%",
        "103,29%",
        "tanpa batas atas capaiannya 125,00%",
        "tanpa batas bawah capaiannya -50,00%",
        "Efisien (selisih 10,00 poin)",
        "Cukup efisien (selisih 2,00 poin)",
        "Tidak efisien (selisih -20,00 poin)",
        "Pemda ini memakai skala bawaan Permendagri 86/2017.",
        "≥ 91",
        "76 – &lt; 91",
        "&lt; 51",
        "Sangat Tinggi",
    ]:
        assert expected in html, expected


def test_saving_settings_changes_how_capaian_is_computed(world, client_for):
    client = client_for("admin_pemda")
    response = client.post(
        PENGATURAN,
        settings_data(rumus_minimize="inverse", batas_maksimum="110", batas_minimum_nol=None, ambang_efisiensi="7,5"),
    )
    assert response.status_code == 302
    row = PengaturanCapaian.objects.get(pemda=world.pemda)
    assert (row.rumus_minimize, row.batas_maksimum, row.batas_minimum_nol, row.ambang_efisiensi) == (
        "inverse",
        110,
        False,
        Decimal("7.5"),
    )
    rules = PengaturanCapaian.untuk(world.pemda)
    minimize = capaian.hitung(realisasi=Decimal("7.60"), target=Decimal("7.85"), polaritas="minimize", pengaturan=rules)
    assert minimize.untuk_tampil() == Decimal("103.29")
    assert (
        capaian.hitung(realisasi=Decimal(100), target=Decimal(80), polaritas="maximize", pengaturan=rules).nilai == 110
    )
    negatif = capaian.hitung(
        realisasi=Decimal(25), target=Decimal(10), polaritas="minimize", pengaturan=rules, rumus_minimize="2_minus"
    )
    assert negatif.nilai == Decimal(-50)
    assert PengaturanCapaian.untuk(world.other_pemda) == capaian.Pengaturan()  # another pemda is untouched
    html = client.get(PENGATURAN).content.decode()
    assert "Dengan pengaturan yang berlaku" in html and "110,00%" in html
    assert "Riwayat perubahan" in html and "Dibuat" in html
    assert PengaturanCapaian.history.get().history_user == world.users["admin_pemda"]


def test_a_bad_threshold_is_refused_and_kept(world, client_for):
    response = client_for("evaluator").post(PENGATURAN, settings_data(ambang_efisiensi="7.5"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Format angka tidak dikenali" in html
    assert 'value="7.5"' in html
    assert not PengaturanCapaian.objects.exists()


def test_post_without_fields_is_an_error_not_a_crash(world, client_for):
    response = client_for("admin_pemda").post(PENGATURAN, {})
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not PengaturanCapaian.objects.exists()


def test_a_pemda_defines_its_own_bands_and_goes_back_to_the_default(world, client_for):
    client = client_for("admin_pemda")
    own = [("Memuaskan", "85", "success"), ("Sangat Baik", "75", "primary"), ("Kurang", "0", "danger")]
    assert client.post(PENGATURAN, bands_data(own)).status_code == 302
    skala = PredikatCapaian.skala_untuk(world.pemda)
    assert [(band.label, band.nilai_minimum) for band in skala] == [
        ("Memuaskan", 85),
        ("Sangat Baik", 75),
        ("Kurang", 0),
    ]
    assert capaian.predikat(Decimal("90.5"), skala).label == "Memuaskan"
    assert PredikatCapaian.skala_untuk(world.other_pemda)[0].label == "Sangat Tinggi"
    html = client.get(PENGATURAN).content.decode()
    assert "Pemda ini memakai skala predikatnya sendiri." in html
    assert "Skala predikat diganti: ≥ 85 Memuaskan; ≥ 75 Sangat Baik; ≥ 0 Kurang" in html

    assert client.post(PENGATURAN, {"aksi": "bawaan"}).status_code == 302
    assert not PredikatCapaian.objects.filter(pemda=world.pemda).exists()
    assert PredikatCapaian.skala_untuk(world.pemda)[0].label == "Sangat Tinggi"
    assert "Skala predikat kembali ke bawaan" in client.get(PENGATURAN).content.decode()


def test_bands_can_be_deleted_and_must_not_repeat_a_minimum(world, client_for):
    client = client_for("evaluator")
    bands = [("Baik", "80", "success"), ("Cukup", "80", "warning"), ("Kurang", "0", "danger")]
    response = client.post(PENGATURAN, bands_data(bands))
    assert response.status_code == 200
    assert "Nilai minimum 80 dipakai lebih dari satu predikat" in response.content.decode()
    assert not PredikatCapaian.objects.filter(pemda=world.pemda).exists()
    assert client.post(PENGATURAN, bands_data(bands, deleted={1})).status_code == 302
    assert [band.label for band in PredikatCapaian.skala_untuk(world.pemda)] == ["Baik", "Kurang"]
    response = client.post(PENGATURAN, bands_data([("Baik", "8O", "success")]))
    assert "Format angka tidak dikenali" in response.content.decode()


def as_browser_posts(formset) -> dict:
    """What a browser sends for the band formset as rendered: every row, blank ones included."""
    data = {"aksi": "predikat", **{f"predikat-{k}": v for k, v in formset.management_form.initial.items()}}
    for index, form in enumerate(formset.forms):
        for name in ("label", "nilai_minimum", "warna"):
            value = form[name].value()
            data[f"predikat-{index}-{name}"] = "" if value is None else str(form.fields[name].prepare_value(value))
    return data


def test_the_default_bands_submitted_unchanged_stay_the_default(world, client_for):
    client = client_for("admin_pemda")
    data = as_browser_posts(client.get(PENGATURAN).context["predikat"])
    assert data["predikat-TOTAL_FORMS"] == 7  # five bands and two blank rows for new ones
    assert client.post(PENGATURAN, data).status_code == 302
    assert not PredikatCapaian.objects.filter(pemda=world.pemda).exists()

    data["predikat-0-label"] = "Istimewa"
    data |= {"predikat-5-label": "Sangat Tinggi", "predikat-5-nilai_minimum": "96,5", "predikat-5-warna": "info"}
    assert client.post(PENGATURAN, data).status_code == 302
    skala = PredikatCapaian.skala_untuk(world.pemda)
    assert [(band.label, band.nilai_minimum) for band in skala][:2] == [
        ("Sangat Tinggi", Decimal("96.5")),
        ("Istimewa", 91),
    ]
    assert len(skala) == 6


@pytest.mark.parametrize("role", ["perencana", "kepala_opd", "pimpinan"])
def test_settings_are_refused_to_other_roles(world, client_for, role):
    client = client_for(role)
    assert client.get(PENGATURAN).status_code == 403
    assert client.post(PENGATURAN, settings_data(rumus_minimize="inverse")).status_code == 403
    assert not PengaturanCapaian.objects.exists()


def test_settings_of_one_pemda_are_out_of_reach_of_another(world, client):
    from sakip.models import Role
    from sakip.tests.factories import UserFactory

    client.force_login(UserFactory(role=Role.ADMIN_PEMDA, pemda=world.other_pemda))
    assert client.post(PENGATURAN, settings_data(rumus_minimize="inverse")).status_code == 302
    assert PengaturanCapaian.objects.get().pemda == world.other_pemda
    assert PengaturanCapaian.untuk(world.pemda).rumus_minimize == "2_minus"
