"""The realisation workflow: entry within the quarter's window, draft -> diajukan -> terverifikasi,
or dikembalikan with a note; late entry through a reopening granted by an evaluator.

Every route that writes realisations (the entry page, the Excel import) goes through
``realisasi_simpan``, so the rules hold everywhere; the lock on verified realisations is also
enforced by the model.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from iku_manual.models import Indikator, NilaiSkala
from iku_manual.targets import Scale, scale_lookup
from notifikasi import kejadian
from perjanjian.models import BarisPK, BukaKembali, JadwalRealisasi, PerjanjianKinerja, Realisasi, Triwulan
from sakip.models import PerangkatDaerah, User
from sakip.numbers import format_decimal

Status = Realisasi.Status


@dataclass(frozen=True)
class Jendela:
    """Whether a quarter is open for entry for one OPD today, and why (in Indonesian)."""

    terbuka: bool
    pesan: str
    jadwal: JadwalRealisasi | None = None
    buka_kembali: BukaKembali | None = None


def _tanggal(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def jendela(*, opd: PerangkatDaerah, tahun: int, triwulan: int, hari: datetime.date | None = None) -> Jendela:
    """Without a schedule the quarter is open; with one, between its dates; after it closes, only
    while a reopening for this OPD lasts."""
    hari = hari or timezone.localdate()
    jadwal = JadwalRealisasi.objects.filter(pemda_id=opd.pemda_id, tahun=tahun, triwulan=triwulan).first()
    if jadwal is None:
        return Jendela(True, _("Belum ada jadwal pengisian: pengisian terbuka."))
    if hari < jadwal.dibuka:
        return Jendela(False, _("Pengisian dibuka %(tanggal)s.") % {"tanggal": _tanggal(jadwal.dibuka)}, jadwal)
    if hari <= jadwal.ditutup:
        return Jendela(True, _("Pengisian terbuka sampai %(tanggal)s.") % {"tanggal": _tanggal(jadwal.ditutup)}, jadwal)
    reopenings = BukaKembali.objects.filter(opd=opd, tahun=tahun, triwulan=triwulan, sampai__gte=hari)
    buka = reopenings.order_by("-sampai").first()
    if buka is not None:
        return Jendela(
            True,
            _("Dibuka kembali oleh evaluator sampai %(tanggal)s.") % {"tanggal": _tanggal(buka.sampai)},
            jadwal,
            buka,
        )
    return Jendela(
        False,
        _("Pengisian ditutup %(tanggal)s; minta evaluator membuka kembali.") % {"tanggal": _tanggal(jadwal.ditutup)},
        jadwal,
    )


def versi_terakhir(perjanjian) -> list[PerjanjianKinerja]:
    """The agreements in force among ``perjanjian`` (a queryset of ditetapkan agreements): the latest
    version per OPD, year and official (the OPD head's PK and each unit's). One query, whatever the
    number of OPDs and years."""
    latest: dict[tuple[int, int, int | None], PerjanjianKinerja] = {}
    for pk in perjanjian.order_by("opd_id", "tahun", "unit_id", "-versi"):
        latest.setdefault((pk.opd_id, pk.tahun, pk.unit_id), pk)
    return list(latest.values())


def pk_berlaku_opd(*, opd: PerangkatDaerah, tahun: int) -> list[PerjanjianKinerja]:
    """The agreements in force for an OPD and year. One query."""
    return versi_terakhir(
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, status=PerjanjianKinerja.Status.DITETAPKAN)
    )


def baris_berlaku(
    *, opd: PerangkatDaerah, tahun: int, pks: list[PerjanjianKinerja] | None = None
) -> dict[int, BarisPK]:
    """The rows of the agreements in force, by indicator id: what realisations are measured against.
    Two queries (one when the agreements in force are given)."""
    if pks is None:
        pks = pk_berlaku_opd(opd=opd, tahun=tahun)
    rows = BarisPK.objects.filter(perjanjian__in=pks).select_related(
        "perjanjian", "indikator__sasaran", "indikator__skala"
    )
    return {row.indikator_id: row for row in rows}


def _cek_indikator(opd: PerangkatDaerah, indikator: Indikator, tahun: int) -> None:
    if not BarisPK.objects.filter(
        indikator=indikator,
        perjanjian__opd=opd,
        perjanjian__tahun=tahun,
        perjanjian__status=PerjanjianKinerja.Status.DITETAPKAN,
    ).exists():
        raise ValidationError(
            _("Indikator %(kode)s tidak ada dalam perjanjian kinerja %(tahun)s yang sudah ditetapkan.")
            % {"kode": indikator.kode, "tahun": tahun}
        )


def _cek_dapat_diubah(realisasi: Realisasi) -> None:
    if realisasi.status == Status.TERVERIFIKASI:
        raise ValidationError(
            _("Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator membatalkan verifikasinya.")
        )
    if realisasi.status == Status.DIAJUKAN:
        raise ValidationError(_("Realisasi sedang diverifikasi; tunggu diverifikasi atau dikembalikan."))


def _cek_jendela(opd: PerangkatDaerah, tahun: int, triwulan: int, realisasi: Realisasi | None) -> None:
    # A returned realisation can always be fixed: the evaluator asked for it.
    if realisasi is not None and realisasi.status == Status.DIKEMBALIKAN:
        return
    status = jendela(opd=opd, tahun=tahun, triwulan=triwulan)
    if not status.terbuka:
        raise ValidationError(status.pesan)


@dataclass
class IsianRealisasi:
    """What a planner types for one indicator and quarter (already parsed: ``nilai`` is a Decimal)."""

    nilai: Decimal
    nilai_teks: str = ""
    bukti: object | None = None  # an uploaded file, already checked by ``sakip.uploads.sniff_bukti``
    bukti_ext: str = ""
    hapus_bukti: bool = False
    bukti_tautan: str = ""
    bukti_keterangan: str = ""
    faktor_pendukung: str = ""
    faktor_penghambat: str = ""
    upaya: str = ""


TEXT_FIELDS = ("nilai_teks", "bukti_tautan", "bukti_keterangan", "faktor_pendukung", "faktor_penghambat", "upaya")


def _nilai_kualitatif(indikator: Indikator, isian: IsianRealisasi) -> tuple[Decimal, str]:
    """A qualitative realisation is a step of the indicator's scale: the code is kept as typed and the
    number comes from the scale, whatever route (page or import) wrote it."""
    scale = scale_lookup(indikator.skala.nilai.all())
    code = (isian.nilai_teks or "").strip()
    if code:
        nilai = scale.lookup.get(code.upper())
        if nilai is None:
            raise ValidationError(
                _("%(kode)s bukan nilai skala %(skala)s; pilih salah satu: %(pilihan)s.")
                % {"kode": code, "skala": indikator.skala, "pilihan": ", ".join(scale.codes)}
            )
        return nilai, scale.names[Decimal(nilai).normalize()]
    if isian.nilai is not None and Decimal(isian.nilai).normalize() in scale.names:
        return isian.nilai, scale.names[Decimal(isian.nilai).normalize()]
    raise ValidationError(
        _("Pilih nilai skala %(skala)s: %(pilihan)s.") % {"skala": indikator.skala, "pilihan": ", ".join(scale.codes)}
    )


@transaction.atomic
def realisasi_simpan(
    *,
    opd: PerangkatDaerah,
    indikator: Indikator,
    tahun: int,
    triwulan: int,
    isian: IsianRealisasi,
    user: User,
    ajukan: bool = False,
) -> Realisasi:
    """Create or change one realisation (draft, or a returned one being fixed); with ``ajukan`` also
    submit it, all or nothing."""
    if triwulan not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan harus 1 sampai 4."))
    _cek_indikator(opd, indikator, tahun)
    realisasi = (
        Realisasi.objects.select_for_update().filter(indikator=indikator, tahun=tahun, triwulan=triwulan).first()
    )
    if realisasi is not None:
        _cek_dapat_diubah(realisasi)
    _cek_jendela(opd, tahun, triwulan, realisasi)
    if realisasi is None:
        realisasi = Realisasi(opd=opd, indikator=indikator, tahun=tahun, triwulan=triwulan)
    for name in TEXT_FIELDS:
        setattr(realisasi, name, (getattr(isian, name) or "").strip())
    if indikator.skala_id:
        realisasi.nilai, realisasi.nilai_teks = _nilai_kualitatif(indikator, isian)
    else:
        if isian.nilai is None:
            raise ValidationError(_("Isi nilai realisasi."))
        realisasi.nilai, realisasi.nilai_teks = isian.nilai, ""

    # Files are not transactional: the old file goes only once the change is committed, and a new
    # file is removed again when anything below fails.
    storage, old_name, new_name = realisasi.bukti.storage, realisasi.bukti.name or "", ""
    if (isian.hapus_bukti or isian.bukti is not None) and old_name:
        realisasi.bukti = ""
        realisasi.bukti_nama = ""
    if isian.bukti is not None:
        realisasi._bukti_ext = isian.bukti_ext
        realisasi.bukti_nama = os.path.basename(getattr(isian.bukti, "name", "") or "bukti")[-255:]
        realisasi.bukti.save("bukti", isian.bukti, save=False)
        new_name = realisasi.bukti.name
    try:
        realisasi._history_user = user
        realisasi.full_clean(exclude=["bukti"])
        realisasi.save()
        if ajukan:
            realisasi_ajukan(realisasi=realisasi, user=user)
    except IntegrityError as exc:  # the same realisation entered twice at once (a double click)
        if new_name:
            storage.delete(new_name)
        raise ValidationError(_("Realisasi ini baru saja disimpan; muat ulang halaman lalu periksa.")) from exc
    except Exception:
        if new_name:
            storage.delete(new_name)
        raise
    if old_name and old_name != (realisasi.bukti.name or ""):
        transaction.on_commit(lambda: storage.delete(old_name))
    return realisasi


def _lock(realisasi: Realisasi) -> None:
    """Take the realisation's row lock and re-read it, so two evaluators (or an evaluator and the
    planner) acting at once are served one after the other."""
    list(Realisasi.objects.select_for_update().filter(pk=realisasi.pk).values_list("pk"))
    realisasi.refresh_from_db()


def _simpan_status(realisasi: Realisasi, user: User, **changes) -> Realisasi:
    for name, value in changes.items():
        setattr(realisasi, name, value)
    realisasi._history_user = user
    realisasi.save()
    return realisasi


@transaction.atomic
def realisasi_ajukan(*, realisasi: Realisasi, user: User, beritahu: bool = True) -> Realisasi:
    """Submit for verification: needs evidence (a file, a link or a description). ``beritahu=False``
    leaves the evaluators' notification to the caller (``realisasi_ajukan_semua`` sends it once)."""
    _lock(realisasi)
    _cek_dapat_diubah(realisasi)
    _cek_jendela(realisasi.opd, realisasi.tahun, realisasi.triwulan, realisasi)
    if not realisasi.ada_bukti:
        raise ValidationError(
            _("%(indikator)s: lengkapi bukti dukung (berkas, tautan, atau keterangan) sebelum diajukan.")
            % {"indikator": realisasi.indikator.kode}
        )
    realisasi = _simpan_status(
        realisasi, user, status=Status.DIAJUKAN, diajukan_oleh=user, diajukan_pada=timezone.now(), catatan=""
    )
    if beritahu:
        kejadian.realisasi_diajukan(realisasi)
    return realisasi


