from __future__ import annotations

import datetime

from django import template

register = template.Library()


@register.filter
def menit(value: datetime.timedelta | None) -> int:
    """Whole minutes of a duration, rounded up: 'coba lagi setelah 15 menit'."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)


@register.filter
def get_item(mapping: dict, key):
    """``{{ rows|get_item:node.pk }}``: a dict lookup by a variable key."""
    return mapping.get(key) if mapping else None


@register.filter
def angka(value, places=None):
    """A Decimal in the Indonesian format: ``{{ x|angka:2 }}`` -> 1.234,50."""
    from sakip.numbers import format_decimal

    if value is None or value == "":
        return ""
    return format_decimal(value, None if places in (None, "") else int(places))
