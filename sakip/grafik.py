"""Charts drawn on the server as SVG, shared by the dashboards (HTML) and the reports (WeasyPrint PDF).

Each chart is a :class:`Grafik`: a self-contained ``<svg>`` (no JavaScript, no stylesheet, no web
font: presentation attributes only, so WeasyPrint draws it exactly as a browser does) and the table
of the same numbers, written the Indonesian way, that ``templates/includes/grafik.html`` prints under
it. Readers of a printed report cannot hover, and screen readers cannot read bars: the table is the
source of truth, the picture a summary of it.

Geometry is computed with Decimal like every other number in SAKIP and written with two decimals, so
the same data always gives byte-identical SVG (charts can be cached and compared in tests).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from sakip.numbers import format_decimal

LEBAR = Decimal(640)
TINGGI = Decimal(320)
FONT = "DejaVu Sans, sans-serif"
KOSONG = "–"  # an en dash, as the printed reports mark a missing number

# Okabe-Ito hues, darkened where needed to keep a 3:1 contrast against white (WCAG 1.4.11), starting
# with the SAKIP blue. They stay distinguishable for the common colour-vision deficiencies.
PALET = ("#0b3d6e", "#d55e00", "#007a5a", "#8e4585", "#0072b2", "#946200")
# Lines are told apart by their dash pattern too, so a chart printed in black and white still reads.
_POLA_GARIS = ("", "6 3", "2 3", "8 3 2 3")

_WARNA = re.compile(r"^#[0-9a-fA-F]{6}$")
# Characters XML 1.0 forbids even when escaped; a label pasted from a spreadsheet may carry them.
_TIDAK_SAH = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_UKURAN_HURUF = Decimal(11)
_LEBAR_HURUF = Decimal("0.6")  # DejaVu Sans averages a little over half an em per character
_WARNA_TEKS = "#333333"
_WARNA_GRID = "#dddddd"
_WARNA_SUMBU = "#666666"


@dataclass(frozen=True)
class Tabel:
    """The numbers behind a chart, already formatted: the first column names the row."""

    kolom: list[str] = field(default_factory=list)
    baris: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class Grafik:
    judul: str
    svg: SafeString
    tabel: Tabel


@dataclass(frozen=True)
class Seri:
    """One series: a value per category (or per year); ``None`` where there is no number.
    ``warna`` is a ``#rrggbb`` colour; left empty, the series takes the next colour of the palette."""

    nama: str
    nilai: list[Decimal | None]
    warna: str | None = None

    def __post_init__(self):
        if self.warna is not None and not _WARNA.match(self.warna):
            raise ValueError(f"Warna seri harus berbentuk #rrggbb, bukan {self.warna!r}.")


@dataclass(frozen=True)
class Titik:
    label: str
    x: Decimal | None
    y: Decimal | None


# --- public chart builders ---------------------------------------------------------------------------


