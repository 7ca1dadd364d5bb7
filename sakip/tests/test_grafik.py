from decimal import Decimal as D

import pytest
from defusedxml import ElementTree
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from sakip.grafik import KOSONG, PALET, Seri, Titik, batang, garis, sebar, tick_rapi
from sakip.numbers import format_decimal

NS = "{http://www.w3.org/2000/svg}"


def parse(grafik):
    return ElementTree.fromstring(str(grafik.svg))


def find(root, tag, cls=None):
    return [el for el in root.iter(f"{NS}{tag}") if cls is None or el.get("class") == cls]


def texts(root, cls):
    return [el.text for el in find(root, "text", cls)]


def target_realisasi(**kwargs):
    return batang(
        "Target dan realisasi IKU",
        ["Indeks Kepuasan Masyarakat", "Angka kemiskinan", "Pertumbuhan ekonomi"],
        [
            Seri("Target", [D("80"), D("40"), D("5")]),
            Seri("Realisasi", [D("84.5"), None, D("5.25")]),
        ],
        **kwargs,
    )


def test_svg_is_a_complete_accessible_element():
    grafik = target_realisasi(satuan="%")
    assert isinstance(grafik.svg, SafeString)
    root = parse(grafik)
    assert root.tag == f"{NS}svg"
    assert root.get("viewBox") == "0 0 640 320"
    assert root.get("width") == "100%"
    assert root.get("role") == "img"
    assert root.get("font-family") == "DejaVu Sans, sans-serif"
    assert root.find(f"{NS}title").text == "Target dan realisasi IKU"
    assert "Target, Realisasi" in root.find(f"{NS}desc").text
    assert "<script" not in str(grafik.svg)


def test_bars_one_per_value_and_none_draws_nothing():
    root = parse(target_realisasi())
    bars = find(root, "rect", "batang")
    assert len(bars) == 5  # 2 series × 3 categories, less the missing realisasi
    assert {bar.get("fill") for bar in bars} == {PALET[0], PALET[1]}
    assert [bar.find(f"{NS}title").text for bar in bars][:2] == [
        "Target · Indeks Kepuasan Masyarakat: 80",
        "Realisasi · Indeks Kepuasan Masyarakat: 84,5",
    ]
    assert len(find(root, "g", "legenda")) == 2


def test_bar_heights_are_proportional_to_values():
    bars = find(parse(target_realisasi()), "rect", "batang")
    tinggi = {bar.find(f"{NS}title").text.split(":")[0]: float(bar.get("height")) for bar in bars}
    assert tinggi["Target · Indeks Kepuasan Masyarakat"] == pytest.approx(
        2 * tinggi["Target · Angka kemiskinan"], abs=0.02
    )
    # Bars of one chart stand on the same baseline.
    assert len({float(bar.get("y")) + float(bar.get("height")) for bar in bars}) == 1


def test_negative_values_hang_below_the_zero_line():
    grafik = batang("Pertumbuhan", ["2024", "2025"], [Seri("Pertumbuhan", [D("4"), D("-2")])], satuan="%")
    root = parse(grafik)
    (nol,) = find(root, "line", "nol")
    y_nol = float(nol.get("y1"))
    positif, negatif = find(root, "rect", "batang")
    assert float(positif.get("y")) + float(positif.get("height")) == pytest.approx(y_nol)
    assert float(negatif.get("y")) == pytest.approx(y_nol)
    assert float(positif.get("height")) == pytest.approx(2 * float(negatif.get("height")), abs=0.02)
    ticks = texts(root, "tick")
    assert ticks[0].startswith("-") and "0" in ticks
    assert texts(root, "satuan") == ["%"]


@pytest.mark.parametrize(
    ("rendah", "tinggi", "expected"),
    [
        (D(0), D(10000), ["0", "2.000", "4.000", "6.000", "8.000", "10.000"]),
        (D(0), D(2400), ["0", "500", "1.000", "1.500", "2.000", "2.500"]),
        (D(0), D(12), ["0", "2,5", "5", "7,5", "10", "12,5"]),
        (D(0), D(100), ["0", "20", "40", "60", "80", "100"]),
        (D(0), D(0), ["0", "0,2", "0,4", "0,6", "0,8", "1"]),
        (D(-2), D(4), ["-2", "0", "2", "4"]),
        (D("-1.3"), D(90), ["-25", "0", "25", "50", "75", "100"]),
    ],
)
def test_ticks_are_nice_steps(rendah, tinggi, expected):
    ticks = tick_rapi(rendah, tinggi)
    assert 4 <= len(ticks) <= 6
    assert [format_decimal(t) for t in ticks] == expected


