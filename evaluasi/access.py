"""Who may see and change evaluation data (extends sakip/access.py).

- Everyone reads the national LKE templates; a pemda's own variants only its users (superusers all).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from evaluasi.models import Evaluasi, LaporanKinerja, TemplateLKE
from evaluasi.services import boleh_menilai
from sakip.access import scope_queryset
from sakip.models import OPD_ROLES, Role, User


def visible_templates(user: User) -> QuerySet[TemplateLKE]:
    """The national templates and those of the user's own pemda; every template for a superuser."""
    queryset = TemplateLKE.objects.all()
    if user.is_superuser:
        return queryset
    own = Q(pemda__isnull=True)
    if user.pemda_id is not None:
        own |= Q(pemda_id=user.pemda_id)
    return queryset.filter(own)


# --- Evaluations ----------------------------------------------------------------------------------
# An evaluation belongs to its OPD: OPD roles see only their own OPD's (not the pemda-wide one);
# pemda-wide roles see every evaluation of their pemda. Opening and finalising are the evaluators'.
EVALUASI_SCOPE = {"pemda_field": "pemda", "opd_field": "opd"}


def visible_evaluasi(user: User) -> QuerySet[Evaluasi]:
    return scope_queryset(Evaluasi.objects.all(), user, **EVALUASI_SCOPE)


def is_evaluator_of(user: User, pemda_id: int | None) -> bool:
    """An evaluator of this pemda, or a superuser: opens and finalises its evaluations."""
    if user.is_superuser:
        return True
    return user.role == Role.EVALUATOR and pemda_id is not None and user.pemda_id == pemda_id


def sisi_isian(user: User, evaluasi: Evaluasi, komponen_id: int) -> str | None:
    """Which side of a component's worksheet the user fills: "evaluator", "mandiri" (the OPD's
    planner; the admin pemda for the pemda-wide evaluation) or None (read only). A final evaluation
    is read only for everyone."""
    if evaluasi.final:
        return None
    if boleh_menilai(user, evaluasi, komponen_id):
        return "evaluator"
    if user.role == Role.PERENCANA and evaluasi.opd_id is not None and user.opd_id == evaluasi.opd_id:
        return "mandiri"
    # The pemda as a whole assesses itself through its SAKIP coordinator (admin pemda).
    if user.role == Role.ADMIN_PEMDA and evaluasi.opd_id is None and user.pemda_id == evaluasi.pemda_id:
        return "mandiri"
    return None


def pihak_dievaluasi(user: User, evaluasi: Evaluasi) -> bool:
    """Whether the user is on the evaluated side: the OPD's roles for an OPD's evaluation, the Admin
    Pemda (who fills its self-assessment) for the pemda-wide one."""
    if user.is_superuser:
        return False
    if evaluasi.opd_id is None:
        return user.role == Role.ADMIN_PEMDA and user.pemda_id == evaluasi.pemda_id
    return user.role in OPD_ROLES


def sees_evaluator_scores(user: User, evaluasi: Evaluasi) -> bool:
    """The evaluated side sees the evaluator's answers, scores, grade and recommendations only once
    the evaluation is final."""
    return evaluasi.final or not pihak_dievaluasi(user, evaluasi)


# --- LKjIP ----------------------------------------------------------------------------------------
# An OPD's report belongs to its OPD (its roles see only theirs); the pemda's consolidated report is
# visible to everyone of the pemda. Its planners and head write an OPD's report, the admin pemda the
# pemda's; the APIP's evaluators record the review statement; leaders read and download.
LAPORAN_SCOPE = {"pemda_field": "pemda", "opd_field": "opd", "pemda_level_visible": True}


def visible_laporan(user: User) -> QuerySet[LaporanKinerja]:
    return scope_queryset(LaporanKinerja.objects.all(), user, **LAPORAN_SCOPE)


def boleh_menyusun(user: User, pemda_id: int, opd_id: int | None) -> bool:
    """Who writes (starts, edits, finalises, re-issues) the LKjIP of this OPD, or of the pemda."""
    if user.is_superuser:
        return True
    if user.pemda_id != pemda_id:
        return False
    if opd_id is None:
        return user.role == Role.ADMIN_PEMDA
    return user.role in OPD_ROLES and user.opd_id == opd_id


def boleh_mereviu(user: User, laporan: LaporanKinerja) -> bool:
    return is_evaluator_of(user, laporan.pemda_id)
