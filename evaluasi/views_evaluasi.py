"""The evaluation pages: the year's evaluations with their scores (and opening new ones), one
evaluation's scores, findings and history, a component's worksheet with the OPD's self-assessment and
the evaluator's answers side by side, and finalising.

Who does what: everyone in the pemda reads its evaluations, OPD roles only their own OPD's (anything
else answers 404). The evaluators of the pemda open, score and finalise; the OPD's planner fills the
self-assessment; the OPD sees the evaluator's answers, scores and grade only once final. A final
evaluation is read only for everyone.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from evaluasi import scoring, services
from evaluasi.access import (
    is_evaluator_of,
    sees_evaluator_scores,
    sisi_isian,
    visible_evaluasi,
    visible_templates,
)
from evaluasi.forms import EvaluasiBukaForm, JawabanForm, PenugasanForm, SimpulanForm
from evaluasi.models import (
    DokumenBukti,
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    LaporanKinerja,
    PenugasanEvaluator,
    TemplateLKE,
)
from evaluasi.saran import SaranJawaban, saran_untuk
from perjanjian.views.common import year_param
from perjanjian.views.realisasi import serve_bukti
from sakip import access, versi_data
from sakip.halaman import halaman_tersimpan
from sakip.history import change_log, merged_log
from sakip.models import PerangkatDaerah, Periode, Role, User

# --- Scores of many evaluations at once ---------------------------------------------------------------


def hasil_banyak(evaluations: list[Evaluasi]) -> dict[int, tuple[scoring.Hasil, scoring.Hasil]]:
    """(self-assessment, evaluator) results of several evaluations, as ``services.hasil`` computes
    them (``services.skor_banyak``: a final one's as frozen, the others' with a fixed number of queries
    however many rows). With a shared cache the computed ones are kept until their pemda's data changes
    (``sakip.versi_data``): a list of a hundred evaluations is then scored once per change, not per
    visit."""
    if not evaluations:
        return {}
    frozen, hitung = services.beku_dan_sisanya(evaluations)
    results = {pk: (skor.mandiri, skor.evaluator) for pk, skor in frozen.items()}
    if not hitung:
        return results
    if not versi_data.aktif():
        results.update(_hitung_banyak(hitung))
        return results
    versi = {pemda_id: versi_data.versi(pemda_id) for pemda_id in {e.pemda_id for e in hitung}}
    kunci = {e.pk: f"sakip:hasil-lke:{e.pk}:{versi[e.pemda_id]}" for e in hitung}
    found = cache.get_many(list(kunci.values()))
    results.update({pk: found[key] for pk, key in kunci.items() if key in found})
    missing = [e for e in hitung if e.pk not in results]
    if missing:
        fresh = _hitung_banyak(missing)
        cache.set_many({kunci[pk]: value for pk, value in fresh.items()}, timeout=settings.SAKIP_DASBOR_CACHE)
        results.update(fresh)
    return results


def _hitung_banyak(evaluations: list[Evaluasi]) -> dict[int, tuple[scoring.Hasil, scoring.Hasil]]:
    return {pk: (skor.mandiri, skor.evaluator) for pk, skor in services.skor_banyak(evaluations).items()}


# --- Pages ---------------------------------------------------------------------------------------------


def crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Evaluasi"), reverse("evaluasi:home")), *trail]


def list_url(tahun: int) -> str:
    return f"{reverse('evaluasi:evaluasi_list')}?tahun={tahun}"


@dataclass
class BarisEvaluasi:
    evaluasi: Evaluasi
    mandiri: scoring.Hasil
    evaluator: scoring.Hasil | None  # None: the OPD before the evaluation is final


@login_required
@halaman_tersimpan
def evaluasi_list(request: HttpRequest) -> HttpResponse:
    tahun = year_param(request)
    pemda = request.pemda
    bisa_buka = pemda is not None and is_evaluator_of(request.user, pemda.pk)
    if request.method == "POST":
        access.deny_unless(bisa_buka)
    form = None
    if bisa_buka:
        opds = PerangkatDaerah.objects.filter(pemda=pemda).aktif().order_by("nama")
        templates = visible_templates(request.user).filter(Q(pemda__isnull=True) | Q(pemda=pemda))
        form = EvaluasiBukaForm(
            request.POST if request.method == "POST" else None, templates=templates, opds=opds, prefix="buka"
        )
        if form.is_bound and form.is_valid():
            try:
                data = form.cleaned_data
                dibuka = _buka(pemda, tahun, data["template"], data["opd"], opds, seluruh_pemda=data["seluruh_pemda"])
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                if dibuka:
                    done = _("%(n)s evaluasi tahun %(tahun)s dibuka.") % {"n": dibuka, "tahun": tahun}
                    messages.success(request, done)
                else:
                    done = _("Semua perangkat daerah sudah dievaluasi untuk tahun %(tahun)s.") % {"tahun": tahun}
                    messages.info(request, done)
                return redirect(list_url(tahun))
    evaluations = list(
        visible_evaluasi(request.user)
        .filter(pemda=pemda, tahun=tahun)
        .select_related("opd", "template")
        .order_by(F("opd__nama").asc(nulls_first=True))
    )
    results = hasil_banyak(evaluations)
    rows = [
        BarisEvaluasi(
            evaluasi=e,
            mandiri=results[e.pk][0],
            evaluator=results[e.pk][1] if sees_evaluator_scores(request.user, e) else None,
        )
        for e in evaluations
    ]
    return render(
        request,
        "evaluasi/evaluasi_list.html",
        {
            "rows": rows,
            "tahun": tahun,
            "form": form,
            "title": _("Evaluasi SAKIP %(tahun)s") % {"tahun": tahun},
            "breadcrumbs": crumbs(),
        },
    )


def _buka(pemda, tahun: int, template: TemplateLKE, opd: PerangkatDaerah | None, opds, *, seluruh_pemda: bool) -> int:
    """Open the pemda-wide evaluation, one OPD's, or every OPD's not yet evaluated that year (all or
    nothing)."""
    if seluruh_pemda:
        services.evaluasi_buka(pemda=pemda, tahun=tahun, template=template)
        return 1
    if opd is not None:
        services.evaluasi_buka(pemda=pemda, tahun=tahun, template=template, opd=opd)
        return 1
    with transaction.atomic():
        belum = list(opds.exclude(evaluasi__tahun=tahun))
        for each in belum:
            services.evaluasi_buka(pemda=pemda, tahun=tahun, template=template, opd=each)
    return len(belum)


def evaluasi_or_404(request: HttpRequest, pk: int) -> Evaluasi:
    queryset = visible_evaluasi(request.user).select_related("pemda", "opd", "template", "difinalkan_oleh")
    return get_object_or_404(queryset, pk=pk)


def detail_url(evaluasi: Evaluasi) -> str:
    return reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])


@login_required
@halaman_tersimpan
def evaluasi_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, evaluasi_or_404(request, pk))


def _detail_page(
    request: HttpRequest, evaluasi: Evaluasi, *, simpulan_form: SimpulanForm | None = None
) -> HttpResponse:
    """The detail page; ``simpulan_form`` is a summary form that failed, shown with what was typed."""
    lihat_evaluator = sees_evaluator_scores(request.user, evaluasi)
    # The worksheet and its grade bands once, for both sides' scores and the component table.
    evaluasi.template = TemplateLKE.objects.prefetch_related("komponen__sub__kriteria__skala__opsi", "predikat").get(
        pk=evaluasi.template_id
    )
    nilai_mandiri, nilai_evaluator = services.nilai_kedua_sisi(evaluasi)
    mandiri = services.hasil(evaluasi, nilai=nilai_mandiri)
    evaluator = services.hasil(evaluasi, nilai=nilai_evaluator) if lihat_evaluator else None
    utama = evaluator or mandiri  # the grade shown: the evaluator's, or the OPD's own before final
    predikat = {p.kode: p for p in evaluasi.template.predikat.all()}
    komponen = [
        {
            "komponen": komp,
            "mandiri": mandiri.komponen.get(komp.kode),
            "evaluator": evaluator.komponen.get(komp.kode) if evaluator else None,
            "sub": [
                {
                    "sub": sub,
                    "mandiri": mandiri.sub.get(sub.kode),
                    "evaluator": evaluator.sub.get(sub.kode) if evaluator else None,
                }
                for sub in komp.sub.all()
            ],
        }
        for komp in evaluasi.template.komponen.all()
    ]
    bisa_kelola = not evaluasi.final and is_evaluator_of(request.user, evaluasi.pemda_id)
    penugasan: dict[int, list] = defaultdict(list)
    for row in PenugasanEvaluator.objects.filter(evaluasi=evaluasi).select_related("evaluator"):
        penugasan[row.komponen_id].append(row.evaluator)
    for item in komponen:
        item["evaluator_ditugaskan"] = penugasan.get(item["komponen"].pk, [])
    # The summary is the evaluator's draft until final; the frozen LHE data is for the machine.
    history = change_log(evaluasi.history.all(), hidden={"beku"} if lihat_evaluator else {"beku", "simpulan"})
    if lihat_evaluator:  # the answers' log shows the evaluator's changes: not for the OPD before final
        kode = {
            kriteria.pk: kriteria.kode
            for komp in evaluasi.template.komponen.all()
            for sub in komp.sub.all()
            for kriteria in sub.kriteria.all()
        }
        answers = change_log(
            Jawaban.history.filter(evaluasi_id=evaluasi.pk),
            limit=20,
            whole=True,
            subject=lambda record: _("Jawaban kriteria %(nomor)s") % {"nomor": kode.get(record.kriteria_id, "-")},
        )
        history = merged_log(history, answers, limit=20)
    return render(
        request,
        "evaluasi/evaluasi_detail.html",
        {
            "evaluasi": evaluasi,
            "lihat_evaluator": lihat_evaluator,
            "mandiri": mandiri,
            "evaluator": evaluator,
            "predikat": utama.predikat,
            "predikat_lke": predikat.get(utama.predikat.kode) if utama.predikat else None,
            "komponen": komponen,
            "temuan": services.temuan_logika(evaluasi, nilai=nilai_evaluator if lihat_evaluator else nilai_mandiri),
            "bisa_finalkan": bisa_kelola,
            "simpulan_form": (simpulan_form or SimpulanForm(evaluasi=evaluasi)) if bisa_kelola else None,
            "penugasan": penugasan,
            "history": history,
            "title": str(evaluasi),
            "breadcrumbs": crumbs((_("Evaluasi SAKIP"), list_url(evaluasi.tahun))),
        },
    )


@dataclass
class BarisLembar:
    kriteria: Kriteria
    jawaban: Jawaban | None
    form: JawabanForm | None
    saran: SaranJawaban | None = None


def dokumen_bukti(evaluasi: Evaluasi) -> dict[str, tuple[str, str | None]]:
    """The app's own documents an answer may cite, by code: (name, address for the evaluation's OPD
    and year, or None where the app holds no such page for it). Two queries."""
    names = dict(DokumenBukti.choices)
    links: dict[str, str | None] = dict.fromkeys(names)
    if evaluasi.opd_id is None:  # the pemda as a whole: its agreements and recap
        links[DokumenBukti.PK] = f"{reverse('perjanjian:pk_list')}?tahun={evaluasi.tahun}"
        links[DokumenBukti.REALISASI] = f"{reverse('perjanjian:rekap')}?tahun={evaluasi.tahun}"
    else:
        opd, tahun = evaluasi.opd_id, evaluasi.tahun
        periode = (
            Periode.objects.filter(pemda_id=evaluasi.pemda_id, tahun_awal__lte=tahun, tahun_akhir__gte=tahun)
            .values_list("pk", flat=True)
            .first()
        )
        if periode:
            links[DokumenBukti.RENSTRA] = reverse("iku_manual:renstra", args=[periode, opd])
            links[DokumenBukti.MANUAL_IKU] = reverse("iku_manual:manual_iku", args=[periode, opd])
        links[DokumenBukti.PK] = f"{reverse('perjanjian:pk_list')}?tahun={tahun}&opd={opd}"
        links[DokumenBukti.REALISASI] = reverse("perjanjian:monitoring", args=[opd, tahun])
    lkjip = (
        LaporanKinerja.objects.filter(pemda_id=evaluasi.pemda_id, opd_id=evaluasi.opd_id, tahun=evaluasi.tahun)
        .order_by("-versi")
        .values_list("pk", flat=True)
        .first()
    )
    if lkjip:
        links[DokumenBukti.LKJIP] = reverse("evaluasi:lkjip_detail", args=[lkjip])
    return {kode: (names[kode], links[kode]) for kode in names}


@login_required
def evaluasi_lembar(request: HttpRequest, pk: int, komponen_pk: int) -> HttpResponse:
    evaluasi = evaluasi_or_404(request, pk)
    komponen = get_object_or_404(Komponen, pk=komponen_pk, template_id=evaluasi.template_id)
    sebagai = sisi_isian(request.user, evaluasi, komponen.pk)
    bound = request.method == "POST"
    if bound:
        access.deny_unless(sebagai is not None)
    kriteria = list(
        Kriteria.objects.filter(sub__komponen=komponen)
        .select_related("sub__komponen", "skala", "syarat")
        .prefetch_related("skala__opsi")
        .order_by("sub__urutan", "urutan")
    )
    jawaban = {
        j.kriteria_id: j
        for j in Jawaban.objects.filter(evaluasi=evaluasi, kriteria__sub__komponen=komponen).select_related(
            "opsi_mandiri", "opsi_evaluator", "diubah_oleh"
        )
    }
    # The data's suggestion is the evaluator's aid: the OPD sees it once the evaluation is final.
    lihat_evaluator = sees_evaluator_scores(request.user, evaluasi)
    saran = saran_untuk(evaluasi, kriteria) if lihat_evaluator else {}
    rows = [
        BarisLembar(
            kriteria=k,
            jawaban=jawaban.get(k.pk),
            form=JawabanForm(
                request.POST if bound else None,
                request.FILES if bound else None,
                kriteria=k,
                jawaban=jawaban.get(k.pk),
                sebagai=sebagai,
            )
            if sebagai
            else None,
            saran=saran.get(k.pk),
        )
        for k in kriteria
    ]
    if bound:
        forms = [row.form for row in rows]
        if not all(form.is_valid() for form in forms):  # every row validated, so each shows its errors
            messages.error(request, _("Periksa isian yang ditandai; belum ada yang disimpan."))
        elif not (changed := [form for form in forms if form.diubah]):
            messages.info(request, _("Tidak ada perubahan."))
        elif _simpan(evaluasi, changed, request.user, sebagai):
            messages.success(request, _("%(n)s jawaban disimpan.") % {"n": len(changed)})
            return redirect(request.path)
        else:
            messages.error(request, _("Tidak ada yang disimpan: periksa baris yang ditandai."))
    groups: dict[int, tuple] = {}
    for row in rows:
        groups.setdefault(row.kriteria.sub_id, (row.kriteria.sub, []))[1].append(row)
    return render(
        request,
        "evaluasi/evaluasi_lembar.html",
        {
            "evaluasi": evaluasi,
            "komponen": komponen,
            "groups": list(groups.values()),
            "sebagai": sebagai,
            "lihat_evaluator": lihat_evaluator,
            "dokumen": dokumen_bukti(evaluasi),
            "title": f"{komponen.kode}. {komponen.nama}",
            "breadcrumbs": crumbs(
                (_("Evaluasi SAKIP"), list_url(evaluasi.tahun)), (str(evaluasi), detail_url(evaluasi))
            ),
        },
    )


def _simpan(evaluasi: Evaluasi, forms: list[JawabanForm], user, sebagai: str) -> bool:
    """Save every changed row in one transaction: one refused row (a colleague saved it since the page
    was opened, say) leaves everything as it was, and the row shows why. Files stored for the other
    rows are removed again, since no row points at them."""
    ok, stored = True, []
    try:
        with transaction.atomic():
            for form in forms:
                try:
                    saved = services.jawaban_simpan(
                        evaluasi=evaluasi, kriteria=form.kriteria, user=user, isian=form.isian(), sebagai=sebagai
                    )
                except ValidationError as exc:
                    form.add_error(None, exc.messages)
                    ok = False
                else:
                    if form.cleaned_data.get("bukti_berkas"):
                        stored.append((saved.bukti_berkas.storage, saved.bukti_berkas.name))
            if not ok:
                transaction.set_rollback(True)
    except Exception:
        ok = False
        raise
    finally:
        if not ok:  # rolled back, however: no row points at these files
            for storage, name in stored:
                storage.delete(name)
    return ok


@login_required
@require_safe
def jawaban_bukti(request: HttpRequest, pk: int) -> FileResponse:
    """An answer's evidence file, only to those who may read the evaluation; never served statically."""
    jawaban = get_object_or_404(Jawaban.objects.filter(evaluasi__in=visible_evaluasi(request.user)), pk=pk)
    if not jawaban.bukti_berkas:
        raise Http404
    return serve_bukti(jawaban.bukti_berkas, jawaban.bukti_nama)


