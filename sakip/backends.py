"""Authentication backend: Django's, loading a signed-in user with their pemda and OPD in the same
query. Every page reads both (the active pemda, the menu, the scope of every list), so this saves
one or two queries on each request."""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from sakip.models import User


class SakipBackend(ModelBackend):
    def get_user(self, user_id):
        user = User._default_manager.select_related("pemda", "opd").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
