"""Forms of the budget realisation grid and of the pemda's capaian settings.

Rupiah and percentages are typed the Indonesian way ("125.000.000", "5,5") and parsed here, at the
boundary. The grid is saved all or nothing, with its history (who changed which quarter)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from perjanjian import capaian
from perjanjian.forms.fields import AngkaField, RupiahField, angka_rupiah
from perjanjian.models import AnggaranPK, PengaturanCapaian, PredikatCapaian, RealisasiAnggaran
from perjanjian.seeds import BANDS
from sakip.models import Pemda, User
from sakip.numbers import format_decimal

TRIWULAN = [1, 2, 3, 4]
NEGATIF = {"negatif": _("Realisasi anggaran tidak boleh negatif.")}


# --- Realisasi anggaran ----------------------------------------------------------------------------


class BarisRealisasiAnggaranForm(forms.Form):
    """One budget row of the grid: the spending of each quarter (the quarter's own, not cumulative)."""

    anggaran = forms.IntegerField(widget=forms.HiddenInput)
    tw1 = RupiahField(label=_("TW I"), required=False, error_messages=NEGATIF)
    tw2 = RupiahField(label=_("TW II"), required=False, error_messages=NEGATIF)
    tw3 = RupiahField(label=_("TW III"), required=False, error_messages=NEGATIF)
    tw4 = RupiahField(label=_("TW IV"), required=False, error_messages=NEGATIF)

    def __init__(self, *args, baris: AnggaranPK | None = None, **kwargs):
        self.baris = baris
        super().__init__(*args, **kwargs)

    def triwulan_fields(self):
        return [self[f"tw{n}"] for n in TRIWULAN]

    def clean(self):
        data = super().clean()
        if self.baris is None or data.get("anggaran") != self.baris.pk:
            raise forms.ValidationError(
                _("Baris anggaran tidak sesuai dengan perjanjian kinerja ini; muat ulang halaman."), code="baris"
            )
        values = [data.get(f"tw{n}") for n in TRIWULAN]
        if all(f"tw{n}" not in self.errors for n in TRIWULAN):
            total = sum((v for v in values if v is not None), Decimal(0))
            if total > self.baris.pagu:
                raise forms.ValidationError(
                    _(
                        "Jumlah realisasi TW I–IV (Rp %(total)s) melebihi pagu (Rp %(pagu)s) sebesar Rp %(lebih)s. "
                        "Periksa kembali: isian tiap triwulan adalah belanja triwulan itu saja, bukan kumulatif."
                    ),
                    code="melebihi_pagu",
                    params={
                        "total": angka_rupiah(total),
                        "pagu": angka_rupiah(self.baris.pagu),
                        "lebih": angka_rupiah(total - self.baris.pagu),
                    },
                )
        return data


class BaseRealisasiAnggaranFormSet(forms.BaseFormSet):
    """The grid of a PK's budget rows × TW I–IV. Saved all or nothing: an error anywhere writes nothing."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "missing_management_form": _("Formulir tidak lengkap; muat ulang halaman lalu isi kembali."),
    }

    def __init__(self, *args, baris: list[AnggaranPK], tersimpan: dict[tuple[int, int], Decimal], **kwargs):
        self.baris = baris
        initial = [{"anggaran": row.pk, **{f"tw{n}": tersimpan.get((row.pk, n)) for n in TRIWULAN}} for row in baris]
        super().__init__(*args, initial=initial, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["baris"] = self.baris[index] if index is not None and index < len(self.baris) else None
        return kwargs

    def clean(self):
        if not self.management_form.is_valid():
            return  # already reported: "Formulir tidak lengkap"
        if self.total_form_count() != len(self.baris):
            raise forms.ValidationError(
                _("Daftar anggaran berubah sejak halaman dibuka; muat ulang halaman lalu isi kembali."), code="baris"
            )

    @transaction.atomic
    def save(self, *, user: User) -> int:
        """Write the grid; an emptied cell removes that quarter's value. Returns how many cells changed.
        Each write keeps its history with the user who made it."""
        ids = [row.pk for row in self.baris]
        existing = {
            (item.anggaran_id, item.triwulan): item
            for item in RealisasiAnggaran.objects.select_for_update().filter(anggaran_id__in=ids)
        }
        changed = 0
        for form in self.forms:
            if not form.cleaned_data:
                continue  # an unchanged form the formset let through empty: nothing to write
            for n in TRIWULAN:
                value = form.cleaned_data.get(f"tw{n}")
                current = existing.get((form.baris.pk, n))
                if value is None and current is None:
                    continue
                if value is None:
                    current._history_user = user
                    current.delete()
                elif current is None:
                    item = RealisasiAnggaran(anggaran=form.baris, triwulan=n, nilai=value)
                    item._history_user = user
                    item.save()
                elif current.nilai != value:
                    current.nilai = value
                    current._history_user = user
                    current.save()
                else:
                    continue
                changed += 1
        return changed


RealisasiAnggaranFormSet = forms.formset_factory(
    BarisRealisasiAnggaranForm, formset=BaseRealisasiAnggaranFormSet, extra=0, can_delete=False
)


# --- Pengaturan capaian ----------------------------------------------------------------------------


class PengaturanCapaianForm(forms.ModelForm):
    ambang_efisiensi = AngkaField(
        label=_("Ambang efisiensi (poin persen)"),
        places=2,
        min_value=0,
        max_value=100,
    )

    class Meta:
        model = PengaturanCapaian
        fields = ["rumus_minimize", "batas_maksimum", "batas_minimum_nol", "ambang_efisiensi"]
        widgets = {"rumus_minimize": forms.RadioSelect}


WARNA = [
    ("success", _("Hijau (success)")),
    ("primary", _("Biru (primary)")),
    ("info", _("Biru muda (info)")),
    ("warning", _("Kuning (warning)")),
    ("danger", _("Merah (danger)")),
    ("secondary", _("Abu-abu (secondary)")),
    ("dark", _("Hitam (dark)")),
]


class PredikatForm(forms.Form):
    """One band of a pemda's own predicate scale."""

    label = forms.CharField(
        label=_("Predikat"), max_length=40, widget=forms.TextInput(attrs={"class": "form-control form-control-sm"})
    )
    nilai_minimum = AngkaField(
        label=_("Nilai minimum (%)"),
        places=2,
        min_value=-9999,
        max_value=9999,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control form-control-sm text-end"}),
    )
    warna = forms.ChoiceField(
        label=_("Warna"),
        # An empty first choice keeps the blank rows for new bands unchanged, so they are skipped.
        choices=[("", "—"), *WARNA],
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class BasePredikatFormSet(forms.BaseFormSet):
    """The whole scale at once: at least one band, each lower bound once."""

    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "missing_management_form": _("Formulir tidak lengkap; muat ulang halaman lalu isi kembali."),
    }

    def clean(self):
        if not self.management_form.is_valid() or any(self.errors):
            return
        seen = set()
        for band in self.bands():
            if band.nilai_minimum in seen:
                raise forms.ValidationError(
                    _("Nilai minimum %(nilai)s dipakai lebih dari satu predikat; setiap batas hanya sekali.")
                    % {"nilai": format_decimal(band.nilai_minimum)},
                    code="ganda",
                )
            seen.add(band.nilai_minimum)
        if not seen:
            raise forms.ValidationError(
                _("Isi paling sedikit satu predikat, atau pilih kembali ke skala bawaan."), code="kosong"
            )

    def bands(self) -> list[capaian.Predikat]:
        """The bands kept (filled in and not marked for deletion), highest first."""
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("label")
        ]
        bands = [capaian.Predikat(data["nilai_minimum"], data["label"].strip(), data["warna"]) for data in kept]
        return sorted(bands, key=lambda band: band.nilai_minimum, reverse=True)

    @transaction.atomic
    def save(self, *, pemda: Pemda, user: User) -> bool:
        """Replace the pemda's own scale with these bands; bands equal to the default scale mean the
        default. Returns whether the pemda now has a scale of its own."""
        bands = self.bands()
        simpan_skala(pemda=pemda, user=user, bands=None if _is_default(bands) else bands)
        return not _is_default(bands)


