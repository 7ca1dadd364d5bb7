"""Who may see and change what. Every view and every list goes through here.

The rules, in one place:
- anonymous users are sent to the login page (``login_required`` on every view);
- a user sees only their own pemda; Perencana OPD and Kepala OPD see only their own OPD;
  superusers see every pemda;
- an object outside what the user may see answers 404, so its existence does not leak;
- an object the user may see but not change answers 403.

Apps extend this module with their own predicates (``can_edit_...``) but filter through
``scope_queryset`` so the boundary is decided once.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from sakip.models import OPD_ROLES, Pemda, PerangkatDaerah, Role, User


def scope_queryset(
    queryset: QuerySet,
    user: User,
    *,
    pemda_field: str = "pemda",
    opd_field: str | None = "opd",
    pemda_level_visible: bool = False,
) -> QuerySet:
    """Filter ``queryset`` to the rows ``user`` may see.

    ``pemda_field`` and ``opd_field`` are lookups from the model to its Pemda and OPD
    (``"opd__pemda"`` for a model that only knows its OPD). ``opd_field=None`` means the rows
    belong to the pemda as a whole and OPD roles see all of them. With ``pemda_level_visible``,
    rows whose OPD is empty (pemda-level rows) are visible to OPD roles too.
    """
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    if user.pemda_id is None:
        return queryset.none()
    queryset = queryset.filter(**{pemda_field: user.pemda_id})
    if user.role in OPD_ROLES and opd_field is not None:
        own = Q(**{opd_field: user.opd_id})
        if pemda_level_visible:
            own |= Q(**{f"{opd_field}__isnull": True})
        queryset = queryset.filter(own)
    return queryset


def get_visible_or_404(queryset: QuerySet, user: User, /, *, scope: dict | None = None, **lookup) -> Model:
    """Fetch one object through the user's scope; anything outside it is a 404."""
    try:
        return scope_queryset(queryset, user, **(scope or {})).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc


def deny_unless(allowed: bool) -> None:
    """Raise 403 for an object already known to be inside the user's scope."""
    if not allowed:
        raise PermissionDenied


# Scope lookups for the organisation models.
OPD_SCOPE = {"pemda_field": "pemda", "opd_field": "pk"}
UNIT_SCOPE = {"pemda_field": "opd__pemda", "opd_field": "opd"}
PEJABAT_SCOPE = {"pemda_field": "pemda", "opd_field": "opd", "pemda_level_visible": True}
USER_SCOPE = {"pemda_field": "pemda", "opd_field": "opd"}


def visible_pemda(user: User) -> QuerySet[Pemda]:
    return scope_queryset(Pemda.objects.all(), user, pemda_field="pk", opd_field=None)


def visible_opd(user: User) -> QuerySet[PerangkatDaerah]:
    return scope_queryset(PerangkatDaerah.objects.all(), user, **OPD_SCOPE)


def is_pemda_admin(user: User, pemda: Pemda | int | None) -> bool:
    """Admin Pemda of this pemda, or a superuser: may manage its OPDs, units, officials and users."""
    if user.is_superuser:
        return True
    pemda_id = pemda.pk if isinstance(pemda, Pemda) else pemda
    return user.role == Role.ADMIN_PEMDA and pemda_id is not None and user.pemda_id == pemda_id


def can_manage_organisation(user: User, pemda: Pemda | int | None) -> bool:
    return is_pemda_admin(user, pemda)


def can_manage_user(user: User, target: User) -> bool:
    """Admins manage the users of their own pemda, never a superuser."""
    if user.is_superuser:
        return True
    return not target.is_superuser and is_pemda_admin(user, target.pemda_id)


def superuser_only(view):
    """For installation-wide pages (the list of pemda): anyone else gets a 404."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_superuser:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
