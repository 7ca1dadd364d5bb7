"""Forms of the realisation pages: the entry of one realisation, the evaluator's note, a reopening and
the entry windows. Numbers are read the Indonesian way ("1.234,56") here, at the boundary."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iku_manual.models import Indikator
from iku_manual.targets import Scale, TargetFormatError, fit
from perjanjian.models import Realisasi, Triwulan
from perjanjian.realisasi import IsianRealisasi
from sakip import uploads
from sakip.forms import DateInput
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal

TEXTAREA = {"rows": 3}


class RealisasiForm(forms.Form):
    """One indicator's realisation for one quarter. For a qualitative indicator ``nilai`` is a choice of
    the scale's codes; the code is kept and the scale gives the number."""

    nilai = forms.CharField(
        label=_("Realisasi"),
        max_length=40,
        help_text=_("Tulis dengan koma untuk desimal dan titik untuk ribuan, mis. 1.234,56."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": _("Isi nilai realisasi.")},
    )
    bukti = forms.FileField(
        label=_("Berkas bukti dukung"),
        required=False,
        help_text=_("PDF, gambar (PNG/JPEG), atau dokumen Word, Excel, PowerPoint, ODF; paling besar 10 MB."),
    )
    hapus_bukti = forms.BooleanField(label=_("Hapus berkas bukti yang tersimpan"), required=False)
    bukti_tautan = forms.URLField(
        label=_("Tautan bukti"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Mis. tautan ke folder dokumen atau laman publikasi data."),
    )
    bukti_keterangan = forms.CharField(
        label=_("Keterangan bukti"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    faktor_pendukung = forms.CharField(
        label=_("Faktor pendukung"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    faktor_penghambat = forms.CharField(
        label=_("Faktor penghambat"), required=False, widget=forms.Textarea(attrs=TEXTAREA)
    )
    upaya = forms.CharField(label=_("Upaya/solusi"), required=False, widget=forms.Textarea(attrs=TEXTAREA))

    def __init__(
        self,
        *args,
        indikator: Indikator,
        scale: Scale | None = None,
        realisasi: Realisasi | None = None,
        **kwargs,
    ):
        self.indikator, self.scale, self.realisasi = indikator, scale, realisasi
        if realisasi is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(realisasi)
        super().__init__(*args, **kwargs)
        self.bukti_ext = ""
        if scale is not None:
            self.fields["nilai"] = forms.ChoiceField(
                label=_("Realisasi"),
                choices=[("", _("— pilih —"))]
                + [(code, f"{code} ({format_decimal(value)})") for code, value in self._steps()],
                help_text=_("Nilai skala %(skala)s; angka dalam kurung dipakai untuk menghitung capaian.")
                % {"skala": indikator.skala},
                error_messages={
                    "required": _("Pilih nilai realisasi."),
                    "invalid_choice": _("%(value)s bukan salah satu dari pilihan yang tersedia."),
                },
            )
        if realisasi is None or not realisasi.bukti:
            del self.fields["hapus_bukti"]

    def _steps(self):
        return [(code, self.scale.lookup[code.upper()]) for code in self.scale.codes]

    @staticmethod
    def initial_from(realisasi: Realisasi) -> dict:
        initial = {
            name: getattr(realisasi, name)
            for name in ("bukti_tautan", "bukti_keterangan", "faktor_pendukung", "faktor_penghambat", "upaya")
        }
        initial["nilai"] = realisasi.nilai_teks or format_decimal(realisasi.nilai)
        return initial

    def clean_nilai(self):
        value = self.cleaned_data["nilai"]
        if self.scale is not None:
            return value
        try:
            number = fit(parse_decimal(value))
        except (NumberFormatError, TargetFormatError) as exc:
            raise ValidationError(str(exc)) from exc
        if number is None:
            raise ValidationError(_("Isi nilai realisasi."))
        return number

    def clean_bukti(self):
        file = self.cleaned_data.get("bukti")
        if file:
            self.bukti_ext = uploads.sniff_bukti(file)
        return file or None

    def isian(self) -> IsianRealisasi:
        data = self.cleaned_data
        if self.scale is not None:
            nilai, nilai_teks = self.scale.lookup[data["nilai"].upper()], data["nilai"]
        else:
            nilai, nilai_teks = data["nilai"], ""
        return IsianRealisasi(
            nilai=nilai,
            nilai_teks=nilai_teks,
            bukti=data.get("bukti"),
            bukti_ext=self.bukti_ext,
            hapus_bukti=bool(data.get("hapus_bukti")),
            bukti_tautan=data.get("bukti_tautan", ""),
            bukti_keterangan=data.get("bukti_keterangan", ""),
            faktor_pendukung=data.get("faktor_pendukung", ""),
            faktor_penghambat=data.get("faktor_penghambat", ""),
            upaya=data.get("upaya", ""),
        )


class CatatanForm(forms.Form):
    """The evaluator's note when returning a realisation or cancelling its verification."""

    catatan = forms.CharField(
        label=_("Catatan"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan catatan: apa yang harus diperbaiki.")},
    )

    def clean_catatan(self):
        catatan = self.cleaned_data["catatan"].strip()
        if not catatan:
            raise ValidationError(_("Tuliskan catatan: apa yang harus diperbaiki."))
        return catatan


class BukaKembaliForm(forms.Form):
    sampai = forms.DateField(
        label=_("Dibuka sampai"),
        widget=DateInput(),
        help_text=_("Perangkat daerah dapat mengisi realisasi triwulan ini sampai tanggal tersebut."),
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan pembukaan kembali.")},
    )

    def clean_sampai(self):
        sampai = self.cleaned_data["sampai"]
        if sampai < timezone.localdate():
            raise ValidationError(_("Tanggal batas tidak boleh di masa lalu."))
        return sampai


class JadwalForm(forms.Form):
    """The entry window of one quarter; both dates empty means no schedule (entry open)."""

    dibuka = forms.DateField(label=_("Dibuka"), required=False, widget=DateInput(attrs={"class": "form-control"}))
    ditutup = forms.DateField(label=_("Ditutup"), required=False, widget=DateInput(attrs={"class": "form-control"}))

    def __init__(self, *args, triwulan: int, **kwargs):
        self.triwulan = triwulan
        super().__init__(*args, **kwargs)

    @property
    def label(self) -> str:
        return Triwulan(self.triwulan).label

    def clean(self):
        cleaned = super().clean()
        dibuka, ditutup = cleaned.get("dibuka"), cleaned.get("ditutup")
        if self.errors:
            return cleaned
        if (dibuka is None) != (ditutup is None):
            raise ValidationError(_("Isi tanggal dibuka dan ditutup, atau kosongkan keduanya (pengisian terbuka)."))
        if dibuka and ditutup and ditutup < dibuka:
            self.add_error("ditutup", _("Tanggal ditutup harus sama dengan atau setelah tanggal dibuka."))
        return cleaned


class BaseJadwalFormSet(forms.BaseFormSet):
    """The four quarters of a year, in order: form ``i`` is quarter ``i + 1``."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "triwulan": (index or 0) + 1}

    def jadwal(self) -> dict:
        return {form.triwulan: (form.cleaned_data.get("dibuka"), form.cleaned_data.get("ditutup")) for form in self}


JadwalFormSet = forms.formset_factory(
    JadwalForm,
    formset=BaseJadwalFormSet,
    extra=0,
    min_num=len(Triwulan.values),
    max_num=len(Triwulan.values),
    validate_min=True,
    validate_max=True,
    can_delete=False,
)
