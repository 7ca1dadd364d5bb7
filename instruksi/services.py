"""The IKP workflow: issue and cancel an instruction, negotiate a target, decide, report progress,
close what passed its deadline. Every transition is a row or a history record; recipients are told
through ``notifikasi.services.kirim`` with a stable key, so a repeat never notifies twice.
"""

from __future__ import annotations

import datetime
import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from instruksi import status
from instruksi.models import Instruksi, Kemajuan, Negosiasi, Tugas
from notifikasi.models import Notifikasi
from notifikasi.services import kirim, selesaikan
from sakip import uploads
from sakip.models import OPD_ROLES, Role, User
from sakip.numbers import format_decimal

TERBUKA = (Tugas.Status.BERJALAN, Tugas.Status.NEGOSIASI)
JENIS_PERSEN = (Tugas.JenisTarget.SERAPAN, Tugas.JenisTarget.PENGADUAN)

# How long a serapan/pengaduan task past its deadline waits for the deadline month's figures in the
# Pemantauan module before it is judged on what is there: OPDs enter a month's realisation and
# complaints in the first weeks of the next month. A working convention, not a regulated figure.
MASA_TENGGANG_DATA = datetime.timedelta(days=15)


# --- Shared ---------------------------------------------------------------------------------------


def mulai(instruksi: Instruksi) -> datetime.date:
    """The day the clock of its tasks starts: the day it was issued (its date while a draft)."""
    if instruksi.diterbitkan_pada:
        return timezone.localdate(instruksi.diterbitkan_pada)
    return instruksi.tanggal


def pengguna_opd(opd_ids) -> list[User]:
    return list(User.objects.filter(opd_id__in=list(opd_ids), role__in=sorted(OPD_ROLES), is_active=True))


def pimpinan_pemda(pemda_id: int) -> list[User]:
    return list(User.objects.filter(pemda_id=pemda_id, role=Role.PIMPINAN, is_active=True))


def angka_pemantauan(tugas: Tugas, hari_ini: datetime.date | None = None) -> Decimal | None:
    """For a "serapan" or "pengaduan" task: its OPD's figure (%) in the year of the deadline, up to
    today (or the deadline, whichever is first); None for "angka" or without data. Absorption is
    cumulative over the year; complaints count from the month the instruction started (when it
    started in that year), so older complaints do not weigh on it."""
    from pemantauan import ringkasan

    hari_ini = hari_ini or timezone.localdate()
    sampai = min(hari_ini, tugas.batas_waktu)
    tahun = tugas.batas_waktu.year
    if tugas.jenis_target == Tugas.JenisTarget.SERAPAN:
        return ringkasan.serapan_persen(tugas.opd_id, tahun, sampai)
    if tugas.jenis_target == Tugas.JenisTarget.PENGADUAN:
        awal = mulai(tugas.instruksi)
        dari_bulan = awal.month if awal.year == tahun else 1
        return ringkasan.pengaduan_persen(tugas.opd_id, tahun, sampai, dari_bulan=dari_bulan)
    return None


def ada_data_bulan_batas(tugas: Tugas) -> bool:
    """Whether the Pemantauan module holds the OPD's row for the deadline's month (serapan/pengaduan)."""
    from pemantauan.models import PengaduanLapor, SerapanAnggaran

    model = SerapanAnggaran if tugas.jenis_target == Tugas.JenisTarget.SERAPAN else PengaduanLapor
    return model.objects.filter(
        opd_id=tugas.opd_id, tahun=tugas.batas_waktu.year, bulan=tugas.batas_waktu.month
    ).exists()


def galat_target(target: Decimal, *, jenis: str, arah: str) -> list[str]:
    """What is wrong with a target for a task of this kind and direction (shared by the forms)."""
    errors = []
    if target < 0:
        errors.append(_("Target tidak boleh negatif."))
    elif arah != Tugas.Arah.TURUN and target <= 0:
        errors.append(_("Target yang semakin tinggi semakin baik harus lebih dari 0."))
    if jenis in JENIS_PERSEN and target > 100:
        errors.append(_("Target persentase paling besar 100."))
    return errors