def test_tick_labels_on_the_axis_are_indonesian():
    grafik = batang("Pagu", ["Program A"], [Seri("Pagu", [D(2400)]), Seri("Realisasi", [D("1234.5")])], satuan="Rp")
    assert texts(parse(grafik), "tick") == ["0", "500", "1.000", "1.500", "2.000", "2.500"]
    assert grafik.tabel.baris == [["Program A", "2.400", "1.234,5"]]
    grafik = batang("Persen", ["A"], [Seri("Capaian", [D(12)])])
    assert texts(parse(grafik), "tick")[-1] == "12,5"


def test_table_has_formatted_numbers_and_a_dash_for_none():
    grafik = target_realisasi(satuan="%")
    assert grafik.tabel.kolom == ["Uraian", "Target (%)", "Realisasi (%)"]
    assert grafik.tabel.baris == [
        ["Indeks Kepuasan Masyarakat", "80", "84,5"],
        ["Angka kemiskinan", "40", KOSONG],
        ["Pertumbuhan ekonomi", "5", "5,25"],
    ]


def test_long_category_labels_are_shortened_with_the_full_text_in_a_title():
    panjang = "Persentase perangkat daerah dengan nilai SAKIP minimal B"
    grafik = batang("IKU", [panjang, "Pendek"], [Seri("Target", [D(1), D(2)])])
    groups = find(parse(grafik), "g", "kategori")
    shortened, short = groups
    assert shortened.find(f"{NS}text").text.endswith("…")
    assert len(shortened.find(f"{NS}text").text) < len(panjang)
    assert shortened.find(f"{NS}title").text == panjang
    assert short.find(f"{NS}text").text == "Pendek" and short.find(f"{NS}title") is None
    assert grafik.tabel.baris[0][0] == panjang


def test_hostile_labels_stay_text():
    jahat = '<script>alert("x")</script> & Co\x00'
    grafik = batang(jahat, [jahat], [Seri(jahat, [D(1)])], satuan="<b>")
    svg = str(grafik.svg)
    assert "<script>" not in svg and "<b>" not in svg
    root = parse(grafik)  # still well-formed XML
    assert root.find(f"{NS}title").text == '<script>alert("x")</script> & Co'
    assert not find(root, "script")
    html = render_to_string("includes/grafik.html", {"grafik": grafik})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_invalid_colour_is_refused():
    with pytest.raises(ValueError, match="#rrggbb"):
        Seri("X", [D(1)], warna='red" onload="x')
    assert Seri("X", [D(1)], warna="#123abc").warna == "#123abc"


def test_series_must_match_the_categories():
    with pytest.raises(ValueError, match="2 nilai untuk 3 kategori"):
        batang("X", ["a", "b", "c"], [Seri("S", [D(1), D(2)])])


def test_lines_have_markers_per_point_and_gaps_where_none():
    grafik = garis(
        "Tren capaian",
        [2021, 2022, 2023, 2024, 2025],
        [
            Seri("Capaian", [D(90), D(95), None, D("101.5"), D(98)]),
            Seri("Serapan", [D(80), D(85), D(88), D(91), D(93)]),
        ],
        satuan="%",
    )
    root = parse(grafik)
    assert len(find(root, "circle", "titik")) == 9
    lines = find(root, "polyline", "garis")
    # The first series breaks at 2023 into two runs; the second is one unbroken line.
    assert [len(line.get("points").split()) for line in lines] == [2, 2, 5]
    assert texts(root, "tahun") == ["2021", "2022", "2023", "2024", "2025"]  # years are not "2.021"
    assert grafik.tabel.kolom == ["Tahun", "Capaian (%)", "Serapan (%)"]
    assert grafik.tabel.baris[2] == ["2023", KOSONG, "88"]
    assert grafik.tabel.baris[3] == ["2024", "101,5", "91"]


def test_lines_over_months_name_their_axis():
    grafik = garis("Serapan", ["Jan", "Feb", "Mar"], [Seri("Serapan", [D(5), D(11), None])], satuan="%", sumbu="Bulan")
    root = parse(grafik)
    assert texts(root, "tahun") == ["Jan", "Feb", "Mar"]
    assert grafik.tabel.kolom == ["Bulan", "Serapan (%)"]
    assert "bulan Jan sampai Mar" in str(grafik.svg)


def test_a_lone_point_between_gaps_is_a_marker_without_a_line():
    root = parse(garis("Tren", [2023, 2024, 2025], [Seri("A", [None, D(5), None])]))
    assert len(find(root, "circle", "titik")) == 1
    assert not find(root, "polyline", "garis")


