"""The two documents of an evaluation: the LKE (Lembar Kriteria Evaluasi) as an Excel workbook in the
worksheet layout evaluators know, and the LHE (Laporan Hasil Evaluasi) as a PDF
(``templates/pdf/lhe.html``: Pendahuluan, Hasil Evaluasi, Rekomendasi, signature and tembusan).

Every score printed here comes from ``services.hasil`` and every finding from ``services.temuan_logika``:
the documents never compute a number of their own. Load the evaluation through ``for_dokumen`` and
both documents read it in a constant number of queries, however large the worksheet.
"""

from __future__ import annotations

import io
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from evaluasi import scoring, services
from evaluasi.exports import XLSX_CONTENT_TYPE
from evaluasi.models import DokumenBukti, Evaluasi, Jawaban, Komponen, Kriteria, PredikatLKE, SubKomponen, TemplateLKE
from sakip.numbers import format_decimal
from sakip.pdf import image_data_uri, render_pdf

__all__ = ["XLSX_CONTENT_TYPE", "build_lhe_context", "for_dokumen", "lhe_pdf", "lke_workbook"]

SHEET_LKE = "LKE"
SHEET_REKAP = "Rekap"
SCORE_FORMAT = "0.00"
EMPTY = "-"

# The regulation each national template applies, as the LHE's dasar hukum cites it.
PERATURAN = {
    TemplateLKE.Regulasi.PERMENPANRB_12_2015: gettext_lazy(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 12 Tahun 2015 tentang "
        "Pedoman Evaluasi atas Implementasi Sistem Akuntabilitas Kinerja Instansi Pemerintah"
    ),
    TemplateLKE.Regulasi.PERMENPANRB_88_2021: gettext_lazy(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 88 Tahun 2021 tentang "
        "Evaluasi Akuntabilitas Kinerja Instansi Pemerintah"
    ),
}
DASAR_UMUM = (
    gettext_lazy("Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem Akuntabilitas Kinerja Instansi Pemerintah"),
    gettext_lazy(
        "Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 53 Tahun 2014 tentang "
        "Petunjuk Teknis Perjanjian Kinerja, Pelaporan Kinerja dan Tata Cara Reviu atas Laporan Kinerja Instansi "
        "Pemerintah"
    ),
)
# domain.md §2.5 (the Majalengka LHE template).
SASARAN_EVALUASI = (
    gettext_lazy("memperoleh informasi mengenai implementasi SAKIP"),
    gettext_lazy("menilai tingkat implementasi SAKIP"),
    gettext_lazy("menilai tingkat akuntabilitas kinerja"),
    gettext_lazy("memberikan saran perbaikan untuk peningkatan akuntabilitas kinerja"),
    gettext_lazy("memonitor tindak lanjut rekomendasi hasil evaluasi periode sebelumnya"),
)


def for_dokumen(queryset: QuerySet[Evaluasi]) -> QuerySet[Evaluasi]:
    """Evaluations with their template's whole worksheet and grade bands: the LKE workbook and the LHE
    (``services.hasil`` reads the prefetched worksheet instead of loading it again)."""
    return queryset.select_related("pemda", "opd", "template", "difinalkan_oleh").prefetch_related(
        "template__predikat", "template__komponen__sub__kriteria__skala__opsi"
    )


# --- The worksheet with its answers and scores -----------------------------------------------------


@dataclass(frozen=True)
class BarisKriteria:
    kriteria: Kriteria
    jawaban: Jawaban | None
    poin: bool  # in a "jumlah" sub-component: the answer counts times the criterion's weight

    def _opsi(self, sisi: str):
        if self.jawaban is None:
            return None
        return self.jawaban.opsi_evaluator if sisi == "evaluator" else self.jawaban.opsi_mandiri

    def jawaban_kode(self, sisi: str) -> str | None:
        opsi = self._opsi(sisi)
        return opsi.kode if opsi else None

    def nilai(self, sisi: str) -> Decimal | None:
        """The answer as it counts in its sub-component: its number, or its points."""
        opsi = self._opsi(sisi)
        if opsi is None:
            return None
        return opsi.nilai * self.kriteria.bobot if self.poin else opsi.nilai

    @property
    def bobot(self) -> Decimal | None:
        """Only point criteria weigh on their own: the most points they can earn."""
        return self.kriteria.maksimum * self.kriteria.bobot if self.poin else None

    @property
    def catatan_evaluator(self) -> str:
        return self.jawaban.catatan_evaluator if self.jawaban else ""

    @property
    def bukti(self) -> tuple[str, str]:
        """(link, text) of the evidence: the link, the app's documents cited, the uploaded file's name."""
        if self.jawaban is None:
            return "", ""
        labels = dict(DokumenBukti.choices)
        parts = [self.jawaban.bukti_tautan] if self.jawaban.bukti_tautan else []
        parts += [str(labels.get(kode, kode)) for kode in self.jawaban.bukti_dokumen or []]
        if self.jawaban.bukti_nama:
            parts.append(_("Berkas: %(nama)s") % {"nama": self.jawaban.bukti_nama})
        return self.jawaban.bukti_tautan, "\n".join(parts)


