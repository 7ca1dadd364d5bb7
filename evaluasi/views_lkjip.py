"""The LKjIP pages: the year's reports of every OPD and the pemda with their status and PDF (the
leaders' download page, with all of them as one ZIP), one report's preview (the same body the PDF
prints), its narratives, the review statement, finalising, a new version, and the PDF itself, rendered
in the background with a progress indicator.

Who does what (``evaluasi/access.py``): everyone of the pemda reads the reports, OPD roles only their
own OPD's and the pemda's (anything else answers 404); an OPD's planner and head write its report,
the admin pemda the pemda's; the pemda's evaluators record the review statement; everyone else reads
(403 on a change). A final report is read only for everyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from evaluasi import lkjip_services as services
from evaluasi.access import boleh_menyusun, boleh_mereviu, visible_laporan
from evaluasi.forms_lkjip import NarasiForm, ReviuForm, VersiBaruForm
from evaluasi.lkjip import build_lkjip_context
from evaluasi.models_lkjip import BerkasLkjip, LaporanKinerja
from evaluasi.views_evaluasi import crumbs
from perjanjian.views.common import year_param
from sakip import access
from sakip.history import change_log
from sakip.models import PerangkatDaerah


def list_url(tahun: int) -> str:
    return f"{reverse('evaluasi:lkjip_list')}?tahun={tahun}"


def detail_url(laporan: LaporanKinerja) -> str:
    return reverse("evaluasi:lkjip_detail", args=[laporan.pk])


def _crumbs(laporan: LaporanKinerja | None = None, *trail):
    tahun = laporan.tahun if laporan else None
    items = [(_("LKjIP"), list_url(tahun) if tahun else reverse("evaluasi:lkjip_list"))]
    if laporan is not None:
        items.append((laporan.opd.nama if laporan.opd_id else laporan.pemda.nama_lengkap, detail_url(laporan)))
    return crumbs(*items, *trail)


def laporan_or_404(request: HttpRequest, pk: int) -> LaporanKinerja:
    queryset = visible_laporan(request.user).select_related("pemda", "opd", "difinalkan_oleh")
    return get_object_or_404(queryset, pk=pk)


@dataclass
class BarisLkjip:
    """A row of the year's list: an OPD (None: the pemda's consolidated report) and its latest report."""

    opd: PerangkatDaerah | None
    laporan: LaporanKinerja | None
    berkas: BerkasLkjip | None  # the newest ready PDF (a final's own)
    boleh_susun: bool
    final: LaporanKinerja | None = None  # the version in force, when the latest is a new draft
    berkas_final: BerkasLkjip | None = None

    @property
    def unduhan(self) -> tuple[LaporanKinerja, BerkasLkjip] | None:
        """What the leaders' ZIP holds: the final version in force, else the draft as last printed."""
        if self.final is not None:  # the version in force, printed or not
            return (self.final, self.berkas_final) if self.berkas_final else None
        if self.laporan is not None and self.berkas is not None:
            return self.laporan, self.berkas
        return None


def _baris(request: HttpRequest, tahun: int) -> list[BarisLkjip]:
    """The pemda's report, then every visible active OPD's, in the pemda's order. Three queries."""
    pemda = request.pemda
    if pemda is None:
        return []
    laporan, final = services.laporan_terakhir(visible_laporan(request.user).filter(pemda=pemda, tahun=tahun))
    terbaru = {item.pk for item in laporan}
    final_lama = {item.opd_id: item for item in final.values() if item.pk not in terbaru}
    siap = services.berkas_siap([*laporan, *final_lama.values()])
    per_opd = {item.opd_id: item for item in laporan}
    opds = access.visible_opd(request.user).filter(pemda=pemda).aktif().order_by("urutan", "nama")
    rows = [
        BarisLkjip(None, per_opd.get(None), None, boleh_menyusun(request.user, pemda.pk, None)),
        *(BarisLkjip(opd, per_opd.get(opd.pk), None, boleh_menyusun(request.user, pemda.pk, opd.pk)) for opd in opds),
    ]
    for row in rows:
        row.berkas = siap.get(row.laporan.pk) if row.laporan else None
        row.final = final_lama.get(row.opd.pk if row.opd else None)
        row.berkas_final = siap.get(row.final.pk) if row.final else None
    return rows


@login_required
@require_safe
def lkjip_list(request: HttpRequest) -> HttpResponse:
    tahun = year_param(request)
    rows = _baris(request, tahun)
    return render(
        request,
        "evaluasi/lkjip_list.html",
        {
            "rows": rows,
            "tahun": tahun,
            "ada_pdf": any(row.unduhan for row in rows),
            "title": _("Laporan Kinerja (LKjIP) %(tahun)s") % {"tahun": tahun},
            "breadcrumbs": crumbs(),
        },
    )


