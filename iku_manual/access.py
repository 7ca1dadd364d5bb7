"""Who may see and change the performance tree and its indicators (extends sakip/access.py).

- Everyone in a pemda reads the RPJMD level (tujuan and sasaran of the pemda) and, within their
  scope, the OPD levels: OPD roles their own OPD, pemda-wide roles every OPD.
- Perencana OPD edits its own OPD's tree and indicators.
- The evaluator edits the pemda level (RPJMD) and reviews, read-only, everything else.
- Admin Pemda and the evaluator manage the RPJMD periods.
- Kepala OPD and Pimpinan Daerah read.
"""

from __future__ import annotations

from sakip.models import Role, User

SASARAN_SCOPE = {"pemda_field": "pemda", "opd_field": "opd", "pemda_level_visible": True}
INDIKATOR_SCOPE = {"pemda_field": "sasaran__pemda", "opd_field": "sasaran__opd", "pemda_level_visible": True}
PERIODE_SCOPE = {"pemda_field": "pemda", "opd_field": None}
RENSTRA_SCOPE = {"pemda_field": "opd__pemda", "opd_field": "opd"}


def can_edit_tree(user: User, *, pemda_id: int, opd_id: int | None) -> bool:
    """May ``user`` add or change nodes and indicators at this place of the tree?
    ``opd_id`` None means the pemda level (RPJMD)."""
    if user.is_superuser:
        return True
    if user.pemda_id != pemda_id:
        return False
    if opd_id is None:
        return user.role == Role.EVALUATOR
    return user.role == Role.PERENCANA and user.opd_id == opd_id


def can_manage_periode(user: User, pemda_id: int) -> bool:
    if user.is_superuser:
        return True
    return user.pemda_id == pemda_id and user.role in {Role.ADMIN_PEMDA, Role.EVALUATOR}


def periode_or_404(user: User, pk: int):
    from iku_manual.models import Periode
    from sakip.access import get_visible_or_404

    return get_visible_or_404(Periode.objects.select_related("pemda"), user, scope=PERIODE_SCOPE, pk=pk)


def opd_or_404(user: User, periode, opd_pk: int):
    """An OPD of the period's pemda that the user may see; anything else is a 404."""
    from sakip.access import OPD_SCOPE, get_visible_or_404
    from sakip.models import PerangkatDaerah

    return get_visible_or_404(
        PerangkatDaerah.objects.select_related("pemda"), user, scope=OPD_SCOPE, pk=opd_pk, pemda_id=periode.pemda_id
    )
