"""The evaluation workflow: open an evaluation, answer criteria (self-assessment and evaluator side
by side, never silently overwriting a colleague), compute the scores, finalise (locked), and copy a
template to a new version. Every write in one transaction."""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from evaluasi import scoring
from evaluasi.models import (
    DokumenBukti,
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    OpsiJawaban,
    PenugasanEvaluator,
    PredikatLKE,
    SubKomponen,
    TemplateLKE,
    susun_lembar,
)
from notifikasi import kejadian
from sakip.history import refuse_stale
from sakip.models import Pemda, PerangkatDaerah, Role, User


@transaction.atomic
def evaluasi_buka(*, pemda: Pemda, tahun: int, template: TemplateLKE, opd: PerangkatDaerah | None = None) -> Evaluasi:
    """A new evaluation of an OPD (or of the pemda as a whole) for a year."""
    if template.pemda_id not in (None, pemda.pk):
        raise ValidationError(_("Template ini milik pemda lain."))
    if opd is not None and opd.pemda_id != pemda.pk:
        raise ValidationError(_("Perangkat daerah harus milik pemda ini."))
    evaluasi = Evaluasi(pemda=pemda, opd=opd, tahun=tahun, template=template)
    evaluasi.full_clean()
    try:
        evaluasi.save()
    except IntegrityError as exc:  # opened twice at once
        raise ValidationError(_("Evaluasi ini baru saja dibuat; buka daftar evaluasi.")) from exc
    return evaluasi


def _lock(evaluasi: Evaluasi) -> None:
    list(Evaluasi.objects.select_for_update().filter(pk=evaluasi.pk).values_list("pk"))
    evaluasi.refresh_from_db()
    if evaluasi.final:
        raise ValidationError(_("Evaluasi yang sudah final tidak dapat diubah."))


def boleh_menilai(user: User, evaluasi: Evaluasi, komponen_id: int) -> bool:
    """An evaluator of the pemda scores a component when assigned to it, or when nobody is assigned."""
    if user.is_superuser:
        return True
    if user.role != Role.EVALUATOR:
        return False
    if user.pemda_id != evaluasi.pemda_id:
        return False
    assigned = PenugasanEvaluator.objects.filter(evaluasi=evaluasi, komponen_id=komponen_id)
    return not assigned.exists() or assigned.filter(evaluator=user).exists()


@dataclass
class IsianJawaban:
    """What one person typed for one criterion. ``versi`` is the version the page showed."""

    versi: int
    opsi: OpsiJawaban | None = None
    catatan: str = ""
    bukti_tautan: str | None = None  # None: the evidence is not touched (the evaluator's side)
    bukti_dokumen: list[str] | None = None
    bukti_berkas: UploadedFile | None = None
    bukti_ext: str = ""  # the file's real type, from uploads.sniff_bukti
    hapus_berkas: bool = False


def _cek_opsi(kriteria: Kriteria, opsi: OpsiJawaban | None) -> None:
    if opsi is not None and opsi.skala_id != kriteria.skala_id:
        raise ValidationError(
            _("Jawaban %(jawaban)s bukan pilihan kriteria %(nomor)s.") % {"jawaban": opsi.kode, "nomor": kriteria.kode}
        )


