"""Who may see and change agreements and realisations (extends sakip/access.py).

- Everyone in a pemda reads, within their scope: OPD roles their own OPD, pemda-wide roles every OPD.
- Perencana OPD drafts its own OPD's agreements and enters its realisations (value, evidence,
  analysis) and budget spending.
- Kepala OPD approves (menetapkan) or returns its own OPD's agreements; never the one who submitted.
- The evaluator verifies or returns realisations, sets the entry windows and reopens a quarter for
  a late OPD; the evaluator and Admin Pemda set the capaian conventions of the pemda.
- Pimpinan Daerah reads.
"""

from __future__ import annotations

from sakip.models import Role, User

PK_SCOPE = {"pemda_field": "opd__pemda", "opd_field": "opd"}
REALISASI_SCOPE = {"pemda_field": "opd__pemda", "opd_field": "opd"}
ANGGARAN_SCOPE = {"pemda_field": "perjanjian__opd__pemda", "opd_field": "perjanjian__opd"}


def can_draft(user: User, opd) -> bool:
    """Draft agreements and enter realisations of this OPD."""
    if user.is_superuser:
        return True
    return user.role == Role.PERENCANA and user.opd_id == opd.pk and user.pemda_id == opd.pemda_id


def can_approve(user: User, opd) -> bool:
    """Approve (menetapkan) or return an agreement of this OPD."""
    if user.is_superuser:
        return True
    return user.role == Role.KEPALA_OPD and user.opd_id == opd.pk and user.pemda_id == opd.pemda_id


def can_verify(user: User, pemda_id: int) -> bool:
    """Verify or return realisations, set entry windows, reopen quarters."""
    if user.is_superuser:
        return True
    return user.role == Role.EVALUATOR and user.pemda_id == pemda_id


def can_configure(user: User, pemda_id: int) -> bool:
    """Set the capaian conventions (formula for minimize, cap, floor, efficiency threshold)."""
    if user.is_superuser:
        return True
    return user.pemda_id == pemda_id and user.role in {Role.ADMIN_PEMDA, Role.EVALUATOR}
