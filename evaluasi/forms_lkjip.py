"""Forms of the LKjIP pages: the narratives (one per chapter and one per sasaran), the review
statement, and the reason for a new version. The rules live in ``evaluasi/lkjip_services.py``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluasi.models_lkjip import NARASI, LaporanKinerja
from iku_manual.models import Sasaran
from sakip.forms import DateInput, NipField
from sakip.history import versi

FORMAT_BANTUAN = _(
    "Teks biasa. Baris kosong memisahkan paragraf; **tebal**, *miring*; "
    "daftar diawali \u201c- \u201d atau \u201c1. \u201d."
)
NARASI_MAKS = 20_000


def _textarea(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class NarasiForm(forms.Form):
    """The chapter narratives, then one analysis per sasaran of the year's agreements."""

    versi = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, laporan: LaporanKinerja, sasaran: list[Sasaran], **kwargs):
        initial = {name: getattr(laporan, name) for name, _label, _help in NARASI}
        initial.update({f"sasaran_{s.pk}": laporan.narasi_sasaran.get(str(s.pk), "") for s in sasaran})
        initial["versi"] = versi(laporan)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, label, bantuan in NARASI:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=NARASI_MAKS,
                widget=_textarea(8 if name in {"pendahuluan", "ikhtisar"} else 5),
                help_text=f"{bantuan} {FORMAT_BANTUAN}",
            )
        self.sasaran = sasaran
        for s in sasaran:
            self.fields[f"sasaran_{s.pk}"] = forms.CharField(
                label=_("Analisis sasaran %(kode)s %(uraian)s") % {"kode": s.kode, "uraian": s.uraian},
                required=False,
                max_length=NARASI_MAKS,
                widget=_textarea(4),
                help_text=_("Penjelasan capaian sasaran ini di luar angka: konteks, kendala, langkah ke depan."),
            )

    def narasi(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name, _label, _help in NARASI}

    def narasi_sasaran(self) -> dict[str, str]:
        return {str(s.pk): self.cleaned_data[f"sasaran_{s.pk}"] for s in self.sasaran}


class ReviuForm(forms.Form):
    """The APIP's "pernyataan telah direviu" (domain.md §4.3); all empty clears it."""

    reviu_tanggal = forms.DateField(
        label=_("Tanggal pernyataan"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Tanggal tidak sah.")},
    )
    reviu_nama = forms.CharField(label=_("Nama penanda tangan"), required=False, max_length=200)
    reviu_nip = NipField(label=_("NIP"), required=False)
    reviu_jabatan = forms.CharField(
        label=_("Jabatan"), required=False, max_length=200, help_text=_("Contoh: Inspektur Kota Contoh")
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, laporan: LaporanKinerja, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "reviu_tanggal": laporan.reviu_tanggal,
                "reviu_nama": laporan.reviu_nama,
                "reviu_nip": laporan.reviu_nip,
                "reviu_jabatan": laporan.reviu_jabatan
                or _("Inspektur %(pemda)s") % {"pemda": laporan.pemda.nama_lengkap},
                "versi": versi(laporan),
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if data.get("reviu_tanggal") or data.get("reviu_nama"):
            if not data.get("reviu_tanggal"):
                self.add_error("reviu_tanggal", _("Isi tanggal pernyataan telah direviu."))
            if not data.get("reviu_nama"):
                self.add_error("reviu_nama", _("Isi nama penanda tangan pernyataan."))
            if not data.get("reviu_jabatan"):
                self.add_error("reviu_jabatan", _("Isi jabatan penanda tangan pernyataan."))
        return data


class VersiBaruForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan versi baru"),
        widget=_textarea(3),
        max_length=2000,
        help_text=_("Contoh: koreksi realisasi triwulan IV setelah reviu Inspektorat."),
        error_messages={"required": _("Tuliskan alasan penerbitan versi baru.")},
    )
