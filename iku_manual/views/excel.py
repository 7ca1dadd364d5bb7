"""Excel export of an OPD's indicators and targets; import through upload -> preview -> apply."""

from django.http import Http404


def export(request, periode_pk, opd_pk):
    raise Http404


def template(request, periode_pk, opd_pk):
    raise Http404


def upload(request, periode_pk, opd_pk):
    raise Http404


def preview(request, periode_pk, opd_pk, token):
    raise Http404