@dataclass
class BarisSub:
    sub: SubKomponen
    mandiri: Decimal
    evaluator: Decimal
    kriteria: list[BarisKriteria] = field(default_factory=list)


@dataclass
class BarisKomponen:
    komponen: Komponen
    mandiri: Decimal
    evaluator: Decimal
    sub: list[BarisSub] = field(default_factory=list)


@dataclass
class Lembar:
    komponen: list[BarisKomponen]
    mandiri: scoring.Hasil
    evaluator: scoring.Hasil
    predikat: PredikatLKE | None  # the evaluator's grade, with its words and interpretation

    @property
    def bobot(self) -> Decimal:
        return sum((k.komponen.bobot for k in self.komponen), Decimal(0))


def _lembar(evaluasi: Evaluasi) -> Lembar:
    template = evaluasi.template
    jawaban = {
        j.kriteria_id: j
        for j in Jawaban.objects.filter(evaluasi=evaluasi).select_related("opsi_mandiri", "opsi_evaluator")
    }
    mandiri = services.hasil(evaluasi, sisi="mandiri")
    evaluator = services.hasil(evaluasi)
    rows = []
    for komp in template.komponen.all():
        baris = BarisKomponen(komp, mandiri.komponen[komp.kode], evaluator.komponen[komp.kode])
        for sub in komp.sub.all():
            poin = sub.cara_hitung == scoring.CaraHitung.JUMLAH
            baris.sub.append(
                BarisSub(
                    sub,
                    mandiri.sub[sub.kode],
                    evaluator.sub[sub.kode],
                    [BarisKriteria(k, jawaban.get(k.pk), poin) for k in sub.kriteria.all()],
                )
            )
        rows.append(baris)
    bands = {p.kode: p for p in template.predikat.all()}
    predikat = bands.get(evaluator.predikat.kode) if evaluator.predikat else None
    return Lembar(rows, mandiri, evaluator, predikat)


def evaluatan(evaluasi: Evaluasi) -> str:
    """Who was evaluated: the OPD, or the pemda as a whole."""
    return evaluasi.opd.nama if evaluasi.opd_id else evaluasi.pemda.nama_pemerintah


def filename(evaluasi: Evaluasi, jenis: str, ext: str) -> str:
    """ "LKE-2026-DINKES.xlsx", "LHE-2026-KOTA-UJI.pdf"."""
    siapa = (evaluasi.opd.singkatan or evaluasi.opd.nama) if evaluasi.opd_id else evaluasi.pemda.nama
    return f"{jenis}-{evaluasi.tahun}-{slugify(siapa).upper()}.{ext}"


def _tanggal_final(evaluasi: Evaluasi):
    if not evaluasi.difinalkan_pada:
        return None
    return timezone.localtime(evaluasi.difinalkan_pada, zoneinfo.ZoneInfo(evaluasi.pemda.zona_waktu)).date()


# --- LKE workbook ----------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=13)
_NOTE = Font(italic=True, color="7F7F7F")
_LINK = Font(color="0563C1", underline="single")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_KOMPONEN_FILL = PatternFill("solid", fgColor="E2EFDA")
_SUB_FILL = PatternFill("solid", fgColor="F2F2F2")
_TOTAL_FILL = PatternFill("solid", fgColor="FFF2CC")
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="A6A6A6")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


@dataclass(frozen=True)
class Kolom:
    key: str
    header: str
    width: int
    evaluator: bool = False  # left out for the OPD before the evaluation is final


