"""Forms of the evaluation pages: opening evaluations, and one row of a component's worksheet."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from evaluasi.models import Jawaban, Kriteria, TemplateLKE
from evaluasi.services import IsianJawaban


class EvaluasiBukaForm(forms.Form):
    """Open evaluations for a year: one OPD, or every OPD of the pemda not evaluated yet."""

    template = forms.ModelChoiceField(queryset=TemplateLKE.objects.none(), label=_("Template LKE"))
    opd = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Perangkat daerah"),
        empty_label=_("Semua OPD yang belum dievaluasi"),
    )

    def __init__(self, *args, templates: QuerySet, opds: QuerySet, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates
        self.fields["opd"].queryset = opds


class JawabanForm(forms.Form):
    """One criterion's row, one side of it: the answer, the note and (for the OPD) the evidence link.
    ``versi`` is the version the page showed, so a colleague's later save is not overwritten."""

    versi = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    opsi = forms.ChoiceField(required=False, label=_("Jawaban"))
    catatan = forms.CharField(
        required=False, label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2, "class": "form-control-sm"})
    )
    bukti_tautan = forms.URLField(required=False, max_length=500, label=_("Tautan bukti"), assume_scheme="https")

    def __init__(self, *args, kriteria: Kriteria, jawaban: Jawaban | None, sebagai: str, **kwargs):
        self.kriteria = kriteria
        evaluator = sebagai == "evaluator"
        initial = {"versi": jawaban.versi if jawaban else 0}
        if jawaban:
            chosen = jawaban.opsi_evaluator_id if evaluator else jawaban.opsi_mandiri_id
            initial["opsi"] = "" if chosen is None else str(chosen)
            initial["catatan"] = jawaban.catatan_evaluator if evaluator else jawaban.catatan_mandiri
            initial["bukti_tautan"] = jawaban.bukti_tautan
        super().__init__(*args, initial=initial, prefix=f"k{kriteria.pk}", **kwargs)
        # Choices from the prefetched scale: no query per row to draw the page.
        self._opsi = {str(opsi.pk): opsi for opsi in kriteria.skala.opsi.all()}
        self.fields["opsi"].choices = [("", "–"), *((pk, opsi.kode) for pk, opsi in self._opsi.items())]
        if evaluator:  # the evidence is the OPD's to give
            del self.fields["bukti_tautan"]

    @property
    def diubah(self) -> bool:
        """Whether the person changed anything on this row (the version alone is not a change)."""
        return any(name != "versi" for name in self.changed_data)

    def clean_opsi(self):
        return self._opsi.get(self.cleaned_data["opsi"])

    def isian(self) -> IsianJawaban:
        data = self.cleaned_data
        return IsianJawaban(
            versi=data["versi"],
            opsi=data["opsi"],
            catatan=data["catatan"],
            bukti_tautan=data.get("bukti_tautan") if "bukti_tautan" in self.fields else None,
        )
