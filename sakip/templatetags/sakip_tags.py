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
