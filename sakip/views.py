"""Home page, organisation management (pemda, OPD, unit kerja, pejabat) and user management."""

from __future__ import annotations

from axes.utils import reset as reset_lockout
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, F, Max, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from PIL import Image

from sakip import access, views_dasbor
from sakip.forms import (
    LoginForm,
    PejabatForm,
    PemdaForm,
    PerangkatDaerahForm,
    SetPasswordForm,
    UnitKerjaForm,
    UserCreateForm,
    UserEditForm,
)
from sakip.halaman import halaman_tersimpan
from sakip.history import change_log
from sakip.middleware import SESSION_PEMDA_KEY
from sakip.models import Pejabat, Pemda, PerangkatDaerah, UnitKerja, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    redirect_authenticated_user = True


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Breadcrumbs below "Beranda" for the organisation pages."""
    return [(_("Organisasi"), reverse("pemda_detail")), *trail]


def _opd_crumbs(opd: PerangkatDaerah) -> list[tuple[str, str]]:
    return _crumbs((_("Perangkat daerah"), reverse("opd_list")), (opd.singkatan, opd.get_absolute_url()))


def _form_page(request: HttpRequest, form, *, title: str, crumbs: list[tuple[str, str]], history=None) -> HttpResponse:
    """Every create/edit page: the form, breadcrumbs, "Batal" back to the last crumb, and the history."""
    context = {"form": form, "title": title, "breadcrumbs": crumbs, "cancel_url": crumbs[-1][1], "history": history}
    return render(request, "sakip/form.html", context)


def _active_pemda(request: HttpRequest) -> Pemda:
    if request.pemda is None:
        raise Http404(_("Belum ada pemda yang dipilih."))
    return request.pemda


@login_required
@halaman_tersimpan
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    pemda = request.pemda
    context = {"pemda": pemda}
    if user.is_superuser and pemda is None:  # with one chosen, Beranda links to the list instead
        context["pemda_list"] = Pemda.objects.annotate(jumlah_opd=Count("perangkat_daerah"))
    # The dashboard of the user's role for the year chosen, "Menunggu Anda" and the organisation's
    # figures (see sakip/views_dasbor.py).
    context.update(views_dasbor.konteks_dasbor(request))
    return render(request, "sakip/home.html", context)


# --- Pemda ---------------------------------------------------------------------------------------


@login_required
def pemda_detail(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    pejabat = access.scope_queryset(
        Pejabat.objects.filter(pemda=pemda, opd__isnull=True, selesai__isnull=True),
        request.user,
        **access.PEJABAT_SCOPE,
    )
    return render(
        request,
        "sakip/pemda_detail.html",
        {
            "pemda": pemda,
            "pejabat_list": pejabat,
            "can_manage": access.can_manage_organisation(request.user, pemda),
            "history": change_log(pemda.history.all()),
        },
    )


@login_required
def pemda_edit(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    access.deny_unless(access.can_manage_organisation(request.user, pemda))
    form = PemdaForm(
        request.POST or None,
        request.FILES or None,
        instance=pemda,
        can_edit_identity=request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil pemda disimpan."))
        return redirect("pemda_detail")
    return _form_page(request, form, title=_("Ubah profil pemda"), crumbs=_crumbs())


@login_required
def pemda_logo(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a pemda's logo to the users of that pemda only: uploads are never public."""
    pemda = get_object_or_404(access.visible_pemda(request.user), pk=pk)
    if not pemda.logo:
        raise Http404
    try:
        handle = pemda.logo.open("rb")
    except FileNotFoundError as exc:  # the row outlived its file (a restore without media, say)
        raise Http404 from exc
    with Image.open(handle) as image:
        content_type = Image.MIME.get(image.format, "application/octet-stream")
    handle.seek(0)
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@access.superuser_only
def pemda_list(request: HttpRequest) -> HttpResponse:
    pemda_list = Pemda.objects.annotate(
        jumlah_opd=Count("perangkat_daerah", distinct=True), jumlah_pengguna=Count("users", distinct=True)
    )
    return render(request, "sakip/pemda_list.html", {"pemda_list": pemda_list})


@login_required
@access.superuser_only
def pemda_create(request: HttpRequest) -> HttpResponse:
    form = PemdaForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        pemda = form.save()
        request.session[SESSION_PEMDA_KEY] = pemda.pk
        messages.success(request, _("Pemda %(nama)s ditambahkan dan dipilih.") % {"nama": pemda.nama})
        return redirect("pemda_detail")
    return _form_page(request, form, title=_("Tambah pemda"), crumbs=[(_("Daftar pemda"), reverse("pemda_list"))])