@transaction.atomic
def jawaban_simpan(*, evaluasi: Evaluasi, kriteria: Kriteria, user: User, isian: IsianJawaban, sebagai: str) -> Jawaban:
    """Save one side of one criterion: ``sebagai`` is "evaluator" or "mandiri" (the OPD). Refused when
    the evaluation is final, when the criterion is not in its template, when the evaluator is not
    assigned to the component, or when someone saved the criterion after the page was opened."""
    _lock(evaluasi)
    if kriteria.sub.komponen.template_id != evaluasi.template_id:
        raise ValidationError(_("Kriteria ini bukan bagian dari template evaluasi."))
    if sebagai == "evaluator" and not boleh_menilai(user, evaluasi, kriteria.sub.komponen_id):
        raise ValidationError(_("Komponen ini ditugaskan kepada evaluator lain."))
    _cek_opsi(kriteria, isian.opsi)
    jawaban, _created = Jawaban.objects.select_for_update().get_or_create(evaluasi=evaluasi, kriteria=kriteria)
    if jawaban.versi != isian.versi:
        when = formats.date_format(timezone.localtime(jawaban.diubah_pada), "j F Y H:i") if jawaban.diubah_pada else ""
        raise ValidationError(
            _("Kriteria %(nomor)s baru saja diubah oleh %(siapa)s (%(kapan)s); muat ulang halaman, lalu ulangi.")
            % {"nomor": kriteria.kode, "siapa": jawaban.diubah_oleh or "-", "kapan": when}
        )
    if sebagai == "evaluator":
        jawaban.opsi_evaluator = isian.opsi
        jawaban.catatan_evaluator = isian.catatan.strip()
    elif sebagai == "mandiri":
        jawaban.opsi_mandiri = isian.opsi
        jawaban.catatan_mandiri = isian.catatan.strip()
    else:
        raise ValueError(sebagai)
    if isian.bukti_tautan is not None:
        jawaban.bukti_tautan = isian.bukti_tautan.strip()
    if isian.bukti_dokumen is not None:
        unknown = set(isian.bukti_dokumen) - set(DokumenBukti.values)
        if unknown:
            raise ValidationError(_("Dokumen bukti tidak dikenal: %(kode)s.") % {"kode": ", ".join(sorted(unknown))})
        jawaban.bukti_dokumen = [kode for kode in DokumenBukti.values if kode in isian.bukti_dokumen]
    # Files are not transactional: the old file goes only once the change is committed; a new one is
    # removed again when this save fails (a caller that rolls back more must remove it too).
    storage, old_name, new_name = jawaban.bukti_berkas.storage, jawaban.bukti_berkas.name or "", ""
    if (isian.hapus_berkas or isian.bukti_berkas is not None) and old_name:
        jawaban.bukti_berkas = ""
        jawaban.bukti_nama = ""
    if isian.bukti_berkas is not None:
        if not isian.bukti_ext:
            raise ValueError("bukti_ext: check the file with uploads.sniff_bukti first")
        jawaban._bukti_ext = isian.bukti_ext
        jawaban.bukti_nama = os.path.basename(getattr(isian.bukti_berkas, "name", "") or "bukti")[-255:]
        jawaban.bukti_berkas.save("bukti", isian.bukti_berkas, save=False)
        new_name = jawaban.bukti_berkas.name
    jawaban.versi += 1
    jawaban.diubah_oleh = user
    jawaban.diubah_pada = timezone.now()
    jawaban._history_user = user
    try:
        jawaban.full_clean(exclude=["evaluasi", "kriteria", "bukti_berkas"])
        jawaban.save()
    except Exception:
        if new_name:
            storage.delete(new_name)
        raise
    if old_name and old_name != (jawaban.bukti_berkas.name or ""):
        transaction.on_commit(lambda: storage.delete(old_name))
    return jawaban


def nilai_jawaban(evaluasi: Evaluasi, *, sisi: str = "evaluator") -> dict[int, Decimal | None]:
    """The answers' numbers by criterion id, of the evaluator or of the self-assessment. One query."""
    field = "opsi_evaluator__nilai" if sisi == "evaluator" else "opsi_mandiri__nilai"
    return dict(Jawaban.objects.filter(evaluasi=evaluasi).values_list("kriteria_id", field))


def nilai_kedua_sisi(evaluasi: Evaluasi) -> tuple[dict[int, Decimal | None], dict[int, Decimal | None]]:
    """The self-assessment's and the evaluator's numbers by criterion id. One query."""
    mandiri, evaluator = {}, {}
    rows = Jawaban.objects.filter(evaluasi=evaluasi).values_list(
        "kriteria_id", "opsi_mandiri__nilai", "opsi_evaluator__nilai"
    )
    for kriteria_id, nilai_mandiri, nilai_evaluator in rows:
        mandiri[kriteria_id], evaluator[kriteria_id] = nilai_mandiri, nilai_evaluator
    return mandiri, evaluator


def hasil(
    evaluasi: Evaluasi, *, sisi: str = "evaluator", nilai: dict[int, Decimal | None] | None = None
) -> scoring.Hasil:
    """Sub-component, component and total scores and the grade; ``nilai``: the side's answers when
    the caller already has them (``nilai_jawaban``)."""
    template = evaluasi.template
    if nilai is None:
        nilai = nilai_jawaban(evaluasi, sisi=sisi)
    return scoring.hitung(template.lembar(nilai), template.bands())


