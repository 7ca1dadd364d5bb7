"""The data of the dashboards on Beranda: the Pimpinan Daerah's (capaian heat map per OPD, evaluation
scores and their trend, absorption against capaian, data-entry completeness, overdue work), the
Kepala OPD's (own indicators, PK status, deadlines, absorption) and the Evaluator's (verification
queue, evaluation progress), and the drill-down of one OPD (sasaran × triwulan).

Everything is gathered with a few bulk queries, one per kind of row, and arranged in Python: the
number of queries does not depend on how many OPDs, indicators or realisations there are. The
arithmetic is not here: capaian comes from ``perjanjian.capaian`` through ``perjanjian.reports``
(verified realisations only, like the pemda recap), evaluation scores from ``evaluasi.scoring``,
percentages from ``pemantauan.hitung``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi.access import visible_evaluasi
from evaluasi.models import Evaluasi, Rekomendasi
from evaluasi.rekap import selisih
from evaluasi.scoring import Band
from evaluasi.services import skor_banyak
from iku_manual.models import Sasaran
from instruksi.models import Instruksi, Tugas
from pemantauan import hitung, ringkasan
from pemantauan.models import BULAN
from perjanjian import capaian
from perjanjian.models import BarisPK, JadwalRealisasi, PengaturanCapaian, PerjanjianKinerja, PredikatCapaian, Realisasi
from perjanjian.realisasi import skala_per_id, target_tampil, target_tampil_tahun, versi_terakhir
from perjanjian.reports import IndikatorUkur, Isian, SasaranUkur, by_indicator, kelas_predikat, sasaran_ukur
from sakip import access, grafik
from sakip.models import Pemda, PerangkatDaerah, User

TRIWULAN = (1, 2, 3, 4)
TAHUN_TREN = 5  # years of evaluation scores on the trend chart
NAMA_BULAN = dict(BULAN)
KELAS_EFISIENSI = {
    capaian.KategoriEfisiensi.EFISIEN: "text-bg-success",
    capaian.KategoriEfisiensi.CUKUP: "text-bg-warning",
    capaian.KategoriEfisiensi.TIDAK: "text-bg-danger",
}


def hari_ini() -> datetime.date:
    return timezone.localdate()


def triwulan_jatuh_tempo(tahun: int, hari: datetime.date) -> int:
    """How many quarters of ``tahun`` have ended by ``hari``: their realisations are due."""
    if tahun < hari.year:
        return 4
    if tahun > hari.year:
        return 0
    return (hari.month - 1) // 3


def pilihan_tahun(tahun: int, hari: datetime.date) -> list[int]:
    """The years the selector offers: the five before this one, this one and the next, and the
    chosen one if it lies outside."""
    years = set(range(hari.year - 5, hari.year + 2)) | {tahun}
    return sorted(years, reverse=True)


# --- Capaian: the heat map -----------------------------------------------------------------------


@dataclass(frozen=True)
class Sel:
    """One cell of a heat map: a mean capaian and the band it falls in."""

    nilai: Decimal | None
    predikat: capaian.Predikat | None

    @property
    def kelas(self) -> str:
        return kelas_predikat(self.predikat)


def _sel(nilai: Decimal | None, skala: list[capaian.Predikat]) -> Sel:
    return Sel(nilai, capaian.predikat(nilai, skala))


@dataclass
class BarisPeta:
    """A row of a heat map (an OPD, or a sasaran of one): TW I–IV and the year."""

    label: str
    triwulan: list[Sel]
    tahun: Sel
    url: str = ""
    opd: PerangkatDaerah | None = None
    sasaran: Sasaran | None = None
    jumlah_indikator: int = 0

    @property
    def kolom(self) -> list[Sel]:
        return [*self.triwulan, self.tahun]


def _nilai_sasaran_tw(item: SasaranUkur, tw: int) -> Decimal | None:
    """A sasaran's capaian in a quarter: the mean of its indicators' capaian of that quarter."""
    return capaian.rata_rata([ind.triwulan[tw - 1].capaian.nilai for ind in item.indikator])


def baris_sasaran(item: SasaranUkur, skala: list[capaian.Predikat]) -> BarisPeta:
    sasaran = item.sasaran
    return BarisPeta(
        label=f"{sasaran.kode} {sasaran.uraian}".strip(),
        triwulan=[_sel(_nilai_sasaran_tw(item, tw), skala) for tw in TRIWULAN],
        tahun=_sel(item.capaian, skala),
        url=f"#sasaran-{sasaran.pk}",
        sasaran=sasaran,
        jumlah_indikator=len(item.indikator),
    )


def baris_opd(opd: PerangkatDaerah, sasaran: list[SasaranUkur], skala, *, tahun: int) -> BarisPeta:
    """An OPD's row: each cell the mean of its sasaran's (as the pemda recap computes an OPD's
    capaian), so the year column equals the recap's figure and a cell the mean of the drill-down's."""
    return BarisPeta(
        label=opd.nama,
        triwulan=[_sel(capaian.rata_rata([_nilai_sasaran_tw(s, tw) for s in sasaran]), skala) for tw in TRIWULAN],
        tahun=_sel(capaian.rata_rata([s.capaian for s in sasaran]), skala),
        url=f"{reverse('dasbor_opd', args=[opd.pk])}?tahun={tahun}",
        opd=opd,
        jumlah_indikator=sum(len(s.indikator) for s in sasaran),
    )


@dataclass
class DataCapaian:
    """What the capaian of several OPDs in one year is computed from, loaded in bulk."""

    aturan: capaian.Pengaturan
    skala: list[capaian.Predikat]
    rows: dict[int, list[BarisPK]]  # per OPD, one row per indicator of the agreements in force
    realisasi: dict[int, list[Isian | None]]  # per indicator, TW I–IV
    sasaran: dict[int, list[SasaranUkur]]  # per OPD


def data_capaian(pemda: Pemda, opds: list[PerangkatDaerah], tahun: int) -> DataCapaian:
    """Capaian per OPD, sasaran and indicator from verified realisations. Five queries, whatever
    the number of OPDs, indicators and realisations."""
    aturan = PengaturanCapaian.untuk(pemda.pk)
    skala = PredikatCapaian.skala_untuk(pemda)
    perjanjian = {
        pk.pk: pk
        for pk in versi_terakhir(
            PerjanjianKinerja.objects.filter(
                opd__in=[opd.pk for opd in opds], tahun=tahun, status=PerjanjianKinerja.Status.DITETAPKAN
            )
        )
    }
    rows_per_opd: dict[int, dict[int, BarisPK]] = defaultdict(dict)
    if perjanjian:
        for row in BarisPK.objects.filter(perjanjian_id__in=perjanjian).select_related("indikator__sasaran"):
            row.perjanjian = perjanjian[row.perjanjian_id]
            # An indicator in both the head's PK and a unit's is measured once, like baris_berlaku.
            rows_per_opd[row.perjanjian.opd_id][row.indikator_id] = row
    indikator_ids = [i for rows in rows_per_opd.values() for i in rows]
    realisasi = (
        Realisasi.objects.filter(tahun=tahun, indikator_id__in=indikator_ids).order_by().values_list(*Isian._fields)
        if indikator_ids
        else []
    )
    per_indikator = by_indicator(Isian(*values) for values in realisasi)
    rows = {opd_id: list(by_id.values()) for opd_id, by_id in rows_per_opd.items()}
    sasaran = {
        opd_id: sasaran_ukur(opd_rows, per_indikator, aturan=aturan, skala=skala, hanya_terverifikasi=True)
        for opd_id, opd_rows in rows.items()
    }
    return DataCapaian(aturan, skala, rows, per_indikator, sasaran)


# --- Data-entry completeness ---------------------------------------------------------------------


@dataclass
class Kelengkapan:
    """Realisations due so far for one OPD (indicators × quarters ended) and where they stand."""

    opd: PerangkatDaerah
    diharapkan: int = 0
    diisi: int = 0  # entered, whatever the status
    diajukan: int = 0  # awaiting verification
    terverifikasi: int = 0

    @property
    def belum_diisi(self) -> int:
        return self.diharapkan - self.diisi

    @property
    def belum_diverifikasi(self) -> int:
        return self.diisi - self.terverifikasi

    @property
    def persen_diisi(self) -> Decimal | None:
        return hitung.persen(self.diisi, self.diharapkan)

    @property
    def persen_terverifikasi(self) -> Decimal | None:
        return hitung.persen(self.terverifikasi, self.diharapkan)

    @property
    def lengkap(self) -> bool:
        return self.diharapkan > 0 and self.terverifikasi == self.diharapkan


def kelengkapan(opd: PerangkatDaerah, data: DataCapaian, jatuh_tempo: int) -> Kelengkapan:
    hasil = Kelengkapan(opd)
    for row in data.rows.get(opd.pk, []):
        per_tw = data.realisasi.get(row.indikator_id, [None] * 4)
        for tw in range(1, jatuh_tempo + 1):
            hasil.diharapkan += 1
            isian = per_tw[tw - 1]
            if isian is None:
                continue
            hasil.diisi += 1
            if isian.status == Realisasi.Status.DIAJUKAN:
                hasil.diajukan += 1
            elif isian.status == Realisasi.Status.TERVERIFIKASI:
                hasil.terverifikasi += 1
    return hasil


# --- Budget absorption ---------------------------------------------------------------------------


def nama_bulan(bulan: int) -> str:
    return str(NAMA_BULAN[bulan])


def serapan_per_opd(pemda: Pemda, tahun: int, hari: datetime.date) -> dict[int, ringkasan.SerapanOpd]:
    """Each OPD's cumulative absorption of the latest month entered up to ``hari`` (the pemantauan
    module's bulk reading). One query for all OPDs."""
    return {pk: row for pk, row in ringkasan.serapan_rincian_per_opd(pemda, tahun, hari).items() if row}


