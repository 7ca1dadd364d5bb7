"""Writes to the performance tree: each in one transaction, each checked once here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from iku_manual.models import Indikator, Renstra, Sasaran, TargetIndikator, Tingkat, validate_parents
from iku_manual.targets import ParsedTarget
from sakip.models import PerangkatDaerah, Periode


@dataclass(frozen=True, kw_only=True)
class TargetInput(ParsedTarget):
    """A parsed target for one year of the period."""

    tahun: int


def renstra_for(*, opd: PerangkatDaerah, periode: Periode) -> Renstra:
    renstra, _created = Renstra.objects.get_or_create(opd=opd, periode=periode)
    return renstra


def _descendant_ids(sasaran: Sasaran) -> set[int]:
    """Every node below ``sasaran`` in its period, from one query over the period's links."""
    links = Sasaran.parents.through.objects.filter(from_sasaran__periode_id=sasaran.periode_id)
    children: dict[int, set[int]] = defaultdict(set)
    for child_id, parent_id in links.values_list("from_sasaran_id", "to_sasaran_id"):
        children[parent_id].add(child_id)
    found: set[int] = set()
    frontier = [sasaran.pk]
    while frontier:
        node = frontier.pop()
        for child in children.get(node, ()):
            if child not in found:
                found.add(child)
                frontier.append(child)
    return found


def _check_place_in_tree(sasaran: Sasaran, parents: list[Sasaran]) -> None:
    """Levels run downward and the tree has no cycle: a node stays above the nodes it supports,
    and none of its descendants can become its parent."""
    errors = []
    if sasaran.pk:
        rank = Tingkat.rank(sasaran.tingkat)
        for child in sasaran.children.all():
            if Tingkat.rank(child.tingkat) <= rank:
                errors.append(
                    _("Sasaran turunan %(kode)s (%(tingkat)s) tidak lagi berada di bawah tingkat yang dipilih.")
                    % {"kode": child.kode, "tingkat": child.get_tingkat_display()}
                )
        below = _descendant_ids(sasaran)
        for parent in parents:
            if parent.pk == sasaran.pk or parent.pk in below:
                errors.append(
                    _("%(kode)s adalah turunan sasaran ini dan tidak dapat menjadi induknya.") % {"kode": parent.kode}
                )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def sasaran_save(*, sasaran: Sasaran, parents) -> Sasaran:
    parents = list(parents)
    validate_parents(sasaran.tingkat, parents)
    if any(parent.periode_id != sasaran.periode_id for parent in parents):
        raise ValidationError(_("Sasaran induk harus berada pada periode yang sama."))
    _check_place_in_tree(sasaran, parents)
    sasaran.full_clean()
    sasaran.save()
    if sasaran.opd_id:
        renstra_for(opd=sasaran.opd, periode=sasaran.periode)
    sasaran.parents.set(parents)
    return sasaran


def check_targets(indikator: Indikator, targets: list[TargetInput]) -> None:
    """Range targets for stabilize indicators, single values otherwise; years inside the period."""
    years = set(indikator.sasaran.periode.tahun)
    errors = []
    for target in targets:
        if target.tahun not in years:
            errors.append(_("Tahun %(tahun)s di luar periode.") % {"tahun": target.tahun})
        if target.is_empty:
            continue
        if indikator.polaritas == Indikator.Polaritas.STABILIZE:
            if target.batas_bawah is None or target.batas_atas is None:
                errors.append(_("Target %(tahun)s: isi batas bawah dan batas atas.") % {"tahun": target.tahun})
            elif target.batas_bawah > target.batas_atas:
                errors.append(_("Target %(tahun)s: batas bawah melebihi batas atas.") % {"tahun": target.tahun})
        elif target.nilai is None:
            errors.append(_("Target %(tahun)s: isi nilai target.") % {"tahun": target.tahun})
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def indikator_save(*, indikator: Indikator, targets: list[TargetInput]) -> Indikator:
    """Save an indicator and its yearly targets; a target left empty is removed."""
    check_targets(indikator, targets)
    indikator.full_clean()
    indikator.save()
    existing = {target.tahun: target for target in indikator.targets.all()}
    for target in targets:
        current = existing.get(target.tahun)
        if target.is_empty:
            if current is not None:
                current.delete()
            continue
        values = {"nilai": target.nilai, "batas_bawah": target.batas_bawah, "batas_atas": target.batas_atas}
        if current is None:
            TargetIndikator.objects.create(indikator=indikator, tahun=target.tahun, **values)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.save()
    return indikator
