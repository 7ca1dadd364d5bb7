"""The access classes of the URL matrix (``sakip/tests/test_url_matrix.py``): for a role and a target
(the user's own OPD, another OPD of the same pemda, another pemda), the status a page must answer.

Apps add their own rows in ``<app>/tests/matrix.py`` (``ROWS``, ``WRITE_EXPECTS`` and ``build``), so
a new app extends the matrix without editing the core test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conftest import ROLES

ALL_ROLES = ["anon", *ROLES]
PEMDA_WIDE = {"admin_pemda", "evaluator", "pimpinan"}
TARGETS = ["own", "other_opd", "other_pemda"]
MATRIX_YEAR = 2026  # the year of the matrix world's agreements, evaluations and reports


# Access classes: (role, target) -> expected status. "target" is where the object lives relative to
# the user's own OPD; pages without an object take only the "own" target.
def any_user(role, target):
    return 302 if role == "anon" else 200


def admin_only(role, target):
    if role == "anon":
        return 302
    return 200 if role in {"superuser", "admin_pemda"} else 403


def superuser_only(role, target):
    if role == "anon":
        return 302
    return 200 if role == "superuser" else 404


def read_object(role, target):
    """Anyone who may see the object reads it; OPD roles see only their own OPD."""
    if role == "anon":
        return 302
    if role == "superuser":
        return 200
    if target == "other_pemda":
        return 404
    if target == "other_opd" and role not in PEMDA_WIDE:
        return 404
    return 200


def write_object(role, target):
    """Visible but not the admin: 403; invisible: 404."""
    status = read_object(role, target)
    if status == 200 and role not in {"superuser", "admin_pemda"}:
        return 403
    return status


def read_pemda_object(role, target):
    """Objects of the pemda as a whole (its logo): every user of that pemda."""
    if role == "anon":
        return 302
    if target == "other_pemda" and role != "superuser":
        return 404
    return 200


def tree_write(role, target):
    """An OPD's tree and indicators: only that OPD's planner (and superusers) write."""
    status = read_object(role, target)
    if status == 200 and not (role == "superuser" or (role == "perencana" and target == "own")):
        return 403
    return status


def token_page(role, target):
    """An import preview behind a token the user does not own: 404 even for the planner."""
    status = tree_write(role, target)
    return 404 if status == 200 else status


def pemda_tree_write(role, target):
    """The RPJMD level: the evaluator writes, everyone else in the pemda reads."""
    status = read_pemda_object(role, target)
    if status == 200 and role not in {"superuser", "evaluator"}:
        return 403
    return status


def periode_write(role, target):
    status = read_pemda_object(role, target)
    if status == 200 and role not in {"superuser", "admin_pemda", "evaluator"}:
        return 403
    return status


def verify_object(role, target):
    """Realisations of an OPD under verification: the evaluator acts, everyone else who sees it reads."""
    status = read_object(role, target)
    if status == 200 and role not in {"superuser", "evaluator"}:
        return 403
    return status


def evaluator_page(role, target):
    """The evaluators' own pages (verification queue, entry windows)."""
    if role == "anon":
        return 302
    return 200 if role in {"superuser", "evaluator"} else 403


OPD_ROLE_NAMES = {"perencana", "kepala_opd"}


def pemda_read_before_final(role, target):
    """Documents of an evaluation still being scored (the draft LHE): the pemda-wide roles read them;
    the evaluated OPD may not yet (403)."""
    status = read_object(role, target)
    if status == 200 and role in OPD_ROLE_NAMES:
        return 403
    return status


def hidden_before_final(role, target):
    """A recommendation of an evaluation still being scored is a draft: the OPD does not see it (404)."""
    status = read_object(role, target)
    if status == 200 and role in OPD_ROLE_NAMES:
        return 404
    return status


def evaluator_draft_write(role, target):
    """Editing a draft recommendation: the evaluators of the pemda; others who see it read (403)."""
    status = hidden_before_final(role, target)
    if status == 200 and role not in {"superuser", "evaluator"}:
        return 403
    return status


def lkjip_write(role, target):
    """An OPD's LKjIP: its planner and head write it (and superusers); everyone else who sees it reads."""
    status = read_object(role, target)
    if status == 200 and not (role == "superuser" or (role in OPD_ROLE_NAMES and target == "own")):
        return 403
    return status


def evaluator_token_page(role, target):
    """An import preview behind a token the evaluator does not own: 404 for the evaluator."""
    status = evaluator_page(role, target)
    return 404 if status == 200 else status


def login_page(role, target):
    return 200 if role == "anon" else 302


def public_page(role, target):
    """Open to everyone, signed in or not (the health check a load balancer probes)."""
    return 200


def post_only(role, target):
    """State changes answer only POST; anonymous users are sent to log in first."""
    return 302 if role == "anon" else 405


def logout_page(role, target):
    return 405  # Django's LogoutView: POST only, for anyone


@dataclass(frozen=True)
class Row:
    name: str
    expect: Callable[[str, str], int]
    kwargs: Callable | None = None  # world, target -> kwargs

    @property
    def targets(self):
        return TARGETS if self.kwargs else ["own"]