@transaction.atomic
def realisasi_ajukan_semua(*, opd: PerangkatDaerah, tahun: int, triwulan: int, user: User) -> list[Realisasi]:
    """Submit every draft or returned realisation of a quarter at once: all or nothing."""
    pending = list(
        Realisasi.objects.select_related("indikator", "opd")
        .filter(opd=opd, tahun=tahun, triwulan=triwulan, status__in=[Status.DRAFT, Status.DIKEMBALIKAN])
        .filter(indikator_id__in=list(baris_berlaku(opd=opd, tahun=tahun)))
        .order_by("indikator__sasaran__urutan", "indikator__urutan", "indikator__kode")
    )
    if not pending:
        raise ValidationError(_("Tidak ada realisasi draf atau dikembalikan untuk diajukan."))
    errors = []
    for realisasi in pending:
        try:
            realisasi_ajukan(realisasi=realisasi, user=user, beritahu=False)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    kejadian.realisasi_diajukan(pending[0])  # one event for the OPD's quarter, not one per row
    return pending


def _cek_diajukan(realisasi: Realisasi) -> None:
    if realisasi.status != Status.DIAJUKAN:
        raise ValidationError(_("Hanya realisasi yang diajukan yang dapat diverifikasi atau dikembalikan."))


@transaction.atomic
def realisasi_verifikasi(*, realisasi: Realisasi, user: User) -> Realisasi:
    _lock(realisasi)
    _cek_diajukan(realisasi)
    if realisasi.diajukan_oleh_id == user.pk:
        raise ValidationError(_("Yang mengajukan tidak dapat memverifikasi realisasi yang sama."))
    return _simpan_status(
        realisasi, user, status=Status.TERVERIFIKASI, diverifikasi_oleh=user, diverifikasi_pada=timezone.now()
    )