def batang(judul: str, kategori: list[str], seri: list[Seri], *, satuan: str = "") -> Grafik:
    """Grouped vertical bars, one group per category (target vs realisasi per indicator, pagu vs
    realisasi per program). Negative values hang below the zero line."""
    nilai = [[_desimal(v) for v in _sepanjang(s, kategori)] for s in seri]
    semua = [v for baris in nilai for v in baris if v is not None]
    if not semua:
        return _kosong(judul)
    warna = _warna_seri(seri)
    legenda, tinggi_legenda = _legenda([s.nama for s in seri], warna)
    ticks = tick_rapi(min(min(semua), Decimal(0)), max(max(semua), Decimal(0)))
    area = _area(ticks, atas=tinggi_legenda + 18, bawah=30, satuan=satuan)

    isi: list[str] = [*_sumbu_y(area, ticks, satuan), *legenda]
    lebar_grup = area.lebar / len(kategori)
    lebar_batang = min(lebar_grup * Decimal("0.8") / len(seri), Decimal(48))
    nol = area.y(Decimal(0))
    for i, nama_kategori in enumerate(kategori):
        tengah = area.kiri + lebar_grup * i + lebar_grup / 2
        kiri = tengah - lebar_batang * len(seri) / 2
        for j, s in enumerate(seri):
            v = nilai[j][i]
            if v is None:
                continue
            ujung = area.y(v)
            keterangan = f"{s.nama} · {nama_kategori}: {_angka(v, satuan)}"
            isi.append(
                f'<rect class="batang" x="{_n(kiri + lebar_batang * j)}" y="{_n(min(ujung, nol))}" '
                f'width="{_n(lebar_batang)}" height="{_n(abs(nol - ujung))}" fill="{warna[j]}">'
                f"<title>{_teks(keterangan)}</title></rect>"
            )
        isi.append(_label_kategori(nama_kategori, tengah, area.bawah + 16, lebar_grup))
    # Drawn last so it stays visible where bars meet it.
    isi.append(_garis_h("nol", area, nol, _WARNA_SUMBU, "1"))

    deskripsi = _("Diagram batang, %(kategori)d kategori, seri: %(seri)s. Angkanya ada pada tabel.") % {
        "kategori": len(kategori),
        "seri": ", ".join(s.nama for s in seri),
    }
    tabel = Tabel(
        kolom=[_("Uraian"), *(_dengan_satuan(s.nama, satuan) for s in seri)],
        baris=[[k, *(_sel(nilai[j][i]) for j in range(len(seri)))] for i, k in enumerate(kategori)],
    )
    return Grafik(judul=judul, svg=_svg(judul, deskripsi, isi), tabel=tabel)


def garis(judul: str, tahun: list, seri: list[Seri], *, satuan: str = "", sumbu: str = "") -> Grafik:
    """Lines with a marker on every year that has a value (a trend); a missing year breaks the line
    rather than being bridged, so no value is suggested where none was reported. The points are
    years unless ``sumbu`` names another axis ("Bulan", with month names as ``tahun``)."""
    sumbu = sumbu or _("Tahun")
    nilai = [[_desimal(v) for v in _sepanjang(s, tahun)] for s in seri]
    semua = [v for baris in nilai for v in baris if v is not None]
    if not semua:
        return _kosong(judul)
    warna = _warna_seri(seri)
    legenda, tinggi_legenda = _legenda([s.nama for s in seri], warna, garis=True)
    # The axis includes zero: a trend drawn from an arbitrary floor exaggerates small changes.
    ticks = tick_rapi(min(min(semua), Decimal(0)), max(max(semua), Decimal(0)))
    area = _area(ticks, atas=tinggi_legenda + 18, bawah=30, satuan=satuan)

    isi: list[str] = [*_sumbu_y(area, ticks, satuan), *legenda]
    isi.append(_garis_h("nol", area, area.y(Decimal(0)), _WARNA_SUMBU, "1"))
    tepi = Decimal(24)
    if len(tahun) == 1:
        xs = [area.kiri + area.lebar / 2]
    else:
        langkah = (area.lebar - 2 * tepi) / (len(tahun) - 1)
        xs = [area.kiri + tepi + langkah * i for i in range(len(tahun))]
    for x, t in zip(xs, tahun, strict=True):
        isi.append(_teks_svg(x, area.bawah + 16, str(t), anchor="middle", cls="tahun"))
    for j, s in enumerate(seri):
        pola = _POLA_GARIS[j % len(_POLA_GARIS)]
        dash = f' stroke-dasharray="{pola}"' if pola else ""
        for ruas in _ruas(nilai[j]):
            if len(ruas) < 2:
                continue
            titik = " ".join(f"{_n(xs[i])},{_n(area.y(nilai[j][i]))}" for i in ruas)
            isi.append(
                f'<polyline class="garis" points="{titik}" fill="none" stroke="{warna[j]}" '
                f'stroke-width="2" stroke-linejoin="round"{dash}/>'
            )
        for i, v in enumerate(nilai[j]):
            if v is None:
                continue
            keterangan = f"{s.nama} · {tahun[i]}: {_angka(v, satuan)}"
            isi.append(
                f'<circle class="titik" cx="{_n(xs[i])}" cy="{_n(area.y(v))}" r="3.5" fill="{warna[j]}" '
                f'stroke="#ffffff" stroke-width="1"><title>{_teks(keterangan)}</title></circle>'
            )

    deskripsi = _("Diagram garis, %(sumbu)s %(awal)s sampai %(akhir)s, seri: %(seri)s. Angkanya ada pada tabel.") % {
        "sumbu": sumbu.lower(),
        "awal": tahun[0],
        "akhir": tahun[-1],
        "seri": ", ".join(s.nama for s in seri),
    }
    tabel = Tabel(
        kolom=[sumbu, *(_dengan_satuan(s.nama, satuan) for s in seri)],
        baris=[[str(t), *(_sel(nilai[j][i]) for j in range(len(seri)))] for i, t in enumerate(tahun)],
    )
    return Grafik(judul=judul, svg=_svg(judul, deskripsi, isi), tabel=tabel)


