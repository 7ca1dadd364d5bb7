"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def pengaturan(request, **kwargs):
    raise Http404


def realisasi_anggaran(request, **kwargs):
    raise Http404