def _cek_catatan(catatan: str) -> str:
    if not (catatan or "").strip():
        raise ValidationError(_("Tuliskan catatan: apa yang harus diperbaiki."))
    if "\x00" in catatan:
        raise ValidationError(_("Catatan berisi karakter yang tidak sah."))
    return catatan.strip()


@transaction.atomic
def realisasi_kembalikan(*, realisasi: Realisasi, user: User, catatan: str) -> Realisasi:
    _lock(realisasi)
    _cek_diajukan(realisasi)
    realisasi = _simpan_status(realisasi, user, status=Status.DIKEMBALIKAN, catatan=_cek_catatan(catatan))
    kejadian.realisasi_dikembalikan(realisasi)
    return realisasi


@transaction.atomic
def realisasi_batal_verifikasi(*, realisasi: Realisasi, user: User, catatan: str) -> Realisasi:
    """The one way to reopen a verified realisation: back to the planner, with the reason."""
    _lock(realisasi)
    if realisasi.status != Status.TERVERIFIKASI:
        raise ValidationError(_("Hanya realisasi terverifikasi yang dapat dibatalkan verifikasinya."))
    catatan = _cek_catatan(catatan)
    realisasi._buka_verifikasi = True
    realisasi = _simpan_status(
        realisasi,
        user,
        status=Status.DIKEMBALIKAN,
        catatan=catatan,
        diverifikasi_oleh=None,
        diverifikasi_pada=None,
    )
    kejadian.realisasi_dikembalikan(realisasi, batal_verifikasi=True)
    return realisasi


