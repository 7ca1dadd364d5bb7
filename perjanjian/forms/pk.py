"""Forms of the Perjanjian Kinerja pages. Numbers, targets and Rupiah are typed the Indonesian way
("1.234,5", "1.250.000.000,50"), a stabilize indicator's target as two bounds, a qualitative one's as
a scale code ("WTP"); they are parsed here, at the boundary, and saved by ``perjanjian.services``."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db.models import Q
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils.translation import gettext_lazy as _

from iku_manual.models import Indikator
from iku_manual.targets import TargetFormatError, parse_target, scale_lookup
from perjanjian import services
from perjanjian.forms.fields import RupiahField
from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja
from sakip.forms import DateInput
from sakip.models import Pejabat, PerangkatDaerah, Periode, UnitKerja
from sakip.numbers import format_decimal

# PermenPANRB 53/2014: the three grounds for revising an agreement.
ALASAN_PERUBAHAN_HELP = _(
    "PK Perubahan hanya dapat dibuat karena: (a) pergantian atau mutasi pejabat; (b) perubahan dalam "
    "strategi yang mempengaruhi pencapaian tujuan dan sasaran (perubahan program, kegiatan dan alokasi "
    "anggaran); atau (c) perubahan prioritas atau asumsi yang berakibat secara signifikan dalam proses "
    "pencapaian tujuan dan sasaran (PermenPANRB 53/2014)."
)
DASAR_HUKUM_HELP = _("Mis. Peraturan Daerah tentang Perubahan APBD, atau Keputusan Wali Kota Nomor ... tentang ...")


def _periode_by_year(opd: PerangkatDaerah) -> dict[int, Periode]:
    """Each year covered by an RPJMD period of the OPD's pemda, with its period (the latest one
    when two overlap)."""
    years: dict[int, Periode] = {}
    for periode in Periode.objects.filter(pemda_id=opd.pemda_id).order_by("tahun_awal"):
        for year in periode.tahun:
            years[year] = periode
    return years


class PkCreateForm(forms.Form):
    """A new PK Induk: the year (its RPJMD period follows from it) and, for a cascaded PK, the unit."""

    tahun = forms.TypedChoiceField(
        label=_("Tahun"),
        coerce=int,
        error_messages={"invalid_choice": _("Tahun %(value)s tidak berada dalam periode RPJMD pemda ini.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Unit kerja"),
        queryset=UnitKerja.objects.none(),
        required=False,
        empty_label=_("— PK kepala perangkat daerah —"),
        help_text=_("Pilih unit kerja untuk PK berjenjang pejabat eselon III/IV; kosongkan untuk PK kepala OPD."),
    )

    def __init__(self, *args, opd: PerangkatDaerah, **kwargs):
        super().__init__(*args, **kwargs)
        self.periode_by_year = _periode_by_year(opd)
        self.fields["tahun"].choices = [(year, str(year)) for year in sorted(self.periode_by_year)]
        if not self.periode_by_year:
            self.fields["tahun"].help_text = _("Belum ada periode RPJMD; minta evaluator menambahkannya lebih dulu.")
        this_year = datetime.date.today().year
        if this_year in self.periode_by_year:
            self.fields["tahun"].initial = this_year
        self.fields["unit"].queryset = UnitKerja.objects.filter(opd=opd, aktif=True).exclude(eselon="")
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.nama} ({unit.get_eselon_display()})"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("tahun") is not None:
            cleaned["periode"] = self.periode_by_year[cleaned["tahun"]]
        return cleaned


class PkHeaderForm(forms.ModelForm):
    """Signatories, place and date; the reason and legal basis of a Perubahan."""

    class Meta:
        model = PerjanjianKinerja
        fields = ["pihak_pertama", "pihak_kedua", "tempat", "tanggal", "alasan_perubahan", "dasar_hukum"]
        widgets = {
            "tanggal": DateInput(),
            "alasan_perubahan": forms.Textarea(attrs={"rows": 3}),
            "dasar_hukum": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"alasan_perubahan": ALASAN_PERUBAHAN_HELP, "dasar_hukum": DASAR_HUKUM_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pk = self.instance
        # Officials in post at some time in the PK's year, plus whoever is chosen now.
        serving = Q(selesai__isnull=True) | Q(selesai__gte=datetime.date(pk.tahun, 1, 1))
        pejabat = Pejabat.objects.filter(pemda_id=pk.opd.pemda_id).select_related("opd")
        pertama = self.fields["pihak_pertama"]
        pertama.queryset = pejabat.filter(serving | Q(pk=pk.pihak_pertama_id), opd_id=pk.opd_id).by_rank()
        pertama.required = True
        pertama.help_text = (
            _("Kepala perangkat daerah (Plt./Plh. bila definitif berhalangan).")
            if pk.unit_id is None
            else _("Pejabat eselon III/IV yang menerima amanah.")
        )
        kedua = self.fields["pihak_kedua"]
        kedua.queryset = pejabat.filter(
            (serving & (Q(opd__isnull=True) | Q(opd_id=pk.opd_id))) | Q(pk=pk.pihak_kedua_id)
        ).by_rank()
        kedua.required = True
        kedua.help_text = (
            _("Kepala daerah sebagai atasan langsung kepala perangkat daerah.")
            if pk.unit_id is None
            else _("Atasan langsung pihak pertama.")
        )
        self.fields["tempat"].help_text = _("Kosongkan untuk memakai nama kota/kabupaten.")
        if pk.jenis == PerjanjianKinerja.Jenis.PERUBAHAN:
            self.fields["alasan_perubahan"].required = True
            self.fields["dasar_hukum"].required = True
        else:
            del self.fields["alasan_perubahan"]
            del self.fields["dasar_hukum"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("pihak_pertama") and cleaned.get("pihak_pertama") == cleaned.get("pihak_kedua"):
            self.add_error("pihak_kedua", _("Pihak kedua harus pejabat lain dari pihak pertama."))
        return cleaned


class PerubahanForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan perubahan"), widget=forms.Textarea(attrs={"rows": 4}), help_text=ALASAN_PERUBAHAN_HELP
    )
    dasar_hukum = forms.CharField(
        label=_("Dasar hukum perubahan"), widget=forms.Textarea(attrs={"rows": 2}), help_text=DASAR_HUKUM_HELP
    )


# --- Rows: target and rencana aksi ----------------------------------------------------------------

TRIWULAN_FIELDS = ("tw1", "tw2", "tw3", "tw4")


def target_text(value: Decimal | None, names: dict | None = None) -> str:
    """A stored target as the planner typed it: "1.234,5", or the scale code ("WTP")."""
    if value is None:
        return ""
    if names:
        return names.get(value.normalize(), format_decimal(value))
    return format_decimal(value)


def scale_names(indikator: Indikator) -> dict | None:
    """Number -> scale code of a qualitative indicator (its steps prefetched), else None."""
    return scale_lookup(indikator.skala.nilai.all()).names if indikator.skala_id else None


class BarisForm(forms.ModelForm):
    """One row: the year's target (two bounds for a stabilize indicator) and TW I–IV, as typed."""

    target = forms.CharField(label=_("Target"), required=False)
    batas_bawah = forms.CharField(label=_("Batas bawah"), required=False)
    batas_atas = forms.CharField(label=_("Batas atas"), required=False)
    tw1 = forms.CharField(label=_("TW I"), required=False)
    tw2 = forms.CharField(label=_("TW II"), required=False)
    tw3 = forms.CharField(label=_("TW III"), required=False)
    tw4 = forms.CharField(label=_("TW IV"), required=False)

    class Meta:
        model = BarisPK
        fields: list[str] = []  # the typed values are parsed in clean() and saved by the service

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        row = self.instance
        indikator = row.indikator if row.indikator_id else None  # None: a row id that is not this PK's
        self.stabilize = indikator is not None and indikator.polaritas == Indikator.Polaritas.STABILIZE
        self.scale = scale_lookup(indikator.skala.nilai.all()) if indikator and indikator.skala_id else None
        names = self.scale.names if self.scale else None
        for name in ("target", "batas_bawah", "batas_atas", *TRIWULAN_FIELDS):
            self.fields[name].widget.attrs.update({"class": "form-control form-control-sm text-end", "size": 8})
            self.initial[name] = target_text(getattr(row, name), names)
        if row.target_renstra is not None and not self.scale:
            self.fields["target"].widget.attrs["data-renstra"] = str(row.target_renstra)  # the live difference
        if self.stabilize:
            del self.fields["target"]
        else:
            del self.fields["batas_bawah"]
            del self.fields["batas_atas"]

    def _parse(self, name: str, *, scale=None) -> Decimal | None:
        try:
            return parse_target(self.cleaned_data.get(name), stabilize=False, scale=scale).nilai
        except TargetFormatError as error:
            self.add_error(name, str(error))
            return None

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            raise forms.ValidationError(_("Baris ini tidak ditemukan dalam PK; muat ulang halaman."))
        quarters = tuple(self._parse(name, scale=self.scale) for name in TRIWULAN_FIELDS)
        if self.stabilize:
            low, high = self._parse("batas_bawah"), self._parse("batas_atas")
            if low is not None and high is not None and low > high:
                self.add_error("batas_atas", _("Batas bawah melebihi batas atas."))
            if (low is None) != (high is None) and not self.errors:
                self.add_error("batas_atas", _("Isi batas bawah dan batas atas, atau kosongkan keduanya."))
            parsed = {"batas_bawah": low, "batas_atas": high}
        else:
            parsed = {"target": self._parse("target", scale=self.scale)}
        self.parsed = services.BarisInput(baris_id=self.instance.pk, triwulan=quarters, **parsed)
        return cleaned

    @property
    def triwulan_fields(self):
        return [self[name] for name in TRIWULAN_FIELDS]