def _kolom_lke(lihat_evaluator: bool) -> list[Kolom]:
    columns = [
        Kolom("no", pgettext("nomor urut", "No"), 16),
        Kolom("uraian", _("Komponen/Sub-komponen/Kriteria"), 60),
        Kolom("bobot", _("Bobot"), 9),
        Kolom("jawaban_mandiri", _("Jawaban mandiri"), 10),
        Kolom("nilai_mandiri", _("Nilai mandiri"), 10),
        Kolom("jawaban_evaluator", _("Jawaban evaluator"), 10, evaluator=True),
        Kolom("nilai_evaluator", _("Nilai evaluator"), 10, evaluator=True),
        Kolom("catatan_evaluator", _("Catatan evaluator"), 42, evaluator=True),
        Kolom("bukti", _("Bukti (tautan)"), 42),
    ]
    return [c for c in columns if lihat_evaluator or not c.evaluator]


def _put(sheet: Worksheet, row: int, column: int, value, **style):
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)  # a pasted control character must not break the file
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text stays text even when it starts with "="
    elif isinstance(value, Decimal):
        cell.number_format = SCORE_FORMAT
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _put_row(sheet: Worksheet, row: int, columns: list[Kolom], values: dict, **style) -> None:
    for index, kolom in enumerate(columns, start=1):
        cell = _put(sheet, row, index, values.get(kolom.key), border=_BOX, **style)
        if kolom.key == "bobot" and isinstance(values.get(kolom.key), Decimal):
            cell.number_format = "General"  # a weight reads as written: 30, 12,5


def _header_block(sheet: Worksheet, evaluasi: Evaluasi, lihat_evaluator: bool) -> int:
    _put(sheet, 1, 1, _("Lembar Kriteria Evaluasi (LKE) Akuntabilitas Kinerja Instansi Pemerintah"), font=_TITLE)
    status = evaluasi.get_status_display()
    if tanggal := _tanggal_final(evaluasi):
        status = f"{status} ({tanggal:%d/%m/%Y})"
    info = [
        (_("Pemda"), evaluasi.pemda.nama_pemerintah),
        (_("Perangkat daerah"), evaluasi.opd.nama if evaluasi.opd_id else _("Pemerintah Daerah")),
        (_("Tahun"), evaluasi.tahun),
        (_("Template"), f"{evaluasi.template.nama} ({_('versi')} {evaluasi.template.versi})"),
        (_("Status"), status),
    ]
    row = 2
    for label, value in info:
        _put(sheet, row, 1, label, font=_BOLD)
        cell = _put(sheet, row, 2, value, alignment=Alignment(horizontal="left"))
        if isinstance(value, int):
            cell.number_format = "0"  # a year is never grouped
        row += 1
    if not lihat_evaluator:
        _put(sheet, row, 1, _("Jawaban, nilai, dan predikat evaluator ditampilkan setelah evaluasi final."), font=_NOTE)
        row += 1
    return row + 1