def _locked_instruksi(instruksi: Instruksi) -> Instruksi:
    return Instruksi.objects.select_for_update().get(pk=instruksi.pk)


def _locked_tugas(tugas: Tugas) -> Tugas:
    locked = Tugas.objects.select_for_update().get(pk=tugas.pk)
    locked.instruksi = Instruksi.objects.get(pk=locked.instruksi_id)
    return locked


def _tugas_terbuka(tugas: Tugas) -> None:
    if tugas.instruksi.status == Instruksi.Status.DIBATALKAN:
        raise ValidationError(_("Instruksi ini sudah dibatalkan."))
    if tugas.instruksi.status != Instruksi.Status.DITERBITKAN:
        raise ValidationError(_("Instruksi ini belum diterbitkan."))
    if tugas.status not in TERBUKA:
        raise ValidationError(
            _("Tugas ini sudah ditutup (%(status)s).") % {"status": tugas.get_status_display().lower()}
        )


def _simpan(obj, reason: str, user: User | None) -> None:
    obj._change_reason = reason[:100]
    if user is not None:
        obj._history_user = user
    obj.save()


def _gugurkan_negosiasi(tugas_ids, sebab: str, user: User | None) -> int:
    """Close the pending proposals of tasks that closed (or whose instruction was cancelled) before the
    leader decided: rejected, with no decider, so they no longer wait for anyone."""
    sekarang = timezone.now()
    rows = list(
        Negosiasi.objects.select_for_update().filter(tugas_id__in=list(tugas_ids), status=Negosiasi.Status.MENUNGGU)
    )
    for negosiasi in rows:
        negosiasi.status = Negosiasi.Status.DITOLAK
        negosiasi.catatan_keputusan = _("Gugur: %(sebab)s sebelum diputuskan.") % {"sebab": sebab}
        negosiasi.diputuskan_oleh = None
        negosiasi.diputuskan_pada = sekarang
        _simpan(negosiasi, "Gugur", user)
        selesaikan(f"ikp-negosiasi-{negosiasi.pk}")
    return len(rows)


# --- Drafts, issuing, cancelling ------------------------------------------------------------------


def pastikan_draf(instruksi: Instruksi) -> None:
    """A draft may be edited; an issued or cancelled instruction may not."""
    if instruksi.status != Instruksi.Status.DRAF:
        raise ValidationError(_("Instruksi yang sudah diterbitkan atau dibatalkan tidak dapat diubah."))


@transaction.atomic
def terbitkan(*, instruksi: Instruksi, user: User, pada: datetime.datetime | None = None) -> Instruksi:
    """Issue a draft: its tasks start, and the planners and heads of each assigned OPD are told."""
    instruksi = _locked_instruksi(instruksi)
    pastikan_draf(instruksi)
    tugas = list(instruksi.tugas.select_related("opd"))
    if not tugas:
        raise ValidationError(_("Tambahkan paling sedikit satu tugas perangkat daerah sebelum diterbitkan."))
    pada = pada or timezone.now()
    hari = timezone.localdate(pada)
    lewat = [t for t in tugas if t.batas_waktu < hari]
    if lewat:
        raise ValidationError(
            _("Batas waktu tugas %(opd)s (%(tanggal)s) sudah lewat.")
            % {"opd": lewat[0].opd.singkatan, "tanggal": lewat[0].batas_waktu.strftime("%d-%m-%Y")}
        )
    instruksi.status = Instruksi.Status.DITERBITKAN
    instruksi.diterbitkan_pada = pada
    _simpan(instruksi, "Diterbitkan", user)
    kirim(
        penerima=pengguna_opd({t.opd_id for t in tugas}),
        judul=_("Instruksi Khusus Pimpinan: %(perihal)s") % {"perihal": instruksi.perihal},
        jenis=Notifikasi.Jenis.MENUNGGU,
        pesan=_("Perangkat daerah Anda mendapat target yang harus dicapai; lihat tugas dan batas waktunya."),
        tautan=instruksi.get_absolute_url(),
        kunci=f"ikp-terbit-{instruksi.pk}",
    )
    return instruksi


