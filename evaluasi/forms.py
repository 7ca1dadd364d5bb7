"""Forms of the evaluation pages: opening evaluations, and one row of a component's worksheet."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluasi.models import DokumenBukti, Jawaban, Kriteria, TemplateLKE
from evaluasi.services import IsianJawaban
from sakip import uploads
from sakip.history import versi


class EvaluasiBukaForm(forms.Form):
    """Open evaluations for a year: one OPD, or every OPD of the pemda not evaluated yet."""

    template = forms.ModelChoiceField(queryset=TemplateLKE.objects.none(), label=_("Template LKE"))
    opd = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Perangkat daerah"),
        empty_label=_("Semua OPD yang belum dievaluasi"),
    )

    seluruh_pemda = forms.BooleanField(
        required=False,
        label=_("Evaluasi pemerintah daerah secara keseluruhan (bukan per perangkat daerah)"),
    )

    def __init__(self, *args, templates: QuerySet, opds: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["opd"].queryset = opds

    def clean(self):
        data = super().clean()
        if data.get("seluruh_pemda") and data.get("opd"):
            self.add_error("opd", _("Kosongkan perangkat daerah untuk evaluasi pemerintah daerah secara keseluruhan."))
        return data


class PenugasanForm(forms.Form):
    """Which evaluators score which component: one multiple choice per component. A component left
    empty may be scored by any evaluator of the pemda."""

    def __init__(self, *args, komponen: list, evaluators: QuerySet, current: dict[int, set[int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.komponen = komponen
        for komp in komponen:
            self.fields[f"komponen_{komp.pk}"] = forms.ModelMultipleChoiceField(
                queryset=evaluators,
                required=False,
                label=f"{komp.kode}. {komp.nama}",
                initial=sorted(current.get(komp.pk, set())),
                widget=forms.CheckboxSelectMultiple,
            )

    def penugasan(self) -> dict[int, list]:
        return {komp.pk: list(self.cleaned_data[f"komponen_{komp.pk}"]) for komp in self.komponen}


class SimpulanForm(forms.Form):
    simpulan = forms.CharField(
        required=False,
        label=_("Simpulan hasil evaluasi"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Ringkasan temuan dan perbaikan yang diperlukan; tampil di Laporan Hasil Evaluasi (LHE)."),
    )
    versi = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, evaluasi, **kwargs):
        kwargs.setdefault("initial", {"simpulan": evaluasi.simpulan, "versi": versi(evaluasi)})
        super().__init__(*args, **kwargs)


class JawabanForm(forms.Form):
    """One criterion's row, one side of it: the answer, the note and (for the OPD) the evidence link.
    ``versi`` is the version the page showed, so a colleague's later save is not overwritten."""

    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    opsi = forms.ChoiceField(required=False, label=_("Jawaban"))
    catatan = forms.CharField(
        required=False, label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control-sm"})
    )
    bukti_tautan = forms.URLField(required=False, max_length=500, label=_("Tautan bukti"), assume_scheme="https")
    bukti_dokumen = forms.MultipleChoiceField(
        required=False,
        choices=DokumenBukti.choices,
        label=_("Dokumen aplikasi"),
        widget=forms.CheckboxSelectMultiple,
    )
    bukti_berkas = forms.FileField(required=False, label=_("Unggah berkas bukti"))
    hapus_berkas = forms.BooleanField(required=False, label=_("Hapus berkas"))

    # The evidence is the OPD's to give; the evaluator answers and notes.
    BUKTI_FIELDS = ("bukti_tautan", "bukti_dokumen", "bukti_berkas", "hapus_berkas")

    def __init__(self, *args, kriteria: Kriteria, jawaban: Jawaban | None, sebagai: str, **kwargs):
        self.kriteria = kriteria
        evaluator = sebagai == "evaluator"
        initial = {"versi": jawaban.versi if jawaban else 0}
        if jawaban:
            chosen = jawaban.opsi_evaluator_id if evaluator else jawaban.opsi_mandiri_id
            initial["opsi"] = "" if chosen is None else str(chosen)
            initial["catatan"] = jawaban.catatan_evaluator if evaluator else jawaban.catatan_mandiri
            initial["bukti_tautan"] = jawaban.bukti_tautan
            initial["bukti_dokumen"] = list(jawaban.bukti_dokumen)
        super().__init__(*args, initial=initial, prefix=f"k{kriteria.pk}", **kwargs)
        # Choices from the prefetched scale: no query per row to draw the page.
        self._opsi = {str(opsi.pk): opsi for opsi in kriteria.skala.opsi.all()}
        self.fields["opsi"].choices = [("", "–"), *((pk, opsi.kode) for pk, opsi in self._opsi.items())]
        self.bukti_ext = ""
        if evaluator:
            for name in self.BUKTI_FIELDS:
                del self.fields[name]

    @property
    def diubah(self) -> bool:
        """Whether the person changed anything on this row (the version alone is not a change)."""
        return any(name != "versi" for name in self.changed_data)

    @property
    def isi_bukti(self) -> bool:
        return "bukti_tautan" in self.fields

    def clean_opsi(self):
        return self._opsi.get(self.cleaned_data["opsi"])

    def clean_bukti_berkas(self):
        file = self.cleaned_data.get("bukti_berkas")
        if file:
            self.bukti_ext = uploads.sniff_bukti(file)
        return file or None

    def isian(self) -> IsianJawaban:
        data = self.cleaned_data
        if not self.isi_bukti:
            return IsianJawaban(versi=data["versi"], opsi=data["opsi"], catatan=data["catatan"])
        return IsianJawaban(
            versi=data["versi"],
            opsi=data["opsi"],
            catatan=data["catatan"],
            bukti_tautan=data.get("bukti_tautan") or "",
            bukti_dokumen=list(data.get("bukti_dokumen") or []),
            bukti_berkas=data.get("bukti_berkas"),
            bukti_ext=self.bukti_ext,
            hapus_berkas=bool(data.get("hapus_berkas")),
        )
