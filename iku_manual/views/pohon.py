"""Periods, the RPJMD and Renstra trees, sasaran and indicators, and the quality check."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, Max, OuterRef, Prefetch, ProtectedError, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iku_manual import access as iku_access
from iku_manual import quality
from iku_manual.forms import IndikatorForm, PeriodeForm, RenstraForm, SasaranForm
from iku_manual.models import PEMDA_LEVELS, Indikator, Renstra, Sasaran, TargetIndikator, Tingkat
from iku_manual.services import indikator_save, sasaran_save
from iku_manual.targets import scale_lookup
from iku_manual.tree import build_tree
from sakip import access
from sakip.history import change_log, merged_log
from sakip.models import Periode


def _form_page(request, form, *, title: str, crumbs: list[tuple[str, str]], template="iku_manual/form.html", **extra):
    context = {"form": form, "title": title, "breadcrumbs": crumbs, "cancel_url": crumbs[-1][1], **extra}
    return render(request, template, context)


def _crumbs(periode: Periode | None = None, opd=None) -> list[tuple[str, str]]:
    crumbs = [(_("Manual IKU"), reverse("iku_manual:home"))]
    if periode is not None and opd is None:
        crumbs.append(
            (
                _("RPJMD %(awal)s–%(akhir)s") % {"awal": periode.tahun_awal, "akhir": periode.tahun_akhir},
                reverse("iku_manual:rpjmd", args=[periode.pk]),
            )
        )
    if periode is not None and opd is not None:
        crumbs.append((f"Renstra {opd.singkatan}", reverse("iku_manual:renstra", args=[periode.pk, opd.pk])))
    return crumbs


def _place_url(sasaran: Sasaran) -> str:
    if sasaran.opd_id:
        return reverse("iku_manual:renstra", args=[sasaran.periode_id, sasaran.opd_id])
    return reverse("iku_manual:rpjmd", args=[sasaran.periode_id])


def _chosen_periode(request: HttpRequest, periodes: list[Periode]) -> Periode | None:
    wanted = request.GET.get("periode")
    for periode in periodes:
        if str(periode.pk) == wanted:
            return periode
    return periodes[0] if periodes else None


def _count(model_filter, **filters):
    rows = model_filter.filter(**filters).order_by().values("opd")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    if pemda is None:
        raise Http404
    periodes = list(
        access.scope_queryset(Periode.objects.filter(pemda=pemda), request.user, **iku_access.PERIODE_SCOPE)
    )
    periode = _chosen_periode(request, periodes)
    rows = []
    if periode is not None:
        nodes = Sasaran.objects.filter(periode=periode, opd=OuterRef("pk"))
        indicators = Indikator.objects.filter(sasaran__periode=periode, sasaran__opd=OuterRef("pk"))
        rows = (
            access.visible_opd(request.user)
            .filter(pemda=pemda, aktif=True)
            .annotate(
                jumlah_sasaran=_count(nodes),
                jumlah_indikator=Coalesce(
                    Subquery(
                        indicators.order_by().values("sasaran__opd").annotate(n=Count("pk")).values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                ),
                jumlah_iku=Coalesce(
                    Subquery(
                        indicators.filter(is_iku=True)
                        .order_by()
                        .values("sasaran__opd")
                        .annotate(n=Count("pk"))
                        .values("n"),
                        output_field=IntegerField(),
                    ),
                    0,
                ),
            )
        )
    return render(
        request,
        "iku_manual/home.html",
        {
            "periodes": periodes,
            "periode": periode,
            "opd_rows": rows,
            "can_manage_periode": iku_access.can_manage_periode(request.user, pemda.pk),
        },
    )


# --- Periode -------------------------------------------------------------------------------------


@login_required
def periode_create(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    if pemda is None:
        raise Http404
    access.deny_unless(iku_access.can_manage_periode(request.user, pemda.pk))
    form = PeriodeForm(request.POST or None, instance=Periode(pemda=pemda))
    if request.method == "POST" and form.is_valid():
        periode = form.save()
        messages.success(request, _("Periode %(nama)s ditambahkan.") % {"nama": periode.nama})
        return redirect(reverse("iku_manual:home") + f"?periode={periode.pk}")
    return _form_page(request, form, title=_("Tambah periode RPJMD"), crumbs=_crumbs())


@login_required
def periode_edit(request: HttpRequest, pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, pk)
    access.deny_unless(iku_access.can_manage_periode(request.user, periode.pemda_id))
    form = PeriodeForm(request.POST or None, instance=periode)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Periode disimpan."))
        return redirect(reverse("iku_manual:home") + f"?periode={periode.pk}")
    return _form_page(request, form, title=_("Ubah periode %(nama)s") % {"nama": periode.nama}, crumbs=_crumbs(periode))


# --- Trees ---------------------------------------------------------------------------------------


def _nodes_with_indicators(queryset):
    """Nodes for a tree page: parents, and indicators with their targets and scale steps."""
    indicators = Indikator.objects.select_related("skala", "penanggung_jawab").prefetch_related(
        "targets", "skala__nilai"
    )
    return list(
        queryset.select_related("opd", "unit").prefetch_related(
            Prefetch("parents", queryset=Sasaran.objects.select_related("opd")),
            Prefetch("indikator", queryset=indicators.order_by("urutan", "kode")),
        )
    )


def _indicator_rows(nodes: list[Sasaran], years: list[int]) -> dict[int, list[dict]]:
    """Per node, its indicators with one display value per year (empty where no target)."""
    rows: dict[int, list[dict]] = {}
    for node in nodes:
        for ind in node.indikator.all():
            names = scale_lookup(ind.skala.nilai.all()).names if ind.skala_id else None
            by_year = {t.tahun: t.tampil(names) for t in ind.targets.all()}
            rows.setdefault(node.pk, []).append({"indikator": ind, "targets": [by_year.get(y, "") for y in years]})
    return rows


@login_required
def rpjmd(request: HttpRequest, periode_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    nodes = _nodes_with_indicators(Sasaran.objects.filter(periode=periode, opd__isnull=True))
    return render(
        request,
        "iku_manual/tree_page.html",
        {
            "periode": periode,
            "opd": None,
            "tree": build_tree(nodes),
            "indicator_rows": _indicator_rows(nodes, periode.tahun),
            "years": periode.tahun,
            "can_edit": iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=None),
            "create_url": reverse("iku_manual:rpjmd_sasaran_create", args=[periode.pk]),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def renstra(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    nodes = _nodes_with_indicators(Sasaran.objects.filter(periode=periode, opd=opd))
    renstra_doc = Renstra.objects.filter(opd=opd, periode=periode).first()
    return render(
        request,
        "iku_manual/tree_page.html",
        {
            "periode": periode,
            "opd": opd,
            "renstra": renstra_doc,
            "history": change_log(renstra_doc.history.all()) if renstra_doc else [],
            "tree": build_tree(nodes),
            "indicator_rows": _indicator_rows(nodes, periode.tahun),
            "years": periode.tahun,
            "can_edit": iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=opd.pk),
            "create_url": reverse("iku_manual:sasaran_create", args=[periode.pk, opd.pk]),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
def renstra_edit(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=opd.pk))
    # Unsaved until the form is: a GET writes nothing.
    instance = Renstra.objects.filter(opd=opd, periode=periode).first() or Renstra(opd=opd, periode=periode)
    form = RenstraForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Data Renstra disimpan."))
        return redirect("iku_manual:renstra", periode.pk, opd.pk)
    return _form_page(
        request, form, title=_("Penetapan Renstra %(opd)s") % {"opd": opd.singkatan}, crumbs=_crumbs(periode, opd)
    )


# --- Sasaran -------------------------------------------------------------------------------------


def _sasaran_or_404(request: HttpRequest, pk: int) -> Sasaran:
    return access.get_visible_or_404(
        Sasaran.objects.select_related("periode", "opd", "pemda"), request.user, scope=iku_access.SASARAN_SCOPE, pk=pk
    )


def _add_errors(form, error: ValidationError) -> None:
    """A service's refusal shown on top of the form, whatever fields it names."""
    for message in error.messages:
        form.add_error(None, message)


