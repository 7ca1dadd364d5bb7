"""Forms of the LKE template pages (the Excel upload is the shared ``iku_manual.forms.ExcelUploadForm``)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluasi.models import TemplateLKE


class TemplateSalinForm(forms.Form):
    """A copy of a template as a new version of this pemda."""

    nama = forms.CharField(
        label=_("Nama template baru"),
        max_length=TemplateLKE._meta.get_field("nama").max_length,
        help_text=_("Dengan nama yang sama, salinan menjadi versi berikutnya dari template itu."),
    )
    tahun_berlaku = forms.IntegerField(label=_("Berlaku mulai tahun"), min_value=2000, max_value=2100)

    def clean_nama(self):
        return self.cleaned_data["nama"].strip()