# --- Overdue and deadlines -----------------------------------------------------------------------


@dataclass(frozen=True)
class Tenggat:
    """An item with a deadline: a recommendation's follow-up, an IKP task, a quarter's entry."""

    jenis: str
    uraian: str
    opd: PerangkatDaerah | None
    batas_waktu: datetime.date
    status: str
    url: str
    terlambat: bool


def rekomendasi_terbuka(pemda: Pemda, *, opd: PerangkatDaerah | None = None, hari: datetime.date, hanya_terlambat):
    """Recommendations of final evaluations without an accepted follow-up (``selesai``), the
    earliest due first; with ``hanya_terlambat`` only those past their deadline. One query."""
    rows = (
        Rekomendasi.objects.filter(evaluasi__pemda=pemda, evaluasi__status=Evaluasi.Status.FINAL)
        .exclude(status=Rekomendasi.Status.SELESAI)
        .select_related("evaluasi__opd")
        .order_by("batas_waktu", "pk")
    )
    if opd is not None:
        rows = rows.filter(evaluasi__opd=opd)
    if hanya_terlambat:
        rows = rows.filter(batas_waktu__lt=hari)
    return [
        Tenggat(
            jenis=_("Tindak lanjut rekomendasi"),
            uraian=f"{r.nomor}. {r.uraian}",
            opd=r.evaluasi.opd,
            batas_waktu=r.batas_waktu,
            status=r.get_status_display(),
            url=reverse("evaluasi:rekomendasi_detail", args=[r.pk]),
            terlambat=r.terlambat(hari),
        )
        for r in rows
    ]


