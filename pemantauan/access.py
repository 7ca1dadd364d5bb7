"""Who may see and enter budget absorption and complaint figures (extends sakip/access.py).

- Perencana OPD and Kepala OPD enter (and import) their own OPD's figures and read only their OPD.
- Admin Pemda enters and imports the figures of every OPD of its pemda and sets the pemda's target
  curve of absorption.
- The evaluator and Pimpinan Daerah read the whole pemda.
- An indicator's data source is set by whoever may edit that indicator (iku_manual.access).
Outside the user's scope: 404; inside but read-only: 403.
"""

from __future__ import annotations

from django.http import HttpRequest

from iku_manual import access as iku_access
from sakip import access
from sakip.models import OPD_ROLES, PerangkatDaerah, Role, User

DATA_SCOPE = {"pemda_field": "opd__pemda", "opd_field": "opd"}
ENTRY_ROLES = frozenset({Role.ADMIN_PEMDA, *OPD_ROLES})


def opd_or_404(request: HttpRequest, opd_pk: int) -> PerangkatDaerah:
    """An OPD the user may see (a superuser: of any pemda); anything else is a 404."""
    queryset = PerangkatDaerah.objects.select_related("pemda")
    return access.get_visible_or_404(queryset, request.user, scope=access.OPD_SCOPE, pk=opd_pk)


def can_enter(user: User, opd: PerangkatDaerah) -> bool:
    """Enter or import this OPD's absorption and complaints."""
    if user.is_superuser:
        return True
    if user.pemda_id != opd.pemda_id:
        return False
    if user.role == Role.ADMIN_PEMDA:
        return True
    return user.role in OPD_ROLES and user.opd_id == opd.pk


def can_import(user: User) -> bool:
    """Open the import pages at all; which OPDs a file may touch is decided by ``can_enter``."""
    return user.is_superuser or user.role in ENTRY_ROLES


def can_edit_kurva(user: User, pemda_id: int) -> bool:
    """Set the pemda's target curve of absorption."""
    return access.is_pemda_admin(user, pemda_id)


def can_set_sumber(user: User, indikator) -> bool:
    """Link an indicator to a figure of this app: whoever may edit the indicator."""
    sasaran = indikator.sasaran
    return iku_access.can_edit_tree(user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id)