def baris_formset(perjanjian: PerjanjianKinerja, rows, data=None):
    """A formset over exactly the PK's rows: no more forms are built, whatever the POST claims."""
    count = len(rows)
    formset_class = modelformset_factory(
        BarisPK,
        form=BarisForm,
        formset=BaseModelFormSet,
        extra=0,
        can_delete=True,
        edit_only=True,
        max_num=count,
        absolute_max=count,
        validate_max=True,
    )
    return formset_class(data, queryset=rows, prefix="baris")


class TambahIndikatorForm(forms.Form):
    indikator = forms.ModelChoiceField(
        label=_("Tambah indikator"),
        queryset=Indikator.objects.none(),
        required=False,
        empty_label=_("— pilih indikator yang belum ada —"),
    )

    def __init__(self, *args, perjanjian: PerjanjianKinerja, **kwargs):
        super().__init__(*args, prefix="tambah", **kwargs)
        self.fields["indikator"].queryset = services.indikator_pilihan(perjanjian)
        self.fields["indikator"].label_from_instance = lambda i: f"{i.sasaran.kode} · {i.kode} {i.nama}"
        self.fields["indikator"].widget.attrs["class"] = "form-select"
        if perjanjian.unit_id:
            self.fields["indikator"].help_text = _("Indikator sasaran unit kerja ini.")


