"""IKP pages: the list with counters, the draft form with its per-OPD tasks, an instruction, one
task with its negotiations and progress reports, the evidence files, and the monthly recap. The
rules live in ``instruksi/services.py`` and ``instruksi/access.py``; these parse, check, call, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from iku_manual.exports import XLSX_CONTENT_TYPE
from instruksi import access as ikp_access
from instruksi import rekap as rekap_mod
from instruksi import services, status
from instruksi.forms import BatalForm, InstruksiForm, KemajuanForm, KeputusanForm, NegosiasiForm, TugasFormSet
from instruksi.models import Instruksi, Negosiasi, Tugas
from perjanjian.views.common import year_param
from perjanjian.views.realisasi import serve_bukti
from sakip import access
from sakip.halaman import halaman_tersimpan
from sakip.history import change_log

PER_HALAMAN = 25


# --- Shared ---------------------------------------------------------------------------------------


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Instruksi Khusus Pimpinan"), reverse("instruksi:daftar")), *trail]


def _pemda(request: HttpRequest):
    if request.pemda is None:
        raise Http404(_("Belum ada pemda yang dipilih."))
    return request.pemda


def tandai(tugas: Tugas, instruksi: Instruksi, hari_ini) -> Tugas:
    """Attach what the pages show of a task: its state, capaian % and bar width."""
    tugas.persen = status.capaian_persen(tugas.capaian_terakhir, tugas.target, tugas.arah)
    tugas.lebar = status.lebar_bar(tugas.persen)
    if instruksi.status == Instruksi.Status.DITERBITKAN or tugas.status in (
        Tugas.Status.TERCAPAI,
        Tugas.Status.TIDAK_TERCAPAI,
    ):
        tugas.keadaan = status.keadaan(
            target=tugas.target,
            nilai=tugas.capaian_terakhir,
            mulai=services.mulai(instruksi),
            batas_waktu=tugas.batas_waktu,
            hari_ini=hari_ini,
            ditutup=tugas.status,
            arah=tugas.arah,
        )
    else:
        tugas.keadaan = ""
    tugas.warna = status.WARNA.get(tugas.keadaan, "secondary")
    return tugas


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- List -----------------------------------------------------------------------------------------


@login_required
@require_safe
@halaman_tersimpan
def daftar(request: HttpRequest) -> HttpResponse:
    user = request.user
    pemda = request.pemda
    tahun = year_param(request)
    opds = access.visible_opd(user).filter(pemda=pemda).aktif() if pemda else access.visible_opd(user).none()
    # The year of an instruction is the year of its date (``tanggal``), as in the recap.
    queryset = ikp_access.visible_instruksi(user).filter(pemda=pemda, tanggal__year=tahun)
    status_dipilih = request.GET.get("status", "")
    if status_dipilih in Instruksi.Status.values:
        queryset = queryset.filter(status=status_dipilih)
    else:
        status_dipilih = ""
    opd_dipilih = request.GET.get("opd", "")
    if opd_dipilih.isdigit():
        own = ikp_access.visible_tugas(user).filter(instruksi=OuterRef("pk"), opd_id=int(opd_dipilih))
        queryset = queryset.filter(Exists(own))
    else:
        opd_dipilih = ""
    tugas_qs = ikp_access.visible_tugas(user).select_related("opd").order_by("opd__urutan", "opd__nama", "pk")
    queryset = queryset.select_related("pemberi").prefetch_related(Prefetch("tugas", queryset=tugas_qs))

    hari_ini = timezone.localdate()
    counters = dict.fromkeys(status.KEADAAN, 0)
    # The counters cover every listed instruction (all pages): one query for their tasks.
    for tugas in tugas_qs.filter(instruksi__in=queryset.filter(status=Instruksi.Status.DITERBITKAN)).select_related(
        "instruksi"
    ):
        counters[tandai(tugas, tugas.instruksi, hari_ini).keadaan] += 1
    page = Paginator(queryset, PER_HALAMAN).get_page(request.GET.get("halaman"))
    for instruksi in page:
        for tugas in instruksi.tugas.all():
            tandai(tugas, instruksi, hari_ini)
    return render(
        request,
        "instruksi/daftar.html",
        {
            "page": page,
            "rows": page.object_list,
            "tahun": tahun,
            "opds": opds,
            "opd_dipilih": opd_dipilih,
            "status_dipilih": status_dipilih,
            "status_pilihan": Instruksi.Status.choices,
            "counters": [(k, counters[k], status.WARNA[k]) for k in status.KEADAAN],
            "bisa_buat": pemda is not None and ikp_access.can_manage(user, pemda.pk),
            "title": _("Instruksi Khusus Pimpinan"),
            "breadcrumbs": [],
        },
    )


# --- Draft form -----------------------------------------------------------------------------------


def _form_page(request: HttpRequest, *, instruksi: Instruksi | None, pemda) -> HttpResponse:
    bound = request.method == "POST"
    form = InstruksiForm(request.POST if bound else None, instance=instruksi, pemda=pemda, prefix="ikp")
    formset = TugasFormSet(
        request.POST if bound else None,
        instance=instruksi or Instruksi(pemda=pemda),
        pemda=pemda,
        prefix="tugas",
        queryset=Tugas.objects.select_related("opd").order_by("pk"),
    )
    form_ok = bound and form.is_valid()
    if bound:
        formset.tanggal_instruksi = form.cleaned_data.get("tanggal")  # serapan/pengaduan: same year
    if form_ok and formset.is_valid():
        try:
            with transaction.atomic():
                if instruksi is not None:
                    services.pastikan_draf(Instruksi.objects.select_for_update().get(pk=instruksi.pk))
                obj = form.save(commit=False)
                obj.pemda = pemda
                if instruksi is None:
                    obj.dibuat_oleh = request.user
                obj.save()
                formset.instance = obj
                formset.save()
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        except IntegrityError:  # a row typed twice that slipped past the form (e.g. a concurrent save)
            form.add_error(None, _("Target ini sudah diberikan kepada perangkat daerah tersebut."))
        else:
            messages.success(request, _("Draf instruksi disimpan."))
            return redirect(obj.get_absolute_url())
    if instruksi is None:
        title, crumbs = _("Instruksi baru"), _crumbs()
    else:
        title = _("Ubah draf instruksi")
        crumbs = _crumbs((str(instruksi), instruksi.get_absolute_url()))
    return render(
        request,
        "instruksi/form.html",
        {
            "form": form,
            "formset": formset,
            "instruksi": instruksi,
            "title": title,
            "breadcrumbs": crumbs,
            "cancel_url": instruksi.get_absolute_url() if instruksi else reverse("instruksi:daftar"),
        },
    )


@login_required
def buat(request: HttpRequest) -> HttpResponse:
    pemda = _pemda(request)
    access.deny_unless(ikp_access.can_manage(request.user, pemda.pk))
    return _form_page(request, instruksi=None, pemda=pemda)


@login_required
def ubah(request: HttpRequest, pk: int) -> HttpResponse:
    instruksi = ikp_access.instruksi_or_404(request.user, pk)
    access.deny_unless(ikp_access.can_edit(request.user, instruksi))
    return _form_page(request, instruksi=instruksi, pemda=instruksi.pemda)


# --- One instruction --------------------------------------------------------------------------------


def _detail_page(request: HttpRequest, instruksi: Instruksi, *, batal_form=None) -> HttpResponse:
    user = request.user
    hari_ini = timezone.localdate()
    menunggu = Negosiasi.objects.filter(status=Negosiasi.Status.MENUNGGU).select_related("diajukan_oleh")
    tugas = list(
        ikp_access.visible_tugas(user)
        .filter(instruksi=instruksi)
        .select_related("opd")
        .prefetch_related(Prefetch("negosiasi", queryset=menunggu, to_attr="menunggu"))
        .order_by("opd__urutan", "opd__nama", "pk")
    )
    for t in tugas:
        tandai(t, instruksi, hari_ini)
    manage = ikp_access.can_manage(user, instruksi.pemda_id)
    return render(
        request,
        "instruksi/detail.html",
        {
            "instruksi": instruksi,
            "tugas_list": tugas,
            "bisa_ubah": ikp_access.can_edit(user, instruksi),
            "bisa_terbitkan": manage and instruksi.status == Instruksi.Status.DRAF,
            "bisa_batalkan": manage and instruksi.status != Instruksi.Status.DIBATALKAN,
            "bisa_putuskan": ikp_access.can_decide(user, instruksi.pemda_id),
            "batal_form": batal_form or BatalForm(prefix="batal"),
            "history": change_log(instruksi.history.all()),
            "title": instruksi.perihal,
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, ikp_access.instruksi_or_404(request.user, pk))


@login_required
@require_POST
def terbitkan(request: HttpRequest, pk: int) -> HttpResponse:
    instruksi = ikp_access.instruksi_or_404(request.user, pk)
    access.deny_unless(ikp_access.can_manage(request.user, instruksi.pemda_id))
    try:
        services.terbitkan(instruksi=instruksi, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Instruksi diterbitkan; perangkat daerah yang ditugasi sudah diberi tahu."))
    return redirect(instruksi.get_absolute_url())


@login_required
@require_POST
def batalkan(request: HttpRequest, pk: int) -> HttpResponse:
    instruksi = ikp_access.instruksi_or_404(request.user, pk)
    access.deny_unless(ikp_access.can_manage(request.user, instruksi.pemda_id))
    form = BatalForm(request.POST, prefix="batal")
    if form.is_valid():
        try:
            services.batalkan(instruksi=instruksi, user=request.user, alasan=form.cleaned_data["alasan"])
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Instruksi dibatalkan."))
        return redirect(instruksi.get_absolute_url())
    return _detail_page(request, instruksi, batal_form=form)


# --- One task -------------------------------------------------------------------------------------


def _tugas_page(request: HttpRequest, tugas: Tugas, **forms) -> HttpResponse:
    user = request.user
    instruksi = tugas.instruksi
    hari_ini = timezone.localdate()
    tandai(tugas, instruksi, hari_ini)
    negosiasi = list(tugas.negosiasi.select_related("diajukan_oleh", "diputuskan_oleh"))
    kemajuan = list(tugas.kemajuan.select_related("dilaporkan_oleh"))
    linimasa = [(n.diajukan_pada, "negosiasi", n) for n in negosiasi]
    linimasa += [(n.diputuskan_pada, "keputusan", n) for n in negosiasi if n.diputuskan_pada]
    linimasa += [(k.dilaporkan_pada, "kemajuan", k) for k in kemajuan]
    linimasa.sort(key=lambda row: row[0])
    menunggu = next((n for n in negosiasi if n.status == Negosiasi.Status.MENUNGGU), None)
    terbuka = instruksi.status == Instruksi.Status.DITERBITKAN and tugas.status in services.TERBUKA
    opd_boleh = ikp_access.can_act_for_opd(user, tugas) and terbuka
    context = {
        "tugas": tugas,
        "instruksi": instruksi,
        "linimasa": linimasa,
        "menunggu": menunggu,
        "negosiasi_form": None,
        "keputusan_form": None,
        "kemajuan_form": None,
        "angka_pemantauan": None,
        "history": change_log(tugas.history.all()),
        "title": f"{tugas.opd.singkatan}: {tugas.uraian}",
        "breadcrumbs": _crumbs((str(instruksi), instruksi.get_absolute_url())),
    }
    if tugas.jenis_target != Tugas.JenisTarget.ANGKA:
        context["angka_pemantauan"] = services.angka_pemantauan(tugas, hari_ini)
    if opd_boleh and tugas.status == Tugas.Status.BERJALAN:
        context["negosiasi_form"] = forms.get("negosiasi_form") or NegosiasiForm(tugas=tugas, prefix="neg")
    if opd_boleh:
        context["kemajuan_form"] = forms.get("kemajuan_form") or KemajuanForm(tugas=tugas, prefix="maju")
    if menunggu and terbuka and ikp_access.can_decide(user, instruksi.pemda_id):
        context["keputusan_form"] = forms.get("keputusan_form") or KeputusanForm(prefix="putus")
    return render(request, "instruksi/tugas.html", context)


@login_required
@require_safe
def tugas(request: HttpRequest, pk: int) -> HttpResponse:
    return _tugas_page(request, ikp_access.tugas_or_404(request.user, pk))


@login_required
@require_POST
def negosiasi_ajukan(request: HttpRequest, pk: int) -> HttpResponse:
    tugas_obj = ikp_access.tugas_or_404(request.user, pk)
    access.deny_unless(ikp_access.can_act_for_opd(request.user, tugas_obj))
    form = NegosiasiForm(request.POST, tugas=tugas_obj, prefix="neg")
    if form.is_valid():
        try:
            services.ajukan_negosiasi(tugas=tugas_obj, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Usulan dikirim kepada pimpinan untuk diputuskan."))
            return redirect(tugas_obj.get_absolute_url())
    return _tugas_page(request, tugas_obj, negosiasi_form=form)


@login_required
@require_POST
def negosiasi_putuskan(request: HttpRequest, pk: int) -> HttpResponse:
    negosiasi = get_object_or_404(ikp_access.visible_negosiasi(request.user), pk=pk)
    tugas_obj = ikp_access.tugas_or_404(request.user, negosiasi.tugas_id)
    access.deny_unless(ikp_access.can_decide(request.user, tugas_obj.instruksi.pemda_id))
    form = KeputusanForm(request.POST, prefix="putus")
    if form.is_valid():
        try:
            services.putuskan(
                negosiasi=negosiasi, user=request.user, setuju=form.setuju, catatan=form.cleaned_data["catatan"]
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            if form.setuju:
                messages.success(request, _("Usulan disetujui; target tugas diubah."))
            else:
                messages.success(request, _("Usulan ditolak; target tetap."))
            return redirect(tugas_obj.get_absolute_url())
    return _tugas_page(request, tugas_obj, keputusan_form=form)


@login_required
@require_POST
def kemajuan_lapor(request: HttpRequest, pk: int) -> HttpResponse:
    tugas_obj = ikp_access.tugas_or_404(request.user, pk)
    access.deny_unless(ikp_access.can_act_for_opd(request.user, tugas_obj))
    form = KemajuanForm(request.POST, request.FILES, tugas=tugas_obj, prefix="maju")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.laporkan_kemajuan(
                tugas=tugas_obj,
                user=request.user,
                uraian=data["uraian"],
                nilai=data.get("nilai"),
                bukti=data.get("bukti"),
                bukti_tautan=data.get("bukti_tautan") or "",
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Laporan kemajuan disimpan."))
            return redirect(tugas_obj.get_absolute_url())
    return _tugas_page(request, tugas_obj, kemajuan_form=form)


@login_required
@require_safe
def kemajuan_bukti(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file, only to those who may see the task; never served by the web server."""
    kemajuan = get_object_or_404(ikp_access.visible_kemajuan(request.user), pk=pk)
    if not kemajuan.bukti:
        raise Http404
    return serve_bukti(kemajuan.bukti, kemajuan.bukti_nama)