@dataclass(frozen=True)
class Skor:
    """An evaluation's results on both sides, and how much of its worksheet each side has answered."""

    mandiri: scoring.Hasil
    evaluator: scoring.Hasil
    kriteria: int
    dijawab_mandiri: int
    dijawab_evaluator: int

    def ke_data(self) -> dict:
        return {
            "mandiri": self.mandiri.ke_data(),
            "evaluator": self.evaluator.ke_data(),
            "kriteria": self.kriteria,
            "dijawab_mandiri": self.dijawab_mandiri,
            "dijawab_evaluator": self.dijawab_evaluator,
        }

    @classmethod
    def dari_data(cls, data: dict) -> Skor:
        return cls(
            scoring.Hasil.dari_data(data["mandiri"]),
            scoring.Hasil.dari_data(data["evaluator"]),
            data["kriteria"],
            data["dijawab_mandiri"],
            data["dijawab_evaluator"],
        )


def skor_beku(evaluasi: Evaluasi) -> Skor | None:
    """The scores frozen into a final evaluation (``evaluasi_finalkan``); None before finalising and
    for an evaluation made final before scores were frozen."""
    data = evaluasi.beku.get("skor") if evaluasi.final else None
    return Skor.dari_data(data) if data else None


def beku_dan_sisanya(evaluations: list[Evaluasi]) -> tuple[dict[int, Skor], list[Evaluasi]]:
    """The frozen scores of those that have them (by id), and the evaluations left to score."""
    frozen, rest = {}, []
    for e in evaluations:
        skor = skor_beku(e)
        if skor is None:
            rest.append(e)
        else:
            frozen[e.pk] = skor
    return frozen, rest


class Lembar:
    """A template's worksheet loaded for scoring (components with their sub-components, criteria and
    scales, and the grade bands), laid out once as ``scoring`` reads it and then filled with each
    evaluation's answers."""

    def __init__(self, komponen: list[Komponen], bands: list[scoring.Band]):
        # Keyed by the criterion's id (``per_id``): a pemda's variant may repeat a number.
        self.kosong = susun_lembar(komponen, {}, per_id=True)
        self.bands = bands
        self.kriteria = sum(len(sub.butir) for komp in self.kosong for sub in komp.sub)

    def hasil(self, nilai: dict[int, Decimal]) -> scoring.Hasil:
        """The result of one side's answers (criterion id -> number; unanswered ones left out)."""
        return scoring.hitung(scoring.isi(self.kosong, {str(k): v for k, v in nilai.items()}), self.bands)

    def skor(self, mandiri: dict[int, Decimal], evaluator: dict[int, Decimal]) -> Skor:
        return Skor(self.hasil(mandiri), self.hasil(evaluator), self.kriteria, len(mandiri), len(evaluator))


def lembar_banyak(template_ids: set[int], *, using: str | None = None) -> dict[int, Lembar]:
    """The worksheets of several templates, for scoring. Five queries, however many templates."""
    komponen = defaultdict(list)
    kriteria = Prefetch("sub__kriteria", queryset=Kriteria.objects.select_related("skala"))
    rows = Komponen.objects.using(using).filter(template_id__in=template_ids)
    for komp in rows.prefetch_related(kriteria, "sub__kriteria__skala__opsi"):
        komponen[komp.template_id].append(komp)
    bands = defaultdict(list)
    for band in PredikatLKE.objects.using(using).filter(template_id__in=template_ids):
        bands[band.template_id].append(band.as_band())
    return {t: Lembar(komponen[t], bands[t]) for t in template_ids}


