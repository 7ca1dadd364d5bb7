"""Placeholder: replaced by the pages of this module."""

from django.http import Http404


def realisasi_triwulan(request, **kwargs):
    raise Http404


def realisasi_edit(request, **kwargs):
    raise Http404


def realisasi_ajukan_semua(request, **kwargs):
    raise Http404


def buka_kembali(request, **kwargs):
    raise Http404


def realisasi_detail(request, **kwargs):
    raise Http404


def realisasi_bukti(request, **kwargs):
    raise Http404


def realisasi_ajukan(request, **kwargs):
    raise Http404


def realisasi_verifikasi(request, **kwargs):
    raise Http404


def realisasi_kembalikan(request, **kwargs):
    raise Http404


def realisasi_batal(request, **kwargs):
    raise Http404


def verifikasi(request, **kwargs):
    raise Http404


def jadwal(request, **kwargs):
    raise Http404
