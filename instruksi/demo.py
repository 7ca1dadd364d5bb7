"""Demo data of this app for `manage.py load_demo` (idempotent)."""

from __future__ import annotations


def load() -> list:
    """Load the demo rows; return the extra demo logins (none)."""
    return []
