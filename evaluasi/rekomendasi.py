"""Recommendations of an evaluation (part of its LHE) and the OPD's follow-up.

The evaluators of the pemda write the recommendations while the evaluation is in progress; once it is
final their wording is locked and only the status moves. The OPD (its planner or its head) then
submits a follow-up with evidence; the evaluator accepts it (the recommendation is settled) or returns
it with a note (the recommendation is open again). Each attempt stays on record as its own row.
Every write in one transaction, with the row locked and re-read first.
"""

from __future__ import annotations

import datetime
import os

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi.access import is_evaluator_of, visible_evaluasi
from evaluasi.models import Evaluasi, Komponen, Rekomendasi, TindakLanjut
from notifikasi import kejadian
from sakip import uploads
from sakip.history import refuse_stale
from sakip.models import OPD_ROLES, Role, User

Status = Rekomendasi.Status
Hasil = TindakLanjut.Hasil
DAPAT_DITINDAKLANJUTI = (Status.TERBUKA, Status.DIBUKA_KEMBALI)


# --- Who may do what with recommendations ---------------------------------------------------------


def visible_rekomendasi(user: User) -> QuerySet[Rekomendasi]:
    """The recommendations of the evaluations the user sees; the evaluated side (the OPD's roles, the
    Admin Pemda for the pemda-wide evaluation) sees them only once the evaluation is final: before
    that they are the evaluators' draft."""
    queryset = Rekomendasi.objects.filter(evaluasi__in=visible_evaluasi(user))
    if user.is_superuser:
        return queryset
    draft = ~Q(evaluasi__status=Evaluasi.Status.FINAL)
    if user.role in OPD_ROLES:
        return queryset.exclude(draft & Q(evaluasi__opd__isnull=False))
    if user.role == Role.ADMIN_PEMDA:
        return queryset.exclude(draft & Q(evaluasi__opd__isnull=True))
    return queryset


def boleh_menulis(user: User, evaluasi: Evaluasi) -> bool:
    """Write, edit and delete recommendations: an evaluator of the pemda while not final."""
    return not evaluasi.final and is_evaluator_of(user, evaluasi.pemda_id)


def boleh_menindaklanjuti(user: User, evaluasi: Evaluasi) -> bool:
    """Submit a follow-up: the planner or the head of the evaluated OPD (for a pemda-wide evaluation,
    the Admin Pemda), and a superuser."""
    if user.is_superuser:
        return True
    if evaluasi.opd_id is None:
        return user.role == Role.ADMIN_PEMDA and user.pemda_id == evaluasi.pemda_id
    return user.role in OPD_ROLES and user.opd_id == evaluasi.opd_id


def boleh_menilai(user: User, evaluasi: Evaluasi) -> bool:
    """Accept or return a follow-up: an evaluator of the pemda."""
    return is_evaluator_of(user, evaluasi.pemda_id)


# --- Recommendations -------------------------------------------------------------------------------


def _lock_evaluasi(evaluasi: Evaluasi) -> None:
    list(Evaluasi.objects.select_for_update().filter(pk=evaluasi.pk).values_list("pk"))
    evaluasi.refresh_from_db()
    if evaluasi.final:
        raise ValidationError(_("Evaluasi sudah final: rekomendasinya tidak dapat diubah lagi."))


def _lock(rekomendasi: Rekomendasi) -> None:
    """Take the recommendation's row lock and re-read it, so two people acting at once (a double
    click, the OPD and the evaluator) are served one after the other."""
    list(Rekomendasi.objects.select_for_update().filter(pk=rekomendasi.pk).values_list("pk"))
    rekomendasi.refresh_from_db()


@transaction.atomic
def rekomendasi_simpan(
    *,
    evaluasi: Evaluasi,
    user: User,
    uraian: str,
    batas_waktu: datetime.date,
    komponen: Komponen | None = None,
    rekomendasi: Rekomendasi | None = None,
    versi: int | None = None,
) -> Rekomendasi:
    """A new recommendation (numbered after the last one) or an edit of one, by an evaluator of the
    pemda while the evaluation is not final. ``versi``: the version the edit page showed (see
    ``sakip.history.versi``); a colleague's later save is not overwritten."""
    _lock_evaluasi(evaluasi)
    if not is_evaluator_of(user, evaluasi.pemda_id):
        raise ValidationError(_("Hanya evaluator pemda ini yang dapat menulis rekomendasi."))
    if komponen is not None and komponen.template_id != evaluasi.template_id:
        raise ValidationError(_("Komponen ini bukan bagian dari template evaluasi."))
    uraian = (uraian or "").strip()
    if not uraian:
        raise ValidationError(_("Tuliskan uraian rekomendasi."))
    if rekomendasi is None:
        last = Rekomendasi.objects.filter(evaluasi=evaluasi).aggregate(n=Max("nomor"))["n"] or 0
        rekomendasi = Rekomendasi(evaluasi=evaluasi, nomor=last + 1, dibuat_oleh=user)
    else:
        _lock(rekomendasi)
        if rekomendasi.evaluasi_id != evaluasi.pk:
            raise ValidationError(_("Rekomendasi ini bukan milik evaluasi tersebut."))
        refuse_stale(rekomendasi, versi, _("Rekomendasi nomor %(nomor)s") % {"nomor": rekomendasi.nomor})
    rekomendasi.uraian = uraian
    rekomendasi.batas_waktu = batas_waktu
    rekomendasi.komponen = komponen
    rekomendasi._history_user = user
    rekomendasi.full_clean(exclude=["evaluasi", "dibuat_oleh"])
    rekomendasi.save()
    return rekomendasi