# --- Monthly recap --------------------------------------------------------------------------------


def _rekap_rows(request: HttpRequest):
    pemda = request.pemda
    tahun = year_param(request)
    opds = access.visible_opd(request.user).filter(pemda=pemda).aktif() if pemda else None
    tugas_qs = ikp_access.visible_tugas(request.user)
    opd_dipilih = request.GET.get("opd", "")
    if opd_dipilih.isdigit():
        tugas_qs = tugas_qs.filter(opd_id=int(opd_dipilih))
    else:
        opd_dipilih = ""
    if pemda is None:
        return pemda, tahun, opds, opd_dipilih, []
    rows = rekap_mod.susun(list(rekap_mod.tugas_rekap(tugas_qs, pemda=pemda, tahun=tahun)), timezone.localdate())
    return pemda, tahun, opds, opd_dipilih, rows


@login_required
@require_safe
def rekap(request: HttpRequest) -> HttpResponse:
    pemda, tahun, opds, opd_dipilih, rows = _rekap_rows(request)
    return render(
        request,
        "instruksi/rekap.html",
        {
            "rows": rows,
            "tahun": tahun,
            "opds": opds,
            "opd_dipilih": opd_dipilih,
            "title": _("Rekap bulanan IKP per perangkat daerah"),
            "breadcrumbs": _crumbs(),
        },
    )


@login_required
@require_safe
def rekap_excel(request: HttpRequest) -> HttpResponse:
    pemda, tahun, _opds, _opd, rows = _rekap_rows(request)
    if pemda is None:
        raise Http404
    response = HttpResponse(rekap_mod.excel(rows, pemda=pemda, tahun=tahun), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="rekap-ikp-{tahun}.xlsx"'
    return response
