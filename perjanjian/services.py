"""The Perjanjian Kinerja workflow: draft -> diajukan -> dikembalikan (with a note) or ditetapkan, and a
PK Perubahan as the only way to change a ditetapkan agreement. Every step in one transaction; the
lock itself is also enforced by the models, so no route (view, admin, import) can bypass it."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from iku_manual.models import Indikator, TargetIndikator, Tingkat
from perjanjian.capaian import periksa_rencana_aksi
from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja, RealisasiAnggaran
from sakip.models import Pejabat, PerangkatDaerah, Periode, UnitKerja, User
from sakip.numbers import format_decimal

Status = PerjanjianKinerja.Status

# The OPD head promises the OPD's key results; a unit head those of the unit's own nodes.
OPD_HEAD_LEVELS = [Tingkat.TUJUAN_OPD, Tingkat.SASARAN_STRATEGIS]


def _signatories(opd: PerangkatDaerah, unit: UnitKerja | None, on) -> tuple[Pejabat | None, Pejabat | None]:
    """Pihak pertama and pihak kedua in post on a date: the OPD head with the kepala daerah, or a unit
    head with the OPD head."""
    serving = Pejabat.objects.aktif_pada(on)
    kepala_opd = serving.filter(opd=opd, jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD).first()
    if unit is None:
        kepala_daerah = serving.filter(
            pemda_id=opd.pemda_id, opd__isnull=True, jenis_jabatan=Pejabat.JenisJabatan.KEPALA_DAERAH
        ).first()
        return kepala_opd, kepala_daerah
    return serving.filter(unit=unit).exclude(jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD).first(), kepala_opd


@transaction.atomic
def pk_create(
    *, opd: PerangkatDaerah, periode: Periode, tahun: int, user: User, unit: UnitKerja | None = None
) -> PerjanjianKinerja:
    """A draft PK Induk, its rows prefilled with the IKU and their Renstra targets for the year."""
    if tahun not in periode.tahun:
        raise ValidationError(
            _("Tahun %(tahun)s berada di luar periode %(periode)s.") % {"tahun": tahun, "periode": periode.rentang}
        )
    if unit is not None and unit.opd_id != opd.pk:
        raise ValidationError(_("Unit kerja harus milik perangkat daerah ini."))
    pertama, kedua = _signatories(opd, unit, timezone.localdate())
    perjanjian = PerjanjianKinerja(
        opd=opd, periode=periode, tahun=tahun, unit=unit, pihak_pertama=pertama, pihak_kedua=kedua
    )
    perjanjian.full_clean()
    perjanjian.save()
    indicators = Indikator.objects.filter(sasaran__periode=periode, sasaran__opd=opd, is_iku=True)
    if unit is None:
        indicators = indicators.filter(sasaran__tingkat__in=OPD_HEAD_LEVELS)
    else:
        indicators = Indikator.objects.filter(sasaran__periode=periode, sasaran__unit=unit)
    indicators = indicators.order_by("sasaran__urutan", "sasaran__kode", "urutan", "kode")
    targets = {t.indikator_id: t for t in TargetIndikator.objects.filter(indikator__in=indicators, tahun=tahun)}
    rows = []
    for order, indikator in enumerate(indicators, start=1):
        target = targets.get(indikator.pk)
        rows.append(
            BarisPK(
                perjanjian=perjanjian,
                indikator=indikator,
                urutan=order,
                target=target.nilai if target else None,
                batas_bawah=target.batas_bawah if target else None,
                batas_atas=target.batas_atas if target else None,
                target_renstra=target.nilai if target else None,
            )
        )
    bulk_create_with_history(rows, BarisPK, default_user=user)
    return perjanjian


def _ensure_editable(perjanjian: PerjanjianKinerja) -> None:
    if perjanjian.terkunci:
        raise ValidationError(_("Perjanjian kinerja yang sudah ditetapkan tidak dapat diubah; buat PK Perubahan."))
    if not perjanjian.dapat_diubah:
        raise ValidationError(_("Perjanjian kinerja sedang diajukan; tunggu ditetapkan atau dikembalikan."))


def problems(perjanjian: PerjanjianKinerja) -> list[str]:
    """What stops a draft from being submitted, in Indonesian; empty when it is complete."""
    found = []
    if perjanjian.pihak_pertama_id is None:
        found.append(_("Pihak pertama belum dipilih."))
    if perjanjian.pihak_kedua_id is None:
        found.append(_("Pihak kedua belum dipilih."))
    if perjanjian.jenis == PerjanjianKinerja.Jenis.PERUBAHAN and not (
        perjanjian.alasan_perubahan.strip() and perjanjian.dasar_hukum.strip()
    ):
        found.append(_("PK Perubahan memerlukan alasan dan dasar hukum."))
    rows = list(perjanjian.baris.select_related("indikator"))
    if not rows:
        found.append(_("Belum ada indikator dalam perjanjian kinerja."))
    for row in rows:
        label = f"{row.indikator.kode} {row.indikator.nama}"
        stabilize = row.indikator.polaritas == Indikator.Polaritas.STABILIZE
        if (stabilize and (row.batas_bawah is None or row.batas_atas is None)) or (
            not stabilize and row.target is None
        ):
            found.append(_("%(indikator)s: target tahunan belum diisi.") % {"indikator": label})
            continue
        if not stabilize:
            for message in periksa_rencana_aksi(row.target, row.triwulan, row.indikator.agregasi):
                found.append(f"{label}: {message}")
    return found


@transaction.atomic
def pk_submit(*, perjanjian: PerjanjianKinerja, user: User) -> PerjanjianKinerja:
    _ensure_editable(perjanjian)
    if found := problems(perjanjian):
        raise ValidationError(found)
    perjanjian.status = Status.DIAJUKAN
    perjanjian.diajukan_oleh = user
    perjanjian.diajukan_pada = timezone.now()
    perjanjian.catatan = ""
    perjanjian.save()
    return perjanjian


@transaction.atomic
def pk_return(*, perjanjian: PerjanjianKinerja, user: User, catatan: str) -> PerjanjianKinerja:
    if perjanjian.status != Status.DIAJUKAN:
        raise ValidationError(_("Hanya perjanjian kinerja yang diajukan yang dapat dikembalikan."))
    if not catatan.strip():
        raise ValidationError(_("Tuliskan catatan: apa yang harus diperbaiki."))
    perjanjian.status = Status.DIKEMBALIKAN
    perjanjian.catatan = catatan.strip()
    perjanjian.save()
    return perjanjian


def _snapshot(pejabat: Pejabat | None) -> dict:
    if pejabat is None:
        return {}
    return {
        "nama": pejabat.nama,
        "nip": pejabat.nip_tampil,
        "pangkat": pejabat.pangkat_tampil,
        "jabatan": pejabat.jabatan_lengkap,
        "status": pejabat.get_status_display(),
    }


@transaction.atomic
def pk_approve(*, perjanjian: PerjanjianKinerja, user: User) -> PerjanjianKinerja:
    """Ditetapkan: the signatories and the letterhead are frozen as they are today."""
    if perjanjian.status != Status.DIAJUKAN:
        raise ValidationError(_("Hanya perjanjian kinerja yang diajukan yang dapat ditetapkan."))
    if perjanjian.diajukan_oleh_id == user.pk:
        raise ValidationError(_("Yang mengajukan tidak dapat menetapkan perjanjian kinerja yang sama."))
    if found := problems(perjanjian):
        raise ValidationError(found)
    pemda = perjanjian.opd.pemda
    today = timezone.localdate()
    perjanjian.tanggal = perjanjian.tanggal or today
    perjanjian.penandatangan = {
        "pertama": _snapshot(perjanjian.pihak_pertama),
        "kedua": _snapshot(perjanjian.pihak_kedua),
        "kop": {"nama": pemda.nama_pemerintah, "alamat": pemda.alamat, "telepon": pemda.telepon},
        "tempat": perjanjian.tempat or pemda.nama.removeprefix("Kota ").removeprefix("Kabupaten "),
        "tanggal": perjanjian.tanggal.isoformat(),
        "anggaran_total": format_decimal(sum((a.pagu for a in perjanjian.anggaran.all()), start=Decimal(0)), 2),
    }
    perjanjian.status = Status.DITETAPKAN
    perjanjian.ditetapkan_oleh = user
    perjanjian.ditetapkan_pada = timezone.now()
    perjanjian.save()
    if perjanjian.menggantikan_id:
        _carry_budget_realisations(perjanjian, user)
    return perjanjian


def _carry_budget_realisations(perjanjian: PerjanjianKinerja, user: User) -> None:
    """A PK Perubahan takes over the budget spent so far on the rows it was copied from."""
    rows = {a.asal_id: a for a in perjanjian.anggaran.filter(asal__isnull=False)}
    have = set(RealisasiAnggaran.objects.filter(anggaran__perjanjian=perjanjian).values_list("anggaran_id", "triwulan"))
    carried = [
        RealisasiAnggaran(anggaran=rows[old.anggaran_id], triwulan=old.triwulan, nilai=old.nilai)
        for old in RealisasiAnggaran.objects.filter(anggaran_id__in=rows)
        if (rows[old.anggaran_id].pk, old.triwulan) not in have
    ]
    bulk_create_with_history(carried, RealisasiAnggaran, default_user=user)


def pk_berlaku(*, opd: PerangkatDaerah, tahun: int, unit: UnitKerja | None = None) -> PerjanjianKinerja | None:
    """The agreement in force: the latest ditetapkan version for the OPD head (or the unit)."""
    return (
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, unit=unit, status=Status.DITETAPKAN)
        .order_by("-versi")
        .first()
    )


@transaction.atomic
def pk_perubahan(*, perjanjian: PerjanjianKinerja, user: User, alasan: str, dasar_hukum: str) -> PerjanjianKinerja:
    """A new draft version of a ditetapkan agreement; the old version stays readable and unchanged."""
    if not perjanjian.terkunci:
        raise ValidationError(
            _("Hanya perjanjian kinerja yang sudah ditetapkan yang dapat diubah dengan PK Perubahan.")
        )
    if PerjanjianKinerja.objects.filter(menggantikan=perjanjian).exists():
        raise ValidationError(_("Versi ini sudah punya PK Perubahan; ubah versi terbaru."))
    if not alasan.strip() or not dasar_hukum.strip():
        raise ValidationError(_("PK Perubahan memerlukan alasan dan dasar hukum."))
    baru = PerjanjianKinerja(
        opd=perjanjian.opd,
        periode=perjanjian.periode,
        tahun=perjanjian.tahun,
        unit=perjanjian.unit,
        jenis=PerjanjianKinerja.Jenis.PERUBAHAN,
        versi=perjanjian.versi + 1,
        menggantikan=perjanjian,
        alasan_perubahan=alasan.strip(),
        dasar_hukum=dasar_hukum.strip(),
        pihak_pertama=perjanjian.pihak_pertama,
        pihak_kedua=perjanjian.pihak_kedua,
        tempat=perjanjian.tempat,
    )
    baru.full_clean()
    baru.save()
    copied = (
        "indikator_id",
        "target",
        "batas_bawah",
        "batas_atas",
        "target_renstra",
        "tw1",
        "tw2",
        "tw3",
        "tw4",
        "urutan",
    )
    bulk_create_with_history(
        [BarisPK(perjanjian=baru, **{name: getattr(row, name) for name in copied}) for row in perjanjian.baris.all()],
        BarisPK,
        default_user=user,
    )
    bulk_create_with_history(
        [
            AnggaranPK(
                perjanjian=baru,
                asal=a,
                sasaran_id=a.sasaran_id,
                jenis=a.jenis,
                kode=a.kode,
                nama=a.nama,
                pagu=a.pagu,
                keterangan=a.keterangan,
                urutan=a.urutan,
            )
            for a in perjanjian.anggaran.all()
        ],
        AnggaranPK,
        default_user=user,
    )
    return baru
