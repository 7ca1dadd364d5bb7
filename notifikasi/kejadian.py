"""The workflow events that notify someone, one function per event, called by the services of the
other apps right after the state changes (in the same transaction, so a rollback notifies nobody).

Each event has a stable ``kunci``: the object and the moment of the cycle it belongs to (the
submission's timestamp), so a repeat of the same event notifies nobody twice, while the next cycle
(submitted again after a return) does notify.

Who is told what:
- PK diajukan -> the OPD's Kepala OPD (who approves it; never the one who submitted);
- PK dikembalikan (with the note) and PK ditetapkan -> the OPD's planners;
- realisasi diajukan -> the pemda's evaluators, one notification per OPD and quarter for what waits
  together (the "ajukan semua" button submits a whole quarter and calls the event once, after the
  loop: one notification and a constant number of queries, whatever the number of rows);
- realisasi dikembalikan or its verification cancelled (with the note) -> the OPD's planners;
- an evaluation made final with recommendations -> the OPD's planners and head (for the pemda-wide
  evaluation, the Admin Pemda);
- tindak lanjut diajukan -> the pemda's evaluators; accepted or returned (with the note) -> the side
  that follows up again.
"""

from __future__ import annotations

from django.db.models import Min, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from notifikasi.models import Notifikasi
from notifikasi.services import kirim, selesaikan
from perjanjian.models import Realisasi, Triwulan
from sakip.models import Role, User

Jenis = Notifikasi.Jenis


# --- Recipients ------------------------------------------------------------------------------------


def pengguna(*, role: str, opd_id: int | None = None, pemda_id: int | None = None) -> QuerySet[User]:
    """Active users of a role in an OPD (OPD roles) or a pemda (pemda-wide roles)."""
    found = User.objects.filter(role=role, is_active=True)
    if opd_id is not None:
        found = found.filter(opd_id=opd_id)
    if pemda_id is not None:
        found = found.filter(pemda_id=pemda_id)
    return found


def _opd_side(evaluasi) -> QuerySet[User]:
    """Who follows up an evaluation's recommendations: the OPD's planners and head, or for the
    pemda-wide evaluation the Admin Pemda."""
    if evaluasi.opd_id is None:
        return pengguna(role=Role.ADMIN_PEMDA, pemda_id=evaluasi.pemda_id)
    return User.objects.filter(opd_id=evaluasi.opd_id, role__in=[Role.PERENCANA, Role.KEPALA_OPD], is_active=True)


def _stamp(moment) -> str:
    """A moment in microseconds: two cycles within one second stay two events."""
    return str(round(moment.timestamp() * 1_000_000)) if moment else "0"


# --- Perjanjian Kinerja ----------------------------------------------------------------------------


def _pk_label(perjanjian) -> str:
    """ "PK Induk 2026 Dinkes" (a unit's PK names the unit)."""
    siapa = perjanjian.unit.nama if perjanjian.unit_id else perjanjian.opd.singkatan
    versi = f" v{perjanjian.versi}" if perjanjian.versi > 1 else ""
    return f"{perjanjian.get_jenis_display()}{versi} {perjanjian.tahun} {siapa}"


def pk_diajukan(perjanjian) -> None:
    label = _pk_label(perjanjian)
    kirim(
        penerima=pengguna(role=Role.KEPALA_OPD, opd_id=perjanjian.opd_id).exclude(pk=perjanjian.diajukan_oleh_id),
        jenis=Jenis.MENUNGGU,
        judul=_("%(pk)s diajukan: menunggu penetapan Anda") % {"pk": label},
        pesan=_("%(pk)s diajukan oleh %(siapa)s. Periksa lalu tetapkan, atau kembalikan dengan catatan.")
        % {"pk": label, "siapa": perjanjian.diajukan_oleh.nama if perjanjian.diajukan_oleh else "-"},
        tautan=perjanjian.get_absolute_url(),
        kunci=f"pk-diajukan:{perjanjian.pk}:{_stamp(perjanjian.diajukan_pada)}",
    )


def pk_dikembalikan(perjanjian) -> None:
    selesaikan(f"pk-diajukan:{perjanjian.pk}")
    label = _pk_label(perjanjian)
    kirim(
        penerima=pengguna(role=Role.PERENCANA, opd_id=perjanjian.opd_id),
        jenis=Jenis.DIKEMBALIKAN,
        judul=_("%(pk)s dikembalikan untuk diperbaiki") % {"pk": label},
        pesan=_("Catatan: %(catatan)s") % {"catatan": perjanjian.catatan},
        tautan=perjanjian.get_absolute_url(),
        kunci=f"pk-dikembalikan:{perjanjian.pk}:{_stamp(perjanjian.diajukan_pada)}",
    )


def pk_ditetapkan(perjanjian) -> None:
    selesaikan(f"pk-diajukan:{perjanjian.pk}")
    label = _pk_label(perjanjian)
    kirim(
        penerima=pengguna(role=Role.PERENCANA, opd_id=perjanjian.opd_id),
        jenis=Jenis.KEPUTUSAN,
        judul=_("%(pk)s ditetapkan") % {"pk": label},
        pesan=_("%(pk)s sudah ditetapkan dan terkunci; realisasinya dapat diisi per triwulan.") % {"pk": label},
        tautan=perjanjian.get_absolute_url(),
        kunci=f"pk-ditetapkan:{perjanjian.pk}",
    )


# --- Realisasi --------------------------------------------------------------------------------------