PredikatFormSet = forms.formset_factory(PredikatForm, formset=BasePredikatFormSet, extra=2, can_delete=True)


def _is_default(bands: list[capaian.Predikat]) -> bool:
    default = {(Decimal(minimum), label, warna) for minimum, label, warna in BANDS}
    return {(band.nilai_minimum, band.label, band.warna) for band in bands} == default


def skala_awal(skala: list[capaian.Predikat]) -> list[dict]:
    """The formset's rows: the scale in use (the pemda's own, or the default to start from)."""
    return [{"label": band.label, "nilai_minimum": band.nilai_minimum, "warna": band.warna} for band in skala]


def pengaturan_untuk(pemda: Pemda) -> PengaturanCapaian:
    """The pemda's settings row, or an unsaved one with the defaults (created on the first save)."""
    return PengaturanCapaian.objects.filter(pemda=pemda).first() or PengaturanCapaian(pemda=pemda)


@transaction.atomic
def simpan_skala(*, pemda: Pemda, user: User, bands: list[capaian.Predikat] | None) -> None:
    """The pemda's own predicate bands replaced by ``bands`` (None: back to the default scale).

    Bands have no history of their own, so the change is written into the history of the pemda's
    capaian settings, with the scale as the reason: "Riwayat perubahan" shows who changed it when."""
    PredikatCapaian.objects.filter(pemda=pemda).delete()
    if bands:
        PredikatCapaian.objects.bulk_create(
            PredikatCapaian(pemda=pemda, nilai_minimum=band.nilai_minimum, label=band.label, warna=band.warna)
            for band in bands
        )
        reason = _("Skala predikat diganti: %(skala)s") % {
            "skala": "; ".join(f"≥ {format_decimal(band.nilai_minimum)} {band.label}" for band in bands)
        }
    else:
        reason = _("Skala predikat kembali ke bawaan Permendagri 86/2017")
    pengaturan = pengaturan_untuk(pemda)
    pengaturan._history_user = user
    pengaturan._change_reason = str(reason)
    pengaturan.save()