@login_required
@require_safe
def lkjip_zip(request: HttpRequest) -> HttpResponse:
    """Every listed report's latest PDF as one ZIP (finals, and drafts as last printed)."""
    tahun = year_param(request)
    rows = [row for row in _baris(request, tahun) if row.laporan is not None]
    pilihan = [row.unduhan or (row.laporan, None) for row in rows]
    if not any(berkas for _laporan, berkas in pilihan):
        messages.warning(request, _("Belum ada PDF LKjIP yang tercetak untuk tahun %(tahun)s.") % {"tahun": tahun})
        return redirect(list_url(tahun))
    siap = {laporan.pk: berkas for laporan, berkas in pilihan if berkas}
    response = HttpResponse(
        services.zip_lkjip([laporan for laporan, _berkas in pilihan], siap), content_type="application/zip"
    )
    kode = request.pemda.kode if request.pemda else "sakip"
    response["Content-Disposition"] = f'attachment; filename="LKjIP-{tahun}-{kode}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def lkjip_buat(request: HttpRequest) -> HttpResponse:
    pemda = request.pemda
    if pemda is None:
        raise Http404
    tahun = year_param(request)
    opd = None
    if request.POST.get("opd"):
        try:
            opd = get_object_or_404(access.visible_opd(request.user).filter(pemda=pemda), pk=int(request.POST["opd"]))
        except ValueError as exc:
            raise Http404 from exc
    access.deny_unless(boleh_menyusun(request.user, pemda.pk, opd.pk if opd else None))
    laporan = services.laporan_buat(pemda=pemda, opd=opd, tahun=tahun, oleh=request.user)
    return redirect(detail_url(laporan))


@login_required
@require_safe
def lkjip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from evaluasi.lkjip_dokumen import isi_html

    laporan = laporan_or_404(request, pk)
    isi = laporan.isi_beku if laporan.final else isi_html(laporan)
    berkas = services.berkas_terkini(laporan, None if laporan.final else services.html_terkini(laporan, isi))
    versions = list(
        LaporanKinerja.objects.filter(pemda=laporan.pemda_id, opd=laporan.opd_id, tahun=laporan.tahun)
        .order_by("-versi")
        .values("pk", "versi", "status", "alasan_versi", "difinalkan_pada")
    )
    bisa_susun = boleh_menyusun(request.user, laporan.pemda_id, laporan.opd_id)
    terbaru = versions[0]["pk"] == laporan.pk
    return render(
        request,
        "evaluasi/lkjip_detail.html",
        {
            "laporan": laporan,
            "isi": _safe(isi),
            "berkas": berkas,
            "versions": versions,
            "bisa_ubah": bisa_susun and not laporan.final,
            "bisa_finalkan": bisa_susun and not laporan.final,
            "bisa_versi_baru": bisa_susun and laporan.final and terbaru,
            "bisa_reviu": boleh_mereviu(request.user, laporan) and not laporan.final,
            "log": change_log(laporan.history.all(), limit=10),
            "title": laporan.judul(),
            "breadcrumbs": _crumbs(laporan),
        },
    )


def _safe(isi: str):
    """The report's body: rendered from templates with every user text escaped or sanitised
    (``lkjip_dokumen``), or frozen from such a rendering."""
    from django.utils.safestring import mark_safe

    return mark_safe(isi)  # noqa: S308 - produced by our own templates, see the docstring


def _boleh_ubah(request: HttpRequest, laporan: LaporanKinerja) -> None:
    access.deny_unless(boleh_menyusun(request.user, laporan.pemda_id, laporan.opd_id) and not laporan.final)


