"""Aggregates over several tables read in one query.

A dashboard asks many small questions of different tables: how many agreements wait for approval,
how many recommendations are open and the latest year they are due, how many units and officials the
pemda has. Each is one aggregate, and asked one by one each costs a round trip. ``baca`` asks them
all at once: every aggregate becomes a scalar subquery of one SELECT on the pemda's own row, so the
page pays one query whatever the number of questions (PostgreSQL still runs each subquery, on its
own indexes).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Aggregate, QuerySet, Subquery, Value

from sakip.models import Pemda

Pertanyaan = tuple[QuerySet, dict[str, Aggregate]]


def subquery(queryset: QuerySet, aggregate: Aggregate) -> Subquery:
    """One aggregate over ``queryset`` as a scalar subquery: grouped by a constant, which Django
    leaves out of GROUP BY, so it is one row over every row of the queryset."""
    grouped = queryset.order_by().annotate(_semua=Value(1)).values("_semua")
    return Subquery(grouped.annotate(nilai=aggregate).values("nilai"))


def baca(pemda_id: int, pertanyaan: dict[str, Pertanyaan]) -> dict[str, dict[str, Any]]:
    """The answers to named questions, each a queryset and its named aggregates, in one query:
    ``{"pk": (qs, {"n": Count("pk")})}`` gives ``{"pk": {"n": 3}}``. Values are converted as
    ``aggregate()`` converts them. No query when there is nothing to ask."""
    if not pertanyaan:
        return {}
    kolom = {
        f"{nama}__{kunci}": subquery(queryset, aggregate)
        for nama, (queryset, aggregates) in pertanyaan.items()
        for kunci, aggregate in aggregates.items()
    }
    row = Pemda.objects.filter(pk=pemda_id).values(**kolom).get()
    return {
        nama: {kunci: row[f"{nama}__{kunci}"] for kunci in aggregates} for nama, (_qs, aggregates) in pertanyaan.items()
    }
