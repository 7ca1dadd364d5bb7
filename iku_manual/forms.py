from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from iku_manual.models import (
    PEMDA_LEVELS,
    Indikator,
    Renstra,
    Sasaran,
    SkalaKualitatif,
    TargetIndikator,
    Tingkat,
    validate_parents,
)
from iku_manual.services import TargetInput
from iku_manual.targets import TargetFormatError, parse_target, scale_lookup
from sakip.forms import DateInput, ScopedModelForm
from sakip.models import Pejabat, Periode, UnitKerja
from sakip.numbers import NumberFormatError, format_decimal, parse_decimal


class PeriodeForm(ScopedModelForm):
    class Meta:
        model = Periode
        fields = ["nama", "tahun_awal", "tahun_akhir", "visi", "misi"]
        widgets = {"visi": forms.Textarea(attrs={"rows": 2}), "misi": forms.Textarea(attrs={"rows": 4})}

    def clean(self):
        cleaned = super().clean()
        awal, akhir = cleaned.get("tahun_awal"), cleaned.get("tahun_akhir")
        if self.instance.pk and awal and akhir:
            # Targets outside the new years would be hidden yet still judged: refuse instead.
            outside = sorted(
                set(
                    TargetIndikator.objects.filter(indikator__sasaran__periode=self.instance)
                    .exclude(tahun__range=(awal, akhir))
                    .values_list("tahun", flat=True)
                )
            )
            if outside:
                raise forms.ValidationError(
                    _("Masih ada target untuk tahun %(tahun)s di luar rentang baru; hapus atau pindahkan dulu.")
                    % {"tahun": ", ".join(str(year) for year in outside)}
                )
        return cleaned


class RenstraForm(forms.ModelForm):
    class Meta:
        model = Renstra
        fields = ["nomor_dokumen", "tanggal_penetapan"]
        widgets = {"tanggal_penetapan": DateInput()}


