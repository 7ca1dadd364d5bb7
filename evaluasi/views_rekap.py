"""Two read-only evaluation pages: the what-if of one evaluation (simulasi nilai: which criteria lift
the score most, and what ticking some would give) and the pemda's recap of a year (OPD ranking,
component averages, grade distribution, change from last year).

Who sees what: anyone who may see the evaluation (else 404). The OPD sees the evaluator's answers and
scores only once the evaluation is final (``sees_evaluator_scores``): before that its what-if runs on
its own self-assessment and its recap has no row for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.db.models import F, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from evaluasi import rekap, scoring
from evaluasi.access import sees_evaluator_scores, visible_evaluasi
from evaluasi.models import Evaluasi, Jawaban, Komponen, Kriteria, SubKomponen, TemplateLKE, susun_lembar
from evaluasi.views_evaluasi import crumbs, detail_url, evaluasi_or_404, hasil_banyak, list_url
from perjanjian.views.common import year_param

# --- Simulasi nilai ---------------------------------------------------------------------------------------

SISI = {"evaluator": gettext_lazy("Nilai evaluator"), "mandiri": gettext_lazy("Penilaian mandiri")}


@dataclass
class BarisSimulasi:
    komponen: Komponen
    sub: SubKomponen
    kriteria: Kriteria
    jawaban: str | None  # the current answer's code; None: unanswered
    terbaik: str
    langkah: rekap.Langkah
    dicentang: bool


@login_required
@require_GET
def evaluasi_simulasi(request: HttpRequest, pk: int) -> HttpResponse:
    evaluasi = evaluasi_or_404(request, pk)
    lihat_evaluator = sees_evaluator_scores(request.user, evaluasi)
    pilihan_sisi = ["evaluator", "mandiri"] if lihat_evaluator else ["mandiri"]
    sisi = request.GET.get("sisi")
    if sisi not in pilihan_sisi:  # the OPD asking for the evaluator's side before final gets its own
        sisi = pilihan_sisi[0]
    template: TemplateLKE = evaluasi.template
    prefetch_related_objects([template], "komponen__sub__kriteria__skala__opsi", "predikat")
    komponen = list(template.komponen.all())
    bands = [p.as_band() for p in template.predikat.all()]
    answers = Jawaban.objects.filter(evaluasi=evaluasi).values_list(
        "kriteria_id", f"opsi_{sisi}__kode", f"opsi_{sisi}__nilai"
    )
    kode_jawaban, nilai = {}, {}
    for kriteria_id, kode, angka in answers:
        kode_jawaban[kriteria_id], nilai[kriteria_id] = kode, angka
    letak = {k.pk: (komp, sub, k) for komp in komponen for sub in komp.sub.all() for k in sub.kriteria.all()}

    dipilih = next((k for k in komponen if k.kode == request.GET.get("komponen")), None)
    worksheet = susun_lembar(komponen, nilai, per_id=True)
    kini = scoring.hitung(worksheet, bands)
    langkah = rekap.langkah_perbaikan(worksheet, bands, komponen=dipilih.kode if dipilih else None)
    bisa_naik = {int(p.butir) for p in scoring.simulasi(worksheet)}  # a criterion already at its best adds nothing
    dicentang = {int(v) for v in request.GET.getlist("k") if v.isdigit()} & bisa_naik
    centang = rekap.dengan_centang(worksheet, bands, dicentang) if dicentang else None

    rows = []
    for step in langkah:
        komp, sub, kriteria = letak[step.kriteria_id]
        rows.append(
            BarisSimulasi(
                komponen=komp,
                sub=sub,
                kriteria=kriteria,
                jawaban=kode_jawaban.get(kriteria.pk),
                terbaik=max(kriteria.skala.opsi.all(), key=lambda o: o.nilai).kode,
                langkah=step,
                dicentang=kriteria.pk in dicentang,
            )
        )
    shown = {row.kriteria.pk for row in rows}
    return render(
        request,
        "evaluasi/simulasi.html",
        {
            "evaluasi": evaluasi,
            "sisi": sisi,
            "pilihan_sisi": [(s, SISI[s]) for s in pilihan_sisi],
            "lihat_evaluator": lihat_evaluator,
            "komponen": komponen,
            "dipilih": dipilih,
            "kini": kini,
            "rows": rows,
            "centang": centang,
            "ringkasan": [
                {
                    "komponen": komp,
                    "kini": kini.komponen[komp.kode],
                    "centang": centang.komponen[komp.kode] if centang else None,
                }
                for komp in komponen
            ],
            "dicentang": sorted(dicentang),
            "dicentang_lain": sorted(dicentang - shown),  # ticks of other components, kept through the form
            "title": _("Simulasi nilai"),
            "breadcrumbs": crumbs(
                (_("Evaluasi SAKIP"), list_url(evaluasi.tahun)), (str(evaluasi), detail_url(evaluasi))
            ),
        },
    )


# --- Rekap evaluasi pemda ---------------------------------------------------------------------------------


@dataclass
class BarisRekap:
    evaluasi: Evaluasi
    hasil: scoring.Hasil
    nilai_komponen: list[Decimal | None]  # in the order of the page's columns
    sebelumnya: Decimal | None  # last year's total
    selisih: Decimal | None
    peringkat: int = 0


@dataclass
class KelompokTemplate:
    template: TemplateLKE
    jumlah: int
    komponen: list[rekap.StatistikKomponen]


@login_required
@require_GET
def evaluasi_rekap(request: HttpRequest) -> HttpResponse:
    tahun = year_param(request)
    evaluations = [
        e
        for e in visible_evaluasi(request.user)
        .filter(pemda=request.pemda, tahun__in=(tahun, tahun - 1))
        .select_related("opd", "template")
        .prefetch_related("template__komponen", "template__predikat")
        .order_by(F("opd__nama").asc(nulls_first=True))
        if sees_evaluator_scores(request.user, e)  # the OPD's own row appears once final
    ]
    results = {pk: evaluator for pk, (_mandiri, evaluator) in hasil_banyak(evaluations).items()}
    lalu = {e.opd_id: results[e.pk].total for e in evaluations if e.tahun == tahun - 1}
    kini = [e for e in evaluations if e.tahun == tahun]

    kolom: dict[str, Komponen] = {}  # the component columns: every template's codes, first name wins
    for e in kini:
        if e.opd_id is None:  # the pemda's own row shows its total only
            continue
        for komp in e.template.komponen.all():
            kolom.setdefault(komp.kode, komp)

    def baris(e: Evaluasi) -> BarisRekap:
        hasil = results[e.pk]
        sebelumnya = lalu.get(e.opd_id)
        return BarisRekap(
            evaluasi=e,
            hasil=hasil,
            nilai_komponen=[hasil.komponen.get(kode) for kode in kolom],
            sebelumnya=sebelumnya,
            selisih=rekap.selisih(hasil.total, sebelumnya),
        )

    pemda_row = next((baris(e) for e in kini if e.opd_id is None), None)
    rows = sorted((baris(e) for e in kini if e.opd_id is not None), key=lambda r: -r.hasil.total)  # stable: by name
    for row, rank in zip(rows, rekap.peringkat([r.hasil.total for r in rows]), strict=True):
        row.peringkat = rank

    # Averages and the grade distribution count final evaluations only: a worksheet still being
    # scored has components at 0 that would drag them down.
    final = [row for row in rows if row.evaluasi.final]
    templates: dict[int, TemplateLKE] = {}
    for row in final:
        templates.setdefault(row.evaluasi.template_id, row.evaluasi.template)
    kelompok = [
        KelompokTemplate(
            template=template,
            jumlah=len(same := [r.hasil for r in final if r.evaluasi.template_id == template.pk]),
            komponen=rekap.statistik_komponen(template.komponen.all(), same),
        )
        for template in templates.values()
    ]
    bands: dict[str, scoring.Band] = {}
    for template in templates.values():
        for p in template.predikat.all():
            bands.setdefault(p.kode, p.as_band())
    return render(
        request,
        "evaluasi/rekap.html",
        {
            "tahun": tahun,
            "tahun_lalu": tahun - 1,
            "pemda_row": pemda_row,
            "rows": rows,
            "kolom": list(kolom.values()),
            "kelompok": kelompok,
            "sebaran": rekap.sebaran_predikat(list(bands.values()), [r.hasil.predikat for r in final]),
            "belum_final": len(rows) - len(final),
            "beberapa_template": len(templates) > 1,
            "title": _("Rekap evaluasi SAKIP %(tahun)s") % {"tahun": tahun},
            "breadcrumbs": crumbs((_("Evaluasi SAKIP"), list_url(tahun))),
        },
    )
