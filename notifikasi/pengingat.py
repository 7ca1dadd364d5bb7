"""Deadline reminders, run daily by ``manage.py kirim_pengingat`` (from cron).

- "Tenggat mendekat" twice: within 7 days of the deadline (from 7 down to 2 days left) and within
  1 day (1 day left or the day itself); "tenggat terlewati" once, the first run after it.
- Recommendation follow-ups (``Rekomendasi.batas_waktu``) of final evaluations not yet followed up
  (open, or reopened after a return) -> the OPD's planners and head (the Admin Pemda for the
  pemda-wide evaluation).
- IKP tasks (``Tugas.batas_waktu``) of issued instructions not achieved -> the OPD's planners and
  head. Before that, tasks whose deadline passed are closed by ``instruksi.services.tutup_lewat_tenggat``:
  achieved or not.
- Quarterly realisation entry (``JadwalRealisasi.ditutup``): OPDs with indicators of an agreement
  in force whose realisation for that quarter is not yet submitted -> their planners (older gaps
  are the evaluators' business, not a reminder's).

"Terlewati" looks back ``LEWAT_HARI`` days at most, for all three: an item overdue for longer is not
walked daily, and the first run after deployment does not mail the whole history.

Before the reminders, the e-mail of recent notifications that did not go out (a mail server down) is
tried again (``notifikasi.services.kirim_ulang_surel``).

With ``coba`` (``kirim_pengingat --coba``) a run only counts: what it would send, close and mail
again; it creates, closes and mails nothing.

Every reminder carries a ``kunci`` with the object and its deadline, so running twice a day (or a
missed day caught up) never sends one twice; a deadline moved by a negotiation is a new one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from evaluasi.models import Evaluasi, Rekomendasi
from instruksi.models import Instruksi, Tugas
from instruksi.services import tutup_lewat_tenggat
from notifikasi.models import Notifikasi
from notifikasi.services import kirim, kirim_ulang_surel, penerima_baru
from perjanjian.models import BarisPK, JadwalRealisasi, PerjanjianKinerja, Realisasi, Triwulan
from sakip.models import Role, User

Jenis = Notifikasi.Jenis
# How far back a passed deadline is still reminded of (once), for every kind of reminder.
LEWAT_HARI = 30


@dataclass
class Hasil:
    """How many notifications each kind of reminder created, how many IKP tasks were closed and how
    many e-mails were sent again (with ``coba``: would be)."""

    dekat: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lewat: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    tugas_ditutup: int = 0
    surel_diulang: int = 0
    coba: bool = False

    def ringkasan(self) -> str:
        parts = []
        for key, label in (("rekomendasi", _("rekomendasi")), ("ikp", _("tugas IKP")), ("realisasi", _("realisasi"))):
            parts.append(
                _("%(label)s: %(dekat)s mendekat, %(lewat)s terlewati")
                % {"label": label, "dekat": self.dekat[key], "lewat": self.lewat[key]}
            )
        konteks = {
            "n": sum(self.dekat.values()) + sum(self.lewat.values()),
            "rincian": "; ".join(parts),
            "tutup": self.tugas_ditutup,
            "surel": self.surel_diulang,
        }
        if self.coba:
            return (
                _(
                    "Uji coba, tidak ada yang dikirim atau diubah: %(n)s pengingat tenggat akan dikirim (%(rincian)s); "
                    "hingga %(tutup)s tugas IKP akan ditutup karena lewat tenggat; %(surel)s surel tertunda akan "
                    "dikirim ulang."
                )
                % konteks
            )
        return (
            _(
                "%(n)s pengingat tenggat dikirim (%(rincian)s); %(tutup)s tugas IKP ditutup karena lewat tenggat; "
                "%(surel)s surel tertunda dikirim ulang."
            )
            % konteks
        )


def tahap(batas: datetime.date, today: datetime.date) -> str | None:
    """Which reminder a deadline is due for today: "h7", "h1", "lewat", or None."""
    sisa = (batas - today).days
    if sisa < 0:
        return "lewat"
    if sisa <= 1:
        return "h1"
    if sisa <= 7:
        return "h7"
    return None


def _tanggal(value: datetime.date) -> str:
    return formats.date_format(value, "j F Y")


def _sisa(batas: datetime.date, today: datetime.date) -> str:
    sisa = (batas - today).days
    if sisa == 0:
        return _("hari ini")
    return _("%(n)s hari lagi") % {"n": sisa}


class _Penerima:
    """Active OPD users and Admin Pemda, loaded once per run."""

    def __init__(self):
        self.opd = defaultdict(lambda: defaultdict(list))
        self.admin = defaultdict(list)
        for user in User.objects.filter(
            is_active=True, role__in=[Role.PERENCANA, Role.KEPALA_OPD, Role.ADMIN_PEMDA]
        ).order_by("pk"):
            if user.role == Role.ADMIN_PEMDA:
                self.admin[user.pemda_id].append(user)
            elif user.opd_id:
                self.opd[user.opd_id][user.role].append(user)

    def opd_side(self, opd_id: int) -> list[User]:
        return self.opd[opd_id][Role.PERENCANA] + self.opd[opd_id][Role.KEPALA_OPD]

    def perencana(self, opd_id: int) -> list[User]:
        return self.opd[opd_id][Role.PERENCANA]


def kirim_pengingat(today: datetime.date, *, coba: bool = False) -> Hasil:
    hasil = Hasil(coba=coba)
    # First the mails that failed before (not those of this run, which have just been tried).
    hasil.surel_diulang = kirim_ulang_surel(coba=coba)
    if coba:
        # What tutup_lewat_tenggat would look at; a serapan/pengaduan task may still wait for its data.
        hasil.tugas_ditutup = Tugas.objects.filter(
            instruksi__status=Instruksi.Status.DITERBITKAN, status=Tugas.Status.BERJALAN, batas_waktu__lt=today
        ).count()
    else:
        hasil.tugas_ditutup = len(tutup_lewat_tenggat(today))
    penerima = _Penerima()
    _rekomendasi(today, penerima, hasil)
    _ikp(today, penerima, hasil)
    _realisasi(today, penerima, hasil)
    return hasil


def _kirim(hasil: Hasil, key: str, *, penerima, jenis: str, **kwargs) -> None:
    """Send one reminder (with ``coba``: count who would get it) and tally it."""
    if hasil.coba:
        n = len(penerima_baru(penerima, kunci=kwargs["kunci"]))
    else:
        n = len(kirim(penerima=penerima, jenis=jenis, **kwargs))
    (hasil.lewat if jenis == Jenis.TENGGAT_LEWAT else hasil.dekat)[key] += n


def _rekomendasi(today: datetime.date, penerima: _Penerima, hasil: Hasil) -> None:
    rows = Rekomendasi.objects.filter(
        evaluasi__status=Evaluasi.Status.FINAL,
        status__in=[Rekomendasi.Status.TERBUKA, Rekomendasi.Status.DIBUKA_KEMBALI],
        batas_waktu__gte=today - datetime.timedelta(days=LEWAT_HARI),
        batas_waktu__lte=today + datetime.timedelta(days=7),
    ).select_related("evaluasi__opd", "evaluasi__pemda")
    for rekomendasi in rows:
        step = tahap(rekomendasi.batas_waktu, today)
        if step is None:
            continue
        evaluasi = rekomendasi.evaluasi
        siapa = evaluasi.opd.singkatan if evaluasi.opd_id else evaluasi.pemda.nama
        if evaluasi.opd_id:
            users = penerima.opd_side(evaluasi.opd_id)
        else:
            users = penerima.admin[evaluasi.pemda_id]
        konteks = {
            "nomor": rekomendasi.nomor,
            "tahun": evaluasi.tahun,
            "siapa": siapa,
            "tanggal": _tanggal(rekomendasi.batas_waktu),
            "sisa": _sisa(rekomendasi.batas_waktu, today),
        }
        if step == "lewat":
            jenis = Jenis.TENGGAT_LEWAT
            judul = _("Tenggat tindak lanjut rekomendasi %(nomor)s (evaluasi %(tahun)s %(siapa)s) terlewati")
        else:
            jenis = Jenis.TENGGAT_DEKAT
            judul = _("Tenggat tindak lanjut rekomendasi %(nomor)s (evaluasi %(tahun)s %(siapa)s): %(sisa)s")
        _kirim(
            hasil,
            "rekomendasi",
            penerima=users,
            jenis=jenis,
            judul=judul % konteks,
            pesan=_("Batas waktu %(tanggal)s. Rekomendasi: %(uraian)s") % {**konteks, "uraian": rekomendasi.uraian},
            tautan=reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk]),
            kunci=f"rekomendasi-tenggat-{step}:{rekomendasi.pk}:{rekomendasi.batas_waktu.isoformat()}",
        )


def _ikp(today: datetime.date, penerima: _Penerima, hasil: Hasil) -> None:
    rows = (
        Tugas.objects.filter(
            instruksi__status=Instruksi.Status.DITERBITKAN,
            batas_waktu__gte=today - datetime.timedelta(days=LEWAT_HARI),
            batas_waktu__lte=today + datetime.timedelta(days=7),
        )
        .exclude(status=Tugas.Status.TERCAPAI)
        .select_related("instruksi", "opd")
    )
    for tugas in rows:
        step = tahap(tugas.batas_waktu, today)
        if step is None:
            continue
        konteks = {
            "uraian": tugas.uraian,
            "perihal": tugas.instruksi.perihal,
            "tanggal": _tanggal(tugas.batas_waktu),
            "sisa": _sisa(tugas.batas_waktu, today),
        }
        if step == "lewat":
            jenis = Jenis.TENGGAT_LEWAT
            judul = _("Tenggat tugas IKP terlewati: %(uraian)s")
        else:
            jenis = Jenis.TENGGAT_DEKAT
            judul = _("Tenggat tugas IKP %(sisa)s: %(uraian)s")
        _kirim(
            hasil,
            "ikp",
            penerima=penerima.opd_side(tugas.opd_id),
            jenis=jenis,
            judul=judul % konteks,
            pesan=_("Instruksi \u201c%(perihal)s\u201d, batas waktu %(tanggal)s.") % konteks,
            tautan=tugas.get_absolute_url(),
            kunci=f"ikp-tenggat-{step}:{tugas.pk}:{tugas.batas_waktu.isoformat()}",
        )


def _realisasi(today: datetime.date, penerima: _Penerima, hasil: Hasil) -> None:
    windows = JadwalRealisasi.objects.filter(
        ditutup__gte=today - datetime.timedelta(days=LEWAT_HARI),
        ditutup__lte=today + datetime.timedelta(days=7),
    )
    for jadwal in windows:
        step = tahap(jadwal.ditutup, today)
        if step is None:
            continue
        submitted = Realisasi.objects.filter(
            indikator_id=OuterRef("indikator_id"),
            tahun=jadwal.tahun,
            triwulan=jadwal.triwulan,
            status__in=[Realisasi.Status.DIAJUKAN, Realisasi.Status.TERVERIFIKASI],
        )
        missing = (
            BarisPK.objects.filter(
                perjanjian__opd__pemda_id=jadwal.pemda_id,
                perjanjian__tahun=jadwal.tahun,
                perjanjian__status=PerjanjianKinerja.Status.DITETAPKAN,
            )
            # the version in force: not replaced by a ditetapkan PK Perubahan
            .exclude(perjanjian__perubahan__status=PerjanjianKinerja.Status.DITETAPKAN)
            .exclude(Exists(submitted))
            .order_by()
            .values("perjanjian__opd_id")
            .annotate(n=Count("indikator_id", distinct=True))
        )
        tw = Triwulan(jadwal.triwulan).label
        for row in missing:
            opd_id = row["perjanjian__opd_id"]
            konteks = {
                "tw": tw,
                "tahun": jadwal.tahun,
                "n": row["n"],
                "tanggal": _tanggal(jadwal.ditutup),
                "sisa": _sisa(jadwal.ditutup, today),
            }
            if step == "lewat":
                jenis = Jenis.TENGGAT_LEWAT
                judul = _("Pengisian realisasi %(tw)s %(tahun)s sudah ditutup") % konteks
                pesan = _(
                    "Pengisian ditutup %(tanggal)s; %(n)s indikator belum diajukan. Minta evaluator membuka kembali."
                )
            else:
                jenis = Jenis.TENGGAT_DEKAT
                judul = _("Pengisian realisasi %(tw)s %(tahun)s ditutup %(sisa)s") % konteks
                pesan = _("Pengisian ditutup %(tanggal)s; %(n)s indikator belum diajukan untuk verifikasi.")
            _kirim(
                hasil,
                "realisasi",
                penerima=penerima.perencana(opd_id),
                jenis=jenis,
                judul=judul,
                pesan=pesan % konteks,
                tautan=reverse("perjanjian:realisasi_triwulan", args=[opd_id, jadwal.tahun, jadwal.triwulan]),
                kunci=f"realisasi-tenggat-{step}:{opd_id}:{jadwal.tahun}:{jadwal.triwulan}:{jadwal.ditutup.isoformat()}",
            )
