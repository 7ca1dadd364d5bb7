"""The LKjIP as a document (PermenPANRB 53/2014; domain.md §4.2 and §4.3): the planner's narratives
made safe, the charts, the body of the report (``templates/pdf/lkjip_isi.html`` for an OPD,
``lkjip_pemda_isi.html`` for the pemda's consolidated report), the printable document around it
(``templates/pdf/lkjip.html``) and the WeasyPrint rendering.

The body is shown twice: inside the web page (preview) and inside the PDF, so it is rendered once
and wrapped. ``isi_html`` and ``dokumen_html`` are deterministic: the same data gives the same bytes
(no clock, no random ids), because the PDF is cached under the SHA-256 of ``dokumen_html``.
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import markdown
import nh3
from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint import HTML

from evaluasi.lkjip import (
    AnalisisIndikator,
    LaporanData,
    LaporanPemdaData,
    build_lkjip_context,
    build_lkjip_pemda_context,
)
from evaluasi.models_lkjip import NARASI_FIELDS, LaporanKinerja
from sakip.grafik import Grafik, Seri, Titik, batang, garis, sebar
from sakip.models import Pejabat
from sakip.pdf import DOCUMENT_ORIGIN, LocalFetcher, font_config, image_data_uri

__all__ = ["cetak", "dokumen_html", "grafik_opd", "grafik_pemda", "isi_html", "narasi_html"]

# What a narrative may contain once rendered: paragraphs, line breaks, bold, italic and lists.
# No attribute at all, so no link, no image, no style and no event handler survives.
TAG_NARASI = {"p", "br", "strong", "em", "ul", "ol", "li"}
_MARKDOWN_EXTENSIONS = ["nl2br", "sane_lists"]
_BUTIR = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_JUDUL = re.compile(r"<h[1-6]>(.*?)</h[1-6]>", re.DOTALL)
_KOSONG = re.compile(r"<p>\s*</p>")


# --- Narratives ------------------------------------------------------------------------------------


def _sela_daftar(teks: str) -> str:
    """Planners start a list right under a sentence ("Faktor:\\n- a"); Markdown wants a blank line
    before it, so one is added where a list item follows a line of plain text."""
    baris = teks.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    hasil: list[str] = []
    for line in baris:
        if _BUTIR.match(line) and hasil and hasil[-1].strip() and not _BUTIR.match(hasil[-1]):
            hasil.append("")
        hasil.append(line)
    return "\n".join(hasil)


def narasi_html(teks: str) -> SafeString:
    """A narrative typed by a planner (a Markdown subset: paragraphs, line breaks, **tebal**, *miring*,
    "- " and "1. " lists) as HTML limited to ``TAG_NARASI`` without attributes.

    Markup the user types is escaped before Markdown sees it, so "<script>" or "<img onerror>" print
    as the text they are; nh3 then removes whatever Markdown itself produced outside the allowlist
    (links, images, headings, code) keeping their text. Two layers: either alone is enough."""
    if not teks or not teks.strip():
        return mark_safe("")
    escaped = teks.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = markdown.markdown(_sela_daftar(escaped), extensions=_MARKDOWN_EXTENSIONS, output_format="html")
    # A heading typed with "#" reads as a bold paragraph rather than losing its paragraph.
    html = _JUDUL.sub(r"<p><strong>\1</strong></p>", html)
    bersih = nh3.clean(html, tags=TAG_NARASI, attributes={}, link_rel=None, url_schemes=set())
    return mark_safe(_KOSONG.sub("", bersih).strip())  # nh3 output holds only allowlisted tags without attributes


# --- Charts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrafikOpd:
    """The charts of an OPD's report, looked up by the template with ``get_item``."""

    indikator: dict[int, Grafik] = field(default_factory=dict)  # by BarisPK pk: target vs realisasi per year
    sasaran: dict[int, Grafik] = field(default_factory=dict)  # by Sasaran pk: capaian per year of its indicators
    anggaran: Grafik | None = None  # Bab III B: capaian kinerja against serapan anggaran per sasaran


@dataclass(frozen=True)
class GrafikPemda:
    capaian: Grafik | None = None  # capaian per OPD
    anggaran: Grafik | None = None  # capaian against serapan per OPD