@login_required
def lkjip_ubah(request: HttpRequest, pk: int) -> HttpResponse:
    laporan = laporan_or_404(request, pk)
    _boleh_ubah(request, laporan)
    sasaran = (
        [item.sasaran for item in build_lkjip_context(laporan.opd, laporan.tahun).capaian_kinerja]
        if laporan.opd_id
        else []
    )
    form = NarasiForm(request.POST or None, laporan=laporan, sasaran=sasaran)
    if request.method == "POST" and form.is_valid():
        try:
            services.laporan_simpan(
                laporan=laporan,
                narasi=form.narasi(),
                narasi_sasaran=form.narasi_sasaran(),
                versi=form.cleaned_data.get("versi"),
                oleh=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Narasi LKjIP disimpan."))
            return redirect(detail_url(laporan))
    return render(
        request,
        "evaluasi/lkjip_ubah.html",
        {
            "laporan": laporan,
            "form": form,
            "title": _("Narasi %(judul)s") % {"judul": laporan.judul()},
            "breadcrumbs": _crumbs(laporan, (_("Narasi"), "")),
        },
    )


@login_required
def lkjip_reviu(request: HttpRequest, pk: int) -> HttpResponse:
    laporan = laporan_or_404(request, pk)
    access.deny_unless(boleh_mereviu(request.user, laporan) and not laporan.final)
    form = ReviuForm(request.POST or None, laporan=laporan)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.reviu_simpan(
                laporan=laporan,
                tanggal=data["reviu_tanggal"],
                nama=data["reviu_nama"],
                nip=data["reviu_nip"],
                jabatan=data["reviu_jabatan"] if data["reviu_nama"] else "",
                versi=data.get("versi"),
                oleh=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Pernyataan telah direviu dicatat."))
            return redirect(detail_url(laporan))
    return render(
        request,
        "evaluasi/lkjip_form.html",
        {
            "laporan": laporan,
            "form": form,
            "intro": _(
                "Catat pernyataan telah direviu yang ditandatangani APIP (Inspektorat). Pernyataan dicetak sebagai "
                "lampiran LKjIP. Kosongkan semua isian untuk menghapusnya."
            ),
            "tombol": _("Simpan pernyataan"),
            "title": _("Pernyataan telah direviu"),
            "breadcrumbs": _crumbs(laporan, (_("Pernyataan telah direviu"), "")),
        },
    )


@login_required
@require_POST
def lkjip_finalkan(request: HttpRequest, pk: int) -> HttpResponse:
    laporan = laporan_or_404(request, pk)
    _boleh_ubah(request, laporan)
    try:
        services.laporan_finalkan(laporan=laporan, oleh=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("LKjIP difinalkan; PDF-nya sedang dicetak."))
    return redirect(detail_url(laporan))


@login_required
def lkjip_versi_baru(request: HttpRequest, pk: int) -> HttpResponse:
    laporan = laporan_or_404(request, pk)
    access.deny_unless(boleh_menyusun(request.user, laporan.pemda_id, laporan.opd_id) and laporan.final)
    form = VersiBaruForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            baru = services.laporan_versi_baru(laporan=laporan, alasan=form.cleaned_data["alasan"], oleh=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Versi %(versi)s dibuat sebagai draf.") % {"versi": baru.versi})
            return redirect(detail_url(baru))
    return render(
        request,
        "evaluasi/lkjip_form.html",
        {
            "laporan": laporan,
            "form": form,
            "intro": _(
                "Versi final tetap tersimpan apa adanya. Versi baru dimulai sebagai draf dengan narasi versi ini "
                "dan angka dari data terkini; pernyataan telah direviu perlu dicatat lagi."
            ),
            "tombol": _("Buat versi baru"),
            "title": _("Versi baru %(judul)s") % {"judul": laporan.judul()},
            "breadcrumbs": _crumbs(laporan, (_("Versi baru"), "")),
        },
    )


@login_required
@require_POST
def lkjip_pdf_siapkan(request: HttpRequest, pk: int) -> HttpResponse:
    """Start printing the report as it stands (nothing happens if that PDF exists or is printing)."""
    laporan = laporan_or_404(request, pk)
    berkas = services.pdf_siapkan(laporan)
    if request.htmx:
        return _status(request, laporan, berkas)
    return redirect(detail_url(laporan) + "#pdf")


@login_required
@require_safe
def lkjip_pdf_status(request: HttpRequest, pk: int, berkas_pk: int) -> HttpResponse:
    """The progress indicator: polled while the render runs, then the download link."""
    laporan, berkas = _berkas_or_404(request, pk, berkas_pk)
    return _status(request, laporan, berkas)


def _berkas_or_404(request: HttpRequest, pk: int, berkas_pk: int) -> tuple[LaporanKinerja, BerkasLkjip]:
    """A rendering of a visible report; of a final report, only its own (a draft printed before
    finalising must never pass for the final)."""
    laporan = laporan_or_404(request, pk)
    berkas = get_object_or_404(BerkasLkjip.objects.defer("html"), pk=berkas_pk, laporan=laporan)
    if laporan.final and berkas.sidik != laporan.sidik_beku:
        raise Http404
    return laporan, berkas


def _status(request: HttpRequest, laporan: LaporanKinerja, berkas: BerkasLkjip | None) -> HttpResponse:
    return render(request, "evaluasi/_lkjip_pdf.html", {"laporan": laporan, "berkas": berkas})


@login_required
@require_safe
def lkjip_unduh(request: HttpRequest, pk: int) -> HttpResponse:
    """The report's PDF as it stands: at once when printed (a final's stored file, or a draft whose
    data has not changed since); otherwise printing starts and the report's page shows its progress."""
    laporan = laporan_or_404(request, pk)
    berkas = services.pdf_siapkan(laporan, ulang=False)
    if not berkas.siap:
        messages.info(request, _("PDF sedang dicetak; unduhan tersedia di sini setelah selesai."))
        return redirect(detail_url(laporan) + "#pdf")
    return _file(berkas, laporan)


@login_required
@require_safe
def lkjip_berkas(request: HttpRequest, pk: int, berkas_pk: int) -> HttpResponse:
    """One printed PDF of the report (the list's and the progress indicator's link)."""
    laporan, berkas = _berkas_or_404(request, pk, berkas_pk)
    if not berkas.siap:
        raise Http404
    return _file(berkas, laporan)


def _file(berkas: BerkasLkjip, laporan: LaporanKinerja) -> FileResponse:
    try:
        handle = berkas.berkas.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=laporan.nama_berkas(), content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
