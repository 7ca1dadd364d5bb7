"""Fields for amounts typed the Indonesian way ("1.234,56", "Rp 1.250.000.000,50"), parsed at the
boundary: the PK budget, the budget realisation grid and the capaian settings use the same ones."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from sakip.numbers import NumberFormatError, format_decimal, parse_decimal


def angka_rupiah(value: Decimal | None) -> str:
    """An amount as the grid shows it: "125.000.000", cents only when there are any."""
    if value is None:
        return ""
    return format_decimal(value, 0 if value == value.to_integral_value() else 2)


class AngkaField(forms.CharField):
    """A number typed the Indonesian way ("1.234,56"), within bounds and decimal places."""

    default_error_messages = {
        "negatif": _("Nilai tidak boleh negatif."),
        "desimal": _("Paling banyak %(places)s angka di belakang koma."),
        "terlalu_besar": _("Nilai paling besar %(max)s."),
        "terlalu_kecil": _("Nilai paling kecil %(min)s."),
    }

    def __init__(self, *, places: int = 2, min_value=None, max_value=None, **kwargs):
        self.places, self.min_value, self.max_value = places, min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return format_decimal(value) if isinstance(value, Decimal | int) and not isinstance(value, bool) else value

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        try:
            number = parse_decimal(text)
        except NumberFormatError as error:
            raise forms.ValidationError(str(error), code="format") from error
        if self.min_value is not None and number < self.min_value:
            code = "negatif" if self.min_value == 0 else "terlalu_kecil"
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"min": format_decimal(Decimal(self.min_value))}
            )
        if self.max_value is not None and number > self.max_value:
            raise forms.ValidationError(
                self.error_messages["terlalu_besar"],
                code="terlalu_besar",
                params={"max": format_decimal(Decimal(self.max_value))},
            )
        if -number.as_tuple().exponent > self.places:
            raise forms.ValidationError(self.error_messages["desimal"], code="desimal", params={"places": self.places})
        return number


class RupiahField(AngkaField):
    """Rupiah: "125.000.000" or "Rp 125.000.000,50"; never negative."""

    default_error_messages = {
        "negatif": _("Rupiah tidak boleh negatif."),
        "terlalu_besar": _("Angka terlalu besar: paling banyak 16 angka sebelum koma."),
    }

    def __init__(self, **kwargs):
        super().__init__(places=2, min_value=0, max_value=Decimal("9999999999999999.99"), **kwargs)

    def prepare_value(self, value):
        return angka_rupiah(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip()
            for prefix in ("Rp.", "Rp", "rp.", "rp", "RP.", "RP"):
                if value.startswith(prefix):
                    value = value[len(prefix) :]
                    break
        return super().to_python(value)
