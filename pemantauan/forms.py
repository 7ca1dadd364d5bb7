"""Forms of the monthly grids (absorption, complaints), the target curve, an indicator's data source
and the import upload. Numbers are typed the Indonesian way ("1.234.567,89") and parsed here."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from iku_manual.exports import MAX_BYTES
from pemantauan import hitung
from pemantauan.models import BULAN, SumberIndikator
from perjanjian.forms.fields import AngkaField, RupiahField

BULAN_LABEL = dict(BULAN)


def _jumlah_field(label) -> AngkaField:
    return AngkaField(
        label=label,
        places=0,
        min_value=0,
        max_value=Decimal(2_000_000_000),
        required=False,
        error_messages={
            "negatif": _("Jumlah pengaduan tidak boleh negatif."),
            "desimal": _("Jumlah pengaduan adalah bilangan bulat."),
        },
    )


class _GridForm(forms.Form):
    """Twelve months of figures, one field per month and column (``<kolom>_<bulan>``)."""

    kolom: tuple[str, ...] = ()
    kosong_pesan = ""
    # Posted by the page itself: a POST without it (a truncated request) would otherwise empty, and so
    # delete, every month.
    lengkap = forms.CharField(
        widget=forms.HiddenInput,
        initial="1",
        error_messages={"required": _("Formulir tidak lengkap; muat ulang halaman lalu isi kembali.")},
    )

    def baris(self):
        """The months as the template draws them: (month, label, [bound fields])."""
        return [(bulan, label, [self[f"{k}_{bulan}"] for k in self.kolom]) for bulan, label in BULAN]

    def isian(self) -> dict:
        """Month -> tuple of the columns, None for an empty month (removed when saved)."""
        return self._isian

    def clean(self):
        data = super().clean()
        self._isian = {}
        if "lengkap" in self.errors:
            return data
        for bulan, _label in BULAN:
            names = [f"{k}_{bulan}" for k in self.kolom]
            if any(name in self.errors for name in names):
                continue
            values = [data.get(name) for name in names]
            if all(v is None for v in values):
                self._isian[bulan] = None
            elif any(v is None for v in values):
                for name, value in zip(names, values, strict=True):
                    if value is None:
                        self.add_error(name, self.kosong_pesan)
            else:
                self._isian[bulan] = self.ubah(values)
        for kesalahan in self.periksa():
            self.add_error(f"{kesalahan.kolom}_{kesalahan.bulan}", kesalahan.pesan)
        return data

    def ubah(self, values):
        return tuple(values)

    def periksa(self) -> list[hitung.Kesalahan]:
        return []


class SerapanGridForm(_GridForm):
    kolom = ("pagu", "realisasi_sd")
    kosong_pesan = _("Isi pagu dan realisasi bulan ini, atau kosongkan keduanya.")

    def __init__(self, *args, tersimpan: dict | None = None, **kwargs):
        initial = {}
        for bulan, row in (tersimpan or {}).items():
            initial[f"pagu_{bulan}"] = row.pagu
            initial[f"realisasi_sd_{bulan}"] = row.realisasi_sd
        super().__init__(*args, initial=initial, **kwargs)
        for bulan, label in BULAN:
            self.fields[f"pagu_{bulan}"] = RupiahField(label=_("Pagu %(bulan)s") % {"bulan": label}, required=False)
            self.fields[f"realisasi_sd_{bulan}"] = RupiahField(
                label=_("Realisasi s.d. %(bulan)s") % {"bulan": label}, required=False
            )

    def periksa(self):
        return hitung.periksa_serapan({b: v for b, v in self._isian.items() if v is not None})


class PengaduanGridForm(_GridForm):
    kolom = ("diterima", "ditanggapi", "selesai")
    kosong_pesan = _("Isi ketiga angka bulan ini (boleh 0), atau kosongkan ketiganya.")

    def __init__(self, *args, tersimpan: dict | None = None, **kwargs):
        initial = {}
        for bulan, row in (tersimpan or {}).items():
            for k in self.kolom:
                initial[f"{k}_{bulan}"] = getattr(row, k)
        super().__init__(*args, initial=initial, **kwargs)
        for bulan, label in BULAN:
            self.fields[f"diterima_{bulan}"] = _jumlah_field(_("Diterima %(bulan)s") % {"bulan": label})
            self.fields[f"ditanggapi_{bulan}"] = _jumlah_field(_("Ditanggapi %(bulan)s") % {"bulan": label})
            self.fields[f"selesai_{bulan}"] = _jumlah_field(_("Selesai %(bulan)s") % {"bulan": label})

    def ubah(self, values):
        return tuple(int(v) for v in values)

    def periksa(self):
        return [k for b, n in self._isian.items() if n is not None for k in hitung.periksa_pengaduan(b, *n)]


class KurvaForm(forms.Form):
    """The pemda's own target curve: twelve cumulative percentages."""

    def __init__(self, *args, kurva: dict[int, Decimal] | None = None, **kwargs):
        initial = {f"persen_{bulan}": value for bulan, value in (kurva or {}).items()}
        super().__init__(*args, initial=initial, **kwargs)
        for bulan, label in BULAN:
            self.fields[f"persen_{bulan}"] = AngkaField(
                label=label,
                places=2,
                min_value=0,
                max_value=100,
                error_messages={"required": _("Isi target bulan ini.")},
            )

    def baris(self):
        return [(bulan, label, self[f"persen_{bulan}"]) for bulan, label in BULAN]

    def clean(self):
        data = super().clean()
        persen = {bulan: data.get(f"persen_{bulan}") for bulan, _label in BULAN}
        if all(v is not None for v in persen.values()):
            for kesalahan in hitung.periksa_kurva(persen):
                self.add_error(f"persen_{kesalahan.bulan}", kesalahan.pesan)
        self.persen = persen
        return data


class SumberIndikatorForm(forms.ModelForm):
    class Meta:
        model = SumberIndikator
        fields = ["ukuran"]
        widgets = {"ukuran": forms.RadioSelect}
        labels = {"ukuran": _("Realisasi indikator diambil dari")}
        error_messages = {"ukuran": {"required": _("Pilih data yang menjadi sumber realisasi.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A model field with a default offers "---------" first; as a radio it reads as a choice.
        self.fields["ukuran"].choices = SumberIndikator.Ukuran.choices


class UnggahForm(forms.Form):
    """An Excel (.xlsx) or CSV file of monthly figures, at most 5 MB."""

    berkas = forms.FileField(
        label=_("Berkas Excel atau CSV"),
        help_text=_("Format .xlsx atau .csv, paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": _("Pilih berkas yang akan diunggah.")},
    )

    def clean_berkas(self):
        from iku_manual.imports import check_upload

        berkas = self.cleaned_data["berkas"]
        name = berkas.name.lower()
        if name.endswith(".csv"):
            if berkas.size > MAX_BYTES:
                raise ValidationError(_("Berkas CSV paling besar 5 MB."))
            return berkas
        if not name.endswith(".xlsx"):
            raise ValidationError(_("Unggah berkas Excel .xlsx atau CSV .csv (bukan .xls atau format lain)."))
        check_upload(berkas)
        return berkas
