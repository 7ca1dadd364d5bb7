"""The Perjanjian Kinerja workflow: draft -> diajukan -> dikembalikan (with a note) or ditetapkan, and a
PK Perubahan as the only way to change a ditetapkan agreement. Every step in one transaction; the
lock itself is also enforced by the models, so no route (view, admin, import) can bypass it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from iku_manual.models import Indikator, TargetIndikator, Tingkat
from notifikasi import kejadian
from perjanjian.capaian import periksa_rencana_aksi
from perjanjian.models import AnggaranPK, BarisPK, PerjanjianKinerja, RealisasiAnggaran, jumlah_anggaran
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
    try:
        perjanjian.save()
    except IntegrityError as exc:  # the same PK created twice at once (a double click)
        raise ValidationError(_("Perjanjian kinerja ini baru saja dibuat; buka daftar PK.")) from exc
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


def _lock(perjanjian: PerjanjianKinerja) -> None:
    """Take the agreement's row lock and re-read it: two people acting at once (approving while
    another returns, say) are served one after the other, each seeing what the other wrote."""
    list(PerjanjianKinerja.objects.select_for_update().filter(pk=perjanjian.pk).values_list("pk"))
    perjanjian.refresh_from_db()


@transaction.atomic
def pk_submit(*, perjanjian: PerjanjianKinerja, user: User) -> PerjanjianKinerja:
    _lock(perjanjian)
    _ensure_editable(perjanjian)
    if found := problems(perjanjian):
        raise ValidationError(found)
    perjanjian.status = Status.DIAJUKAN
    perjanjian.diajukan_oleh = user
    perjanjian.diajukan_pada = timezone.now()
    perjanjian.catatan = ""
    perjanjian.save()
    kejadian.pk_diajukan(perjanjian)
    return perjanjian


@transaction.atomic
def pk_return(*, perjanjian: PerjanjianKinerja, user: User, catatan: str) -> PerjanjianKinerja:
    _lock(perjanjian)
    if perjanjian.status != Status.DIAJUKAN:
        raise ValidationError(_("Hanya perjanjian kinerja yang diajukan yang dapat dikembalikan."))
    if not catatan.strip():
        raise ValidationError(_("Tuliskan catatan: apa yang harus diperbaiki."))
    if "\x00" in catatan:
        raise ValidationError(_("Catatan berisi karakter yang tidak sah."))
    perjanjian.status = Status.DIKEMBALIKAN
    perjanjian.catatan = catatan.strip()
    perjanjian.save()
    kejadian.pk_dikembalikan(perjanjian)
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
    _lock(perjanjian)
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
        "anggaran_total": format_decimal(jumlah_anggaran(perjanjian.anggaran.all()), 2),
    }
    for row in perjanjian.baris.select_related("indikator__sasaran"):
        row.bekukan()
        row._history_user = user
        row.save(update_fields=["beku"])
    perjanjian.status = Status.DITETAPKAN
    perjanjian.ditetapkan_oleh = user
    perjanjian.ditetapkan_pada = timezone.now()
    perjanjian.save()
    if perjanjian.menggantikan_id:
        _carry_budget_realisations(perjanjian, user)
    kejadian.pk_ditetapkan(perjanjian)
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
    _lock(perjanjian)
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


# --- Editing a draft: header, rows, budget; deleting it ----------------------------------------------


def _lock_editable(perjanjian: PerjanjianKinerja) -> None:
    """Re-read the status under a row lock: a page opened before the PK was submitted or approved
    must not write into it."""
    perjanjian.status = (
        PerjanjianKinerja.objects.select_for_update().values_list("status", flat=True).get(pk=perjanjian.pk)
    )
    _ensure_editable(perjanjian)


@transaction.atomic
def pk_ubah(*, perjanjian: PerjanjianKinerja, user: User) -> PerjanjianKinerja:
    """Save the header of a draft: signatories, place and date, and for a Perubahan its reason and
    legal basis."""
    _lock_editable(perjanjian)
    for pejabat in (perjanjian.pihak_pertama, perjanjian.pihak_kedua):
        if pejabat is not None and pejabat.pemda_id != perjanjian.opd.pemda_id:
            raise ValidationError(_("Penandatangan harus pejabat pemda ini."))
    if perjanjian.jenis == PerjanjianKinerja.Jenis.PERUBAHAN and not (
        perjanjian.alasan_perubahan.strip() and perjanjian.dasar_hukum.strip()
    ):
        raise ValidationError(_("PK Perubahan memerlukan alasan dan dasar hukum."))
    perjanjian.full_clean()
    perjanjian._history_user = user
    perjanjian.save()
    return perjanjian


def indikator_pilihan(perjanjian: PerjanjianKinerja) -> QuerySet[Indikator]:
    """Indicators a planner may add to a PK: the OPD's own in the PK's period (for a unit PK, the
    unit's), not yet in it. Serves the "Target & rencana aksi" page."""
    found = Indikator.objects.filter(sasaran__periode_id=perjanjian.periode_id, sasaran__opd_id=perjanjian.opd_id)
    if perjanjian.unit_id:
        found = found.filter(sasaran__unit_id=perjanjian.unit_id)
    # An indicator is promised by one official a year: not one already in another official's PK
    # (so monitoring and the recap never count it twice).
    others = BarisPK.objects.filter(perjanjian__opd_id=perjanjian.opd_id, perjanjian__tahun=perjanjian.tahun)
    if perjanjian.unit_id:
        others = others.exclude(perjanjian__unit_id=perjanjian.unit_id)
    else:
        others = others.filter(perjanjian__unit__isnull=False)
    return (
        found.exclude(pk__in=BarisPK.objects.filter(perjanjian=perjanjian).values("indikator_id"))
        .exclude(pk__in=others.values("indikator_id"))
        .select_related("sasaran")
        .order_by("sasaran__urutan", "sasaran__kode", "urutan", "kode")
    )


@dataclass(frozen=True)
class BarisInput:
    """The values typed for one row of a PK, already parsed."""

    baris_id: int
    target: Decimal | None = None
    batas_bawah: Decimal | None = None
    batas_atas: Decimal | None = None
    triwulan: tuple[Decimal | None, ...] = (None, None, None, None)


@transaction.atomic
def pk_baris_simpan(
    *,
    perjanjian: PerjanjianKinerja,
    user: User,
    ubah: list[BarisInput] = (),
    hapus: list[int] = (),
    tambah: list[Indikator] = (),
) -> None:
    """Change, remove and add rows of a draft, all or nothing. A stabilize indicator keeps a range
    and no single target; an added indicator starts from its Renstra target for the year."""
    _lock_editable(perjanjian)
    rows = {row.pk: row for row in perjanjian.baris.select_related("indikator")}
    hapus = set(hapus)
    if ({item.baris_id for item in ubah} | hapus) - rows.keys():
        raise ValidationError(_("Baris tidak ditemukan dalam perjanjian kinerja ini."))
    errors = []
    for item in ubah:
        if item.baris_id in hapus:
            continue
        row = rows[item.baris_id]
        label = f"{row.indikator.kode} {row.indikator.nama}"
        if row.indikator.polaritas == Indikator.Polaritas.STABILIZE:
            values = {"target": None, "batas_bawah": item.batas_bawah, "batas_atas": item.batas_atas}
            if item.batas_bawah is not None and item.batas_atas is not None and item.batas_bawah > item.batas_atas:
                errors.append(_("%(indikator)s: batas bawah melebihi batas atas.") % {"indikator": label})
        else:
            values = {"target": item.target, "batas_bawah": None, "batas_atas": None}
        values.update(zip(("tw1", "tw2", "tw3", "tw4"), item.triwulan, strict=True))
        if any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row._history_user = user
            row.save()
    for baris_id in hapus:
        rows[baris_id]._history_user = user
        rows[baris_id].delete()
    if tambah:
        allowed = set(indikator_pilihan(perjanjian).values_list("pk", flat=True))
        targets = {
            t.indikator_id: t
            for t in TargetIndikator.objects.filter(indikator__in=[i.pk for i in tambah], tahun=perjanjian.tahun)
        }
        urutan = perjanjian.baris.aggregate(n=Max("urutan"))["n"] or 0
        for indikator in tambah:
            if indikator.pk not in allowed:
                errors.append(
                    _("%(indikator)s tidak dapat ditambahkan ke perjanjian kinerja ini.") % {"indikator": indikator}
                )
                continue
            urutan += 1
            target = targets.get(indikator.pk)
            row = BarisPK(
                perjanjian=perjanjian,
                indikator=indikator,
                urutan=urutan,
                target=target.nilai if target else None,
                batas_bawah=target.batas_bawah if target else None,
                batas_atas=target.batas_atas if target else None,
                target_renstra=target.nilai if target else None,
            )
            row._history_user = user
            row.save()
    if errors:
        raise ValidationError(errors)  # nothing of this save is kept


@transaction.atomic
def pk_anggaran_simpan(
    *, perjanjian: PerjanjianKinerja, user: User, simpan: list[AnggaranPK] = (), hapus: list[AnggaranPK] = ()
) -> None:
    """Save and remove budget rows of a draft, all or nothing. The sasaran a row supports must be
    one of the PK's own."""
    _lock_editable(perjanjian)
    own = set(perjanjian.anggaran.values_list("pk", flat=True))
    sasaran = set(perjanjian.baris.values_list("indikator__sasaran_id", flat=True))
    errors = []
    urutan = perjanjian.anggaran.aggregate(n=Max("urutan"))["n"] or 0
    for row in [*simpan, *hapus]:
        if row.pk is not None and row.pk not in own:
            raise ValidationError(_("Baris anggaran tidak ditemukan dalam perjanjian kinerja ini."))
    for row in simpan:
        if row.pk is None:
            urutan += 1
            row.perjanjian, row.urutan = perjanjian, urutan
        if row.sasaran_id is not None and row.sasaran_id not in sasaran:
            errors.append(_("%(nama)s: pilih sasaran yang ada dalam perjanjian kinerja ini.") % {"nama": row.nama})
        try:
            row.full_clean()
        except ValidationError as error:
            errors.extend(f"{row.nama}: {message}" for message in error.messages)
    if errors:
        raise ValidationError(errors)
    for row in [*hapus, *simpan]:
        row._history_user = user
    for row in hapus:
        row.delete()
    for row in simpan:
        row.save()


@transaction.atomic
def pk_hapus(*, perjanjian: PerjanjianKinerja, user: User) -> None:
    """Delete a draft (or a returned one) with its rows; never a submitted or ditetapkan PK."""
    perjanjian.status = (
        PerjanjianKinerja.objects.select_for_update().values_list("status", flat=True).get(pk=perjanjian.pk)
    )
    if perjanjian.terkunci:
        raise ValidationError(_("Perjanjian kinerja yang sudah ditetapkan tidak dapat dihapus."))
    if not perjanjian.dapat_diubah:
        raise ValidationError(_("Perjanjian kinerja yang sedang diajukan tidak dapat dihapus."))
    perjanjian._history_user = user
    perjanjian.delete()


# --- Reading: signatories and the comparison of versions -----------------------------------------------


def penandatangan(perjanjian: PerjanjianKinerja) -> dict:
    """Who signs, as pages show it: the snapshot frozen at approval once ditetapkan, otherwise the
    officials chosen now (each side a dict of nama, nip, pangkat, jabatan, status; empty when unset)."""
    frozen = perjanjian.penandatangan or {}
    if perjanjian.terkunci and frozen.get("pertama") is not None:
        tanggal = frozen.get("tanggal")
        return {
            "pertama": frozen.get("pertama") or {},
            "kedua": frozen.get("kedua") or {},
            "tempat": frozen.get("tempat", ""),
            "tanggal": datetime.date.fromisoformat(tanggal) if tanggal else perjanjian.tanggal,
        }
    return {
        "pertama": _snapshot(perjanjian.pihak_pertama),
        "kedua": _snapshot(perjanjian.pihak_kedua),
        "tempat": perjanjian.tempat,
        "tanggal": perjanjian.tanggal,
    }


TARGET_FIELDS = ("target", "batas_bawah", "batas_atas", "tw1", "tw2", "tw3", "tw4")
ANGGARAN_FIELDS = ("jenis", "kode", "nama", "sasaran_id", "pagu", "keterangan")


@dataclass
class Perbandingan:
    """What changed from the previous version of a PK to this one (the "Perbandingan versi" page).
    Changed rows are (old, new, names of the fields that differ)."""

    lama: PerjanjianKinerja
    baru: PerjanjianKinerja
    indikator_ditambah: list[BarisPK] = field(default_factory=list)
    indikator_dihapus: list[BarisPK] = field(default_factory=list)
    target_berubah: list[tuple[BarisPK, BarisPK, list[str]]] = field(default_factory=list)
    anggaran_ditambah: list[AnggaranPK] = field(default_factory=list)
    anggaran_dihapus: list[AnggaranPK] = field(default_factory=list)
    anggaran_berubah: list[tuple[AnggaranPK, AnggaranPK, list[str]]] = field(default_factory=list)
    penandatangan_berubah: list[tuple[str, dict, dict]] = field(default_factory=list)

    @property
    def ada_perubahan(self) -> bool:
        return any(
            (
                self.indikator_ditambah,
                self.indikator_dihapus,
                self.target_berubah,
                self.anggaran_ditambah,
                self.anggaran_dihapus,
                self.anggaran_berubah,
                self.penandatangan_berubah,
            )
        )


def _rows_for_comparison(perjanjian: PerjanjianKinerja) -> list[BarisPK]:
    return list(
        perjanjian.baris.select_related("indikator__sasaran", "indikator__skala").prefetch_related(
            "indikator__skala__nilai"
        )
    )


def bandingkan(*, lama: PerjanjianKinerja, baru: PerjanjianKinerja) -> Perbandingan:
    """Compare two versions: indicators added and removed, targets and quarterly targets changed,
    budget rows added, removed and changed (matched through the row they were copied from, else by
    kind, code and name), and the signatories. A fixed number of queries."""
    hasil = Perbandingan(lama=lama, baru=baru)
    old_rows = {row.indikator_id: row for row in _rows_for_comparison(lama)}
    new_rows = _rows_for_comparison(baru)
    for row in new_rows:
        old = old_rows.get(row.indikator_id)
        if old is None:
            hasil.indikator_ditambah.append(row)
            continue
        changed = [name for name in TARGET_FIELDS if getattr(old, name) != getattr(row, name)]
        if changed:
            hasil.target_berubah.append((old, row, changed))
    present = {row.indikator_id for row in new_rows}
    hasil.indikator_dihapus = [row for key, row in old_rows.items() if key not in present]

    old_budget = list(lama.anggaran.select_related("sasaran"))
    by_pk = {row.pk: row for row in old_budget}
    matched: set[int] = set()
    pairs = []
    unmatched = []
    for row in baru.anggaran.select_related("sasaran"):
        if row.asal_id in by_pk and row.asal_id not in matched:
            matched.add(row.asal_id)
            pairs.append((by_pk[row.asal_id], row))
        else:
            unmatched.append(row)
    for row in unmatched:
        twin = next(
            (
                old
                for old in old_budget
                if old.pk not in matched and (old.jenis, old.kode, old.nama) == (row.jenis, row.kode, row.nama)
            ),
            None,
        )
        if twin is None:
            hasil.anggaran_ditambah.append(row)
        else:
            matched.add(twin.pk)
            pairs.append((twin, row))
    for old, row in pairs:
        changed = [name for name in ANGGARAN_FIELDS if getattr(old, name) != getattr(row, name)]
        if changed:
            hasil.anggaran_berubah.append((old, row, changed))
    hasil.anggaran_dihapus = [row for row in old_budget if row.pk not in matched]

    before, after = penandatangan(lama), penandatangan(baru)
    for side in ("pertama", "kedua"):
        if before[side] != after[side]:
            hasil.penandatangan_berubah.append((side, before[side], after[side]))
    return hasil