TUGAS_TERBUKA = (Tugas.Status.BERJALAN, Tugas.Status.NEGOSIASI)


def tugas_terbuka(
    pemda: Pemda,
    *,
    opd: PerangkatDaerah | None = None,
    hari: datetime.date,
    hanya_terlambat,
    tahun: int | None = None,
):
    """IKP tasks of issued instructions still open (berjalan, negosiasi), the earliest due first;
    with ``hanya_terlambat`` only those past their deadline, and also the tasks the daily job closed
    as missed (``instruksi.services.tutup_lewat_tenggat``: tidak tercapai) whose deadline falls in
    ``tahun``, the year the leader is looking at: a missed target stays on the leaders' list for
    the rest of that year instead of vanishing the morning after its deadline. One query."""
    status = Q(status__in=TUGAS_TERBUKA)
    if hanya_terlambat and tahun is not None:
        status |= Q(status=Tugas.Status.TIDAK_TERCAPAI, batas_waktu__year=tahun)
    rows = (
        Tugas.objects.filter(status, instruksi__pemda=pemda, instruksi__status=Instruksi.Status.DITERBITKAN)
        .select_related("instruksi", "opd")
        .order_by("batas_waktu", "pk")
    )
    if opd is not None:
        rows = rows.filter(opd=opd)
    if hanya_terlambat:
        rows = rows.filter(batas_waktu__lt=hari)
    return [
        Tenggat(
            jenis=_("Instruksi Khusus Pimpinan"),
            uraian=f"{t.instruksi.perihal}: {t.uraian}",
            opd=t.opd,
            batas_waktu=t.batas_waktu,
            status=t.get_status_display(),
            url=t.get_absolute_url(),
            terlambat=t.batas_waktu < hari,
        )
        for t in rows
    ]


