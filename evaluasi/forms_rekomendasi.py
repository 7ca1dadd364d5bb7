"""Forms of the recommendation pages: a recommendation, the OPD's follow-up with its evidence, and the
evaluator's verdict on it. The rules live in ``evaluasi/rekomendasi.py``; these only read what was typed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluasi.models import Rekomendasi
from sakip import uploads
from sakip.forms import DateInput
from sakip.history import versi


class RekomendasiForm(forms.Form):
    komponen = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Komponen"),
        empty_label=_("Umum (tidak terkait satu komponen)"),
    )
    uraian = forms.CharField(
        label=_("Rekomendasi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan uraian rekomendasi.")},
    )
    batas_waktu = forms.DateField(
        label=_("Batas waktu tindak lanjut"),
        widget=DateInput(),
        error_messages={"required": _("Isi batas waktu tindak lanjut."), "invalid": _("Tanggal tidak sah.")},
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, komponen: QuerySet, rekomendasi: Rekomendasi | None = None, **kwargs):
        if rekomendasi is not None:
            kwargs.setdefault(
                "initial",
                {
                    "komponen": rekomendasi.komponen_id,
                    "uraian": rekomendasi.uraian,
                    "batas_waktu": rekomendasi.batas_waktu,
                    "versi": versi(rekomendasi),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["komponen"].queryset = komponen
        if rekomendasi is None:
            del self.fields["versi"]

    def clean_uraian(self):
        uraian = self.cleaned_data["uraian"].strip()
        if not uraian:
            raise ValidationError(_("Tuliskan uraian rekomendasi."))
        return uraian


class TindakLanjutForm(forms.Form):
    """The OPD's follow-up: what was done, and the evidence (a file, a link, or both)."""

    uraian = forms.CharField(
        label=_("Uraian tindak lanjut"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan uraian tindak lanjut.")},
    )
    bukti = forms.FileField(
        label=_("Berkas bukti"),
        required=False,
        help_text=_("PDF, gambar (PNG/JPEG), atau dokumen Word, Excel, PowerPoint, ODF; paling besar 10 MB."),
    )
    bukti_tautan = forms.URLField(
        label=_("Tautan bukti"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Mis. tautan ke dokumen atau laman yang memuat bukti tindak lanjut."),
    )

    def clean_uraian(self):
        uraian = self.cleaned_data["uraian"].strip()
        if not uraian:
            raise ValidationError(_("Tuliskan uraian tindak lanjut."))
        return uraian

    def clean_bukti(self):
        file = self.cleaned_data.get("bukti")
        if file:
            uploads.sniff_bukti(file)  # judged by its content, not its name
        return file or None

    def clean(self):
        data = super().clean()
        if not self.has_error("bukti") and not data.get("bukti") and not data.get("bukti_tautan"):
            if not self.has_error("bukti_tautan"):
                raise ValidationError(_("Lampirkan bukti tindak lanjut: unggah berkas atau isi tautan bukti."))
        return data


class PenilaianForm(forms.Form):
    """The evaluator's verdict, sent by one of two buttons; returning needs a note."""

    TERIMA, KEMBALIKAN = "terima", "kembalikan"

    keputusan = forms.ChoiceField(
        choices=[(TERIMA, _("Terima")), (KEMBALIKAN, _("Kembalikan"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Pilih: terima atau kembalikan.")},
    )
    catatan = forms.CharField(
        label=_("Catatan evaluator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila dikembalikan: apa yang masih harus dilengkapi."),
    )

    def clean(self):
        data = super().clean()
        data["catatan"] = (data.get("catatan") or "").strip()
        if data.get("keputusan") == self.KEMBALIKAN and not data["catatan"]:
            self.add_error("catatan", _("Tuliskan catatan: apa yang masih harus dilengkapi perangkat daerah."))
        return data

    @property
    def terima(self) -> bool:
        return self.cleaned_data["keputusan"] == self.TERIMA