@transaction.atomic
def batalkan(*, instruksi: Instruksi, user: User, alasan: str) -> Instruksi:
    """Cancel an instruction (with its reason); it stays, read-only."""
    instruksi = _locked_instruksi(instruksi)
    alasan = (alasan or "").strip()
    if not alasan:
        raise ValidationError(_("Tuliskan alasan pembatalan."))
    if instruksi.status == Instruksi.Status.DIBATALKAN:
        raise ValidationError(_("Instruksi ini sudah dibatalkan."))
    terbit = instruksi.status == Instruksi.Status.DITERBITKAN
    instruksi.status = Instruksi.Status.DIBATALKAN
    instruksi.dibatalkan_pada = timezone.now()
    instruksi.alasan_batal = alasan
    _simpan(instruksi, "Dibatalkan", user)
    tugas_ids = list(instruksi.tugas.values_list("pk", flat=True))
    _gugurkan_negosiasi(tugas_ids, _("instruksi dibatalkan"), user)
    for tugas in Tugas.objects.select_for_update().filter(pk__in=tugas_ids, status=Tugas.Status.NEGOSIASI):
        tugas.status = Tugas.Status.BERJALAN
        _simpan(tugas, "Instruksi dibatalkan", user)
    if terbit:
        kirim(
            penerima=pengguna_opd(instruksi.tugas.values_list("opd_id", flat=True)),
            judul=_("Instruksi dibatalkan: %(perihal)s") % {"perihal": instruksi.perihal},
            jenis=Notifikasi.Jenis.INFO,
            pesan=alasan,
            tautan=instruksi.get_absolute_url(),
            kunci=f"ikp-batal-{instruksi.pk}",
        )
    return instruksi


# --- Negotiation ------------------------------------------------------------------------------------


@transaction.atomic
def ajukan_negosiasi(
    *,
    tugas: Tugas,
    user: User,
    alasan: str,
    target_usulan: Decimal | None = None,
    batas_waktu_usulan: datetime.date | None = None,
) -> Negosiasi:
    """The OPD proposes another target and/or deadline with its reason; the leader is asked."""
    tugas = _locked_tugas(tugas)
    _tugas_terbuka(tugas)
    if tugas.status == Tugas.Status.NEGOSIASI:
        raise ValidationError(_("Masih ada usulan yang menunggu keputusan pimpinan."))
    errors = []
    alasan = (alasan or "").strip()
    if target_usulan is None and batas_waktu_usulan is None:
        errors.append(_("Usulkan target atau batas waktu yang baru."))
    if target_usulan is not None:
        errors += galat_target(target_usulan, jenis=tugas.jenis_target, arah=tugas.arah)
    if target_usulan in (None, tugas.target) and batas_waktu_usulan in (None, tugas.batas_waktu):
        if target_usulan is not None or batas_waktu_usulan is not None:
            errors.append(_("Usulan sama dengan target yang berlaku."))
    if batas_waktu_usulan is not None and batas_waktu_usulan < timezone.localdate():
        errors.append(_("Batas waktu usulan sudah lewat."))
    if not alasan:
        errors.append(_("Tuliskan alasan usulan."))
    if errors:
        raise ValidationError(errors)
    negosiasi = Negosiasi(
        tugas=tugas,
        target_lama=tugas.target,
        batas_waktu_lama=tugas.batas_waktu,
        target_usulan=target_usulan,
        batas_waktu_usulan=batas_waktu_usulan,
        alasan=alasan,
        diajukan_oleh=user,
    )
    _simpan(negosiasi, "Diajukan", user)
    tugas.status = Tugas.Status.NEGOSIASI
    _simpan(tugas, "Negosiasi diajukan", user)
    kirim(
        penerima=pimpinan_pemda(tugas.instruksi.pemda_id),
        judul=_("Usulan perubahan target IKP dari %(opd)s: %(tugas)s")
        % {"opd": tugas.opd.singkatan, "tugas": tugas.uraian},
        jenis=Notifikasi.Jenis.MENUNGGU,
        pesan=f"{tugas.uraian}\n{alasan}",
        tautan=tugas.get_absolute_url(),
        kunci=f"ikp-negosiasi-{negosiasi.pk}",
    )
    return negosiasi