class SasaranForm(ScopedModelForm):
    scope_fields = ("periode", "pemda", "opd")

    class Meta:
        model = Sasaran
        fields = ["tingkat", "kode", "uraian", "nomenklatur", "unit", "pejabat", "parents", "urutan"]
        widgets = {"uraian": forms.Textarea(attrs={"rows": 2}), "parents": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sasaran = self.instance
        at_pemda = sasaran.opd_id is None
        levels = [(value, label) for value, label in Tingkat.choices if (value in PEMDA_LEVELS) == at_pemda]
        self.fields["tingkat"].choices = levels
        if at_pemda:
            for name in ("unit", "pejabat", "nomenklatur"):
                del self.fields[name]
        else:
            # Active units and serving officials, plus the current ones, so an old node still saves.
            self.fields["unit"].queryset = UnitKerja.objects.filter(
                Q(aktif=True) | Q(pk=sasaran.unit_id), opd_id=sasaran.opd_id
            )
            self.fields["pejabat"].queryset = Pejabat.objects.filter(
                Q(selesai__isnull=True) | Q(pk=sasaran.pejabat_id), opd_id=sasaran.opd_id
            )
        # Parents: the pemda's RPJMD nodes, this OPD's own nodes, and other OPDs' Renstra-level nodes
        # (published documents), for crosscutting support.
        candidates = (
            Sasaran.objects.filter(periode_id=sasaran.periode_id)
            .filter(
                Q(opd__isnull=True)
                | Q(opd_id=sasaran.opd_id)
                | Q(tingkat__in=[Tingkat.TUJUAN_OPD, Tingkat.SASARAN_STRATEGIS])
            )
            .select_related("opd")
            .order_by("opd__urutan", "urutan", "kode")
        )
        if sasaran.pk:
            candidates = candidates.exclude(pk=sasaran.pk)
        # Only nodes above the level, when the level is known (editing, or chosen from a link).
        tingkat = self.initial.get("tingkat") or sasaran.tingkat
        if tingkat:
            candidates = candidates.filter(tingkat__in=Tingkat.values[: Tingkat.rank(tingkat)])
        self.fields["parents"].queryset = candidates
        self.fields["parents"].label_from_instance = lambda node: (
            f"{node.opd.singkatan if node.opd else 'RPJMD'} · {node.kode} {node.uraian}"
        )

    def clean(self):
        cleaned = super().clean()
        parents = cleaned.get("parents") or []
        tingkat = cleaned.get("tingkat")
        if tingkat and parents:
            try:
                validate_parents(tingkat, parents)
            except forms.ValidationError as error:
                self.add_error("parents", error)
        return cleaned


class NilaiField(forms.CharField):
    """A model DecimalField typed the Indonesian way ("1.234,56") and shown back the same way; more
    decimals than stored are rounded half up, as targets and the import do."""

    default_error_messages = {"terlalu_besar": _("Angka terlalu besar: paling banyak %(digits)s angka sebelum koma.")}

    def __init__(self, *, max_digits: int, decimal_places: int, **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_decimal(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_decimal(text)
        except NumberFormatError as error:
            raise forms.ValidationError(str(error), code="format") from error
        digits = self.max_digits - self.decimal_places
        if number.adjusted() >= digits:
            raise forms.ValidationError(
                self.error_messages["terlalu_besar"], code="terlalu_besar", params={"digits": digits}
            )
        return number.quantize(Decimal(1).scaleb(-self.decimal_places), rounding=ROUND_HALF_UP)


class IndikatorForm(ScopedModelForm):
    """The manual sheet of one indicator, with a target field for every year of the period.

    Targets and the baseline are typed as the planner writes them: "12,5", a range "10 – 20" for a
    stabilize indicator, or a scale step ("WTP") for a qualitative one. The national standard is a
    plain number ("1.234,56").
    """

    scope_fields = ("sasaran",)

    baseline = forms.CharField(label=_("nilai baseline"), required=False)

    class Meta:
        model = Indikator
        fields = [
            "kode",
            "nama",
            "is_iku",
            "jenis",
            "definisi_operasional",
            "alasan_pemilihan",
            "formula",
            "pembilang",
            "penyebut",
            "faktor",
            "satuan",
            "polaritas",
            "skala",
            "agregasi",
            "rumus_minimize",
            "frekuensi",
            "sumber_data",
            "penanggung_jawab",
            "baseline_tahun",
            "standar_nasional",
            "standar_nasional_sumber",
            "urutan",
        ]
        field_classes = {"standar_nasional": NilaiField}
        widgets = {
            "definisi_operasional": forms.Textarea(attrs={"rows": 3}),
            "alasan_pemilihan": forms.Textarea(attrs={"rows": 2}),
            "formula": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sasaran = self.instance.sasaran
        self.years = sasaran.periode.tahun
        self.fields["skala"].queryset = SkalaKualitatif.objects.filter(
            Q(pemda__isnull=True) | Q(pemda_id=sasaran.pemda_id)
        ).prefetch_related("nilai")
        units = UnitKerja.objects.filter(Q(aktif=True) | Q(pk=self.instance.penanggung_jawab_id)).select_related("opd")
        units = units.filter(opd_id=sasaran.opd_id) if sasaran.opd_id else units.filter(opd__pemda_id=sasaran.pemda_id)
        self.fields["penanggung_jawab"].queryset = units
        if not sasaran.opd_id:
            self.fields["penanggung_jawab"].label_from_instance = lambda unit: f"{unit.opd.singkatan} - {unit.nama}"
        existing = {t.tahun: t for t in self.instance.targets.all()} if self.instance.pk else {}
        names = self._scale_names()
        for year in self.years:
            target = existing.get(year)
            self.fields[f"target_{year}"] = forms.CharField(
                label=_("Target %(tahun)s") % {"tahun": year},
                required=False,
                initial=target.tampil(names) if target else "",
            )
        if self.instance.pk and self.instance.baseline_nilai is not None:
            self.initial["baseline"] = (names or {}).get(
                self.instance.baseline_nilai.normalize(), format_decimal(self.instance.baseline_nilai)
            )
        self.fields["baseline"].help_text = _("Angka, atau kode skala untuk indikator kualitatif.")

    def _scale_names(self):
        if self.instance.skala_id:
            return scale_lookup(self.instance.skala.nilai.all()).names
        return None

    @property
    def target_fields(self):
        return [self[f"target_{year}"] for year in self.years]

    def clean(self):
        cleaned = super().clean()
        polaritas = cleaned.get("polaritas")
        skala = cleaned.get("skala")
        scale = scale_lookup(skala.nilai.all()) if skala else None
        stabilize = polaritas == Indikator.Polaritas.STABILIZE
        self.targets: list[TargetInput] = []
        for year in self.years:
            try:
                parsed = parse_target(cleaned.get(f"target_{year}"), stabilize=stabilize, scale=scale)
            except TargetFormatError as error:
                self.add_error(f"target_{year}", str(error))
                continue
            self.targets.append(
                TargetInput(
                    tahun=year, nilai=parsed.nilai, batas_bawah=parsed.batas_bawah, batas_atas=parsed.batas_atas
                )
            )
        try:
            baseline = parse_target(cleaned.get("baseline"), stabilize=False, scale=scale)
            self.instance.baseline_nilai = baseline.nilai
        except TargetFormatError as error:
            self.add_error("baseline", str(error))
        if skala and stabilize:
            self.add_error("polaritas", _("Indikator kualitatif tidak memakai rentang; pilih maximize atau minimize."))
        return cleaned


class ExcelUploadForm(forms.Form):
    """An Excel workbook to import (indicators and targets; realisations): .xlsx, at most 5 MB."""

    berkas = forms.FileField(
        label=_("Berkas Excel"),
        help_text=_("Format .xlsx, paling besar 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_berkas(self):
        from iku_manual.imports import check_upload

        berkas = self.cleaned_data["berkas"]
        check_upload(berkas)
        return berkas