def sebar(judul: str, titik: list[Titik], *, x_label: str, y_label: str) -> Grafik:
    """A scatter of two percentages (capaian kinerja against serapan anggaran, say). Both axes share
    one scale from 0 to at least 100, so the reference line y = x runs corner to corner: points above
    it achieved more than they spent. Points are numbered; the table names them."""
    pasangan = [(_desimal(t.x), _desimal(t.y)) for t in titik]
    ada = [(x, y) for x, y in pasangan if x is not None and y is not None]
    if not ada:
        return _kosong(judul)
    semua = [v for xy in ada for v in xy]
    ticks = tick_rapi(min(min(semua), Decimal(0)), max(max(semua), Decimal(100)))
    area = _area(ticks, atas=Decimal(30), bawah=38, satuan="")
    skala_x = _SkalaX(ticks[0], ticks[-1], area.kiri, area.kanan)

    isi: list[str] = list(_sumbu_y(area, ticks, ""))
    for t in ticks:
        x = skala_x.x(t)
        isi.append(
            f'<line class="grid" x1="{_n(x)}" y1="{_n(area.atas)}" x2="{_n(x)}" y2="{_n(area.bawah)}" '
            f'stroke="{_WARNA_GRID}" stroke-width="1"/>'
        )
        isi.append(_teks_svg(x, area.bawah + 14, format_decimal(t), anchor="middle", cls="tick-x", ukuran=10))
    isi.append(_garis_h("nol", area, area.bawah, _WARNA_SUMBU, "1"))
    isi.append(
        f'<line class="nol-x" x1="{_n(area.kiri)}" y1="{_n(area.atas)}" x2="{_n(area.kiri)}" '
        f'y2="{_n(area.bawah)}" stroke="{_WARNA_SUMBU}" stroke-width="1"/>'
    )
    isi.append(_teks_svg(area.kiri + area.lebar / 2, area.bawah + 32, x_label, anchor="middle", cls="label-x"))
    isi.append(_teks_svg(area.kiri, area.atas - 10, y_label, cls="label-y"))
    acuan = _("Garis acuan y = x")
    isi.append(
        f'<line class="acuan" x1="{_n(skala_x.x(ticks[0]))}" y1="{_n(area.y(ticks[0]))}" '
        f'x2="{_n(skala_x.x(ticks[-1]))}" y2="{_n(area.y(ticks[-1]))}" stroke="{_WARNA_SUMBU}" '
        f'stroke-width="1" stroke-dasharray="5 4"><title>{_teks(acuan)}</title></line>'
    )
    isi.append(_teks_svg(area.kanan, area.atas - 10, acuan, anchor="end", cls="label-acuan", ukuran=10))
    # The points and their numbers each in a group holding what they share: at a hundred OPDs the
    # points are most of the chart.
    bulatan, nomor_titik = [], []
    for nomor, (t, (x, y)) in enumerate(zip(titik, pasangan, strict=True), start=1):
        if x is None or y is None:
            continue
        cx, cy = skala_x.x(x), area.y(y)
        keterangan = f"{nomor}. {t.label}: {x_label} {format_decimal(x)}, {y_label} {format_decimal(y)}"
        bulatan.append(f'<circle cx="{_n(cx)}" cy="{_n(cy)}" r="4"><title>{_teks(keterangan)}</title></circle>')
        nomor_titik.append(f'<text x="{_n(cx + 6)}" y="{_n(cy - 5)}">{nomor}</text>')
    isi.append(
        f'<g class="titik" fill="{PALET[0]}" fill-opacity="0.85" stroke="#ffffff" stroke-width="1">'
        f"{''.join(bulatan)}</g>"
    )
    isi.append(f'<g class="nomor" font-size="9">{"".join(nomor_titik)}</g>')

    deskripsi = _("Diagram sebar, %(jumlah)d titik: %(x)s terhadap %(y)s, dengan garis acuan y = x.") % {
        "jumlah": len(ada),
        "x": x_label,
        "y": y_label,
    }
    tabel = Tabel(
        kolom=[_("Uraian"), x_label, y_label],
        baris=[
            [f"{nomor}. {t.label}", _sel(x), _sel(y)]
            for nomor, (t, (x, y)) in enumerate(zip(titik, pasangan, strict=True), start=1)
        ],
    )
    return Grafik(judul=judul, svg=_svg(judul, deskripsi, isi), tabel=tabel)