# --- Evaluation scores ---------------------------------------------------------------------------


@dataclass
class NilaiOpd:
    """An OPD's final evaluation totals over the years, and the chosen year's grade and change."""

    label: str
    opd: PerangkatDaerah | None
    per_tahun: dict[int, Decimal]
    predikat: dict[int, Band | None]
    tahun: int

    @property
    def nilai(self) -> Decimal | None:
        return self.per_tahun.get(self.tahun)

    @property
    def grade(self) -> Band | None:
        return self.predikat.get(self.tahun)

    @property
    def perubahan(self) -> Decimal | None:
        if self.nilai is None:
            return None
        return selisih(self.nilai, self.per_tahun.get(self.tahun - 1))

    def deret(self, years: list[int]) -> list[Decimal | None]:
        return [self.per_tahun.get(y) for y in years]


@dataclass
class TrenEvaluasi:
    tahun: list[int]
    pemda: NilaiOpd | None
    opd: list[NilaiOpd]
    grafik: grafik.Grafik


def _dua_desimal(nilai: Decimal | None) -> Decimal | None:
    """A mean shown on a chart: two decimals, half up, as the worksheet rounds its scores."""
    return None if nilai is None else nilai.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def tren_evaluasi(user: User, pemda: Pemda, opds: list[PerangkatDaerah], tahun: int) -> TrenEvaluasi:
    """Final evaluations of the pemda and its OPDs over the last ``TAHUN_TREN`` years up to
    ``tahun``: evaluator totals and grades, and a line chart of the pemda's total and the OPDs'
    mean. One query: the scores are those finalising froze (``evaluasi.services.skor_banyak``; six
    more for evaluations made final before scores were frozen)."""
    evaluations = list(
        visible_evaluasi(user).filter(
            pemda=pemda,
            status=Evaluasi.Status.FINAL,
            tahun__gt=tahun - TAHUN_TREN,
            tahun__lte=tahun,
        )
    )
    results = {pk: skor.evaluator for pk, skor in skor_banyak(evaluations).items()}
    # From the first year with a final evaluation: empty years before it would only flatten the chart.
    awal = min((e.tahun for e in evaluations), default=tahun)
    years = list(range(awal, tahun + 1))
    nama = {opd.pk: opd for opd in opds}
    per_opd: dict[int | None, NilaiOpd] = {}
    for e in evaluations:
        if e.opd_id is not None and e.opd_id not in nama:
            continue  # an inactive OPD: not on the dashboard
        item = per_opd.get(e.opd_id)
        if item is None:
            opd = nama.get(e.opd_id)
            item = per_opd[e.opd_id] = NilaiOpd(opd.nama if opd else pemda.nama, opd, {}, {}, tahun)
        hasil = results[e.pk]
        item.per_tahun[e.tahun] = hasil.total
        item.predikat[e.tahun] = hasil.predikat
    opd_rows = sorted(
        (v for k, v in per_opd.items() if k is not None), key=lambda r: (r.nilai is None, -(r.nilai or 0), r.label)
    )
    pemda_row = per_opd.get(None)
    seri = []
    if pemda_row:
        seri.append(grafik.Seri(_("Pemda"), pemda_row.deret(years)))
    seri.append(
        grafik.Seri(
            _("Rata-rata perangkat daerah"),
            [_dua_desimal(capaian.rata_rata([r.per_tahun.get(y) for r in opd_rows])) for y in years],
        )
    )
    chart = grafik.garis(_("Nilai evaluasi SAKIP per tahun"), years, seri)
    return TrenEvaluasi(years, pemda_row, opd_rows, chart)


# --- The dashboards ------------------------------------------------------------------------------


def opd_terlihat(user: User, pemda: Pemda) -> list[PerangkatDaerah]:
    """The active OPDs of the pemda the user may see, in the pemda's order. One query."""
    return list(access.visible_opd(user).filter(pemda=pemda).aktif().order_by("urutan", "nama"))


