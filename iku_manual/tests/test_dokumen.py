"""The documents built from the tree: the Manual IKU and the pohon kinerja, as pages and as PDFs."""

from __future__ import annotations

import io
from decimal import Decimal
from urllib.parse import urljoin

import pytest
from django.core.files.base import ContentFile
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from iku_manual.models import Indikator, SkalaKualitatif, Tingkat
from iku_manual.reports import build_manual_iku_context, build_pohon_context
from iku_manual.tests.factories import IndikatorFactory, PeriodeFactory, SasaranFactory, TargetFactory
from sakip.pdf import DOCUMENT_ORIGIN, LocalFetcher, image_data_uri, pdf_response

ORPHAN = "Meningkatnya sasaran yang belum dikaitkan"
OTHER_OPD_NODE = "Meningkatnya mutu pendidikan dasar"


@pytest.fixture
def tree(world):
    """RPJMD tujuan -> sasaran -> a Dinkes sasaran with three kinds of indicator; a Disdik sasaran under
    the same RPJMD sasaran; and a Dinkes sasaran that supports nothing."""
    periode = PeriodeFactory(pemda=world.pemda)
    tujuan = SasaranFactory(periode=periode, tingkat=Tingkat.TUJUAN_PEMDA, kode="T.1", uraian="Masyarakat sehat")
    rpjmd = SasaranFactory(periode=periode, kode="SP.1", uraian="Meningkatnya derajat kesehatan", parents=[tujuan])
    ss = SasaranFactory(
        periode=periode, opd=world.opd, kode="SS.1", uraian="Meningkatnya layanan kesehatan dasar", parents=[rpjmd]
    )
    ahh = IndikatorFactory(
        sasaran=ss,
        kode="IKU.1",
        nama="Persentase balita gizi baik",
        definisi_operasional="Balita berstatus gizi baik dibanding seluruh balita yang ditimbang.",
        alasan_pemilihan="",
        pembilang="Jumlah balita gizi baik",
        penyebut="Jumlah balita ditimbang",
        faktor=Indikator.Faktor.PERSEN,
        penanggung_jawab=world.units["own"],
        urutan=1,
    )
    TargetFactory(indikator=ahh, tahun=2025, nilai=Decimal("65"))
    TargetFactory(indikator=ahh, tahun=2026, nilai=Decimal("1234.5"))
    rentang = IndikatorFactory(
        sasaran=ss, kode="IKU.2", nama="Rasio dokter per penduduk", polaritas=Indikator.Polaritas.STABILIZE, urutan=2
    )
    TargetFactory(indikator=rentang, tahun=2025, nilai=None, batas_bawah=Decimal("10"), batas_atas=Decimal("20"))
    opini = IndikatorFactory(
        sasaran=ss,
        kode="IK.3",
        nama="Opini BPK atas laporan keuangan",
        is_iku=False,
        satuan="predikat",
        skala=SkalaKualitatif.objects.get(pemda=None, nama="Opini BPK"),
        baseline_nilai=Decimal("3"),
        urutan=3,
    )
    TargetFactory(indikator=opini, tahun=2025, nilai=Decimal("4"))
    other = SasaranFactory(periode=periode, opd=world.other_opd, kode="SS.1", uraian=OTHER_OPD_NODE, parents=[rpjmd])
    IndikatorFactory(sasaran=other, nama="Angka partisipasi murni SD")
    orphan = SasaranFactory(periode=periode, opd=world.opd, kode="SS.9", uraian=ORPHAN, urutan=9)
    return {"periode": periode, "tujuan": tujuan, "rpjmd": rpjmd, "ss": ss, "other": other, "orphan": orphan}


def manual_url(tree, opd, name="iku_manual:manual_iku"):
    return reverse(name, args=[tree["periode"].pk, opd.pk])


def pohon_url(tree, name="iku_manual:pohon_kinerja"):
    return reverse(name, args=[tree["periode"].pk])


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


# --- Manual IKU ----------------------------------------------------------------------------------