def lke_workbook(evaluasi: Evaluasi, *, lihat_evaluator: bool) -> bytes:
    """The LKE as .xlsx bytes. Sheet "LKE": the header block, then components, sub-components and
    criteria with the self-assessment and the evaluator's answers side by side, the total and the
    grade; sheet "Rekap": the component table. Without ``lihat_evaluator`` (the OPD before the
    evaluation is final) the evaluator's answers, notes, scores and grade are left out."""
    lembar = _lembar(evaluasi)
    columns = _kolom_lke(lihat_evaluator)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_LKE

    header = _header_block(sheet, evaluasi, lihat_evaluator)
    for index, kolom in enumerate(columns, start=1):
        _put(sheet, header, index, kolom.header, font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP, border=_BOX)
        sheet.column_dimensions[get_column_letter(index)].width = kolom.width
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    bukti_column = next(i for i, k in enumerate(columns, start=1) if k.key == "bukti")

    row = header
    for komp in lembar.komponen:
        row += 1
        values = {
            "no": komp.komponen.kode,
            "uraian": komp.komponen.nama,
            "bobot": komp.komponen.bobot,
            "nilai_mandiri": komp.mandiri,
            "nilai_evaluator": komp.evaluator,
        }
        _put_row(sheet, row, columns, values, font=_BOLD, fill=_KOMPONEN_FILL, alignment=_WRAP)
        for sub in komp.sub:
            row += 1
            values = {
                "no": sub.sub.kode,
                "uraian": sub.sub.nama,
                "bobot": sub.sub.bobot,
                "nilai_mandiri": sub.mandiri,
                "nilai_evaluator": sub.evaluator,
            }
            _put_row(sheet, row, columns, values, font=_BOLD, fill=_SUB_FILL, alignment=_WRAP)
            for item in sub.kriteria:
                row += 1
                link, bukti = item.bukti
                values = {
                    "no": item.kriteria.kode,
                    "uraian": item.kriteria.teks,
                    "bobot": item.bobot,
                    "jawaban_mandiri": item.jawaban_kode("mandiri"),
                    "nilai_mandiri": item.nilai("mandiri"),
                    "jawaban_evaluator": item.jawaban_kode("evaluator"),
                    "nilai_evaluator": item.nilai("evaluator"),
                    "catatan_evaluator": item.catatan_evaluator or None,
                    "bukti": bukti or None,
                }
                _put_row(sheet, row, columns, values, alignment=_WRAP)
                sheet.cell(row=row, column=2).alignment = Alignment(wrap_text=True, vertical="top", indent=1)
                if link:
                    cell = sheet.cell(row=row, column=bukti_column)
                    cell.hyperlink = link
                    cell.font = _LINK

    row += 1
    total = {
        "uraian": _("Nilai Hasil Evaluasi"),
        "bobot": lembar.bobot,
        "nilai_mandiri": lembar.mandiri.total,
        "nilai_evaluator": lembar.evaluator.total,
    }
    _put_row(sheet, row, columns, total, font=_BOLD, fill=_TOTAL_FILL, alignment=_WRAP)
    if lihat_evaluator:
        row += 1
        band = lembar.evaluator.predikat
        grade = {
            "uraian": _("Predikat"),
            "jawaban_evaluator": band.kode if band else EMPTY,
            "catatan_evaluator": band.kata if band else None,
        }
        _put_row(sheet, row, columns, grade, font=_BOLD, fill=_TOTAL_FILL, alignment=_WRAP)

    sheet.print_title_rows = f"{header}:{header}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True

    _rekap(workbook.create_sheet(SHEET_REKAP), lembar, lihat_evaluator)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rekap(sheet: Worksheet, lembar: Lembar, lihat_evaluator: bool) -> None:
    columns = [
        Kolom("no", _("Kode"), 8),
        Kolom("uraian", _("Komponen"), 48),
        Kolom("bobot", _("Bobot"), 10),
        Kolom("nilai_mandiri", _("Nilai mandiri"), 12),
        Kolom("nilai_evaluator", _("Nilai"), 12, evaluator=True),
    ]
    columns = [c for c in columns if lihat_evaluator or not c.evaluator]
    for index, kolom in enumerate(columns, start=1):
        _put(sheet, 1, index, kolom.header, font=_BOLD, fill=_HEADER_FILL, alignment=_WRAP, border=_BOX)
        sheet.column_dimensions[get_column_letter(index)].width = kolom.width
    sheet.freeze_panes = "A2"
    row = 1
    for komp in lembar.komponen:
        row += 1
        values = {
            "no": komp.komponen.kode,
            "uraian": komp.komponen.nama,
            "bobot": komp.komponen.bobot,
            "nilai_mandiri": komp.mandiri,
            "nilai_evaluator": komp.evaluator,
        }
        _put_row(sheet, row, columns, values, alignment=_WRAP)
    row += 1
    total = {
        "uraian": _("Nilai Hasil Evaluasi"),
        "bobot": lembar.bobot,
        "nilai_mandiri": lembar.mandiri.total,
        "nilai_evaluator": lembar.evaluator.total,
    }
    _put_row(sheet, row, columns, total, font=_BOLD, fill=_TOTAL_FILL)
    if lihat_evaluator:
        band, predikat = lembar.evaluator.predikat, lembar.predikat
        row += 1
        for label, value in (
            (_("Predikat"), band.kode if band else EMPTY),
            (_("Sebutan"), band.kata if band else EMPTY),
            (_("Interpretasi"), (predikat.interpretasi if predikat else "") or EMPTY),
        ):
            row += 1
            _put(sheet, row, 2, label, font=_BOLD)
            _put(sheet, row, 3, value, alignment=Alignment(wrap_text=False, vertical="top"))


# --- LHE -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Temuan:
    """A finding of the LHE: a criterion and what the evaluator wrote or the logic check found."""

    nomor: str
    kriteria: str
    uraian: str
    jawaban: str = ""


@dataclass(frozen=True)
class KomponenLHE:
    no: int
    kode: str
    nama: str
    bobot: str
    nilai: str
    sub: list[tuple[str, str, str, str]]  # kode, nama, bobot, nilai as printed
    catatan: list[Temuan]
    logika: list[Temuan]