@dataclass
class DasborPimpinan:
    tahun: int
    hari: datetime.date
    jatuh_tempo: int
    skala: list[capaian.Predikat]
    peta: list[BarisPeta]
    rata_rata: BarisPeta | None
    evaluasi: TrenEvaluasi
    efisiensi: grafik.Grafik
    efisiensi_baris: list[dict]
    kelengkapan: list[Kelengkapan]
    rekomendasi_terlambat: list[Tenggat]
    tugas_terlambat: list[Tenggat]

    @property
    def belum_lengkap(self) -> list[Kelengkapan]:
        return [k for k in self.kelengkapan if k.diharapkan and not k.lengkap]


def dasbor_pimpinan(user: User, pemda: Pemda, tahun: int, hari: datetime.date | None = None) -> DasborPimpinan:
    """The Pimpinan Daerah's dashboard (also the admin pemda's and a superuser's). Ten queries,
    whatever the number of OPDs, indicators, realisations, evaluations and overdue items (sixteen
    while some final evaluation predates frozen scores: ``tren_evaluasi``)."""
    hari = hari or hari_ini()
    opds = opd_terlihat(user, pemda)
    data = data_capaian(pemda, opds, tahun)
    peta = [baris_opd(opd, data.sasaran.get(opd.pk, []), data.skala, tahun=tahun) for opd in opds]
    rata = None
    if any(row.jumlah_indikator for row in peta):
        dengan_pk = [row for row in peta if row.jumlah_indikator]
        rata = BarisPeta(
            label=_("Rata-rata perangkat daerah"),
            triwulan=[
                _sel(capaian.rata_rata([row.triwulan[tw - 1].nilai for row in dengan_pk]), data.skala)
                for tw in TRIWULAN
            ],
            tahun=_sel(capaian.rata_rata([row.tahun.nilai for row in dengan_pk]), data.skala),
        )

    serapan = serapan_per_opd(pemda, tahun, hari)
    titik, baris_efisiensi = [], []
    for row in peta:
        s = serapan.get(row.opd.pk)
        persen = s.persen if s else None
        if persen is None and row.tahun.nilai is None:
            continue
        titik.append(grafik.Titik(row.opd.singkatan or row.opd.nama, persen, _dua_desimal(row.tahun.nilai)))
        efisiensi = capaian.efisiensi(row.tahun.nilai, persen, data.aturan.ambang_efisiensi)
        baris_efisiensi.append(
            {
                "opd": row.opd,
                "serapan": persen,
                "bulan": s.bulan if s else None,
                "bulan_label": nama_bulan(s.bulan) if s else "",
                "capaian": row.tahun,
                "efisiensi": efisiensi,
                "kelas_efisiensi": KELAS_EFISIENSI.get(efisiensi.kategori, "") if efisiensi else "",
            }
        )
    chart = grafik.sebar(
        _("Serapan anggaran terhadap capaian kinerja %(tahun)s") % {"tahun": tahun},
        titik,
        x_label=_("Serapan anggaran (%)"),
        y_label=_("Capaian kinerja (%)"),
    )
    jatuh_tempo = triwulan_jatuh_tempo(tahun, hari)
    return DasborPimpinan(
        tahun=tahun,
        hari=hari,
        jatuh_tempo=jatuh_tempo,
        skala=data.skala,
        peta=peta,
        rata_rata=rata,
        # A year's SAKIP evaluation is held the next year: in 2026 the leaders follow that of 2025.
        evaluasi=tren_evaluasi(user, pemda, opds, tahun - 1),
        efisiensi=chart,
        efisiensi_baris=baris_efisiensi,
        kelengkapan=[kelengkapan(opd, data, jatuh_tempo) for opd in opds],
        rekomendasi_terlambat=rekomendasi_terbuka(pemda, hari=hari, hanya_terlambat=True),
        tugas_terlambat=tugas_terbuka(pemda, hari=hari, hanya_terlambat=True, tahun=tahun),
    )


@dataclass
class IndikatorDasbor:
    """One indicator of the drill-down: target, realisation and capaian of TW I–IV and the year."""

    ukur: IndikatorUkur
    target: list[str]  # TW I–IV, then the year, as planners write them
    realisasi: list[Isian | None]

    @property
    def baris(self) -> BarisPK:
        return self.ukur.baris

    @property
    def kolom(self) -> list[tuple[str, Isian | None, str, object]]:
        """(target, realisation, the realisation's status label while it is not verified, cell) for
        TW I–IV and the year (whose realisation is None)."""
        return [
            *zip(
                self.target[:4],
                self.realisasi,
                [label_belum_terverifikasi(isian) for isian in self.realisasi],
                self.ukur.triwulan,
                strict=True,
            ),
            (self.target[4], None, "", self.ukur.tahun),
        ]