def _save_sasaran_form(request: HttpRequest, form: SasaranForm) -> Sasaran | None:
    if request.method != "POST" or not form.is_valid():
        return None
    sasaran = form.save(commit=False)
    try:
        return sasaran_save(sasaran=sasaran, parents=form.cleaned_data.get("parents") or [])
    except ValidationError as error:
        _add_errors(form, error)
        return None


@login_required
def sasaran_create(request: HttpRequest, periode_pk: int, opd_pk: int | None = None) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk) if opd_pk else None
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=opd_pk))
    last = Sasaran.objects.filter(periode=periode, opd=opd).aggregate(n=Max("urutan"))["n"] or 0
    instance = Sasaran(periode=periode, pemda_id=periode.pemda_id, opd=opd, urutan=last + 1)
    initial = {}
    if request.GET.get("tingkat") in Tingkat.values:
        initial["tingkat"] = request.GET["tingkat"]
    if request.GET.get("parent", "").isdigit():
        initial["parents"] = [int(request.GET["parent"])]
        parent = Sasaran.objects.filter(pk=initial["parents"][0], periode=periode).first()
        if parent and "tingkat" not in initial:
            # A node added under another starts one level below it.
            below = Tingkat.values[Tingkat.rank(parent.tingkat) + 1 :]
            allowed = [value for value in below if (value in PEMDA_LEVELS) == (opd is None)]
            if allowed:
                initial["tingkat"] = allowed[0]
    form = SasaranForm(request.POST or None, instance=instance, initial=initial)
    if sasaran := _save_sasaran_form(request, form):
        messages.success(request, _("Sasaran %(kode)s ditambahkan.") % {"kode": sasaran.kode})
        return redirect(sasaran)
    return _form_page(request, form, title=_("Tambah sasaran"), crumbs=_crumbs(periode, opd))