@login_required
def evaluasi_penugasan(request: HttpRequest, pk: int) -> HttpResponse:
    """Assign evaluators to components (the evaluators of the pemda; read only once final)."""
    evaluasi = evaluasi_or_404(request, pk)
    bisa = not evaluasi.final and is_evaluator_of(request.user, evaluasi.pemda_id)
    if request.method == "POST":
        access.deny_unless(bisa)
    komponen = list(Komponen.objects.filter(template_id=evaluasi.template_id).order_by("urutan"))
    current: dict[int, set[int]] = defaultdict(set)
    for komponen_id, evaluator_id in PenugasanEvaluator.objects.filter(evaluasi=evaluasi).values_list(
        "komponen_id", "evaluator_id"
    ):
        current[komponen_id].add(evaluator_id)
    evaluators = User.objects.filter(pemda_id=evaluasi.pemda_id, role=Role.EVALUATOR, is_active=True).order_by("nama")
    form = PenugasanForm(
        request.POST if request.method == "POST" else None, komponen=komponen, evaluators=evaluators, current=current
    )
    if form.is_bound and form.is_valid():
        try:
            services.penugasan_simpan(evaluasi=evaluasi, penugasan=form.penugasan(), user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Penugasan evaluator disimpan."))
            return redirect(detail_url(evaluasi))
    if not bisa:
        for field in form.fields.values():
            field.disabled = True
    # Assignments are added and removed, never edited: the log names who and which component.
    riwayat = PenugasanEvaluator.history.filter(evaluasi_id=evaluasi.pk)
    orang = {user.pk: str(user) for user in User.objects.filter(pk__in=riwayat.values("evaluator_id"))}
    kode = {komp.pk: komp.kode for komp in komponen}
    history = change_log(
        riwayat,
        limit=20,
        whole=True,
        subject=lambda record: (
            _("Penugasan %(evaluator)s pada komponen %(kode)s")
            % {"evaluator": orang.get(record.evaluator_id, "-"), "kode": kode.get(record.komponen_id, "-")}
        ),
    )
    return render(
        request,
        "evaluasi/evaluasi_penugasan.html",
        {
            "evaluasi": evaluasi,
            "form": form,
            "bisa": bisa,
            "history": history,
            "title": _("Penugasan evaluator"),
            "breadcrumbs": crumbs(
                (_("Evaluasi SAKIP"), list_url(evaluasi.tahun)), (str(evaluasi), detail_url(evaluasi))
            ),
        },
    )


@login_required
@require_POST
def evaluasi_simpulan(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = evaluasi_or_404(request, pk)
    access.deny_unless(not evaluasi.final and is_evaluator_of(request.user, evaluasi.pemda_id))
    form = SimpulanForm(request.POST, evaluasi=evaluasi)
    if form.is_valid():
        try:
            services.simpulan_simpan(
                evaluasi=evaluasi,
                simpulan=form.cleaned_data["simpulan"],
                versi=form.cleaned_data["versi"],
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("Simpulan hasil evaluasi disimpan."))
            return redirect(detail_url(evaluasi))
    messages.error(request, _("Simpulan belum disimpan: periksa isiannya."))
    return _detail_page(request, evaluasi, simpulan_form=form)


@login_required
@require_POST
def evaluasi_finalkan(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = evaluasi_or_404(request, pk)
    access.deny_unless(is_evaluator_of(request.user, evaluasi.pemda_id))
    try:
        services.evaluasi_finalkan(evaluasi=evaluasi, user=request.user)
    except ValidationError as exc:
        messages.error(request, _("Evaluasi belum dapat difinalkan."))
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Evaluasi difinalkan dan dikunci."))
    return redirect(detail_url(evaluasi))
