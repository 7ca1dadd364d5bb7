"""Demo agreements and realisations for Kota Contoh, made through the same services the pages use.

- 2025: a ditetapkan PK Induk for every OPD with a Renstra, with its rencana aksi and budget;
  realisations for all four quarters (verified, a few returned on the way), budget spent per quarter.
- 2026: the same, and for Dinkes a PK Perubahan (v2) after the APBD Perubahan; realisations of TW I
  (verified) and TW II (verified, submitted, one returned with a note); entry windows for the year,
  so TW III is closed and needs a reopening, as it would in November.

The OPDs without demo users of their own are worked by admin.contoh (submits) and pimpinan.contoh
(approves, as pihak kedua); Dinkes by its planner and its head. Idempotent: an agreement or a
realisation that exists is left alone.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from iku_manual.models import Indikator, Periode, Sasaran
from perjanjian import realisasi as workflow
from perjanjian import services
from perjanjian.models import AnggaranPK, JadwalRealisasi, PerjanjianKinerja, Realisasi, RealisasiAnggaran
from sakip.models import Pemda, PerangkatDaerah, User

YEARS = (2025, 2026)
FILLED_QUARTERS = {2025: (1, 2, 3, 4), 2026: (1, 2)}
SPENT_SHARE = {1: Decimal("0.18"), 2: Decimal("0.27"), 3: Decimal("0.25"), 4: Decimal("0.24")}

# Program nomenclature (Kepmendagri 050-5889/2021) per OPD, with the pagu of the first year.
PROGRAMS = {
    "Dinkes": [
        ("1.02.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "18500000000"),
        ("1.02.02", "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat", "42750000000"),
        ("1.02.03", "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan", "2150000000"),
    ],
    "Disdik": [
        ("1.01.01", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "96400000000"),
        ("1.01.02", "Program Pengelolaan Pendidikan", "57300000000"),
    ],
}
DEFAULT_PROGRAMS = [
    ("", "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", "6250000000"),
    ("", "Program Utama Perangkat Daerah", "4800000000"),
]


def _factor(*parts) -> Decimal:
    """A stable pseudo-random factor between 0,86 and 1,08, so realisations look lived-in."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return Decimal("0.86") + Decimal(digest[0] % 23) / 100


def _round(value: Decimal, places: int = 2) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _rencana_aksi(indikator: Indikator, target: Decimal) -> list[Decimal]:
    """Quarterly targets: cumulative ones a quarter at a time, others stepping from the baseline."""
    if indikator.agregasi == Indikator.Agregasi.KUMULATIF:
        return [_round(target * n / 4) for n in (1, 2, 3)] + [target]
    if indikator.agregasi == Indikator.Agregasi.RATA_RATA:
        return [target] * 4
    if indikator.is_kualitatif or indikator.baseline_nilai is None:
        return [target] * 4
    start = indikator.baseline_nilai
    return [_round(start + (target - start) * n / 4, 4) for n in (1, 2, 3)] + [target]


def _fill_rows(perjanjian: PerjanjianKinerja) -> None:
    for row in perjanjian.baris.select_related("indikator"):
        if row.indikator.polaritas == Indikator.Polaritas.STABILIZE or row.target is None:
            continue
        row.tw1, row.tw2, row.tw3, row.tw4 = _rencana_aksi(row.indikator, row.target)
        row.save()


def _add_budget(perjanjian: PerjanjianKinerja, sasaran: list[Sasaran]) -> None:
    programs = PROGRAMS.get(perjanjian.opd.singkatan, DEFAULT_PROGRAMS)
    growth = Decimal("1.06") if perjanjian.tahun > YEARS[0] else Decimal(1)
    for order, (kode, nama, pagu) in enumerate(programs, start=1):
        AnggaranPK.objects.create(
            perjanjian=perjanjian,
            jenis=AnggaranPK.Jenis.PROGRAM,
            kode=kode,
            nama=nama,
            pagu=_round(Decimal(pagu) * growth, 0),
            sasaran=sasaran[(order - 1) % len(sasaran)] if sasaran else None,
            urutan=order,
        )


def _agreement(opd, periode, tahun, planner, approver) -> PerjanjianKinerja | None:
    existing = PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun, unit__isnull=True).order_by("-versi").first()
    if existing is not None:
        return existing
    perjanjian = services.pk_create(opd=opd, periode=periode, tahun=tahun, user=planner)
    if not perjanjian.baris.exists():
        perjanjian.delete()
        return None
    perjanjian.tempat = "Kota Contoh"
    perjanjian.tanggal = datetime.date(tahun, 1, 31)
    perjanjian.save()
    _fill_rows(perjanjian)
    sasaran = list(Sasaran.objects.filter(indikator__baris_pk__perjanjian=perjanjian).distinct().order_by("urutan"))
    _add_budget(perjanjian, sasaran)
    services.pk_submit(perjanjian=perjanjian, user=planner)
    return services.pk_approve(perjanjian=perjanjian, user=approver)


def _perubahan(perjanjian: PerjanjianKinerja, planner, approver) -> PerjanjianKinerja:
    if perjanjian.versi > 1:
        return perjanjian
    baru = services.pk_perubahan(
        perjanjian=perjanjian,
        user=planner,
        alasan="Perubahan alokasi anggaran pada APBD Perubahan 2026 dan penyesuaian target cakupan "
        "imunisasi setelah pendataan ulang sasaran bayi.",
        dasar_hukum="Peraturan Daerah Kota Contoh Nomor 5 Tahun 2026 tentang Perubahan APBD Tahun Anggaran 2026",
    )
    baru.tanggal = datetime.date(perjanjian.tahun, 9, 30)
    baru.save()
    row = baru.baris.select_related("indikator").filter(indikator__polaritas=Indikator.Polaritas.MAXIMIZE).first()
    if row is not None and row.target is not None:
        row.target = row.tw4 = _round(row.target * Decimal("1.02"), 4)
        row.save()
    program = baru.anggaran.order_by("urutan").last()
    program.pagu = _round(program.pagu * Decimal("1.15"), 0)
    program.save()
    services.pk_submit(perjanjian=baru, user=planner)
    return services.pk_approve(perjanjian=baru, user=approver)


