"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def pk_list(request, **kwargs):
    raise Http404


def pk_create(request, **kwargs):
    raise Http404


def pk_detail(request, **kwargs):
    raise Http404


def pk_edit(request, **kwargs):
    raise Http404


def pk_baris(request, **kwargs):
    raise Http404


def pk_anggaran(request, **kwargs):
    raise Http404


def pk_ajukan(request, **kwargs):
    raise Http404


def pk_kembalikan(request, **kwargs):
    raise Http404


def pk_tetapkan(request, **kwargs):
    raise Http404


def pk_hapus(request, **kwargs):
    raise Http404


def pk_perubahan(request, **kwargs):
    raise Http404


def pk_banding(request, **kwargs):
    raise Http404
