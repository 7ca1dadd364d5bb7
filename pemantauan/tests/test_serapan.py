"""Budget absorption: the entry grid, the OPD page, the pemda recap and the target curve."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pemantauan.models import KurvaSerapan, SerapanAnggaran
from sakip.tests import factories as f

D = Decimal
TAHUN = 2026


def grid_post(**months) -> dict:
    """{"bulan_3": ("1.000.000", "250.000")} -> the grid's POST data (other months empty)."""
    data = {"lengkap": "1"}
    for bulan in range(1, 13):
        pagu, realisasi = months.get(f"bulan_{bulan}", ("", ""))
        data[f"pagu_{bulan}"] = pagu
        data[f"realisasi_sd_{bulan}"] = realisasi
    return data


def isi_url(opd):
    return reverse("pemantauan:serapan_isi", args=[TAHUN, opd.pk])


def serapan(opd, bulan, pagu, realisasi, tahun=TAHUN):
    return SerapanAnggaran.objects.create(opd=opd, tahun=tahun, bulan=bulan, pagu=D(pagu), realisasi_sd=D(realisasi))


@pytest.mark.django_db
def test_planner_enters_months_in_indonesian_numbers(world, client_for):
    client = client_for("perencana")
    response = client.post(
        isi_url(world.opd),
        grid_post(bulan_1=("1.234.567,89", "100.000"), bulan_2=("Rp 1.234.567,89", "345.678,50")),
    )
    assert response.status_code == 302
    rows = {r.bulan: r for r in SerapanAnggaran.objects.filter(opd=world.opd, tahun=TAHUN)}
    assert rows[1].pagu == D("1234567.89") and rows[1].realisasi_sd == D(100000)
    assert rows[2].realisasi_sd == D("345678.50")
    assert rows[2].diisi_oleh == world.users["perencana"]
    assert rows[2].history.first().history_user == world.users["perencana"]

    page = client.get(isi_url(world.opd)).content.decode()
    assert 'value="1.234.567,89"' in page  # shown again the Indonesian way


@pytest.mark.django_db
def test_emptied_month_is_removed_and_others_stay(world, client_for):
    serapan(world.opd, 1, 1000, 100)
    serapan(world.opd, 2, 1000, 200)
    client_for("admin_pemda").post(isi_url(world.opd), grid_post(bulan_1=("1.000", "100")))
    assert list(SerapanAnggaran.objects.filter(opd=world.opd).values_list("bulan", flat=True)) == [1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("months", "field", "message"),
    [
        ({"bulan_3": ("1.000.000", "1.000.001")}, "realisasi_sd_3", "melebihi pagu"),
        (
            {"bulan_1": ("1.000.000", "400.000"), "bulan_2": ("1.000.000", "300.000")},
            "realisasi_sd_2",
            "tidak boleh turun",
        ),
        ({"bulan_4": ("1.000.000", "")}, "realisasi_sd_4", "Isi pagu dan realisasi"),
        ({"bulan_4": ("1,234.56", "1")}, "pagu_4", "Format angka tidak dikenali"),
        ({"bulan_4": ("-5", "0")}, "pagu_4", "tidak boleh negatif"),
    ],
)
def test_bad_grid_saves_nothing_and_shows_what_was_typed(world, client_for, months, field, message):
    serapan(world.opd, 12, 5, 1)  # stays as it was
    response = client_for("kepala_opd").post(isi_url(world.opd), grid_post(**months))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert SerapanAnggaran.objects.filter(opd=world.opd).count() == 1
    page = response.content.decode()
    assert "Belum disimpan" in page
    for typed in months.values():
        assert all(f'value="{value}"' in page for value in typed if value)


@pytest.mark.django_db
def test_grid_checks_against_the_whole_year(world, client_for):
    """A month lower than a stored later month cannot slip in: the grid holds the whole year."""
    serapan(world.opd, 6, 1000, 600)
    data = grid_post(bulan_6=("1.000", "600"), bulan_7=("1.000", "500"))
    response = client_for("perencana").post(isi_url(world.opd), data)
    assert "tidak boleh turun" in " ".join(response.context["form"].errors["realisasi_sd_7"])