def _value(row, quarter: int) -> tuple[Decimal, str]:
    """A realisation near the quarter's target; the quarter's own amount for cumulative indicators."""
    indikator = row.indikator
    factor = _factor(indikator.pk, row.perjanjian.tahun, quarter)
    if indikator.polaritas == Indikator.Polaritas.STABILIZE:
        middle = (row.batas_bawah + row.batas_atas) / 2
        return _round(middle * factor, 2), ""
    if indikator.is_kualitatif:
        step = indikator.skala.nilai.filter(nilai=row.target).first()
        return row.target, step.kode if step else ""
    targets = row.triwulan
    target = targets[quarter - 1] if targets[quarter - 1] is not None else row.target
    if indikator.agregasi == Indikator.Agregasi.KUMULATIF:
        before = targets[quarter - 2] if quarter > 1 and targets[quarter - 2] is not None else Decimal(0)
        target = target - before
    if indikator.polaritas == Indikator.Polaritas.MINIMIZE:
        factor = 2 - factor
    return _round(target * factor, 2), ""


def _realisations(opd, tahun, planner, evaluator) -> None:
    rows = workflow.baris_berlaku(opd=opd, tahun=tahun)
    existing = set(Realisasi.objects.filter(opd=opd, tahun=tahun).values_list("indikator_id", "triwulan"))
    for quarter in FILLED_QUARTERS[tahun]:
        for number, row in enumerate(rows.values()):
            if (row.indikator_id, quarter) in existing or (row.target is None and row.batas_bawah is None):
                continue
            nilai, kode = _value(row, quarter)
            isian = workflow.IsianRealisasi(
                nilai=nilai,
                nilai_teks=kode,
                bukti_tautan=f"https://data.kotacontoh.go.id/sakip/{tahun}/tw{quarter}/{row.indikator.kode.lower()}",
                bukti_keterangan="Rekap data triwulan dari unit penanggung jawab, ditandatangani kepala bidang.",
                faktor_pendukung="Dukungan anggaran dan koordinasi lintas bidang berjalan baik.",
                faktor_penghambat="Keterlambatan laporan dari sebagian fasilitas/unit pelaksana."
                if nilai < (row.target or nilai)
                else "",
                upaya="Pendampingan pelaporan dan rapat evaluasi bulanan.",
            )
            realisasi = workflow.realisasi_simpan(
                opd=opd, indikator=row.indikator, tahun=tahun, triwulan=quarter, isian=isian, user=planner
            )
            workflow.realisasi_ajukan(realisasi=realisasi, user=planner)
            last_open_quarter = tahun == YEARS[-1] and quarter == FILLED_QUARTERS[tahun][-1]
            if last_open_quarter and number % 3 == 1:
                continue  # still waiting in the verification queue
            if last_open_quarter and number % 3 == 2 and number < 6:
                workflow.realisasi_kembalikan(
                    realisasi=realisasi,
                    user=evaluator,
                    catatan="Bukti dukung belum memuat rincian per kelurahan; lengkapi rekap dan unggah ulang.",
                )
                continue
            workflow.realisasi_verifikasi(realisasi=realisasi, user=evaluator)


def _budget_spent(perjanjian: PerjanjianKinerja, tahun: int, user) -> None:
    for anggaran in perjanjian.anggaran.all():
        for quarter in FILLED_QUARTERS[tahun]:
            if RealisasiAnggaran.objects.filter(anggaran=anggaran, triwulan=quarter).exists():
                continue
            share = SPENT_SHARE[quarter] * _factor(anggaran.nama, tahun, quarter)
            spent = RealisasiAnggaran(anggaran=anggaran, triwulan=quarter, nilai=_round(anggaran.pagu * share, 0))
            spent._history_user = user
            spent.save()


def _schedule(pemda: Pemda, tahun: int) -> None:
    for quarter in (1, 2, 3, 4):
        opens = datetime.date(tahun + (quarter == 4), (quarter * 3) % 12 + 1, 1)
        JadwalRealisasi.objects.get_or_create(
            pemda=pemda,
            tahun=tahun,
            triwulan=quarter,
            defaults={"dibuka": opens, "ditutup": opens + datetime.timedelta(days=20)},
        )


def load() -> list:
    pemda = Pemda.objects.get(kode="99.71")
    periode = Periode.objects.get(pemda=pemda, tahun_awal=2025)
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    evaluator = users["evaluator.contoh"]
    for opd in PerangkatDaerah.objects.filter(pemda=pemda, renstra__periode=periode).order_by("urutan"):
        slug = opd.singkatan.lower()
        planner = users.get(f"perencana.{slug}", users["admin.contoh"])
        approver = users.get(f"kepala.{slug}", users["pimpinan.contoh"])
        for tahun in YEARS:
            if tahun > timezone.localdate().year:
                continue
            perjanjian = _agreement(opd, periode, tahun, planner, approver)
            if perjanjian is None:
                continue
            if opd.singkatan == "Dinkes" and tahun == YEARS[-1]:
                _budget_spent(perjanjian, tahun, planner)  # spent before the change, carried over
                perjanjian = _perubahan(perjanjian, planner, approver)
            _realisations(opd, tahun, planner, evaluator)
            _budget_spent(perjanjian, tahun, planner)
    for tahun in YEARS:
        _schedule(pemda, tahun)
    return []