def tick_rapi(rendah: Decimal, tinggi: Decimal) -> list[Decimal]:
    """Four to six evenly spaced "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering the range."""
    if tinggi < rendah:
        rendah, tinggi = tinggi, rendah
    if tinggi == rendah:
        tinggi = rendah + 1
    eksponen = (tinggi - rendah).adjusted()
    langkah_calon = [Decimal(m).scaleb(k) for k in range(eksponen - 2, eksponen + 2) for m in ("1", "2", "2.5", "5")]
    cadangan = None
    for langkah in langkah_calon:
        awal = (rendah / langkah).to_integral_value(ROUND_FLOOR) * langkah
        akhir = (tinggi / langkah).to_integral_value(ROUND_CEILING) * langkah
        jumlah = int((akhir - awal) / langkah) + 1
        if jumlah > 6:
            continue
        ticks = [(awal + langkah * i).normalize() for i in range(jumlah)]
        if jumlah >= 4:
            return ticks
        cadangan = cadangan or ticks
    return cadangan  # a range straddling zero may leave only three ticks at the first step that fits


# --- layout ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Area:
    """The plotting rectangle and the vertical scale that maps values onto it."""

    kiri: Decimal
    kanan: Decimal
    atas: Decimal
    bawah: Decimal
    rendah: Decimal
    tinggi: Decimal

    @property
    def lebar(self) -> Decimal:
        return self.kanan - self.kiri

    def y(self, nilai: Decimal) -> Decimal:
        return self.bawah - (nilai - self.rendah) * (self.bawah - self.atas) / (self.tinggi - self.rendah)


@dataclass(frozen=True)
class _SkalaX:
    rendah: Decimal
    tinggi: Decimal
    kiri: Decimal
    kanan: Decimal

    def x(self, nilai: Decimal) -> Decimal:
        return self.kiri + (nilai - self.rendah) * (self.kanan - self.kiri) / (self.tinggi - self.rendah)