@transaction.atomic
def buka_kembali(
    *, opd: PerangkatDaerah, tahun: int, triwulan: int, sampai: datetime.date, alasan: str, user: User
) -> BukaKembali:
    if triwulan not in (1, 2, 3, 4):
        raise ValidationError(_("Triwulan harus 1 sampai 4."))
    if not 2000 <= tahun <= 2100:
        raise ValidationError(_("Tahun %(tahun)s di luar rentang.") % {"tahun": tahun})
    if not (alasan or "").strip():
        raise ValidationError(_("Tuliskan alasan pembukaan kembali."))
    if sampai < timezone.localdate():
        raise ValidationError(_("Tanggal batas tidak boleh di masa lalu."))
    buka = BukaKembali(opd=opd, tahun=tahun, triwulan=triwulan, sampai=sampai, alasan=alasan.strip(), oleh=user)
    buka._history_user = user
    buka.save()
    return buka


def antrean_verifikasi(pemda_id: int):
    """The evaluators' queue: submitted realisations of the pemda, oldest first (the verification
    queue page)."""
    return (
        Realisasi.objects.filter(opd__pemda_id=pemda_id, status=Status.DIAJUKAN)
        .select_related("opd", "indikator__sasaran", "indikator__skala", "diajukan_oleh")
        .order_by("diajukan_pada", "pk")
    )