def _dua(nilai: Decimal | None) -> Decimal | None:
    """A percentage as the report prints it (two decimals, half up), so a chart's table agrees with
    the tables of the report instead of showing 93,3333333…"""
    return None if nilai is None else nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _tahun_indikator(item: AnalisisIndikator):
    return [*item.tahun_lalu, item.tahun_ini]


def _grafik_indikator(item: AnalisisIndikator) -> Grafik:
    tahun = _tahun_indikator(item)
    teks = item.teks
    judul = _("Target dan realisasi %(kode)s %(nama)s") % {
        "kode": teks["indikator_kode"],
        "nama": teks["indikator_nama"],
    }
    return batang(
        judul,
        [str(t.tahun) for t in tahun],
        [Seri(_("Target"), [t.target for t in tahun]), Seri(_("Realisasi"), [t.realisasi for t in tahun])],
        satuan=teks["satuan"] or "",
    )


def grafik_opd(data: LaporanData) -> GrafikOpd:
    """Per indicator a bar chart of target against realisasi over the earlier years and this one;
    per sasaran a line of the capaian (%) of each of its indicators per year; for Bab III B a scatter
    of capaian kinerja against serapan anggaran per sasaran."""
    indikator: dict[int, Grafik] = {}
    sasaran: dict[int, Grafik] = {}
    for group in data.capaian_kinerja:
        for item in group.indikator:
            indikator[item.baris.pk] = _grafik_indikator(item)
        years = sorted({t.tahun for item in group.indikator for t in _tahun_indikator(item)})
        if not years:
            continue
        seri = []
        for item in group.indikator:
            per_tahun = {t.tahun: _dua(t.capaian) for t in _tahun_indikator(item)}
            seri.append(
                Seri(item.teks["indikator_kode"] or item.teks["indikator_nama"], [per_tahun.get(y) for y in years])
            )
        judul = _("Capaian indikator sasaran %(kode)s per tahun") % {"kode": group.sasaran.kode}
        sasaran[group.sasaran.pk] = garis(judul, years, seri, satuan="%")
    anggaran = None
    if data.realisasi_anggaran:
        titik = [
            Titik(f"{group.sasaran.kode} {group.sasaran.uraian}", _dua(group.efisiensi.serapan), _dua(group.capaian))
            for group in data.capaian_kinerja
        ]
        anggaran = sebar(
            _("Capaian kinerja terhadap serapan anggaran per sasaran"),
            titik,
            x_label=_("Serapan anggaran (%)"),
            y_label=_("Capaian kinerja (%)"),
        )
    return GrafikOpd(indikator=indikator, sasaran=sasaran, anggaran=anggaran)


def _nama_opd(item) -> str:
    return item.opd.singkatan or item.opd.nama


def grafik_pemda(data: LaporanPemdaData) -> GrafikPemda:
    """The capaian of each OPD with an agreement in force (bars) and its capaian against its budget
    absorption (scatter)."""
    opd = [item for item in data.opd if item.ada_pk]
    if not opd:
        return GrafikPemda()
    capaian = batang(
        _("Capaian kinerja per perangkat daerah"),
        [_nama_opd(item) for item in opd],
        [Seri(_("Capaian"), [_dua(item.capaian) for item in opd])],
        satuan="%",
    )
    anggaran = sebar(
        _("Capaian kinerja terhadap serapan anggaran per perangkat daerah"),
        [Titik(item.opd.nama, _dua(item.serapan), _dua(item.capaian)) for item in opd],
        x_label=_("Serapan anggaran (%)"),
        y_label=_("Capaian kinerja (%)"),
    )
    return GrafikPemda(capaian=capaian, anggaran=anggaran)


# --- The body --------------------------------------------------------------------------------------


def _tanggal(laporan: LaporanKinerja):
    """The signing date: the day the report was finalised (in the pemda's time zone); none for a draft."""
    if not laporan.final or not laporan.difinalkan_pada:
        return None
    return timezone.localtime(laporan.difinalkan_pada, zoneinfo.ZoneInfo(laporan.pemda.zona_waktu)).date()


