"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def pk_pdf(request, **kwargs):
    raise Http404


def pk_excel(request, **kwargs):
    raise Http404