def skor_banyak(evaluations: list[Evaluasi]) -> dict[int, Skor]:
    """The scores of several evaluations, as ``hasil`` computes them on each side. A final one's are
    read from what finalising froze (no query); the others' are computed from each template's
    worksheet, loaded once (``lembar_banyak``), and all their answers (one query), however many rows."""
    results, hitung = beku_dan_sisanya(evaluations)
    if not hitung:
        return results
    lembar = lembar_banyak({e.template_id for e in hitung})
    mandiri: dict[int, dict[int, Decimal]] = defaultdict(dict)
    evaluator: dict[int, dict[int, Decimal]] = defaultdict(dict)
    answers = Jawaban.objects.filter(evaluasi__in=hitung).values_list(
        "evaluasi_id", "kriteria_id", "opsi_mandiri__nilai", "opsi_evaluator__nilai"
    )
    for evaluasi_id, kriteria_id, nilai_mandiri, nilai_evaluator in answers:
        if nilai_mandiri is not None:
            mandiri[evaluasi_id][kriteria_id] = nilai_mandiri
        if nilai_evaluator is not None:
            evaluator[evaluasi_id][kriteria_id] = nilai_evaluator
    for e in hitung:
        results[e.pk] = lembar[e.template_id].skor(mandiri[e.pk], evaluator[e.pk])
    return results


def temuan_logika(
    evaluasi: Evaluasi, *, sisi: str = "evaluator", nilai: dict[int, Decimal | None] | None = None
) -> list[tuple[Kriteria, Kriteria]]:
    """Criteria answered above 0 although the criterion they depend on is 0."""
    template = evaluasi.template
    if "komponen" in getattr(template, "_prefetched_objects_cache", {}):  # the worksheet is at hand
        semua = {k.pk: k for komp in template.komponen.all() for sub in komp.sub.all() for k in sub.kriteria.all()}
        rules = [k for k in semua.values() if k.syarat_id]
        for k in rules:
            k.syarat = semua[k.syarat_id]
    else:
        rules = list(
            Kriteria.objects.filter(sub__komponen__template=template, syarat__isnull=False).select_related("syarat")
        )
    if nilai is None:
        nilai = nilai_jawaban(evaluasi, sisi=sisi)
    nilai = {str(k): v for k, v in nilai.items()}
    broken = set(scoring.cek_logika(nilai, [(str(k.pk), str(k.syarat_id)) for k in rules]))
    return [(k, k.syarat) for k in rules if (str(k.pk), str(k.syarat_id)) in broken]


@transaction.atomic
def penugasan_simpan(*, evaluasi: Evaluasi, penugasan: dict[int, list[User]], user: User) -> None:
    """Set which evaluators score which components (component id -> evaluators). Evaluators must be
    of the evaluation's pemda; refused once final."""
    _lock(evaluasi)
    komponen = set(Komponen.objects.filter(template_id=evaluasi.template_id).values_list("pk", flat=True))
    for komponen_id, evaluators in penugasan.items():
        if komponen_id not in komponen:
            raise ValidationError(_("Komponen ini bukan bagian dari template evaluasi."))
        for evaluator in evaluators:
            if evaluator.role != Role.EVALUATOR or evaluator.pemda_id != evaluasi.pemda_id:
                raise ValidationError(
                    _("%(nama)s bukan evaluator pemda ini.") % {"nama": evaluator.nama or evaluator.username}
                )
        current = PenugasanEvaluator.objects.filter(evaluasi=evaluasi, komponen_id=komponen_id)
        wanted = {e.pk for e in evaluators}
        for row in current.exclude(evaluator_id__in=wanted):
            row._history_user = user
            row.delete()
        have = set(current.values_list("evaluator_id", flat=True))
        for evaluator_id in wanted - have:
            row = PenugasanEvaluator(evaluasi=evaluasi, komponen_id=komponen_id, evaluator_id=evaluator_id)
            row._history_user = user
            row.save()


@transaction.atomic
def simpulan_simpan(*, evaluasi: Evaluasi, simpulan: str, user: User, versi: int | None = None) -> Evaluasi:
    """The evaluation's summary for the LHE; refused once final, or when a colleague saved the
    evaluation after the page (``versi``, see ``sakip.history.versi``) was opened."""
    _lock(evaluasi)
    refuse_stale(evaluasi, versi, _("Simpulan evaluasi"))
    evaluasi.simpulan = simpulan.strip()
    evaluasi._history_user = user
    evaluasi.save(update_fields=["simpulan"])
    return evaluasi