@dataclass(frozen=True)
class RentangPredikat:
    kode: str
    rentang: str
    kata: str


@dataclass(frozen=True)
class RekomendasiLHE:
    nomor: int
    uraian: str
    komponen: str
    batas_waktu: object
    status: str


def _regulasi(template: TemplateLKE) -> str | None:
    """The regulation a worksheet applies: its own, or (for a pemda's variant) that of the national
    template it was copied from, however many copies back."""
    asal, seen = template, set()
    while asal is not None and asal.regulasi == TemplateLKE.Regulasi.LAINNYA and asal.pk not in seen:
        seen.add(asal.pk)
        asal = asal.asal
    return asal.regulasi if asal is not None else None


def _dasar_hukum(template: TemplateLKE) -> list[str]:
    """Perpres 29/2014, PermenPANRB 53/2014 and the regulation the worksheet applies (a pemda's
    variant cites the national template it was copied from, and itself)."""
    dasar = [str(item) for item in DASAR_UMUM]
    if (regulasi := _regulasi(template)) in PERATURAN:
        dasar.append(str(PERATURAN[regulasi]))
    if template.regulasi == TemplateLKE.Regulasi.LAINNYA:
        dasar.append(
            _("Lembar Kriteria Evaluasi %(nama)s versi %(versi)s") % {"nama": template.nama, "versi": template.versi}
        )
    return dasar


def _rentang(template: TemplateLKE) -> list[RentangPredikat]:
    """The grade bands as the metodologi prints them: "> 90 – 100", "0 – 30"."""
    bands = sorted(template.predikat.all(), key=lambda p: (p.batas_bawah is None, -(p.batas_bawah or 0)))
    rows, atas = [], Decimal(100)
    for band in bands:
        bawah = f"> {format_decimal(band.batas_bawah)}" if band.batas_bawah is not None else "0"
        rows.append(RentangPredikat(band.kode, f"{bawah} – {format_decimal(atas)}", band.kata))
        if band.batas_bawah is not None:
            atas = band.batas_bawah
    return rows


def _komponen_lhe(evaluasi: Evaluasi, lembar: Lembar) -> list[KomponenLHE]:
    logika: dict[int, list[Temuan]] = {}
    for kriteria, syarat in services.temuan_logika(evaluasi):
        logika.setdefault(kriteria.sub_id, []).append(
            Temuan(
                kriteria.kode,
                kriteria.teks,
                _(
                    "Kriteria %(nomor)s bernilai lebih dari 0 padahal kriteria %(syarat)s yang menjadi "
                    "syaratnya dijawab 0."
                )
                % {"nomor": kriteria.kode, "syarat": syarat.kode},
            )
        )
    result = []
    for no, komp in enumerate(lembar.komponen, start=1):
        catatan, temuan = [], []
        for sub in komp.sub:
            temuan += logika.get(sub.sub.pk, [])
            for item in sub.kriteria:
                if item.catatan_evaluator:
                    catatan.append(
                        Temuan(
                            item.kriteria.kode,
                            item.kriteria.teks,
                            item.catatan_evaluator,
                            item.jawaban_kode("evaluator") or EMPTY,
                        )
                    )
        result.append(
            KomponenLHE(
                no=no,
                kode=komp.komponen.kode,
                nama=komp.komponen.nama,
                bobot=format_decimal(komp.komponen.bobot),
                nilai=format_decimal(komp.evaluator, 2),
                sub=[
                    (s.sub.kode, s.sub.nama, format_decimal(s.sub.bobot), format_decimal(s.evaluator, 2))
                    for s in komp.sub
                ],
                catatan=catatan,
                logika=temuan,
            )
        )
    return result


def bagian_beku(evaluasi: Evaluasi, penanda) -> dict:
    """What the LHE prints of the pemda, of who was evaluated and of the signer. Finalising freezes it
    into ``Evaluasi.beku``, so a later rename or a new letterhead leaves a final report as it was."""
    pemda = evaluasi.pemda
    tempat = pemda.nama.removeprefix("Kota ").removeprefix("Kabupaten ")
    kepala_daerah = f"{pemda.sebutan_kepala_daerah} {tempat}"
    sekda = _("Sekretaris Daerah %(pemda)s") % {"pemda": pemda.nama_lengkap}
    if evaluasi.opd_id:
        kepada, tembusan = _("Kepala %(opd)s") % {"opd": evaluasi.opd.nama}, [kepala_daerah, sekda]
    else:
        kepada, tembusan = kepala_daerah, [sekda]
    return {
        "kop": {"nama_pemerintah": pemda.nama_pemerintah, "alamat": pemda.alamat, "telepon": pemda.telepon},
        "penandatangan": {
            "nama": (penanda.nama or penanda.username) if penanda else "",
            "nip": penanda.nip if penanda else "",
            "unit": pemda.label_evaluator,
        },
        "tempat": tempat,
        "label_evaluator": pemda.label_evaluator,
        "evaluatan": evaluatan(evaluasi),
        "kepada": kepada,
        "tembusan": tembusan,
    }