@login_required
def sasaran_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    nodes = _nodes_with_indicators(Sasaran.objects.filter(pk=sasaran.pk))
    children = access.scope_queryset(sasaran.children.select_related("opd"), request.user, **iku_access.SASARAN_SCOPE)

    return render(
        request,
        "iku_manual/sasaran_detail.html",
        {
            "sasaran": nodes[0],
            "parents": nodes[0].parents.all(),
            "children": children,
            "indicator_rows": _indicator_rows(nodes, sasaran.periode.tahun).get(sasaran.pk, []),
            "years": sasaran.periode.tahun,
            "can_edit": iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id),
            "breadcrumbs": _crumbs(sasaran.periode, sasaran.opd),
            "history": change_log(sasaran.history.all()),
        },
    )


@login_required
def sasaran_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id))
    form = SasaranForm(request.POST or None, instance=sasaran)
    if _save_sasaran_form(request, form):
        messages.success(request, _("Sasaran disimpan."))
        return redirect(sasaran)
    return _form_page(
        request,
        form,
        title=_("Ubah sasaran %(kode)s") % {"kode": sasaran.kode},
        crumbs=[*_crumbs(sasaran.periode, sasaran.opd), (sasaran.kode, sasaran.get_absolute_url())],
    )


@login_required
@require_POST
def sasaran_delete(request: HttpRequest, pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, pk)
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id))
    if sasaran.indikator.exists() or sasaran.children.exists():
        messages.error(request, _("Sasaran yang masih punya indikator atau sasaran turunan tidak dapat dihapus."))
        return redirect(sasaran)
    place = _place_url(sasaran)
    sasaran.delete()
    messages.success(request, _("Sasaran dihapus."))
    return redirect(place)


# --- Indikator -----------------------------------------------------------------------------------


def _indikator_or_404(request: HttpRequest, pk: int) -> Indikator:
    return access.get_visible_or_404(
        Indikator.objects.select_related("sasaran__periode", "sasaran__opd", "skala", "penanggung_jawab"),
        request.user,
        scope=iku_access.INDIKATOR_SCOPE,
        pk=pk,
    )