@transaction.atomic
def evaluasi_finalkan(*, evaluasi: Evaluasi, user: User) -> Evaluasi:
    """Final: locked by every route. Refused while logic checks fail or criteria are unanswered."""
    _lock(evaluasi)
    if problems := temuan_logika(evaluasi):
        raise ValidationError(
            [
                _("Kriteria %(nomor)s bernilai lebih dari 0 padahal kriteria %(syarat)s dijawab 0.")
                % {"nomor": k.kode, "syarat": s.kode}
                for k, s in problems
            ]
        )
    answered = Jawaban.objects.filter(evaluasi=evaluasi, opsi_evaluator__isnull=False).count()
    total = Kriteria.objects.filter(sub__komponen__template=evaluasi.template).count()
    if answered < total:
        raise ValidationError(_("Masih ada %(n)s kriteria yang belum dinilai evaluator.") % {"n": total - answered})
    from evaluasi.dokumen import bagian_beku  # the LHE's own module says what it prints

    # The letterhead and the scores as they stand now: a final LHE prints them, and the dashboards
    # read the scores from here instead of computing them again.
    evaluasi.beku = {**bagian_beku(evaluasi, user), "skor": skor_banyak([evaluasi])[evaluasi.pk].ke_data()}
    evaluasi.status = Evaluasi.Status.FINAL
    evaluasi.difinalkan_oleh = user
    evaluasi.difinalkan_pada = timezone.now()
    evaluasi._history_user = user
    evaluasi.save()
    kejadian.rekomendasi_terbit(evaluasi)
    return evaluasi


@transaction.atomic
def template_salin(*, template: TemplateLKE, pemda: Pemda | None, nama: str, tahun_berlaku: int) -> TemplateLKE:
    """A new version to edit: the whole worksheet copied (bands, components, sub-components, criteria
    with their logic and suggestion rules). The original stays as it is. The pemda's row is locked
    while the next version number is taken, so two copies at once get two numbers."""
    if pemda is not None:
        list(Pemda.objects.select_for_update().filter(pk=pemda.pk).values_list("pk"))
    versi = (
        TemplateLKE.objects.filter(pemda=pemda, **({"nama": nama} if pemda else {"regulasi": template.regulasi}))
        .order_by("-versi")
        .values_list("versi", flat=True)
        .first()
        or 0
    ) + 1
    try:
        with transaction.atomic():
            baru = TemplateLKE.objects.create(
                pemda=pemda,
                regulasi=template.regulasi if pemda is None else TemplateLKE.Regulasi.LAINNYA,
                nama=nama,
                versi=versi,
                tahun_berlaku=tahun_berlaku,
                asal=template,
            )
    except IntegrityError as exc:  # a national copy made twice at once
        raise ValidationError(_("Versi baru template ini baru saja dibuat; buka daftar template.")) from exc
    for band in template.predikat.all():
        PredikatLKE.objects.create(
            template=baru, kode=band.kode, batas_bawah=band.batas_bawah, kata=band.kata, interpretasi=band.interpretasi
        )
    copies: dict[int, Kriteria] = {}
    rules: list[tuple[Kriteria, int]] = []
    for komp in template.komponen.prefetch_related("sub__kriteria"):
        new_komp = Komponen.objects.create(
            template=baru, kode=komp.kode, nama=komp.nama, bobot=komp.bobot, urutan=komp.urutan
        )
        for sub in komp.sub.all():
            new_sub = SubKomponen.objects.create(
                komponen=new_komp,
                kode=sub.kode,
                nama=sub.nama,
                bobot=sub.bobot,
                dimensi=sub.dimensi,
                cara_hitung=sub.cara_hitung,
                urutan=sub.urutan,
            )
            for k in sub.kriteria.all():
                copies[k.pk] = Kriteria.objects.create(
                    sub=new_sub,
                    kode=k.kode,
                    teks=k.teks,
                    skala_id=k.skala_id,
                    bobot=k.bobot,
                    penjelasan=k.penjelasan,
                    saran=k.saran,
                    saran_jenis=k.saran_jenis,
                    saran_ambang=k.saran_ambang,
                    urutan=k.urutan,
                )
                if k.syarat_id:
                    rules.append((copies[k.pk], k.syarat_id))
    for kriteria, syarat_id in rules:
        kriteria.syarat = copies[syarat_id]
        kriteria.save(update_fields=["syarat"])
    return baru
