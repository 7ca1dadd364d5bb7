"""Who may see and change evaluation data (extends sakip/access.py).

- Everyone reads the national LKE templates; a pemda's own variants only its users (superusers all).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from evaluasi.models import TemplateLKE
from sakip.models import User


def visible_templates(user: User) -> QuerySet[TemplateLKE]:
    """The national templates and those of the user's own pemda; every template for a superuser."""
    queryset = TemplateLKE.objects.all()
    if user.is_superuser:
        return queryset
    own = Q(pemda__isnull=True)
    if user.pemda_id is not None:
        own |= Q(pemda_id=user.pemda_id)
    return queryset.filter(own)