def _area(ticks: list[Decimal], *, atas: Decimal, bawah: int, satuan: str) -> _Area:
    # The left margin makes room for the longest tick label ("12.500.000.000" needs far more than "50").
    terpanjang = max(len(format_decimal(t)) for t in ticks)
    kiri = max(Decimal(36), _lebar_teks(terpanjang, Decimal(10)) + 14)
    if satuan:
        atas = max(atas, Decimal(30))
    return _Area(
        kiri=kiri,
        kanan=LEBAR - 12,
        atas=Decimal(atas),
        bawah=TINGGI - bawah,
        rendah=ticks[0],
        tinggi=ticks[-1],
    )


def _sumbu_y(area: _Area, ticks: list[Decimal], satuan: str) -> list[str]:
    bagian = []
    for t in ticks:
        y = area.y(t)
        bagian.append(_garis_h("grid", area, y, _WARNA_GRID, "1"))
        etiket = format_decimal(t)
        bagian.append(_teks_svg(area.kiri - 6, y + Decimal("3.5"), etiket, anchor="end", cls="tick", ukuran=10))
    if satuan:
        bagian.append(_teks_svg(area.kiri - 6, area.atas - 10, satuan, anchor="end", cls="satuan", ukuran=10))
    return bagian


def _legenda(nama: list[str], warna: list[str], *, garis: bool = False) -> tuple[list[str], Decimal]:
    """Swatches and names from the left, wrapping to a new row when the next one would not fit."""
    bagian, x, baris = [], Decimal(12), 0
    for j, (n, w) in enumerate(zip(nama, warna, strict=True)):
        teks = _pendekkan(n, 32)
        lebar = 18 + _lebar_teks(len(teks), _UKURAN_HURUF) + 16
        if x + lebar > LEBAR - 12 and x > 12:
            x, baris = Decimal(12), baris + 1
        y = Decimal(14) + 18 * baris
        if garis:
            pola = _POLA_GARIS[j % len(_POLA_GARIS)]
            dash = f' stroke-dasharray="{pola}"' if pola else ""
            simbol = (
                f'<line x1="{_n(x)}" y1="{_n(y - 4)}" x2="{_n(x + 14)}" y2="{_n(y - 4)}" stroke="{w}" '
                f'stroke-width="2"{dash}/>'
            )
        else:
            simbol = f'<rect x="{_n(x)}" y="{_n(y - 9)}" width="10" height="10" fill="{w}"/>'
        bagian.append(f'<g class="legenda">{simbol}{_teks_svg(x + 18, y, teks)}</g>')
        x += lebar
    return bagian, Decimal(14) + 18 * baris + 6


def _label_kategori(nama: str, x: Decimal, y: Decimal, lebar: Decimal) -> str:
    muat = max(int(lebar / (_LEBAR_HURUF * 10)) - 1, 3)
    pendek = _pendekkan(nama, muat)
    teks = _teks_svg(x, y, pendek, anchor="middle", ukuran=10)
    if pendek == nama:
        return f'<g class="kategori">{teks}</g>'
    # The full name stays available: a browser shows the <title> on hover, and the table prints it.
    return f'<g class="kategori"><title>{_teks(nama)}</title>{teks}</g>'


# --- small helpers -----------------------------------------------------------------------------------


def _svg(judul: str, deskripsi: str, isi: list[str], *, tinggi: Decimal = TINGGI) -> SafeString:
    kepala = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LEBAR} {tinggi}" width="100%" '
        f'role="img" font-family="{FONT}" font-size="{_UKURAN_HURUF}" fill="{_WARNA_TEKS}">'
        f"<title>{_teks(judul)}</title><desc>{_teks(deskripsi)}</desc>"
    )
    latar = f'<rect class="latar" x="0" y="0" width="{LEBAR}" height="{tinggi}" fill="#ffffff"/>'
    # Safe: every piece of text above went through _teks().
    return mark_safe(kepala + latar + "".join(isi) + "</svg>")