def label_belum_terverifikasi(isian: Isian | None) -> str:
    """The status of a realisation not (yet) counted, as the page shows it ("Draf", "Diajukan",
    "Dikembalikan"); empty for none and for a verified one."""
    if isian is None or isian.status == Realisasi.Status.TERVERIFIKASI:
        return ""
    return str(Realisasi.Status(isian.status).label)


@dataclass
class RincianOpd:
    """The drill-down of one OPD: sasaran × triwulan, then its indicators."""

    opd: PerangkatDaerah
    tahun: int
    skala: list[capaian.Predikat]
    ringkas: BarisPeta
    sasaran: list[tuple[BarisPeta, list[IndikatorDasbor]]] = field(default_factory=list)

    @property
    def jumlah_indikator(self) -> int:
        return self.ringkas.jumlah_indikator

    @property
    def sasaran_baris(self) -> list[BarisPeta]:
        return [baris for baris, _indikator in self.sasaran]

    @property
    def kolom_label(self) -> list[str]:
        return [_("TW I"), _("TW II"), _("TW III"), _("TW IV"), _("Tahun")]


def rincian_opd(opd: PerangkatDaerah, tahun: int) -> RincianOpd:
    """Five queries (six with qualitative indicators), whatever the size of the OPD."""
    data = data_capaian(opd.pemda, [opd], tahun)
    sasaran = data.sasaran.get(opd.pk, [])
    hasil = RincianOpd(opd, tahun, data.skala, baris_opd(opd, sasaran, data.skala, tahun=tahun))
    scales = skala_per_id({row.indikator.skala_id for row in data.rows.get(opd.pk, [])})
    for item in sasaran:
        indikator = []
        for ukur in item.indikator:
            row = ukur.baris
            scale = scales.get(row.indikator.skala_id)
            indikator.append(
                IndikatorDasbor(
                    ukur=ukur,
                    target=[*(target_tampil(row, tw, scale) for tw in TRIWULAN), target_tampil_tahun(row, scale)],
                    realisasi=data.realisasi.get(row.indikator_id, [None] * 4),
                )
            )
        hasil.sasaran.append((baris_sasaran(item, data.skala), indikator))
    return hasil


@dataclass
class JadwalTriwulan:
    triwulan: int
    dibuka: datetime.date | None
    ditutup: datetime.date | None
    belum_diisi: int
    terlambat: bool


@dataclass
class DasborOpd:
    tahun: int
    hari: datetime.date
    rincian: RincianOpd
    perjanjian: list[PerjanjianKinerja]
    rekomendasi: list[Tenggat]
    tugas: list[Tenggat]
    jadwal: list[JadwalTriwulan]
    kelengkapan: Kelengkapan
    serapan: ringkasan.SerapanOpd | None
    target_serapan: Decimal | None

    @property
    def bulan_serapan(self) -> str:
        return nama_bulan(self.serapan.bulan) if self.serapan else ""

    @property
    def deviasi_serapan(self) -> Decimal | None:
        return hitung.deviasi(self.serapan.persen if self.serapan else None, self.target_serapan)