@transaction.atomic
def putuskan(*, negosiasi: Negosiasi, user: User, setuju: bool, catatan: str = "") -> Negosiasi:
    """The leader approves (the target/deadline change; the old ones stay on the row) or rejects
    (they stay; a note saying why is required). The proposer is told."""
    negosiasi = Negosiasi.objects.select_for_update().get(pk=negosiasi.pk)
    tugas = _locked_tugas(negosiasi.tugas)
    if negosiasi.status != Negosiasi.Status.MENUNGGU:
        raise ValidationError(_("Usulan ini sudah diputuskan."))
    _tugas_terbuka(tugas)
    catatan = (catatan or "").strip()
    if not setuju and not catatan:
        raise ValidationError(_("Tuliskan catatan: mengapa usulan ditolak."))
    if setuju and negosiasi.batas_waktu_usulan is not None and negosiasi.batas_waktu_usulan < timezone.localdate():
        raise ValidationError(
            _(
                "Batas waktu usulan (%(tanggal)s) sudah lewat; usulan ini tidak dapat disetujui. "
                "Tolak usulan ini dan minta perangkat daerah mengajukan batas waktu yang baru."
            )
            % {"tanggal": negosiasi.batas_waktu_usulan.strftime("%d-%m-%Y")}
        )
    negosiasi.status = Negosiasi.Status.DISETUJUI if setuju else Negosiasi.Status.DITOLAK
    negosiasi.catatan_keputusan = catatan
    negosiasi.diputuskan_oleh = user
    negosiasi.diputuskan_pada = timezone.now()
    _simpan(negosiasi, "Disetujui" if setuju else "Ditolak", user)
    selesaikan(f"ikp-negosiasi-{negosiasi.pk}")
    if setuju:
        if negosiasi.target_usulan is not None:
            tugas.target = negosiasi.target_usulan
        if negosiasi.batas_waktu_usulan is not None:
            tugas.batas_waktu = negosiasi.batas_waktu_usulan
    tugas.status = Tugas.Status.BERJALAN
    if tugas.arah == Tugas.Arah.NAIK and status.terpenuhi(tugas.capaian_terakhir, tugas.target):
        tugas.status = Tugas.Status.TERCAPAI
        tugas.selesai_pada = timezone.localdate()
    _simpan(tugas, "Negosiasi disetujui" if setuju else "Negosiasi ditolak", user)
    if setuju:
        judul = _("Usulan target IKP disetujui: target %(target)s %(satuan)s") % {
            "target": format_decimal(tugas.target),
            "satuan": tugas.satuan,
        }
    else:
        judul = _("Usulan target IKP ditolak: target tetap %(target)s %(satuan)s") % {
            "target": format_decimal(tugas.target),
            "satuan": tugas.satuan,
        }
    kirim(
        penerima=[negosiasi.diajukan_oleh],
        judul=judul,
        jenis=Notifikasi.Jenis.KEPUTUSAN,
        pesan=catatan,
        tautan=tugas.get_absolute_url(),
        kunci=f"ikp-keputusan-{negosiasi.pk}",
    )
    return negosiasi


# --- Progress ---------------------------------------------------------------------------------------


