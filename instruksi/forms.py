"""Forms of the IKP pages: the instruction with its per-OPD tasks, a negotiation, the leader's
decision, a progress report and a cancellation. Numbers are typed the Indonesian way ("1.234,5")."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from instruksi import services
from instruksi.models import Instruksi, Tugas
from perjanjian.forms.fields import AngkaField
from sakip import uploads
from sakip.forms import DateInput
from sakip.models import Pejabat, PerangkatDaerah

MAKS_TARGET = 10**15


class InstruksiForm(forms.ModelForm):
    class Meta:
        model = Instruksi
        fields = ["nomor", "perihal", "uraian", "pemberi", "tanggal"]
        widgets = {"tanggal": DateInput(), "uraian": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"perihal": {"required": _("Tuliskan perihal instruksi (isu aktual yang ditangani).")}}

    def __init__(self, *args, pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pemberi"].queryset = Pejabat.objects.filter(pemda=pemda, opd__isnull=True).order_by("pk")


class TugasForm(forms.ModelForm):
    target = AngkaField(label=_("Target"), places=4, min_value=0, max_value=MAKS_TARGET)

    class Meta:
        model = Tugas
        fields = ["opd", "uraian", "jenis_target", "arah", "target", "satuan", "batas_waktu"]
        widgets = {"batas_waktu": DateInput()}
        error_messages = {
            "opd": {"required": _("Pilih perangkat daerah.")},
            "uraian": {"required": _("Tuliskan target yang harus dicapai.")},
            "batas_waktu": {"required": _("Isi batas waktu."), "invalid": _("Tanggal tidak sah.")},
        }

    def __init__(self, *args, pemda=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].error_messages["required"] = _("Isi target.")
        self.fields["satuan"].required = False  # "%" for serapan/pengaduan; required for "angka" in clean()
        self.fields["arah"].required = False  # "naik" unless chosen otherwise
        if pemda is not None:
            self.fields["opd"].queryset = PerangkatDaerah.objects.filter(pemda=pemda).aktif()
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            css = "form-select form-select-sm" if select else "form-control form-control-sm"
            field.widget.attrs.update({"class": css, "aria-label": str(field.label).capitalize()})

    def clean(self):
        data = super().clean()
        data["arah"] = data.get("arah") or Tugas.Arah.NAIK
        jenis, arah, target = data.get("jenis_target"), data.get("arah"), data.get("target")
        if jenis in services.JENIS_PERSEN:
            data["satuan"] = data.get("satuan") or "%"
            if arah == Tugas.Arah.TURUN:
                self.add_error("arah", _("Target serapan anggaran dan pengaduan selalu semakin tinggi semakin baik."))
            batas, instruksi = data.get("batas_waktu"), self.instance.instruksi if self.instance.instruksi_id else None
            tanggal = getattr(self, "tanggal_instruksi", None) or (instruksi.tanggal if instruksi else None)
            if batas is not None and tanggal is not None and batas.year != tanggal.year:
                self.add_error(
                    "batas_waktu",
                    _("Target serapan dan pengaduan dinilai per tahun: batas waktu harus pada tahun %(tahun)s.")
                    % {"tahun": tanggal.year},
                )
        elif jenis and not (data.get("satuan") or "").strip() and not self.has_error("satuan"):
            self.add_error("satuan", _("Isi satuan target."))
        if target is not None and jenis and arah:
            for message in services.galat_target(target, jenis=jenis, arah=arah):
                self.add_error("target", message)
        return data


class BaseTugasFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, pemda=None, tanggal_instruksi=None, **kwargs):
        self.pemda = pemda
        self.tanggal_instruksi = tanggal_instruksi  # the date typed on the instruction form
        super().__init__(*args, **kwargs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.tanggal_instruksi = self.tanggal_instruksi
        return form

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form) or not form.has_changed():
                continue
            key = (form.cleaned_data.get("opd"), (form.cleaned_data.get("uraian") or "").strip().lower())
            if key[0] is None:
                continue
            if key in seen:
                form.add_error("uraian", _("Target ini sudah diberikan kepada perangkat daerah tersebut."))
            seen.add(key)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "pemda": self.pemda}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            pemda=self.pemda,
        )
        self.add_fields(form, None)
        return form


TugasFormSet = inlineformset_factory(
    Instruksi, Tugas, form=TugasForm, formset=BaseTugasFormSet, extra=1, can_delete=True, max_num=100
)


class NegosiasiForm(forms.Form):
    """A proposal; its target is checked like the task's (direction, % at most 100)."""

    target_usulan = AngkaField(label=_("Target usulan"), places=4, min_value=0, max_value=MAKS_TARGET, required=False)
    batas_waktu_usulan = forms.DateField(
        label=_("Batas waktu usulan"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Tanggal tidak sah.")},
    )
    alasan = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan alasan usulan.")},
        help_text=_("Mengapa target atau batas waktu semula terlalu tinggi (atau dapat ditambah)."),
    )

    def __init__(self, *args, tugas: Tugas | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.tugas = tugas
        if tugas is not None:
            self.fields["target_usulan"].help_text = _("Target berlaku %(target)s %(satuan)s; %(arah)s.") % {
                "target": self.fields["target_usulan"].prepare_value(tugas.target),
                "satuan": tugas.satuan,
                "arah": tugas.get_arah_display().lower(),
            }

    def clean_target_usulan(self):
        target = self.cleaned_data.get("target_usulan")
        if target is not None and self.tugas is not None:
            errors = services.galat_target(target, jenis=self.tugas.jenis_target, arah=self.tugas.arah)
            if errors:
                raise ValidationError(errors)
        return target

    def clean(self):
        data = super().clean()
        if (
            not self.has_error("target_usulan")
            and not self.has_error("batas_waktu_usulan")
            and data.get("target_usulan") is None
            and data.get("batas_waktu_usulan") is None
        ):
            raise ValidationError(_("Usulkan target atau batas waktu yang baru."))
        return data


class KeputusanForm(forms.Form):
    """The leader's decision, sent by one of two buttons; a rejection needs a note."""

    SETUJU, TOLAK = "setuju", "tolak"

    keputusan = forms.ChoiceField(
        choices=[(SETUJU, _("Setujui")), (TOLAK, _("Tolak"))],
        widget=forms.HiddenInput,
        error_messages={"required": _("Pilih: setujui atau tolak.")},
    )
    catatan = forms.CharField(
        label=_("Catatan pimpinan"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila ditolak."),
    )

    def clean(self):
        data = super().clean()
        data["catatan"] = (data.get("catatan") or "").strip()
        if data.get("keputusan") == self.TOLAK and not data["catatan"]:
            self.add_error("catatan", _("Tuliskan catatan: mengapa usulan ditolak."))
        return data

    @property
    def setuju(self) -> bool:
        return self.cleaned_data["keputusan"] == self.SETUJU


class KemajuanForm(forms.Form):
    nilai = AngkaField(label=_("Nilai yang sudah dicapai"), places=4, min_value=0, max_value=MAKS_TARGET)
    uraian = forms.CharField(
        label=_("Uraian kemajuan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Tuliskan uraian kemajuan.")},
    )
    bukti = forms.FileField(
        label=_("Berkas bukti"),
        required=False,
        help_text=_("PDF, gambar (PNG/JPEG), atau dokumen Word, Excel, PowerPoint, ODF; paling besar 10 MB."),
    )
    PILIH_LAGI = _("Bila laporan belum tersimpan karena ada kesalahan, pilih berkas bukti lagi sebelum menyimpan.")
    bukti_tautan = forms.URLField(label=_("Tautan bukti"), max_length=500, required=False, assume_scheme="https")

    def __init__(self, *args, tugas: Tugas, **kwargs):
        super().__init__(*args, **kwargs)
        self.angka = tugas.jenis_target == Tugas.JenisTarget.ANGKA
        if self.angka:
            self.fields["nilai"].error_messages["required"] = _("Isi nilai yang sudah dicapai.")
            self.fields["nilai"].help_text = _("Target %(target)s %(satuan)s.") % {
                "target": self.fields["nilai"].prepare_value(tugas.target),
                "satuan": tugas.satuan,
            }
        else:
            del self.fields["nilai"]  # read from the monitoring data
        if self.is_bound:  # a browser never re-sends a file: say so next to the field
            self.fields["bukti"].help_text = f"{self.fields['bukti'].help_text} {self.PILIH_LAGI}"

    def clean_bukti(self):
        file = self.cleaned_data.get("bukti")
        if file:
            uploads.sniff_bukti(file)
        return file or None

    def clean(self):
        data = super().clean()
        if self.angka and not self.has_error("bukti") and not self.has_error("bukti_tautan"):
            if not data.get("bukti") and not data.get("bukti_tautan"):
                raise ValidationError(_("Lampirkan bukti: unggah berkas atau isi tautan bukti."))
        return data


class BatalForm(forms.Form):
    alasan = forms.CharField(
        label=_("Alasan pembatalan"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tuliskan alasan pembatalan.")},
    )