def _kosong(judul: str) -> Grafik:
    # A low strip rather than a full-height blank: an empty chart should not take half a page.
    pesan, tinggi = _("Belum ada data"), Decimal(80)
    isi = [_teks_svg(LEBAR / 2, tinggi / 2 + 5, pesan, anchor="middle", cls="kosong", ukuran=14, warna="#666666")]
    return Grafik(judul=judul, svg=_svg(judul, pesan, isi, tinggi=tinggi), tabel=Tabel())


def _teks_svg(
    x: Decimal | float,
    y: Decimal | float,
    isi: str,
    *,
    anchor: str = "start",
    cls: str | None = None,
    ukuran: int | None = None,
    warna: str | None = None,
) -> str:
    atribut = f'x="{_n(x)}" y="{_n(y)}"'
    if anchor != "start":
        atribut += f' text-anchor="{anchor}"'
    if cls:
        atribut = f'class="{cls}" ' + atribut
    if ukuran:
        atribut += f' font-size="{ukuran}"'
    if warna:
        atribut += f' fill="{warna}"'
    return f"<text {atribut}>{_teks(isi)}</text>"


def _garis_h(cls: str, area: _Area, y: Decimal, warna: str, tebal: str) -> str:
    return (
        f'<line class="{cls}" x1="{_n(area.kiri)}" y1="{_n(y)}" x2="{_n(area.kanan)}" y2="{_n(y)}" '
        f'stroke="{warna}" stroke-width="{tebal}"/>'
    )


def _teks(nilai: object) -> str:
    """Text for an XML element or attribute: markup characters escaped, forbidden ones dropped."""
    return html.escape(_TIDAK_SAH.sub("", str(nilai)), quote=True)


def _n(nilai: Decimal | float | int) -> str:
    """A coordinate: two decimals at most, no trailing zeros, never "-0"."""
    angka = round(float(nilai), 2)
    teks = f"{angka:.2f}".rstrip("0").rstrip(".")
    return "0" if teks == "-0" else teks


def _desimal(nilai: Decimal | int | None) -> Decimal | None:
    if nilai is None:
        return None
    if isinstance(nilai, bool) or not isinstance(nilai, Decimal | int):
        raise TypeError(f"Nilai grafik harus Decimal, bukan {type(nilai).__name__}.")
    nilai = Decimal(nilai)
    if not nilai.is_finite():
        raise ValueError("Nilai grafik harus angka yang terhingga.")
    return nilai


def _sepanjang(s: Seri, sumbu: Sequence) -> list:
    if len(s.nilai) != len(sumbu):
        raise ValueError(f"Seri {s.nama!r} punya {len(s.nilai)} nilai untuk {len(sumbu)} kategori.")
    return s.nilai


def _warna_seri(seri: list[Seri]) -> list[str]:
    return [s.warna or PALET[j % len(PALET)] for j, s in enumerate(seri)]


def _ruas(nilai: list[Decimal | None]) -> list[list[int]]:
    """Indexes of the runs of consecutive values, split where a value is missing."""
    ruas, sekarang = [], []
    for i, v in enumerate(nilai):
        if v is None:
            if sekarang:
                ruas.append(sekarang)
            sekarang = []
        else:
            sekarang.append(i)
    if sekarang:
        ruas.append(sekarang)
    return ruas


def _pendekkan(teks: str, muat: int) -> str:
    return teks if len(teks) <= muat else teks[: muat - 1].rstrip() + "…"


def _lebar_teks(jumlah_huruf: int, ukuran: Decimal) -> Decimal:
    return jumlah_huruf * ukuran * _LEBAR_HURUF


def _sel(nilai: Decimal | None) -> str:
    return KOSONG if nilai is None else format_decimal(nilai)


def _angka(nilai: Decimal, satuan: str) -> str:
    return f"{format_decimal(nilai)} {satuan}".rstrip()


def _dengan_satuan(nama: str, satuan: str) -> str:
    return f"{nama} ({satuan})" if satuan else nama