def _penandatangan(beku: dict) -> dict:
    frozen = beku["penandatangan"]
    nip = frozen["nip"]
    if len(nip) == 18:
        nip = f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"
    return {"nama": frozen["nama"], "nip": nip, "jabatan": _("Evaluator %(unit)s") % {"unit": frozen["unit"]}}


def build_lhe_context(evaluasi: Evaluasi) -> dict:
    """Everything the LHE prints. Numbers are already written the Indonesian way."""
    template = evaluasi.template
    lembar = _lembar(evaluasi)
    # A final report prints what was frozen when it was finalised; a draft, today's data.
    beku = evaluasi.beku if evaluasi.final and evaluasi.beku else bagian_beku(evaluasi, evaluasi.difinalkan_oleh)
    siapa = beku["evaluatan"]
    if _regulasi(template) == TemplateLKE.Regulasi.PERMENPANRB_12_2015:
        judul = _("LAPORAN HASIL EVALUASI ATAS IMPLEMENTASI SISTEM AKUNTABILITAS KINERJA INSTANSI PEMERINTAH")
    else:
        judul = _("LAPORAN HASIL EVALUASI AKUNTABILITAS KINERJA INSTANSI PEMERINTAH")
    rekomendasi = [
        RekomendasiLHE(
            nomor=r.nomor,
            uraian=r.uraian,
            komponen=f"{r.komponen.kode}. {r.komponen.nama}" if r.komponen_id else EMPTY,
            batas_waktu=r.batas_waktu,
            status=r.get_status_display(),
        )
        for r in evaluasi.rekomendasi.select_related("komponen")
    ]
    band = lembar.evaluator.predikat
    return {
        "evaluasi": evaluasi,
        "pemda": beku["kop"],  # ``pdf/base.html`` reads ``pemda.nama_pemerintah`` for its running header
        "kop": beku["kop"],
        "judul": judul,
        "evaluatan": siapa,
        "tahun": evaluasi.tahun,
        "template": template,
        "kepada": beku["kepada"],
        "tembusan": beku["tembusan"],
        "label_evaluator": beku["label_evaluator"],
        "dasar_hukum": _dasar_hukum(template),
        "sasaran_evaluasi": [str(s) for s in SASARAN_EVALUASI],
        "rentang_predikat": _rentang(template),
        "ada_poin": any(
            s.cara_hitung == scoring.CaraHitung.JUMLAH for k in template.komponen.all() for s in k.sub.all()
        ),
        "komponen": _komponen_lhe(evaluasi, lembar),
        "bobot_total": format_decimal(lembar.bobot),
        "total": lembar.evaluator.total,
        "total_teks": format_decimal(lembar.evaluator.total, 2),
        "predikat_kode": band.kode if band else EMPTY,
        "predikat_kata": band.kata if band else "",
        "interpretasi": lembar.predikat.interpretasi if lembar.predikat else "",
        "simpulan": evaluasi.simpulan.strip(),
        "rekomendasi": rekomendasi,
        "penandatangan": _penandatangan(beku),
        "tempat": beku["tempat"],
        "tanggal": _tanggal_final(evaluasi),
        "draf": not evaluasi.final,
        "dicetak": timezone.localtime(timezone.now(), zoneinfo.ZoneInfo(evaluasi.pemda.zona_waktu)).date(),
        "document_title": _("LHE %(tahun)s · %(siapa)s") % {"tahun": evaluasi.tahun, "siapa": siapa},
        "filename": filename(evaluasi, "LHE", "pdf"),
    }


def lhe_pdf(evaluasi: Evaluasi) -> bytes:
    context = build_lhe_context(evaluasi)
    # Uploads have no public URL: the logo travels inside the document.
    context["logo"] = image_data_uri(evaluasi.pemda.logo)
    return render_pdf("pdf/lhe.html", context)