@transaction.atomic
def laporkan_kemajuan(
    *,
    tugas: Tugas,
    user: User,
    uraian: str,
    nilai: Decimal | None = None,
    bukti=None,
    bukti_tautan: str = "",
    tanggal: datetime.date | None = None,
) -> Kemajuan:
    """The OPD reports the value reached, what was done and the evidence (a file or a link). For a
    "serapan" or "pengaduan" task the value is read from the monitoring data. A "naik" task is
    achieved as soon as the value meets the target (a pending proposal then lapses); a "turun" task
    (a ceiling) is only judged at its deadline."""
    tugas = _locked_tugas(tugas)
    _tugas_terbuka(tugas)
    tanggal = tanggal or timezone.localdate()
    uraian, bukti_tautan = (uraian or "").strip(), (bukti_tautan or "").strip()
    errors = []
    if tugas.jenis_target == Tugas.JenisTarget.ANGKA:
        if nilai is None:
            errors.append(_("Isi nilai yang sudah dicapai."))
        elif nilai < 0:
            errors.append(_("Nilai tidak boleh negatif."))
        if not bukti and not bukti_tautan:
            errors.append(_("Lampirkan bukti: unggah berkas atau isi tautan bukti."))
    else:
        nilai = angka_pemantauan(tugas, tanggal)
        if nilai is None:
            errors.append(
                _("Belum ada data %(jenis)s perangkat daerah ini di modul Pemantauan untuk tahun %(tahun)s.")
                % {"jenis": tugas.get_jenis_target_display().lower(), "tahun": tugas.batas_waktu.year}
            )
    if not uraian:
        errors.append(_("Tuliskan uraian kemajuan."))
    if errors:
        raise ValidationError(errors)
    kemajuan = Kemajuan(
        tugas=tugas, tanggal=tanggal, nilai=nilai, uraian=uraian, bukti_tautan=bukti_tautan, dilaporkan_oleh=user
    )
    kemajuan.full_clean(exclude=["tugas", "bukti", "dilaporkan_oleh"])
    stored = None
    if bukti:
        kemajuan._bukti_ext = uploads.sniff_bukti(bukti)
        kemajuan.bukti_nama = os.path.basename(getattr(bukti, "name", "") or "bukti")[-255:]
        kemajuan.bukti.save("bukti", bukti, save=False)
        stored = kemajuan.bukti.name
    try:
        _simpan(kemajuan, "Dilaporkan", user)
    except Exception:
        if stored:
            kemajuan.bukti.storage.delete(stored)
        raise
    tugas.capaian_terakhir = nilai
    if tugas.arah == Tugas.Arah.NAIK and status.terpenuhi(nilai, tugas.target):
        tugas.status = Tugas.Status.TERCAPAI
        tugas.selesai_pada = tanggal
        _gugurkan_negosiasi([tugas.pk], _("tugas sudah tercapai"), user)
    _simpan(tugas, "Kemajuan dilaporkan", user)
    return kemajuan


@transaction.atomic
def tutup_lewat_tenggat(today: datetime.date) -> list[Tugas]:
    """Close every running task of an issued instruction whose deadline passed before ``today``: achieved
    when its last value (for serapan/pengaduan: the figure at the deadline) meets the target in its
    direction, else "tidak tercapai". A serapan/pengaduan task waits until the Pemantauan module holds
    the OPD's row for the deadline's month, or ``MASA_TENGGANG_DATA`` has passed. A task still in
    negotiation waits for the leader's decision. Idempotent: closed tasks are left alone. Returns the
    tasks it closed."""
    closed = []
    rows = Tugas.objects.select_for_update().filter(
        instruksi__status=Instruksi.Status.DITERBITKAN, status=Tugas.Status.BERJALAN, batas_waktu__lt=today
    )
    for tugas in rows.select_related("instruksi"):
        nilai = tugas.capaian_terakhir
        if tugas.jenis_target != Tugas.JenisTarget.ANGKA:
            if today <= tugas.batas_waktu + MASA_TENGGANG_DATA and not ada_data_bulan_batas(tugas):
                continue  # the deadline month's figures are not in yet
            nilai = angka_pemantauan(tugas, tugas.batas_waktu)
            tugas.capaian_terakhir = nilai if nilai is not None else tugas.capaian_terakhir
        met = status.terpenuhi(nilai, tugas.target, tugas.arah)
        tugas.status = Tugas.Status.TERCAPAI if met else Tugas.Status.TIDAK_TERCAPAI
        tugas.selesai_pada = tugas.batas_waktu if met else today
        _simpan(tugas, "Batas waktu terlewati", None)
        _gugurkan_negosiasi([tugas.pk], _("tugas sudah ditutup"), None)
        closed.append(tugas)
    return closed
