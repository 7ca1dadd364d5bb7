"""Documents built from the tree: the pohon kinerja page and PDF, the Manual IKU page and PDF."""

from django.http import Http404


def pohon_kinerja(request, periode_pk):
    raise Http404


def pohon_kinerja_pdf(request, periode_pk):
    raise Http404


def manual_iku(request, periode_pk, opd_pk):
    raise Http404


def manual_iku_pdf(request, periode_pk, opd_pk):
    raise Http404