@pytest.mark.django_db
def test_truncated_post_deletes_nothing(world, client_for):
    serapan(world.opd, 1, 1000, 100)
    response = client_for("perencana").post(isi_url(world.opd), {})
    assert response.status_code == 200
    assert "Formulir tidak lengkap" in response.content.decode()
    assert SerapanAnggaran.objects.filter(opd=world.opd).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "opd_key", "status"),
    [
        ("perencana", "opd", 200),
        ("kepala_opd", "opd", 200),
        ("admin_pemda", "other_opd", 200),
        ("perencana", "other_opd", 404),
        ("kepala_opd", "other_pemda_opd", 404),
        ("admin_pemda", "other_pemda_opd", 404),
        ("evaluator", "opd", 403),
        ("pimpinan", "opd", 403),
    ],
)
def test_grid_access(world, client_for, role, opd_key, status):
    opd = getattr(world, opd_key)
    client = client_for(role)
    assert client.get(isi_url(opd)).status_code == status
    response = client.post(isi_url(opd), grid_post(bulan_1=("1.000", "10")))
    assert response.status_code == (302 if status == 200 else status)
    assert SerapanAnggaran.objects.filter(opd=opd).exists() == (status == 200)


@pytest.mark.django_db
def test_opd_page_compares_with_the_curve(world, client_for):
    serapan(world.opd, 3, 1000, 100)  # 10 % against 15 %: 5 points behind
    serapan(world.opd, 6, 1000, 450)  # 45 % against 40 %
    response = client_for("pimpinan").get(reverse("pemantauan:serapan_opd", args=[TAHUN, world.opd.pk]))
    assert response.status_code == 200
    tabel = response.context["tabel"]
    assert (tabel[2]["persen"], tabel[2]["target"], tabel[2]["deviasi"], tabel[2]["pita"]) == (
        D("10.00"),
        D(15),
        D("-5.00"),
        "kuning",
    )
    assert tabel[5]["pita"] == "hijau" and tabel[0]["row"] is None
    page = response.content.decode()
    assert "<svg" in page and "polyline" in page
    assert "Bulan" in response.context["grafik"].tabel.kolom[0]
    other = reverse("pemantauan:serapan_opd", args=[TAHUN, world.other_opd.pk])
    assert client_for("perencana").get(other).status_code == 404


@pytest.mark.django_db
def test_recap_lists_every_opd_with_the_pemda_total(world, client_for):
    serapan(world.opd, 10, 2_000_000, 1_400_000)  # 70 % vs 73 %: yellow
    serapan(world.other_opd, 9, 1_000_000, 300_000)  # 30 %, entered up to September: red
    serapan(world.other_pemda_opd, 10, 1, 1)
    response = client_for("evaluator").get(reverse("pemantauan:serapan_rekap", args=[TAHUN]) + "?bulan=10")
    baris = {b["opd"].pk: b for b in response.context["baris"]}
    assert set(baris) == {world.opd.pk, world.other_opd.pk}
    assert baris[world.opd.pk]["pita"] == "kuning"
    assert baris[world.other_opd.pk]["pita"] == "merah"
    assert baris[world.other_opd.pk]["bulan_data"] == "September"
    total = response.context["total"]
    assert (total["pagu"], total["realisasi"], total["persen"]) == (D(3_000_000), D(1_700_000), D("56.67"))
    page = response.content.decode()
    assert "3.000.000" in page and "56,67" in page

    # OPD roles see their own row only, and no pemda total.
    own = client_for("perencana").get(reverse("pemantauan:serapan_rekap", args=[TAHUN]) + "?bulan=10")
    assert [b["opd"].pk for b in own.context["baris"]] == [world.opd.pk]
    assert own.context["total"] is None


def _opds_with_data(pemda, n):
    for i in range(n):
        opd = f.OpdFactory(pemda=pemda)
        for bulan in range(1, 11):
            SerapanAnggaran.objects.create(
                opd=opd, tahun=TAHUN, bulan=bulan, pagu=D(1000), realisasi_sd=D(bulan * (50 + i))
            )


@pytest.mark.django_db
def test_recap_query_count_does_not_grow_with_opds(world, client_for):
    url = reverse("pemantauan:serapan_rekap", args=[TAHUN]) + "?bulan=10"
    client = client_for("pimpinan")
    counts = []
    for n in (2, 15):
        _opds_with_data(world.pemda, n)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert len(response.context["baris"]) == 2 + 17
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_opd_page_query_count_does_not_grow_with_months(world, client_for):
    client = client_for("perencana")
    url = reverse("pemantauan:serapan_opd", args=[TAHUN, world.opd.pk])
    counts = []
    for months in ((1, 2), range(3, 13)):
        for bulan in months:
            serapan(world.opd, bulan, 1000, bulan * 10)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