@transaction.atomic
def jadwal_simpan(
    *, pemda_id: int, tahun: int, jadwal: dict[int, tuple[datetime.date | None, datetime.date | None]], user: User
) -> list[JadwalRealisasi]:
    """Set the entry windows of a year: per quarter (dibuka, ditutup), or (None, None) for no schedule
    (the quarter is then open). All quarters or none; unchanged ones write no history."""
    rows = JadwalRealisasi.objects.select_for_update().filter(pemda_id=pemda_id, tahun=tahun)
    existing = {row.triwulan: row for row in rows}
    errors, saved = [], []
    for triwulan, (dibuka, ditutup) in sorted(jadwal.items()):
        label = Triwulan(triwulan).label
        row = existing.get(triwulan)
        if dibuka is None and ditutup is None:
            if row is not None:
                row._history_user = user
                row.delete()
            continue
        if dibuka is None or ditutup is None:
            errors.append(_("%(tw)s: isi tanggal dibuka dan ditutup, atau kosongkan keduanya.") % {"tw": label})
            continue
        if ditutup < dibuka:
            errors.append(_("%(tw)s: tanggal ditutup harus sama dengan atau setelah tanggal dibuka.") % {"tw": label})
            continue
        if row is not None and (row.dibuka, row.ditutup) == (dibuka, ditutup):
            saved.append(row)
            continue
        row = row or JadwalRealisasi(pemda_id=pemda_id, tahun=tahun, triwulan=triwulan)
        row.dibuka, row.ditutup = dibuka, ditutup
        row._history_user = user
        row.save()
        saved.append(row)
    if errors:
        raise ValidationError(errors)
    return saved


# --- Display helpers shared by the realisation pages ------------------------------------------------


def skala_per_id(skala_ids) -> dict[int, Scale]:
    """The steps of the qualitative scales in use, by scale id: to show numbers as codes. One query."""
    steps: dict[int, list[NilaiSkala]] = {}
    for step in NilaiSkala.objects.filter(skala_id__in={i for i in skala_ids if i}):
        steps.setdefault(step.skala_id, []).append(step)
    return {skala_id: scale_lookup(rows) for skala_id, rows in steps.items()}


def target_tampil(baris: BarisPK | None, triwulan: int, scale: Scale | None = None) -> str:
    """A row's target for a quarter as planners write it: the range of a stabilize indicator, the
    scale code of a qualitative one, otherwise the rencana aksi of that quarter."""
    if baris is None:
        return ""
    if baris.batas_bawah is not None or baris.batas_atas is not None:
        return f"{format_decimal(baris.batas_bawah)}–{format_decimal(baris.batas_atas)}"
    value = baris.triwulan[triwulan - 1]
    if value is None:
        return ""
    if scale is not None:
        return scale.names.get(Decimal(value).normalize(), format_decimal(value))
    return format_decimal(value)


def target_tampil_tahun(baris: BarisPK | None, scale: Scale | None = None) -> str:
    """A row's target for the year: the range of a stabilize indicator, or the number (scale code)."""
    if baris is None:
        return ""
    if baris.batas_bawah is not None or baris.batas_atas is not None:
        return f"{format_decimal(baris.batas_bawah)}–{format_decimal(baris.batas_atas)}"
    if baris.target is None:
        return ""
    if scale is not None:
        return scale.names.get(Decimal(baris.target).normalize(), format_decimal(baris.target))
    return format_decimal(baris.target)


def baris_terkini(realisasi_list) -> dict[tuple[int, int], BarisPK]:
    """For realisations of any OPDs and years, the row of the latest ditetapkan agreement that holds
    each one's indicator in that year, by (indikator id, tahun). One query."""
    realisasi_list = list(realisasi_list)
    if not realisasi_list:
        return {}
    rows = (
        BarisPK.objects.filter(
            indikator_id__in={r.indikator_id for r in realisasi_list},
            perjanjian__tahun__in={r.tahun for r in realisasi_list},
            perjanjian__status=PerjanjianKinerja.Status.DITETAPKAN,
        )
        .select_related("perjanjian")
        .order_by("-perjanjian__versi", "pk")
    )
    latest: dict[tuple[int, int], BarisPK] = {}
    for row in rows:
        latest.setdefault((row.indikator_id, row.perjanjian.tahun), row)
    return latest