# --- Budget rows ------------------------------------------------------------------------------------


class AnggaranForm(forms.ModelForm):
    """One budget row. The sasaran is chosen among the PK's own (choices built once per page)."""

    pagu = RupiahField(label=_("Anggaran (Rp)"), error_messages={"negatif": _("Anggaran tidak boleh negatif.")})
    sasaran = forms.TypedChoiceField(label=_("Sasaran yang didukung"), coerce=int, required=False, empty_value=None)
    field_order = ["jenis", "kode", "nama", "sasaran", "pagu", "keterangan"]

    class Meta:
        model = AnggaranPK
        fields = ["jenis", "kode", "nama", "pagu", "keterangan"]
        widgets = {"nama": forms.Textarea(attrs={"rows": 1})}

    def __init__(self, *args, sasaran_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sasaran"].choices = [("", _("— tidak ditautkan —")), *sasaran_choices]
        self.initial.setdefault("sasaran", self.instance.sasaran_id)
        for name, field in self.fields.items():
            select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            field.widget.attrs["class"] = css + (" text-end" if name == "pagu" else "")

    def clean(self):
        cleaned = super().clean()
        self.instance.sasaran_id = cleaned.get("sasaran")
        return cleaned


class BaseAnggaranFormSet(BaseModelFormSet):
    def __init__(self, *args, sasaran_choices=(), **kwargs):
        self.sasaran_choices = list(sasaran_choices)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "sasaran_choices": self.sasaran_choices}


AnggaranFormSet = modelformset_factory(
    AnggaranPK,
    form=AnggaranForm,
    formset=BaseAnggaranFormSet,
    extra=3,
    can_delete=True,
    max_num=300,
    absolute_max=300,
    validate_max=True,
)
