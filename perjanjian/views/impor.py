"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def templat(request, **kwargs):
    raise Http404


def upload(request, **kwargs):
    raise Http404


def preview(request, **kwargs):
    raise Http404