def realisasi_diajukan(realisasi) -> None:
    """One notification per OPD and quarter for what waits together: the key is the earliest
    submission still waiting in that quarter, so the rows of one "ajukan semua" (or rows submitted
    while the earlier ones still wait) share it; once the evaluator has dealt with them all, the next
    submission is a new event. ``realisasi`` is any row just submitted in that quarter."""
    opd, tahun, triwulan = realisasi.opd, realisasi.tahun, realisasi.triwulan
    pertama = Realisasi.objects.filter(
        opd_id=opd.pk, tahun=tahun, triwulan=triwulan, status=Realisasi.Status.DIAJUKAN
    ).aggregate(pertama=Min("diajukan_pada"))["pertama"]
    tw = Triwulan(triwulan).label
    kirim(
        penerima=pengguna(role=Role.EVALUATOR, pemda_id=opd.pemda_id),
        jenis=Jenis.MENUNGGU,
        judul=_("Realisasi %(tw)s %(tahun)s %(opd)s menunggu verifikasi")
        % {"tw": tw, "tahun": tahun, "opd": opd.singkatan},
        pesan=_("%(opd)s mengajukan realisasi %(tw)s tahun %(tahun)s untuk diverifikasi.")
        % {"opd": opd.nama, "tw": tw, "tahun": tahun},
        tautan=reverse("perjanjian:verifikasi") + f"?opd={opd.pk}&tahun={tahun}&triwulan={triwulan}",
        kunci=f"realisasi-diajukan:{opd.pk}:{tahun}:{triwulan}:{_stamp(pertama or realisasi.diajukan_pada)}",
    )


def realisasi_dikembalikan(realisasi, *, batal_verifikasi: bool = False) -> None:
    konteks = {"kode": realisasi.indikator.kode, "tw": Triwulan(realisasi.triwulan).label, "tahun": realisasi.tahun}
    judul = _("Realisasi %(kode)s %(tw)s %(tahun)s dikembalikan") % konteks
    if batal_verifikasi:
        judul = _("Verifikasi realisasi %(kode)s %(tw)s %(tahun)s dibatalkan") % konteks
    kind = "realisasi-batal" if batal_verifikasi else "realisasi-dikembalikan"
    kirim(
        penerima=pengguna(role=Role.PERENCANA, opd_id=realisasi.opd_id),
        jenis=Jenis.DIKEMBALIKAN,
        judul=judul,
        pesan=_("%(indikator)s. Catatan evaluator: %(catatan)s")
        % {"indikator": realisasi.indikator.nama, "catatan": realisasi.catatan},
        tautan=reverse("perjanjian:realisasi_detail", args=[realisasi.pk]),
        kunci=f"{kind}:{realisasi.pk}:{_stamp(realisasi.diajukan_pada)}",
    )


# --- Evaluation, recommendations and follow-up ------------------------------------------------------


def _siapa(evaluasi) -> str:
    return evaluasi.opd.singkatan if evaluasi.opd_id else evaluasi.pemda.nama


def rekomendasi_terbit(evaluasi) -> None:
    """An evaluation made final: its recommendations now reach the evaluated side."""
    n = evaluasi.rekomendasi.count()
    if not n:
        return
    kirim(
        penerima=_opd_side(evaluasi),
        jenis=Jenis.MENUNGGU,
        judul=_("%(n)s rekomendasi evaluasi SAKIP %(tahun)s harus ditindaklanjuti") % {"n": n, "tahun": evaluasi.tahun},
        pesan=_(
            "Evaluasi SAKIP %(tahun)s %(siapa)s sudah final. Tindak lanjuti setiap rekomendasi dengan bukti "
            "sebelum batas waktunya."
        )
        % {"tahun": evaluasi.tahun, "siapa": _siapa(evaluasi)},
        tautan=reverse("evaluasi:rekomendasi_list", args=[evaluasi.pk]),
        kunci=f"rekomendasi-terbit:{evaluasi.pk}",
    )


def tindak_lanjut_diajukan(tindak_lanjut) -> None:
    rekomendasi = tindak_lanjut.rekomendasi
    evaluasi = rekomendasi.evaluasi
    kirim(
        penerima=pengguna(role=Role.EVALUATOR, pemda_id=evaluasi.pemda_id),
        jenis=Jenis.MENUNGGU,
        judul=_("Tindak lanjut rekomendasi %(nomor)s %(siapa)s menunggu penilaian")
        % {"nomor": rekomendasi.nomor, "siapa": _siapa(evaluasi)},
        pesan=_("Rekomendasi: %(uraian)s") % {"uraian": rekomendasi.uraian},
        tautan=reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk]),
        kunci=f"tindak-lanjut-diajukan:{tindak_lanjut.pk}",
    )


def tindak_lanjut_dinilai(tindak_lanjut) -> None:
    selesaikan(f"tindak-lanjut-diajukan:{tindak_lanjut.pk}")
    rekomendasi = tindak_lanjut.rekomendasi
    evaluasi = rekomendasi.evaluasi
    diterima = tindak_lanjut.hasil == tindak_lanjut.Hasil.DITERIMA
    if diterima:
        judul = _("Tindak lanjut rekomendasi %(nomor)s diterima: rekomendasi selesai")
        pesan = _("Rekomendasi: %(uraian)s") % {"uraian": rekomendasi.uraian}
    else:
        judul = _("Tindak lanjut rekomendasi %(nomor)s dikembalikan")
        pesan = _("Catatan evaluator: %(catatan)s") % {"catatan": tindak_lanjut.catatan_evaluator}
    kirim(
        penerima=_opd_side(evaluasi),
        jenis=Jenis.KEPUTUSAN if diterima else Jenis.DIKEMBALIKAN,
        judul=judul % {"nomor": rekomendasi.nomor},
        pesan=pesan,
        tautan=reverse("evaluasi:rekomendasi_detail", args=[rekomendasi.pk]),
        kunci=f"tindak-lanjut-dinilai:{tindak_lanjut.pk}",
    )