@login_required
@require_POST
@access.superuser_only
def pemda_switch(request: HttpRequest, pk: int) -> HttpResponse:
    pemda = get_object_or_404(Pemda, pk=pk)
    request.session[SESSION_PEMDA_KEY] = pemda.pk
    messages.info(request, _("Sekarang bekerja pada %(nama)s.") % {"nama": pemda.nama})
    return redirect("home")


# --- Perangkat daerah ----------------------------------------------------------------------------


@login_required
def opd_list(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    opds = access.visible_opd(request.user).filter(pemda=pemda).for_list_page()
    return render(
        request,
        "sakip/opd_list.html",
        {"pemda": pemda, "opd_list": opds, "can_manage": access.can_manage_organisation(request.user, pemda)},
    )


@login_required
def opd_create(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    access.deny_unless(access.can_manage_organisation(request.user, pemda))
    # New OPDs go to the end of the list unless given another place.
    last = PerangkatDaerah.objects.filter(pemda=pemda).aggregate(n=Max("urutan"))["n"] or 0
    form = PerangkatDaerahForm(request.POST or None, instance=PerangkatDaerah(pemda=pemda, urutan=last + 1))
    if request.method == "POST" and form.is_valid():
        opd = form.save()
        messages.success(request, _("Perangkat daerah %(nama)s ditambahkan.") % {"nama": opd.nama})
        return redirect(opd)
    return _form_page(
        request, form, title=_("Tambah perangkat daerah"), crumbs=_crumbs((_("Perangkat daerah"), reverse("opd_list")))
    )


def _unit_tree(units: list[UnitKerja]) -> list[tuple[UnitKerja, int]]:
    """Units in tree order with their depth, from one flat list (one query, any depth)."""
    children: dict[int | None, list[UnitKerja]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[UnitKerja, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for unit in children.get(parent_id, []):
            ordered.append((unit, depth))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return ordered


@login_required
def opd_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opd = access.get_visible_or_404(
        PerangkatDaerah.objects.select_related("pemda"), request.user, scope=access.OPD_SCOPE, pk=pk
    )
    units = list(opd.unit_kerja.all())
    pejabat = (
        opd.pejabat.filter(Q(selesai__isnull=True) | Q(selesai__gte=timezone.localdate()))
        .select_related("unit")
        .by_rank()
    )
    return render(
        request,
        "sakip/opd_detail.html",
        {
            "opd": opd,
            "unit_tree": _unit_tree(units),
            "pejabat_list": pejabat,
            "can_manage": access.can_manage_organisation(request.user, opd.pemda_id),
            "history": change_log(opd.history.all()),
        },
    )


@login_required
def opd_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opd = access.get_visible_or_404(PerangkatDaerah.objects.all(), request.user, scope=access.OPD_SCOPE, pk=pk)
    access.deny_unless(access.can_manage_organisation(request.user, opd.pemda_id))
    form = PerangkatDaerahForm(request.POST or None, instance=opd)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Perangkat daerah disimpan."))
        return redirect(opd)
    return _form_page(request, form, title=_("Ubah perangkat daerah"), crumbs=_opd_crumbs(opd))


# --- Unit kerja ----------------------------------------------------------------------------------


@login_required
def unit_create(request: HttpRequest, opd_pk: int) -> HttpResponse:
    opd = access.get_visible_or_404(PerangkatDaerah.objects.all(), request.user, scope=access.OPD_SCOPE, pk=opd_pk)
    access.deny_unless(access.can_manage_organisation(request.user, opd.pemda_id))
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else None
    last = opd.unit_kerja.aggregate(n=Max("urutan"))["n"] or 0
    form = UnitKerjaForm(request.POST or None, instance=UnitKerja(opd=opd, urutan=last + 1), initial=initial)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, _("Unit kerja %(nama)s ditambahkan.") % {"nama": unit.nama})
        return redirect(opd)
    return _form_page(request, form, title=_("Tambah unit kerja"), crumbs=_opd_crumbs(opd))


@login_required
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_visible_or_404(
        UnitKerja.objects.select_related("opd"), request.user, scope=access.UNIT_SCOPE, pk=pk
    )
    access.deny_unless(access.can_manage_organisation(request.user, unit.opd.pemda_id))
    form = UnitKerjaForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Unit kerja disimpan."))
        return redirect(unit.opd)
    return _form_page(
        request, form, title=_("Ubah unit kerja"), crumbs=_opd_crumbs(unit.opd), history=change_log(unit.history.all())
    )


# --- Pejabat -------------------------------------------------------------------------------------


PAGE_SIZE = 50


def _page(request: HttpRequest, queryset):
    """One page of a long list; ?halaman=N, out-of-range numbers give the last page."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("halaman"))


@login_required
def pejabat_list(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    pejabat = access.scope_queryset(
        Pejabat.objects.filter(pemda=pemda).select_related("opd", "unit"), request.user, **access.PEJABAT_SCOPE
    )
    opd_choices = access.visible_opd(request.user).filter(pemda=pemda)
    opd_filter = request.GET.get("opd", "")
    if opd_filter == "pemda":
        pejabat = pejabat.filter(opd__isnull=True)
    elif opd_filter.isdigit():
        pejabat = pejabat.filter(opd_id=int(opd_filter))
    show_former = request.GET.get("semua") == "1"
    if not show_former:
        pejabat = pejabat.filter(selesai__isnull=True)
    # Pemda-level officials (no OPD) first, then OPD by OPD.
    pejabat = pejabat.by_rank(F("opd__urutan").asc(nulls_first=True), "opd__nama")
    return render(
        request,
        "sakip/pejabat_list.html",
        {
            "pemda": pemda,
            "page": _page(request, pejabat),
            "opd_choices": opd_choices,
            "opd_filter": opd_filter,
            "show_former": show_former,
            "can_manage": access.can_manage_organisation(request.user, pemda),
        },
    )


@login_required
def pejabat_create(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    access.deny_unless(access.can_manage_organisation(request.user, pemda))
    initial = {}
    if opd_pk := request.GET.get("opd"):
        initial["opd"] = get_object_or_404(PerangkatDaerah, pemda=pemda, pk=opd_pk)
    form = PejabatForm(request.POST or None, instance=Pejabat(pemda=pemda), initial=initial)
    if request.method == "POST" and form.is_valid():
        pejabat = form.save()
        messages.success(request, _("Pejabat %(nama)s ditambahkan.") % {"nama": pejabat.nama})
        return redirect(pejabat.opd or "pemda_detail")
    return _form_page(request, form, title=_("Tambah pejabat"), crumbs=_crumbs((_("Pejabat"), reverse("pejabat_list"))))


@login_required
def pejabat_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pejabat = access.get_visible_or_404(
        Pejabat.objects.select_related("opd"), request.user, scope=access.PEJABAT_SCOPE, pk=pk
    )
    access.deny_unless(access.can_manage_organisation(request.user, pejabat.pemda_id))
    form = PejabatForm(request.POST or None, instance=pejabat)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Data pejabat disimpan."))
        return redirect(pejabat.opd or "pemda_detail")
    return _form_page(
        request,
        form,
        title=_("Ubah data pejabat"),
        crumbs=_crumbs((_("Pejabat"), reverse("pejabat_list"))),
        history=change_log(pejabat.history.all()),
    )


# --- Pengguna ------------------------------------------------------------------------------------


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    access.deny_unless(access.can_manage_organisation(request.user, pemda))
    users = (
        User.objects.filter(pemda=pemda)
        .select_related("pemda", "opd")
        .order_by("-is_active", "role", "opd__urutan", "nama")
    )
    return render(request, "sakip/user_list.html", {"pemda": pemda, "page": _page(request, users)})


@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    pemda = _active_pemda(request)
    access.deny_unless(access.can_manage_organisation(request.user, pemda))
    form = UserCreateForm(request.POST or None, pemda=pemda)
    if request.method == "POST" and form.is_valid():
        created = form.save()
        messages.success(request, _("Pengguna %(username)s dibuat.") % {"username": created.username})
        return redirect("user_list")
    return _form_page(request, form, title=_("Tambah pengguna"), crumbs=_crumbs((_("Pengguna"), reverse("user_list"))))


def _managed_user(request: HttpRequest, pk: int) -> User:
    target = access.get_visible_or_404(
        User.objects.select_related("pemda", "opd").filter(is_superuser=False),
        request.user,
        scope=access.USER_SCOPE,
        pk=pk,
    )
    access.deny_unless(access.can_manage_user(request.user, target))
    return target


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    form = UserEditForm(request.POST or None, instance=target, pemda=target.pemda)
    if request.method == "POST" and form.is_valid():
        if target == request.user and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("Anda tidak dapat menonaktifkan akun Anda sendiri."))
        else:
            form.save()
            messages.success(request, _("Pengguna %(username)s disimpan.") % {"username": target.username})
            return redirect("user_list")
    return _form_page(
        request,
        form,
        title=_("Ubah pengguna %(username)s") % {"username": target.username},
        crumbs=_crumbs((_("Pengguna"), reverse("user_list"))),
        history=change_log(target.history.all()),
    )


@login_required
def user_set_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _managed_user(request, pk)
    form = SetPasswordForm(target, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        reset_lockout(username=target.username)  # a new password also lifts a login lockout
        messages.success(
            request, _("Kata sandi %(username)s diganti. Sampaikan kepada pemiliknya.") % {"username": target.username}
        )
        return redirect("user_list")
    return _form_page(
        request,
        form,
        title=_("Atur kata sandi %(username)s") % {"username": target.username},
        crumbs=_crumbs((_("Pengguna"), reverse("user_list"))),
    )