def _penandatangan(laporan: LaporanKinerja, tanggal) -> Pejabat | None:
    """The head who signs the Kata Pengantar: the kepala OPD, or the kepala daerah for the pemda's
    report. The one in post on the signing date when there is one; otherwise the one still in post
    who started last (never today's date: the document must not change by itself overnight)."""
    jenis = Pejabat.JenisJabatan.KEPALA_OPD if laporan.opd_id else Pejabat.JenisJabatan.KEPALA_DAERAH
    pejabat = Pejabat.objects.filter(pemda_id=laporan.pemda_id, jenis_jabatan=jenis)
    pejabat = pejabat.filter(opd_id=laporan.opd_id) if laporan.opd_id else pejabat.filter(opd__isnull=True)
    urutan = (F("selesai").desc(nulls_first=True), "-mulai", "-pk")
    if tanggal and (aktif := pejabat.aktif_pada(tanggal).order_by(*urutan).first()):
        return aktif
    return pejabat.order_by(*urutan).first()


def _nip(nip: str) -> str:
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}" if len(nip) == 18 else nip


def _tempat(pemda) -> str:
    return pemda.nama.removeprefix("Kota ").removeprefix("Kabupaten ")


def _konteks(laporan: LaporanKinerja) -> dict:
    pemda = laporan.pemda
    tanggal = _tanggal(laporan)
    pejabat = _penandatangan(laporan, tanggal)
    konteks = {
        "laporan": laporan,
        "pemda": pemda,
        "judul": laporan.judul(),
        "draf": not laporan.final,
        "logo": image_data_uri(pemda.logo),
        "narasi": {name: narasi_html(getattr(laporan, name)) for name in NARASI_FIELDS},
        "penandatangan": (
            {"nama": pejabat.nama, "nip": pejabat.nip_tampil, "jabatan": pejabat.jabatan_lengkap} if pejabat else None
        ),
        "siapa": laporan.opd.nama if laporan.opd_id else pemda.nama_pemerintah,
        "tempat": _tempat(pemda),
        "tanggal": tanggal,
        "reviu_nip": _nip(laporan.reviu_nip),
    }
    if laporan.opd_id:
        data = build_lkjip_context(laporan.opd, laporan.tahun)
        narasi_sasaran = laporan.narasi_sasaran or {}
        konteks.update(
            data=data,
            grafik=grafik_opd(data),
            narasi_sasaran={
                group.sasaran.pk: narasi_html(str(narasi_sasaran.get(str(group.sasaran.pk), "")))
                for group in data.capaian_kinerja
            },
            tahun_periode=(
                list(range(data.identitas.tahun_awal, data.identitas.tahun_akhir + 1)) if data.identitas.periode else []
            ),
        )
    else:
        data = build_lkjip_pemda_context(pemda, laporan.tahun)
        konteks.update(data=data, grafik=grafik_pemda(data))
    return konteks


def isi_html(laporan: LaporanKinerja) -> str:
    """The body of the report, from the cover to the last lampiran, as HTML for the web preview and
    for ``dokumen_html``. Rendered in the site's language whatever the request's, so the same data
    always gives the same string."""
    template = "pdf/lkjip_isi.html" if laporan.opd_id else "pdf/lkjip_pemda_isi.html"
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(template, _konteks(laporan))


def dokumen_html(laporan: LaporanKinerja, isi: str) -> str:
    """The printable document: A4, running header (pemda, title), footer (status, page X of Y),
    around the body ``isi`` (the output of ``isi_html``, or the body frozen at finalisation)."""
    if laporan.final:
        status = _("Final, versi %(versi)s") % {"versi": laporan.versi}
    else:
        status = _("Draf")
    konteks = {
        "laporan": laporan,
        "pemda": laporan.pemda,
        "judul": laporan.judul(),
        "status": status,
        "draf": not laporan.final,
        "isi": mark_safe(isi),  # our own rendering of isi_html (escaped there)
    }
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string("pdf/lkjip.html", konteks)


# --- PDF -------------------------------------------------------------------------------------------


def cetak(html: str, progres: Callable[[int], object] | None = None) -> tuple[bytes, int]:
    """The PDF of ``dokumen_html``'s output and its page count. Layout is the long part; ``progres``
    hears 70 (%) once it is done, before the file is written."""
    document = HTML(string=html, base_url=DOCUMENT_ORIGIN, url_fetcher=LocalFetcher()).render(font_config=font_config())
    if progres is not None:
        progres(70)
    return document.write_pdf(), len(document.pages)