def test_scatter_has_a_reference_line_and_axes_from_zero_to_at_least_100():
    grafik = sebar(
        "Capaian dan serapan",
        [
            Titik("Dinas Pendidikan", D(95), D(102)),
            Titik("Dinas Kesehatan", D(88), D("76.5")),
            Titik("BPKAD", None, D(50)),
        ],
        x_label="Serapan anggaran (%)",
        y_label="Capaian kinerja (%)",
    )
    root = parse(grafik)
    # Points and their numbers in a group each, which holds their colour and size.
    (points,) = find(root, "g", "titik")
    assert [(c.get("r"), c.find(f"{NS}title").text) for c in points.iter(f"{NS}circle")] == [
        ("4", "1. Dinas Pendidikan: Serapan anggaran (%) 95, Capaian kinerja (%) 102"),
        ("4", "2. Dinas Kesehatan: Serapan anggaran (%) 88, Capaian kinerja (%) 76,5"),
    ]
    assert points.get("fill") == PALET[0]
    (numbers,) = find(root, "g", "nomor")
    assert [el.text for el in numbers.iter(f"{NS}text")] == ["1", "2"]
    assert texts(root, "tick") == ["0", "25", "50", "75", "100", "125"]
    assert texts(root, "tick-x") == ["0", "25", "50", "75", "100", "125"]
    (acuan,) = find(root, "line", "acuan")
    # From the origin (bottom left) to the common maximum (top right).
    assert float(acuan.get("x1")) < float(acuan.get("x2"))
    assert float(acuan.get("y1")) > float(acuan.get("y2"))
    assert grafik.tabel.kolom == ["Uraian", "Serapan anggaran (%)", "Capaian kinerja (%)"]
    assert grafik.tabel.baris == [
        ["1. Dinas Pendidikan", "95", "102"],
        ["2. Dinas Kesehatan", "88", "76,5"],
        ["3. BPKAD", KOSONG, "50"],
    ]


def test_scatter_with_small_values_still_reaches_100():
    root = parse(sebar("X", [Titik("A", D(10), D(20))], x_label="x", y_label="y"))
    assert texts(root, "tick")[-1] == "100"


@pytest.mark.parametrize(
    "grafik",
    [
        batang("Kosong", ["A", "B"], [Seri("Target", [None, None])]),
        batang("Kosong", [], []),
        garis("Kosong", [2024, 2025], [Seri("Capaian", [None, None])]),
        sebar("Kosong", [Titik("A", None, D(3))], x_label="x", y_label="y"),
        sebar("Kosong", [], x_label="x", y_label="y"),
    ],
)
def test_no_data_says_so_in_valid_svg(grafik):
    root = parse(grafik)
    assert texts(root, "kosong") == ["Belum ada data"]
    assert root.find(f"{NS}title").text == "Kosong"
    assert not find(root, "rect", "batang") and not find(root, "circle")  # no point of any chart
    assert grafik.tabel.kolom == [] and grafik.tabel.baris == []


def test_output_is_deterministic():
    assert str(target_realisasi().svg) == str(target_realisasi().svg)
    assert str(target_realisasi().svg).encode() == str(target_realisasi().svg).encode()
    titik = [Titik("A", D("33.333"), D("66.667"))]
    assert str(sebar("S", titik, x_label="x", y_label="y").svg) == str(sebar("S", titik, x_label="x", y_label="y").svg)


def test_coordinates_have_at_most_two_decimals():
    svg = str(batang("X", ["a", "b", "c"], [Seri("S", [D(1), D(3), D(7)])]).svg)
    root = ElementTree.fromstring(svg)
    for el in root.iter():
        for name in ("x", "y", "width", "height", "cx", "cy", "x1", "y1", "x2", "y2"):
            value = el.get(name)
            if value and value != "100%":
                assert len(value.partition(".")[2]) <= 2, (el.tag, name, value)


def test_partial_renders_figure_svg_caption_and_table():
    html = render_to_string("includes/grafik.html", {"grafik": target_realisasi(satuan="%")})
    assert html.count("<figure") == 1 and "<figcaption" in html
    assert "Target dan realisasi IKU</figcaption>" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert 'class="table table-sm' in html
    assert '<th scope="col" class="num">Realisasi (%)</th>' in html
    assert '<td class="num">84,5</td>' in html
    assert f'<td class="num">{KOSONG}</td>' in html
    assert "<script" not in html and "<details" not in html


def test_partial_without_data_prints_no_table():
    grafik = garis("Tren", [2025], [Seri("A", [None])])
    html = render_to_string("includes/grafik.html", {"grafik": grafik})
    assert "Belum ada data" in html and "<table" not in html