@pytest.mark.django_db
def test_admin_sets_and_resets_the_pemda_curve(world, client_for):
    client = client_for("admin_pemda")
    url = reverse("pemantauan:kurva_ubah")
    data = {f"persen_{b}": str(b * 8).replace(".", ",") for b in range(1, 13)}
    data["persen_12"] = "95,5"
    assert client.post(url, data).status_code == 302
    own = dict(KurvaSerapan.objects.filter(pemda=world.pemda).values_list("bulan", "persen"))
    assert own[12] == D("95.5") and own[1] == D(8)
    page = client.get(reverse("pemantauan:kurva")).content.decode()
    assert "95,50" in page and "ditetapkan pemda" in page

    bad = {**data, "persen_5": "10"}
    response = client.post(url, bad)
    assert response.status_code == 200
    assert "tidak boleh turun" in " ".join(response.context["form"].errors["persen_5"])
    assert 'value="10"' in response.content.decode()
    assert KurvaSerapan.objects.get(pemda=world.pemda, bulan=5).persen == D(40)

    assert client.post(url, {"kembalikan": "1"}).status_code == 302
    assert not KurvaSerapan.objects.filter(pemda=world.pemda).exists()
    assert KurvaSerapan.objects.filter(pemda=None).count() == 12  # the default is untouched


@pytest.mark.django_db
def test_pemda_curve_drives_the_recap_target(world, client_for):
    for bulan in range(1, 13):
        KurvaSerapan.objects.create(pemda=world.pemda, bulan=bulan, persen=D(bulan * 5))
    serapan(world.opd, 10, 1000, 500)  # 50 % vs the pemda's own 50 %: on the curve
    response = client_for("pimpinan").get(reverse("pemantauan:serapan_rekap", args=[TAHUN]) + "?bulan=10")
    assert response.context["target"] == D(50)
    assert response.context["baris"][0]["pita"] == "hijau"
    # Another pemda still follows the default curve.
    assert KurvaSerapan.objects.filter(pemda=world.other_pemda).count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["evaluator", "pimpinan", "perencana", "kepala_opd"])
def test_only_the_admin_edits_the_curve(world, client_for, role):
    client = client_for(role)
    assert client.get(reverse("pemantauan:kurva")).status_code == 200
    assert client.post(reverse("pemantauan:kurva_ubah"), {"kembalikan": "1"}).status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "tahun", "query", "bulan", "label"),
    [
        (datetime.date(2026, 5, 10), 2026, "", 4, "April"),  # the last month that has ended
        (datetime.date(2026, 1, 15), 2026, "", 1, "Januari (berjalan)"),  # none has ended yet
        (datetime.date(2026, 5, 10), 2026, "?bulan=5", 5, "Mei (berjalan)"),  # chosen while it runs
        (datetime.date(2026, 5, 10), 2025, "", 12, "Desember"),  # a past year: all of it
        (datetime.date(2026, 5, 10), 2027, "", 1, "Januari"),  # a year not begun
    ],
)
@pytest.mark.parametrize(
    ("name", "heading"), [("serapan_rekap", "realisasi s.d. "), ("pengaduan_rekap", "Januari s.d. ")]
)
def test_recap_month_by_default_and_a_running_month_said_so(
    world, client_for, monkeypatch, today, tahun, query, bulan, label, name, heading
):
    monkeypatch.setattr(timezone, "localdate", lambda: today)
    response = client_for("pimpinan").get(reverse(f"pemantauan:{name}", args=[tahun]) + query)
    assert (response.context["bulan"], response.context["bulan_label"]) == (bulan, label)
    assert heading + label in response.content.decode()
    assert "berjalan" in label or "berjalan" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("beranda", {}),
        ("serapan_rekap", {"tahun": TAHUN}),
        ("serapan_opd", {"tahun": TAHUN, "opd_pk": None}),
        ("pengaduan_rekap", {"tahun": TAHUN}),
        ("pengaduan_opd", {"tahun": TAHUN, "opd_pk": None}),
        ("kurva", {}),
        ("serapan_templat", {"tahun": TAHUN}),
        ("pengaduan_templat", {"tahun": TAHUN}),
    ],
)
def test_read_pages_refuse_post(world, client_for, name, kwargs):
    url = reverse(f"pemantauan:{name}", kwargs={k: v or world.opd.pk for k, v in kwargs.items()})
    client = client_for("admin_pemda")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 405
