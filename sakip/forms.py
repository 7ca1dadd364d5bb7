from __future__ import annotations

import re

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from sakip.models import OPD_ROLES, Pejabat, Pemda, PerangkatDaerah, Role, UnitKerja, User


class DateInput(forms.DateInput):
    """The browser's date picker; it always sends ISO dates, which Django accepts in every locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose scope fields (pemda, opd) are set by the view, not typed by the user.

    Django skips unique constraints that touch fields missing from the form, so "kode unik per
    pemda" would reach the database as an IntegrityError instead of a message on the field. Listing
    the scope fields here keeps them in validation.
    """

    scope_fields: tuple[str, ...] = ("pemda",)

    def _get_validation_exclusions(self):
        return super()._get_validation_exclusions() - set(self.scope_fields)


class NipField(forms.CharField):
    """A NIP typed with its usual spaces ("19700101 199503 1 001") is stored as its 18 digits;
    the model's validator then checks the length."""

    def to_python(self, value):
        return re.sub(r"[\s.\-]", "", super().to_python(value))

    def widget_attrs(self, widget):
        # Room for the printed grouping (18 digits and three spaces); the digits are checked after.
        attrs = {**super().widget_attrs(widget), "placeholder": "19700101 199503 1 001", "inputmode": "numeric"}
        attrs["maxlength"] = "24"
        return attrs


PASSWORD_LABELS = {
    "password": _("Kata sandi"),
    "password1": _("Kata sandi"),
    "password2": _("Konfirmasi kata sandi"),
    "old_password": _("Kata sandi lama"),
    "new_password1": _("Kata sandi baru"),
    "new_password2": _("Konfirmasi kata sandi baru"),
}


class PasswordLabelsMixin:
    """Django's Indonesian catalogue says "sandi"; the app says "kata sandi" everywhere."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in PASSWORD_LABELS.items():
            if name in self.fields:
                self.fields[name].label = label


class LoginForm(PasswordLabelsMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _("Nama pengguna atau kata sandi salah. Perhatikan huruf besar dan kecil."),
        "inactive": _("Akun ini dinonaktifkan. Hubungi Admin Pemda."),
    }


class PemdaForm(forms.ModelForm):
    class Meta:
        model = Pemda
        fields = [
            "jenis",
            "nama",
            "kode",
            "alamat",
            "telepon",
            "email",
            "situs_web",
            "logo",
            "zona_waktu",
            "label_evaluator",
        ]
        # A plain file input: the "currently" link of the default widget points at /media/, which is
        # never served (uploads are private); the current logo is shown on the profile page.
        widgets = {"alamat": forms.Textarea(attrs={"rows": 3}), "logo": forms.FileInput}

    def __init__(self, *args, can_edit_identity: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a superuser renames a pemda or changes its code; an admin edits the rest.
        if not can_edit_identity:
            for name in ("jenis", "nama", "kode"):
                self.fields[name].disabled = True

    def clean_alamat(self) -> str:
        # Browsers send CRLF from a textarea; store LF so an unchanged address is not a change.
        return self.cleaned_data["alamat"].replace("\r\n", "\n")


class PerangkatDaerahForm(ScopedModelForm):
    class Meta:
        model = PerangkatDaerah
        fields = ["nama", "singkatan", "kode", "urutan", "aktif"]


class UnitKerjaForm(ScopedModelForm):
    scope_fields = ("opd",)

    class Meta:
        model = UnitKerja
        fields = ["parent", "nama", "jenis", "eselon", "urutan", "aktif"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        candidates = UnitKerja.objects.filter(opd_id=self.instance.opd_id).select_related("opd")
        if self.instance.pk:
            candidates = candidates.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = candidates
        self.fields["parent"].empty_label = _("(langsung di bawah kepala perangkat daerah)")


class PejabatForm(ScopedModelForm):
    class Meta:
        model = Pejabat
        fields = [
            "nama",
            "nip",
            "pangkat_golongan",
            "jabatan",
            "jenis_jabatan",
            "status",
            "opd",
            "unit",
            "mulai",
            "selesai",
        ]
        widgets = {"mulai": DateInput(), "selesai": DateInput()}
        field_classes = {"nip": NipField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pemda_id = self.instance.pemda_id
        self.fields["opd"].queryset = PerangkatDaerah.objects.filter(pemda_id=pemda_id)
        units = UnitKerja.objects.filter(opd__pemda_id=pemda_id).select_related("opd").order_by("opd__nama", "nama")
        self.fields["unit"].queryset = units
        # Grouped by OPD, so a pemda's hundreds of units read as one short list per OPD.
        groups: dict[str, list] = {}
        for unit in units:
            groups.setdefault(unit.opd.nama, []).append((unit.pk, unit.nama))
        self.fields["unit"].choices = [("", "---------"), *groups.items()]


class UserFieldsMixin:
    """Role and OPD rules shared by the create and edit forms."""

    def setup_scope(self, pemda: Pemda) -> None:
        self.fields["opd"].queryset = PerangkatDaerah.objects.filter(pemda=pemda)
        self.fields["opd"].required = False
        self.fields["opd"].help_text = _("Wajib untuk Perencana OPD dan Kepala OPD; kosongkan untuk peran lain.")
        self.fields["role"].required = True
        self.fields["role"].choices = [("", _("— pilih peran —")), *Role.choices]
        self.fields["role"].widget.attrs["data-opd-roles"] = ",".join(sorted(OPD_ROLES))

    def clean(self):
        cleaned = super().clean()
        role, opd = cleaned.get("role"), cleaned.get("opd")
        if role in OPD_ROLES and not opd:
            self.add_error("opd", _("Pilih perangkat daerah untuk peran ini."))
        if role and role not in OPD_ROLES:
            cleaned["opd"] = None
        return cleaned


class PasswordChangeForm(PasswordLabelsMixin, auth_forms.PasswordChangeForm):
    pass


class SetPasswordForm(PasswordLabelsMixin, auth_forms.SetPasswordForm):
    pass


class UserCreateForm(PasswordLabelsMixin, UserFieldsMixin, BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["username", "nama", "email", "nip", "role", "opd"]
        field_classes = {"username": UsernameField, "nip": NipField}

    def __init__(self, *args, pemda: Pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pemda = pemda
        self.setup_scope(pemda)


class UserEditForm(UserFieldsMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["nama", "email", "nip", "role", "opd", "is_active"]
        labels = {"is_active": _("Aktif (boleh masuk)")}
        field_classes = {"nip": NipField}

    def __init__(self, *args, pemda: Pemda, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_scope(pemda)