def _save_indikator_form(request: HttpRequest, form: IndikatorForm) -> Indikator | None:
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return indikator_save(indikator=form.save(commit=False), targets=form.targets)
    except ValidationError as error:
        _add_errors(form, error)
        return None


@login_required
def indikator_create(request: HttpRequest, sasaran_pk: int) -> HttpResponse:
    sasaran = _sasaran_or_404(request, sasaran_pk)
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id))
    form = IndikatorForm(request.POST or None, instance=Indikator(sasaran=sasaran))
    if indikator := _save_indikator_form(request, form):
        messages.success(request, _("Indikator %(kode)s ditambahkan.") % {"kode": indikator.kode})
        return redirect(indikator)
    return _form_page(
        request,
        form,
        title=_("Tambah indikator"),
        crumbs=[*_crumbs(sasaran.periode, sasaran.opd), (sasaran.kode, sasaran.get_absolute_url())],
        template="iku_manual/indikator_form.html",
        sasaran=sasaran,
    )


@login_required
def indikator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_or_404(request, pk)
    sasaran = indikator.sasaran
    names = scale_lookup(indikator.skala.nilai.all()).names if indikator.skala_id else None
    targets = {t.tahun: t.tampil(names) for t in indikator.targets.all()}
    history = merged_log(
        change_log(indikator.history.all()),
        change_log(
            TargetIndikator.history.filter(indikator_id=indikator.pk),
            subject=lambda record: _("Target %(tahun)s") % {"tahun": record.tahun},
            whole=True,
        ),
    )

    return render(
        request,
        "iku_manual/indikator_detail.html",
        {
            "indikator": indikator,
            "sasaran": sasaran,
            "targets": [(year, targets.get(year, "")) for year in sasaran.periode.tahun],
            "baseline": (names or {}).get(indikator.baseline_nilai.normalize(), None)
            if indikator.baseline_nilai is not None
            else None,
            "can_edit": iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id),
            "breadcrumbs": [*_crumbs(sasaran.periode, sasaran.opd), (sasaran.kode, sasaran.get_absolute_url())],
            "history": history,
        },
    )


@login_required
def indikator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_or_404(request, pk)
    sasaran = indikator.sasaran
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id))
    form = IndikatorForm(request.POST or None, instance=indikator)
    if _save_indikator_form(request, form):
        messages.success(request, _("Indikator disimpan."))
        return redirect(indikator)
    return _form_page(
        request,
        form,
        title=_("Ubah indikator %(kode)s") % {"kode": indikator.kode},
        crumbs=[*_crumbs(sasaran.periode, sasaran.opd), (indikator.kode, indikator.get_absolute_url())],
        template="iku_manual/indikator_form.html",
        sasaran=sasaran,
    )


@login_required
@require_POST
def indikator_delete(request: HttpRequest, pk: int) -> HttpResponse:
    indikator = _indikator_or_404(request, pk)
    sasaran = indikator.sasaran
    access.deny_unless(iku_access.can_edit_tree(request.user, pemda_id=sasaran.pemda_id, opd_id=sasaran.opd_id))
    try:
        indikator.delete()  # its yearly targets go with it; PROTECT keeps one that documents use
    except ProtectedError:
        messages.error(request, _("Indikator ini sudah dipakai dokumen lain dan tidak dapat dihapus."))
        return redirect(indikator)
    messages.success(request, _("Indikator %(kode)s dihapus.") % {"kode": indikator.kode})
    return redirect(sasaran)


# --- Quality check -------------------------------------------------------------------------------


@login_required
def kualitas(request: HttpRequest, periode_pk: int, opd_pk: int) -> HttpResponse:
    periode = iku_access.periode_or_404(request.user, periode_pk)
    opd = iku_access.opd_or_404(request.user, periode, opd_pk)
    hasil = quality.for_opd(opd, periode)
    return render(
        request,
        "iku_manual/kualitas.html",
        {
            "periode": periode,
            "opd": opd,
            "hasil": hasil,
            "can_edit": iku_access.can_edit_tree(request.user, pemda_id=periode.pemda_id, opd_id=opd.pk),
            "breadcrumbs": _crumbs(periode, opd),
        },
    )