def dasbor_opd(opd: PerangkatDaerah, tahun: int, hari: datetime.date | None = None) -> DasborOpd:
    """The Kepala OPD's (and planner's) dashboard: own indicators, PK status, deadlines,
    absorption. Eleven queries (twelve with qualitative indicators), whatever the size of the OPD."""
    hari = hari or hari_ini()
    rincian = rincian_opd(opd, tahun)
    perjanjian = list(
        PerjanjianKinerja.objects.filter(opd=opd, tahun=tahun)
        .select_related("unit")
        .order_by("unit__nama", "unit_id", "-versi")
    )
    # Completeness of the own OPD, per quarter, from the rows and realisations already loaded.
    rows = [ind for _baris, items in rincian.sasaran for ind in items]
    jatuh_tempo = triwulan_jatuh_tempo(tahun, hari)
    lengkap = Kelengkapan(opd)
    belum = dict.fromkeys(TRIWULAN, 0)
    for ind in rows:
        for tw, isian in zip(TRIWULAN, ind.realisasi, strict=True):
            if isian is None:
                belum[tw] += 1
            if tw <= jatuh_tempo:
                lengkap.diharapkan += 1
                if isian is not None:
                    lengkap.diisi += 1
                    lengkap.diajukan += isian.status == Realisasi.Status.DIAJUKAN
                    lengkap.terverifikasi += isian.status == Realisasi.Status.TERVERIFIKASI
    jadwal = {j.triwulan: j for j in JadwalRealisasi.objects.filter(pemda_id=opd.pemda_id, tahun=tahun)}
    windows = []
    for tw in TRIWULAN:
        j = jadwal.get(tw)
        windows.append(
            JadwalTriwulan(
                triwulan=tw,
                dibuka=j.dibuka if j else None,
                ditutup=j.ditutup if j else None,
                belum_diisi=belum[tw] if rows else 0,
                terlambat=bool(j and j.ditutup < hari and rows and belum[tw]),
            )
        )
    serapan = serapan_per_opd(opd.pemda, tahun, hari).get(opd.pk)
    return DasborOpd(
        tahun=tahun,
        hari=hari,
        rincian=rincian,
        perjanjian=perjanjian,
        rekomendasi=rekomendasi_terbuka(opd.pemda, opd=opd, hari=hari, hanya_terlambat=False),
        tugas=tugas_terbuka(opd.pemda, opd=opd, hari=hari, hanya_terlambat=False),
        jadwal=windows,
        kelengkapan=lengkap,
        serapan=serapan,
        target_serapan=ringkasan.kurva_untuk(opd.pemda_id)[0].get(serapan.bulan) if serapan else None,
    )


@dataclass(frozen=True)
class Antrean:
    opd_id: int
    nama: str
    jumlah: int
    tertua: datetime.datetime | None
    url: str


@dataclass
class ProgresEvaluasi:
    opd: PerangkatDaerah | None
    label: str
    evaluasi: Evaluasi | None
    kriteria: int = 0
    dijawab_mandiri: int = 0
    dijawab_evaluator: int = 0
    total: Decimal | None = None
    predikat: Band | None = None

    @property
    def persen_mandiri(self) -> Decimal | None:
        return hitung.persen(self.dijawab_mandiri, self.kriteria)

    @property
    def persen_evaluator(self) -> Decimal | None:
        return hitung.persen(self.dijawab_evaluator, self.kriteria)


@dataclass
class DasborEvaluator:
    tahun: int
    antrean: list[Antrean]
    progres: list[ProgresEvaluasi]

    @property
    def jumlah_antrean(self) -> int:
        return sum(item.jumlah for item in self.antrean)


def dasbor_evaluator(user: User, pemda: Pemda, tahun: int) -> DasborEvaluator:
    """The Evaluator's dashboard: realisations awaiting verification per OPD, and per OPD the
    evaluation of the year (status, share of the worksheet answered, total so far). Nine queries
    (three when every evaluation is final), whatever the number of OPDs, realisations, evaluations
    and answers."""
    verifikasi = reverse("perjanjian:verifikasi")
    antrean = [
        Antrean(row["opd_id"], row["opd__nama"], row["jumlah"], row["tertua"], f"{verifikasi}?opd={row['opd_id']}")
        for row in Realisasi.objects.filter(opd__pemda=pemda, status=Realisasi.Status.DIAJUKAN)
        .order_by()
        .values("opd_id", "opd__nama")
        .annotate(jumlah=Count("pk"), tertua=Min("diajukan_pada"))
        .order_by("tertua", "opd__nama")
    ]
    opds = opd_terlihat(user, pemda)
    evaluations = list(visible_evaluasi(user).filter(pemda=pemda, tahun=tahun))
    results = skor_banyak(evaluations)
    by_opd = {e.opd_id: e for e in evaluations}
    progres = []
    for opd in [None, *opds]:
        e = by_opd.get(opd.pk if opd else None)
        if opd is None and e is None:
            continue  # the pemda-wide evaluation is listed only once opened
        item = ProgresEvaluasi(opd, opd.nama if opd else pemda.nama, e)
        if e is not None:
            skor = results[e.pk]
            item.kriteria = skor.kriteria
            item.dijawab_mandiri = skor.dijawab_mandiri
            item.dijawab_evaluator = skor.dijawab_evaluator
            item.total = skor.evaluator.total
            item.predikat = skor.evaluator.predikat
        progres.append(item)
    return DasborEvaluator(tahun, antrean, progres)