def test_manual_context_has_every_indicator_of_the_opd_with_its_targets(world, tree, django_assert_num_queries):
    with django_assert_num_queries(3):  # indicators (with sasaran, scale, unit), targets, scale steps
        context = build_manual_iku_context(periode=tree["periode"], opd=world.opd)

    sheets = context["sheets"]
    assert [s.indikator.kode for s in sheets] == ["IKU.1", "IKU.2", "IK.3"]
    assert context["filename"] == "manual-iku-dinkes-2025-2029.pdf"
    assert context["periode_label"] == "2025–2029"
    first, rentang, opini = sheets
    assert first.targets == [(2025, "65"), (2026, "1.234,5"), (2027, "-"), (2028, "-"), (2029, "-")]
    assert rentang.targets[0] == (2025, "10–20")
    assert opini.targets[0] == (2025, "WTP")

    rows = dict(first.rows)
    assert rows["Sasaran"] == "SS.1 Meningkatnya layanan kesehatan dasar"
    assert rows["Indikator kinerja utama (IKU)"] == "Ya"
    assert rows["Alasan pemilihan indikator"] == "-"
    assert rows["Pembilang"] == "Jumlah balita gizi baik"
    assert rows["Faktor pengali"] == "persen (×100)"
    assert rows["Penanggung jawab"] == world.units["own"].nama
    assert rows["Baseline"] == "2024: 60"
    assert "Skala kualitatif" not in rows

    rows = dict(opini.rows)
    assert rows["Indikator kinerja utama (IKU)"] == "Tidak"
    assert rows["Baseline"] == "2024: WDP"
    assert rows["Skala kualitatif"].startswith("Opini BPK: WTP (Wajar Tanpa Pengecualian) = 4; WDP")
    assert rows["Penanggung jawab"] == "-"
    assert "Pembilang" not in rows


def test_manual_page_shows_the_sheets_and_a_download_button(world, tree, client_for):
    response = client_for("perencana").get(manual_url(tree, world.opd))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Persentase balita gizi baik" in html
    assert "Balita berstatus gizi baik" in html
    assert "1.234,5" in html
    assert "Unduh PDF" in html
    assert manual_url(tree, world.opd, "iku_manual:manual_iku_pdf") in html
    assert "Angka partisipasi murni SD" not in html