@transaction.atomic
def rekomendasi_hapus(*, rekomendasi: Rekomendasi, user: User) -> None:
    """Delete a recommendation while the evaluation is not final; the later ones move up a number,
    so the LHE's numbering has no gaps."""
    evaluasi = rekomendasi.evaluasi
    _lock_evaluasi(evaluasi)
    if not is_evaluator_of(user, evaluasi.pemda_id):
        raise ValidationError(_("Hanya evaluator pemda ini yang dapat menghapus rekomendasi."))
    _lock(rekomendasi)
    nomor = rekomendasi.nomor
    rekomendasi._history_user = user
    rekomendasi.delete()
    for later in Rekomendasi.objects.select_for_update().filter(evaluasi=evaluasi, nomor__gt=nomor):
        later.nomor -= 1
        later._history_user = user
        later.save(update_fields=["nomor"])


# --- Follow-up -------------------------------------------------------------------------------------


@transaction.atomic
def tindak_lanjut_ajukan(
    *,
    rekomendasi: Rekomendasi,
    user: User,
    uraian: str,
    bukti=None,
    bukti_tautan: str = "",
) -> TindakLanjut:
    """The OPD's follow-up with its evidence (a file, checked by its content, or a link). Only once
    the evaluation is final and while the recommendation is open or reopened."""
    _lock(rekomendasi)
    evaluasi = Evaluasi.objects.get(pk=rekomendasi.evaluasi_id)
    if not evaluasi.final:
        raise ValidationError(_("Tindak lanjut baru dapat diajukan setelah evaluasi difinalkan."))
    if not boleh_menindaklanjuti(user, evaluasi):
        raise ValidationError(
            _("Hanya perencana atau kepala perangkat daerah yang dievaluasi yang dapat menindaklanjuti.")
        )
    if rekomendasi.status not in DAPAT_DITINDAKLANJUTI:
        if rekomendasi.status == Status.SELESAI:
            raise ValidationError(_("Rekomendasi ini sudah selesai ditindaklanjuti."))
        raise ValidationError(_("Tindak lanjut sebelumnya masih menunggu penilaian evaluator."))
    uraian, bukti_tautan = (uraian or "").strip(), (bukti_tautan or "").strip()
    errors = []
    if not uraian:
        errors.append(_("Tuliskan uraian tindak lanjut."))
    if not bukti and not bukti_tautan:
        errors.append(_("Lampirkan bukti tindak lanjut: unggah berkas atau isi tautan bukti."))
    if errors:
        raise ValidationError(errors)
    tindak_lanjut = TindakLanjut(
        rekomendasi=rekomendasi,
        uraian=uraian,
        bukti_tautan=bukti_tautan,
        diajukan_oleh=user,
        diajukan_pada=timezone.now(),
    )
    tindak_lanjut._history_user = user
    tindak_lanjut.full_clean(exclude=["rekomendasi", "bukti", "diajukan_oleh"])
    stored = ""
    if bukti:
        # judged again here, whatever route the file came by
        tindak_lanjut._bukti_ext = uploads.sniff_bukti(bukti)
        tindak_lanjut.bukti_nama = os.path.basename(getattr(bukti, "name", "") or "bukti")[-255:]
        tindak_lanjut.bukti.save("bukti", bukti, save=False)
        stored = tindak_lanjut.bukti.name
    try:
        tindak_lanjut.save()
        rekomendasi.status = Status.DITANGGAPI
        rekomendasi._history_user = user
        rekomendasi.save(update_fields=["status"])
    except Exception:
        if stored:  # files are not transactional
            tindak_lanjut.bukti.storage.delete(stored)
        raise
    kejadian.tindak_lanjut_diajukan(tindak_lanjut)
    return tindak_lanjut


@transaction.atomic
def tindak_lanjut_nilai(*, tindak_lanjut: TindakLanjut, user: User, terima: bool, catatan: str = "") -> TindakLanjut:
    """The evaluator's verdict: accepted settles the recommendation; returned (with a note saying what
    is missing) opens it again for another follow-up."""
    rekomendasi = tindak_lanjut.rekomendasi
    _lock(rekomendasi)
    tindak_lanjut.refresh_from_db()
    if not boleh_menilai(user, rekomendasi.evaluasi):
        raise ValidationError(_("Hanya evaluator pemda ini yang dapat menilai tindak lanjut."))
    if tindak_lanjut.hasil != Hasil.MENUNGGU or rekomendasi.status != Status.DITANGGAPI:
        raise ValidationError(_("Tindak lanjut ini sudah dinilai."))
    catatan = (catatan or "").strip()
    if not terima and not catatan:
        raise ValidationError(_("Tuliskan catatan: apa yang masih harus dilengkapi perangkat daerah."))
    now = timezone.now()
    tindak_lanjut.hasil = Hasil.DITERIMA if terima else Hasil.DIKEMBALIKAN
    tindak_lanjut.catatan_evaluator = catatan
    tindak_lanjut.ditinjau_oleh = user
    tindak_lanjut.ditinjau_pada = now
    tindak_lanjut._history_user = user
    tindak_lanjut.save()
    rekomendasi.status = Status.SELESAI if terima else Status.DIBUKA_KEMBALI
    rekomendasi.selesai_pada = now if terima else None
    rekomendasi._history_user = user
    rekomendasi.save(update_fields=["status", "selesai_pada"])
    kejadian.tindak_lanjut_dinilai(tindak_lanjut)
    return tindak_lanjut


def terlambat_filter(today: datetime.date) -> Q:
    """``Rekomendasi.terlambat`` as a filter, for lists."""
    return Q(batas_waktu__lt=today) & ~Q(status=Status.SELESAI)
