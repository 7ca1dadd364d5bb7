"""Who may see and do what with leader instructions (extends sakip/access.py).

- Pimpinan Daerah and Admin Pemda of the pemda draft, edit drafts, issue (terbitkan) and cancel.
- Only the Pimpinan Daerah decides an OPD's negotiation (Admin Pemda prepares, never decides).
- Perencana and Kepala OPD of an OPD with a task on an issued (or cancelled) instruction see it,
  only their own tasks on it, propose a negotiation and report progress. OPDs without a task on it,
  and every OPD while it is a draft, get 404.
- The evaluator reads everything of the pemda. Another pemda: 404.
- An issued instruction is not editable (403); a cancelled one is read-only.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from instruksi.models import Instruksi, Kemajuan, Negosiasi, Tugas
from sakip import access
from sakip.models import OPD_ROLES, Role, User

MANAGERS = {Role.PIMPINAN, Role.ADMIN_PEMDA}
TUGAS_SCOPE = {"pemda_field": "instruksi__pemda", "opd_field": "opd"}


def _opd_role(user: User) -> bool:
    return not user.is_superuser and user.role in OPD_ROLES


def visible_instruksi(user: User) -> QuerySet[Instruksi]:
    """The instructions ``user`` may open: the pemda's; for an OPD role only issued or cancelled ones
    with a task for its OPD."""
    queryset = access.scope_queryset(Instruksi.objects.all(), user, opd_field=None)
    if _opd_role(user):
        own_task = Tugas.objects.filter(instruksi=OuterRef("pk"), opd_id=user.opd_id)
        queryset = queryset.filter(Exists(own_task)).exclude(status=Instruksi.Status.DRAF)
    return queryset


def visible_tugas(user: User) -> QuerySet[Tugas]:
    """The tasks ``user`` may see: the pemda's; an OPD role only its own OPD's, never on a draft."""
    queryset = access.scope_queryset(Tugas.objects.all(), user, **TUGAS_SCOPE)
    if _opd_role(user):
        queryset = queryset.exclude(instruksi__status=Instruksi.Status.DRAF)
    return queryset


def instruksi_or_404(user: User, pk: int) -> Instruksi:
    """One instruction ``user`` may open; anything else is a 404."""
    return get_object_or_404(visible_instruksi(user).select_related("pemda", "pemberi", "dibuat_oleh"), pk=pk)


def tugas_or_404(user: User, pk: int) -> Tugas:
    """One task ``user`` may see; anything else is a 404."""
    return get_object_or_404(visible_tugas(user).select_related("instruksi__pemda", "opd"), pk=pk)


def visible_kemajuan(user: User) -> QuerySet[Kemajuan]:
    return Kemajuan.objects.filter(tugas__in=visible_tugas(user))


def visible_negosiasi(user: User) -> QuerySet[Negosiasi]:
    return Negosiasi.objects.filter(tugas__in=visible_tugas(user))


def can_manage(user: User, pemda_id: int | None) -> bool:
    """Draft, edit drafts, issue and cancel the pemda's instructions."""
    if user.is_superuser:
        return True
    return user.role in MANAGERS and pemda_id is not None and user.pemda_id == pemda_id


def can_edit(user: User, instruksi: Instruksi) -> bool:
    """Edit an instruction: a manager, and only while it is a draft."""
    return can_manage(user, instruksi.pemda_id) and instruksi.status == Instruksi.Status.DRAF


def can_decide(user: User, pemda_id: int | None) -> bool:
    """Approve or reject a negotiation: the leader, never the admin."""
    if user.is_superuser:
        return True
    return user.role == Role.PIMPINAN and pemda_id is not None and user.pemda_id == pemda_id


def can_act_for_opd(user: User, tugas: Tugas) -> bool:
    """Propose a negotiation and report progress: the planner and head of the task's OPD."""
    if user.is_superuser:
        return True
    return user.role in OPD_ROLES and user.opd_id == tugas.opd_id