def test_manual_pdf_has_cover_contents_sheets_and_page_numbers(world, tree, client_for):
    response = client_for("kepala_opd").get(manual_url(tree, world.opd, "iku_manual:manual_iku_pdf"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="manual-iku-dinkes-2025-2029.pdf"'
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 5  # cover, contents, one sheet per indicator
    text = pdf_text(response.content)
    for expected in [
        "MANUAL INDIKATOR KINERJA UTAMA",
        "Dinas Kesehatan",
        "Pemerintah Kota Uji",
        "2025–2029",
        "Persentase balita gizi baik",
        "Balita berstatus gizi baik dibanding seluruh balita yang ditimbang.",
        "65",
        "1.234,5",
        "10–20",
        "WTP",
        "Halaman 1 dari 5",
    ]:
        assert expected in text, expected
    # The contents give each sheet's page: the first indicator starts on page 3.
    contents = reader.pages[1].extract_text()
    assert "DAFTAR ISI" in contents
    assert "Persentase balita gizi baik" in contents
    assert "3" in contents.split("Persentase balita gizi baik", 1)[1].splitlines()[0]


def test_manual_pdf_embeds_the_pemda_logo(world, tree, client_for):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#0b3d6e").save(buffer, format="PNG")
    world.pemda.logo.save("logo.png", ContentFile(buffer.getvalue()))

    response = client_for("perencana").get(manual_url(tree, world.opd, "iku_manual:manual_iku_pdf"))

    assert response.status_code == 200
    assert len(PdfReader(io.BytesIO(response.content)).pages[0].images) == 1


@pytest.mark.parametrize("role", ["perencana", "kepala_opd", "evaluator", "pimpinan", "admin_pemda", "superuser"])
def test_manual_is_read_by_whoever_may_see_the_opd(world, tree, client_for, role):
    assert client_for(role).get(manual_url(tree, world.opd)).status_code == 200


@pytest.mark.parametrize("name", ["iku_manual:manual_iku", "iku_manual:manual_iku_pdf"])
@pytest.mark.parametrize("planner", ["other_opd", "other_pemda"])
def test_manual_of_an_opd_out_of_sight_is_404(world, tree, client, name, planner):
    client.force_login(world.planners[planner])
    assert client.get(manual_url(tree, world.opd, name)).status_code == 404


def test_manual_of_another_pemda_opd_is_404_even_for_the_evaluator(world, tree, client_for):
    url = reverse("iku_manual:manual_iku", args=[tree["periode"].pk, world.other_pemda_opd.pk])
    assert client_for("evaluator").get(url).status_code == 404


def test_manual_needs_login(world, tree, client_for):
    response = client_for("anon").get(manual_url(tree, world.opd))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- Pohon kinerja -------------------------------------------------------------------------------


def test_pohon_context_flags_orphans_and_keeps_opd_roles_to_their_opd(world, tree, django_assert_num_queries):
    with django_assert_num_queries(3):  # nodes, their parents, their indicators
        context = build_pohon_context(periode=tree["periode"], user=world.users["perencana"])

    assert [s.uraian for s in context["summary"].orphans] == [ORPHAN]
    shown = {step.node.sasaran.pk for step in context["outline"] if step.opens}
    assert shown == {tree["tujuan"].pk, tree["rpjmd"].pk, tree["ss"].pk, tree["orphan"].pk}
    assert context["summary"].indicators == 3
    assert context["summary"].iku == 2


def test_pohon_page_flags_the_orphan_and_hides_other_opds_from_a_perencana(world, tree, client_for):
    response = client_for("perencana").get(pohon_url(tree))

    assert response.status_code == 200
    html = response.content.decode()
    assert "belum terhubung" in html
    assert ORPHAN in html
    assert "Meningkatnya layanan kesehatan dasar" in html
    assert "Masyarakat sehat" in html
    assert OTHER_OPD_NODE not in html
    assert reverse("iku_manual:sasaran_detail", args=[tree["ss"].pk]) in html
    assert "<details open" in html
    assert pohon_url(tree, "iku_manual:pohon_kinerja_pdf") in html


def test_pohon_page_shows_every_opd_to_the_evaluator(world, tree, client_for):
    html = client_for("evaluator").get(pohon_url(tree)).content.decode()
    assert OTHER_OPD_NODE in html
    assert "Meningkatnya layanan kesehatan dasar" in html


def test_pohon_filter_shows_the_pemda_level_and_one_opd(world, tree, client_for):
    SasaranFactory(
        periode=tree["periode"], opd=world.other_opd, kode="SS.5", uraian="Meningkatnya UKS", parents=[tree["ss"]]
    )

    response = client_for("evaluator").get(pohon_url(tree), {"opd": world.other_opd.pk})

    html = response.content.decode()
    assert OTHER_OPD_NODE in html
    assert "Meningkatnya derajat kesehatan" in html
    assert "Meningkatnya layanan kesehatan dasar" not in html
    # The crosscutting node's parent (a Dinkes node) is filtered out: it is said, not flagged as orphan.
    assert "Meningkatnya UKS" in html
    assert "mendukung sasaran di luar tampilan ini" in html
    assert "belum terhubung" not in html
    assert f"{pohon_url(tree, 'iku_manual:pohon_kinerja_pdf')}?opd={world.other_opd.pk}" in html


@pytest.mark.parametrize(
    ("role", "query"),
    [("perencana", {"opd": "other_opd"}), ("evaluator", {"opd": "other_pemda_opd"}), ("evaluator", {"opd": "x"})],
)
def test_pohon_filter_by_an_opd_out_of_sight_is_404(world, tree, client_for, role, query):
    value = query["opd"]
    opd = getattr(world, value, None)
    response = client_for(role).get(pohon_url(tree), {"opd": opd.pk if opd else value})
    assert response.status_code == 404


def test_pohon_of_another_pemda_is_404(world, tree, client):
    client.force_login(world.planners["other_pemda"])
    assert client.get(pohon_url(tree)).status_code == 404
    assert client.get(pohon_url(tree, "iku_manual:pohon_kinerja_pdf")).status_code == 404


def test_pohon_pdf_draws_the_tree(world, tree, client_for):
    response = client_for("evaluator").get(pohon_url(tree, "iku_manual:pohon_kinerja_pdf"))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pohon-kinerja-2025-2029.pdf"'
    text = pdf_text(response.content)
    for expected in [
        "Pohon Kinerja",
        "Meningkatnya layanan kesehatan dasar",
        OTHER_OPD_NODE,
        ORPHAN,
        "belum terhubung",
    ]:
        assert expected in text, expected
    assert "Halaman 1 dari" in text


# --- Constant number of queries ------------------------------------------------------------------


def grow(world, tree, times: int) -> None:
    """More nodes at every level, each with indicators carrying targets, a unit and a scale."""
    periode, opini = tree["periode"], SkalaKualitatif.objects.get(pemda=None, nama="Opini BPK")
    for _ in range(times):
        rpjmd = SasaranFactory(periode=periode, parents=[tree["tujuan"]])
        for opd, unit in [(world.opd, world.units["own"]), (world.other_opd, world.units["other_opd"])]:
            node = SasaranFactory(periode=periode, opd=opd, parents=[rpjmd, tree["rpjmd"]])
            number = IndikatorFactory(sasaran=node, penanggung_jawab=unit)
            quality = IndikatorFactory(sasaran=node, skala=opini, satuan="predikat", is_iku=False)
            for tahun in periode.tahun:
                TargetFactory(indikator=number, tahun=tahun, nilai=Decimal(tahun - 1960))
                TargetFactory(indikator=quality, tahun=tahun, nilai=Decimal("4"))


def count_queries(client, url) -> int:
    reset_queries()  # the query log is a bounded deque: a full one would count nothing
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(("role", "page"), [("perencana", "manual"), ("evaluator", "manual"), ("evaluator", "pohon")])
def test_query_count_does_not_grow_with_data(world, tree, client_for, role, page):
    client = client_for(role)
    url = manual_url(tree, world.opd) if page == "manual" else pohon_url(tree)
    grow(world, tree, 2)
    small = count_queries(client, url)
    grow(world, tree, 10)
    large = count_queries(client, url)
    assert small > 0  # the capture works
    assert small == large, f"{page}: {small} queries with 2 sasaran per OPD, {large} with 12"
    assert large <= 12


def test_pohon_query_count_for_a_perencana_does_not_grow_either(world, tree, client_for):
    client = client_for("perencana")
    grow(world, tree, 2)
    small = count_queries(client, pohon_url(tree))
    grow(world, tree, 10)
    assert count_queries(client, pohon_url(tree)) == small


# --- The shared PDF helpers ----------------------------------------------------------------------


def test_pdf_fetcher_reads_static_files_from_disk_and_refuses_the_network():
    fetcher = LocalFetcher()
    response = fetcher.fetch(urljoin(DOCUMENT_ORIGIN, "/static/css/sakip.css"))
    assert b"--sakip-blue" in response.read()
    response.close()
    for url in ["https://example.com/style.css", "file:///etc/passwd", urljoin(DOCUMENT_ORIGIN, "/static/none.css")]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_pdf_response_is_a_private_download():
    response = pdf_response(b"%PDF-1.7", "laporan kinerja.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="laporan kinerja.pdf"'
    assert "private" in response["Cache-Control"]


def test_image_data_uri_is_empty_without_a_usable_file(world):
    assert image_data_uri(world.pemda.logo) is None
    world.pemda.logo.name = "pemda/hilang/logo-tidak-ada"
    assert image_data_uri(world.pemda.logo) is None
