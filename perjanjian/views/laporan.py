"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def monitoring(request, **kwargs):
    raise Http404


def rekap(request, **kwargs):
    raise Http404
