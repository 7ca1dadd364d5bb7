"""Readable change logs from django-simple-history, for the "Riwayat perubahan" panels."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

CHANGE_TYPES = {"+": "dibuat", "~": "diubah", "-": "dihapus"}


@dataclass
class ChangeRow:
    when: object
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""


def _display(record, field_name: str, value) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    if value is None or value == "":
        return "-"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    return str(value)


def change_log(history: QuerySet, *, limit: int = 10) -> list[ChangeRow]:
    """The newest ``limit`` changes of one object, each with the fields it changed.

    One query: the extra, older record is fetched so the oldest row shown can be diffed too.
    """
    records = list(history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    rows = []
    for newer, older in zip(records[:limit], records[1 : limit + 1] + [None], strict=False):
        row = ChangeRow(
            when=newer.history_date,
            who=str(newer.history_user) if newer.history_user else "sistem",
            action=CHANGE_TYPES.get(newer.history_type, newer.history_type),
            reason=newer.history_change_reason or "",
        )
        if older is not None and newer.history_type == "~":
            meta = newer.instance_type._meta
            for change in newer.diff_against(older).changes:
                label = str(meta.get_field(change.field).verbose_name)
                row.changes.append(
                    (label, _display(newer, change.field, change.old), _display(newer, change.field, change.new))
                )
        rows.append(row)
    return rows
