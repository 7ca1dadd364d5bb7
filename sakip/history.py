"""Readable change logs from django-simple-history, for the "Riwayat perubahan" panels.

A fixed number of queries per log, however long the history: the records, then one query per
many-to-many field and one per related model named in the changes. Values are shown as people read
them: choices by label, related rows by name, numbers the Indonesian way.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from simple_history.utils import get_m2m_reverse_field_name

from sakip.numbers import format_decimal

CHANGE_TYPES = {"+": "dibuat", "~": "diubah", "-": "dihapus"}


@dataclass
class ChangeRow:
    when: datetime.datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)
    reason: str = ""
    subject: str = ""  # what changed when a log merges several objects, e.g. "Target 2025"


def _plain(value) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime.date):
        return value.strftime("%d-%m-%Y")
    return str(value)


def change_log(
    history: QuerySet,
    *,
    limit: int = 10,
    subject: Callable[[object], str] | None = None,
    whole: bool = False,
    hidden: Collection[str] = (),
) -> list[ChangeRow]:
    """The newest ``limit`` changes of one object, each with the fields it changed (``hidden``
    fields left out: what this reader may not see, or machine-only data).

    For one object, one record older than shown is fetched so the oldest row can be diffed. With
    ``whole``, ``history`` may span several objects (an indicator's yearly targets): all of it is
    read, so each change is diffed against the previous record of the same object."""
    ordered = history.select_related("history_user").order_by("-history_date", "-history_id")
    records = list(ordered if whole else ordered[: limit + 1])
    if not records:
        return []
    meta = records[0].instance_type._meta
    # Only the many-to-many fields the history tracks (HistoricalRecords(m2m_fields=...)).
    m2m_names = [f.name for f in getattr(history.model, "_history_m2m_fields", [])]
    pk_name = meta.pk.attname
    m2m_values = _m2m_values(history.model, records, m2m_names)

    raw_rows = []
    wanted: dict[type, set] = defaultdict(set)  # related model -> primary keys to name
    for index, newer in enumerate(records[:limit]):
        same = getattr(newer, pk_name)
        older = next((r for r in records[index + 1 :] if getattr(r, pk_name) == same), None)
        changes = []
        if older is not None and newer.history_type == "~":
            for change in newer.diff_against(older, excluded_fields=[*m2m_names, *hidden]).changes:
                changes.append((change.field, change.old, change.new))
            for name in m2m_names:
                old, new = m2m_values[name].get(older.history_id, set()), m2m_values[name].get(newer.history_id, set())
                if old != new:
                    changes.append((name, old, new))
        for name, old, new in changes:
            model_field = meta.get_field(name)
            if model_field.is_relation:
                for value in (old, new):
                    wanted[model_field.related_model] |= value if isinstance(value, set) else {value}
        raw_rows.append((newer, changes))

    names = {
        model: {obj.pk: str(obj) for obj in model._default_manager.filter(pk__in=[pk for pk in pks if pk is not None])}
        for model, pks in wanted.items()
    }

    def display(name: str, value) -> str:
        model_field = meta.get_field(name)
        if model_field.is_relation:
            lookup = names.get(model_field.related_model, {})
            if isinstance(value, set):
                return ", ".join(sorted(lookup.get(pk, f"#{pk}") for pk in value)) or "-"
            return lookup.get(value, "-" if value is None else f"#{value}")
        if model_field.choices:
            return str(dict(model_field.flatchoices).get(value, value))
        return _plain(value)

    rows = []
    for record, changes in raw_rows:
        if record.history_type == "~" and not changes and not record.history_change_reason:
            continue  # a save that changed nothing shown here (or only a hidden field, e.g. a password)
        rows.append(
            ChangeRow(
                when=record.history_date,
                who=str(record.history_user) if record.history_user else "sistem",
                action=CHANGE_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                subject=subject(record) if subject else "",
                changes=[
                    (str(meta.get_field(name).verbose_name), display(name, old), display(name, new))
                    for name, old, new in changes
                ],
            )
        )
    return rows


def _m2m_values(historical_model, records, m2m_names) -> dict[str, dict[int, set]]:
    """For each many-to-many field, the related ids each historical record held: one query a field."""
    values: dict[str, dict[int, set]] = {}
    meta = records[0].instance_type._meta
    for name in m2m_names:
        through = getattr(historical_model, name).model  # simple_history's copy of the through table
        target = get_m2m_reverse_field_name(meta.get_field(name))  # "to_sasaran" for a node's parents
        held: dict[int, set] = defaultdict(set)
        rows = through._default_manager.filter(history__in=[r.history_id for r in records])
        for history_id, related_id in rows.values_list("history_id", f"{target}_id"):
            held[history_id].add(related_id)
        values[name] = held
    return values


def merged_log(*logs: list[ChangeRow], limit: int = 10) -> list[ChangeRow]:
    """Several objects' logs as one, newest first (an indicator and its yearly targets)."""
    rows = [row for log in logs for row in log]
    return sorted(rows, key=lambda row: row.when, reverse=True)[:limit]


def versi(obj) -> int:
    """The version of a history-tracked object as an edit page shows it: its latest history record's
    id (0 for an object without history). A page posts it back; ``refuse_stale`` compares it."""
    return obj.history.order_by("-history_id").values_list("history_id", flat=True).first() or 0


def refuse_stale(obj, shown: int | None, what: str) -> None:
    """Refuse a save from a page opened before someone else saved ``obj`` (call it under the row's
    lock), naming who and when, so nobody's edit is silently overwritten. ``shown`` None: not checked."""
    from django.core.exceptions import ValidationError
    from django.utils import formats, timezone
    from django.utils.translation import gettext as _

    if shown is None:
        return
    latest = obj.history.order_by("-history_id").select_related("history_user").first()
    if latest is None or latest.history_id == shown:
        return
    raise ValidationError(
        _("%(apa)s baru saja diubah oleh %(siapa)s (%(kapan)s); muat ulang halaman, lalu ulangi.")
        % {
            "apa": what,
            "siapa": latest.history_user or "-",
            "kapan": formats.date_format(timezone.localtime(latest.history_date), "j F Y H:i"),
        }
    )
