"""National-scale data for load and page tests (``manage.py generate_scale``): N fictional pemda, each
with its period, OPDs, units, officials and users, the performance tree with indicators and their
targets for every year, a ditetapkan PK Induk per OPD and year (rows, rencana aksi, program budget and
its quarterly spending), realisations of every quarter in several statuses, monthly budget absorption,
and an evaluation per OPD for every year but the last on the national PermenPANRB 88/2021 worksheet,
every criterion answered on both sides.

Generated pemda carry the code prefix ``S.`` ("S.001", "S.002", ...), which no Kemendagri code has:
removing scale data touches those pemda and what hangs on them, nothing else. (The prefix does not
pass the pemda form's code validator on purpose: the rows are recognisable as fake.)

Rows are written one pemda at a time, each pemda in its own transaction, so memory stays flat:
``bulk_create`` in batches of ``BATCH`` where later rows need the ids, PostgreSQL's COPY for the big
leaf tables (targets, PK rows, realisations, budget spending, absorption, LKE answers). Both bypass
``save()`` and signals, so the fields the services would compute are set here: the frozen
signatories of a ditetapkan PK (``penandatangan``) and its rows (``beku``), the
frozen letterhead of a final evaluation (``beku``), rencana aksi consistent with the annual target.
django-simple-history rows are NOT written for generated data (no "created" entry in the history of
any generated object). Removal uses raw DELETEs (``QuerySet._raw_delete``) for the same reason:
the lock signals of ditetapkan PKs and final evaluations would refuse, and per-row signals are slow.

Every year of the period is filled, future ones included (a load test wants the volume, not a
calendar): PKs are all ditetapkan; realisations are verified, except in the last year, where TW I
is verified, TW II mostly, TW III submitted or returned and TW IV a draft. Evaluations use the
latest national 88/2021 template (none are made if it is missing); the latest evaluated year is
still being scored, the earlier ones are final.

Values are deterministic for a seed: the same sizes and seed give the same rows (the ids differ).
Every generated user has the password ``PASSWORD``, set through one precomputed hash.
"""

from __future__ import annotations

import datetime
import io
import json
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.db import connections, models, transaction
from django.utils import timezone

from evaluasi.dokumen import bagian_beku
from evaluasi.models import (
    BerkasLkjip,
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    LaporanKinerja,
    PenugasanEvaluator,
    PredikatLKE,
    Rekomendasi,
    SubKomponen,
    TemplateLKE,
    TindakLanjut,
)
from evaluasi.services import lembar_banyak
from iku_manual.models import Indikator, NilaiSkala, Renstra, Sasaran, SkalaKualitatif, TargetIndikator, Tingkat
from instruksi.models import Instruksi, Kemajuan, Negosiasi, Tugas
from notifikasi.models import Notifikasi
from pemantauan.models import KurvaSerapan, PengaduanLapor, SerapanAnggaran, SumberIndikator
from perjanjian.demo import _rencana_aksi, _round
from perjanjian.models import (
    AnggaranPK,
    BarisPK,
    BukaKembali,
    JadwalRealisasi,
    PengaturanCapaian,
    PerjanjianKinerja,
    PredikatCapaian,
    Realisasi,
    RealisasiAnggaran,
    jumlah_anggaran,
)
from perjanjian.services import _snapshot
from sakip import backends
from sakip.demo import _nip
from sakip.models import Pejabat, Pemda, PerangkatDaerah, Periode, Role, UnitKerja, User
from sakip.numbers import format_decimal

PREFIX = "S."
PASSWORD = "skala2026"
BATCH = 2000
INDIKATOR_PER_SASARAN = 5
SASARAN_RPJMD = 4
REGULASI = "88/2021"

MAX = Indikator.Polaritas.MAXIMIZE
MIN = Indikator.Polaritas.MINIMIZE
STAB = Indikator.Polaritas.STABILIZE
KUM = Indikator.Agregasi.KUMULATIF
AKHIR = Indikator.Agregasi.TERAKHIR

# The five kinds of indicator a sasaran strategis carries, in turn: (name, satuan, polaritas,
# agregasi, baseline, yearly step). Stabilize ones get a range instead of a number.
JENIS_INDIKATOR = [
    ("Persentase layanan {bidang} sesuai standar", "%", MAX, AKHIR, Decimal(70), Decimal(2)),
    ("Indeks kepuasan masyarakat atas layanan {bidang}", "indeks", MAX, AKHIR, Decimal(78), Decimal(1)),
    ("Jumlah dokumen perencanaan {bidang} yang ditetapkan", "dokumen", MAX, KUM, Decimal(20), Decimal(2)),
    ("Angka kasus pengaduan {bidang} per 1.000 penduduk", "per 1.000", MIN, AKHIR, Decimal(12), Decimal(-1)),
    ("Rasio beban kerja pegawai {bidang}", "rasio", STAB, AKHIR, Decimal(3), Decimal(0)),
]
BIDANG = ["kesehatan", "pendidikan", "perhubungan", "kependudukan", "lingkungan hidup", "sosial", "perizinan"]
UNITS = [
    ("Sekretariat", UnitKerja.Jenis.SEKRETARIAT),
    ("Bidang Program dan Pelaporan", UnitKerja.Jenis.BIDANG),
    ("Bidang Pelayanan", UnitKerja.Jenis.BIDANG),
]
QUARTER_SHARE = {1: Decimal("0.18"), 2: Decimal("0.27"), 3: Decimal("0.25"), 4: Decimal("0.24")}
# Cumulative share of the year's pagu spent by the end of each month (before noise).
MONTH_SHARE = [Decimal(n) / 100 for n in (3, 8, 15, 23, 31, 40, 48, 56, 65, 74, 84, 95)]
FINDING = "Target jangka menengah belum seluruhnya selaras dengan sasaran RPJMD."
RECOMMENDATION = "Menyelaraskan indikator dan target Renstra dengan sasaran RPJMD melalui reviu Renstra."


@dataclass(frozen=True)
class Ukuran:
    """The sizes: pemda, OPDs per pemda, indicators per OPD, years of the period from ``tahun_awal``."""

    pemda: int = 20
    opd: int = 40
    indikator: int = 25
    tahun: int = 5
    tahun_awal: int = 2025
    seed: int = 2026

    def __post_init__(self):
        if min(self.pemda, self.opd, self.indikator, self.tahun) < 1:
            raise ValueError("Setiap ukuran paling sedikit 1.")
        if self.pemda > 999:
            raise ValueError("Paling banyak 999 pemda (kode S.001 sampai S.999).")
        if self.tahun > 5:
            raise ValueError("Periode RPJMD paling lama lima tahun.")

    @property
    def sasaran_per_opd(self) -> int:
        return math.ceil(self.indikator / INDIKATOR_PER_SASARAN)

    @property
    def years(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun_awal + self.tahun))

    @property
    def evaluated_years(self) -> list[int]:
        """Every year of the period but the last (still running); a one-year period has none."""
        return self.years[:-1]


@dataclass
class Ringkasan:
    """Rows written per table (by model label) and seconds spent writing them."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0
    # Committing each pemda: PostgreSQL checks the (deferred) foreign keys of every new row then.
    commit_seconds: float = 0.0
    removed: dict[str, int] = field(default_factory=dict)

    def as_dict(self, ukuran: Ukuran) -> dict:
        return {
            "ukuran": {
                "pemda": ukuran.pemda,
                "opd": ukuran.opd,
                "indikator": ukuran.indikator,
                "tahun": ukuran.years,
                "seed": ukuran.seed,
            },
            "rows": self.rows,
            "seconds": {name: round(value, 2) for name, value in self.seconds.items()},
            "total_rows": sum(self.rows.values()),
            "commit_seconds": round(self.commit_seconds, 1),
            "total_seconds": round(self.total_seconds, 1),
            "removed": self.removed,
            "password": PASSWORD,
        }


def scale_pemda(using: str = "default") -> models.QuerySet:
    """The generated pemda: those whose code carries the prefix."""
    return Pemda.objects.using(using).filter(kode__startswith=PREFIX)


# --- removal -------------------------------------------------------------------------------------


def _scoped(using: str):
    """(model, filter) pairs covering everything that hangs on the generated pemda, children first:
    each DELETE selects its rows through their parents, which must still be there."""
    pemda = scale_pemda(using).values("pk")
    through = Sasaran.parents.through
    return [
        (Notifikasi, {"penerima__pemda__in": pemda}),
        (LogEntry, {"user__pemda__in": pemda}),
        (Kemajuan, {"tugas__instruksi__pemda__in": pemda}),
        (Negosiasi, {"tugas__instruksi__pemda__in": pemda}),
        (Tugas, {"instruksi__pemda__in": pemda}),
        (Instruksi, {"pemda__in": pemda}),
        (TindakLanjut, {"rekomendasi__evaluasi__pemda__in": pemda}),
        (Rekomendasi, {"evaluasi__pemda__in": pemda}),
        (PenugasanEvaluator, {"evaluasi__pemda__in": pemda}),
        (Jawaban, {"evaluasi__pemda__in": pemda}),
        (Evaluasi, {"pemda__in": pemda}),
        (BerkasLkjip, {"laporan__pemda__in": pemda}),
        (LaporanKinerja, {"pemda__in": pemda}),
        (Kriteria, {"sub__komponen__template__pemda__in": pemda}),
        (SubKomponen, {"komponen__template__pemda__in": pemda}),
        (Komponen, {"template__pemda__in": pemda}),
        (PredikatLKE, {"template__pemda__in": pemda}),
        (TemplateLKE, {"pemda__in": pemda}),
        (RealisasiAnggaran, {"anggaran__perjanjian__opd__pemda__in": pemda}),
        (AnggaranPK, {"perjanjian__opd__pemda__in": pemda}),
        (BarisPK, {"perjanjian__opd__pemda__in": pemda}),
        (PerjanjianKinerja, {"opd__pemda__in": pemda}),
        (Realisasi, {"opd__pemda__in": pemda}),
        (BukaKembali, {"opd__pemda__in": pemda}),
        (JadwalRealisasi, {"pemda__in": pemda}),
        (PengaturanCapaian, {"pemda__in": pemda}),
        (PredikatCapaian, {"pemda__in": pemda}),
        (SerapanAnggaran, {"opd__pemda__in": pemda}),
        (PengaduanLapor, {"opd__pemda__in": pemda}),
        (SumberIndikator, {"indikator__sasaran__pemda__in": pemda}),
        (KurvaSerapan, {"pemda__in": pemda}),
        (TargetIndikator, {"indikator__sasaran__pemda__in": pemda}),
        (Indikator, {"sasaran__pemda__in": pemda}),
        (through, {"from_sasaran__pemda__in": pemda}),
        (through, {"to_sasaran__pemda__in": pemda}),
        (Sasaran, {"pemda__in": pemda}),
        (Renstra, {"opd__pemda__in": pemda}),
        (NilaiSkala, {"skala__pemda__in": pemda}),
        (SkalaKualitatif, {"pemda__in": pemda}),
        (User.groups.through, {"user__pemda__in": pemda}),
        (User.user_permissions.through, {"user__pemda__in": pemda}),
        (Pejabat, {"pemda__in": pemda}),
        (User, {"pemda__in": pemda}),
        (UnitKerja, {"opd__pemda__in": pemda}),
        (PerangkatDaerah, {"pemda__in": pemda}),
        (Periode, {"pemda__in": pemda}),
        (Pemda, {"kode__startswith": PREFIX}),
    ]


def hapus(*, using: str = "default") -> dict[str, int]:
    """Remove every generated pemda and what hangs on them (rows per table), in one transaction.
    Foreign keys are checked at commit (Django makes them deferrable on PostgreSQL): a table this
    list misses makes the commit fail rather than leave dangling rows."""
    removed: dict[str, int] = {}
    with transaction.atomic(using=using):
        backends.lupakan_semua(using)  # the raw DELETEs send no signal: no cached user outlives its row
        for model, filters in _scoped(using):
            count = model.objects.using(using).filter(**filters)._raw_delete(using)
            if count:
                removed[model._meta.label] = removed.get(model._meta.label, 0) + count
    return removed


def jumlah(*, using: str = "default") -> dict[str, int]:
    """Rows per table that belong to the generated pemda (the final table; the tests)."""
    counts: dict[str, int] = {}
    for model, filters in _scoped(using):
        if model in (LogEntry, Notifikasi, User.groups.through, User.user_permissions.through):
            continue
        label = model._meta.label
        if label == "iku_manual.Sasaran_parents":
            filters = {"from_sasaran__pemda__in": scale_pemda(using).values("pk")}
        counts[label] = model.objects.using(using).filter(**filters).count()
    return {label: n for label, n in counts.items() if n}


# --- generation ----------------------------------------------------------------------------------


def _copy_text(field: models.Field, value) -> str:
    """One value in COPY's text format: \\N for NULL, JSON for JSON fields, the file's name for
    files, ISO dates; backslash, tab and line breaks escaped."""
    if value is None:
        return "\\N"
    if isinstance(field, models.JSONField):
        text = json.dumps(value, cls=field.encoder)
    elif isinstance(field, models.FileField):
        text = value.name or ""
    elif isinstance(value, bool):
        text = "t" if value else "f"
    elif isinstance(value, datetime.date):  # datetimes too: aware ones carry their offset
        text = value.isoformat()
    else:
        text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class Generator:
    """One run: ``run()`` writes every pemda in turn, timing each table's inserts."""

    def __init__(self, ukuran: Ukuran, *, using: str, progress: Callable[[str], None] | None = None):
        self.u = ukuran
        self.using = using
        self.progress = progress or (lambda message: None)
        self.rng = random.Random(ukuran.seed)
        self.hasil = Ringkasan()
        self.password = make_password(PASSWORD)
        self.now = timezone.now()

    def bulk(self, objs: list) -> list:
        if not objs:
            return objs
        model = type(objs[0])
        label = model._meta.label
        start = time.perf_counter()
        made = model.objects.using(self.using).bulk_create(objs, batch_size=BATCH)
        self.hasil.seconds[label] = self.hasil.seconds.get(label, 0.0) + time.perf_counter() - start
        self.hasil.rows[label] = self.hasil.rows.get(label, 0) + len(objs)
        return made

    def copy(self, objs: list) -> None:
        """Write rows nobody needs the ids of with PostgreSQL's COPY: several times faster than
        ``bulk_create``, whose SQL compilation dominates at this size. Other databases (SQLite in
        development) get ``bulk_create``."""
        if not objs:
            return
        connection = connections[self.using]
        if connection.vendor != "postgresql":
            self.bulk(objs)
            return
        model = type(objs[0])
        label = model._meta.label
        start = time.perf_counter()
        fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        buffer = io.StringIO()
        for obj in objs:
            buffer.write("\t".join(_copy_text(f, f.pre_save(obj, True)) for f in fields))
            buffer.write("\n")
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buffer)
        self.hasil.seconds[label] = self.hasil.seconds.get(label, 0.0) + time.perf_counter() - start
        self.hasil.rows[label] = self.hasil.rows.get(label, 0) + len(objs)

    def run(self) -> Ringkasan:
        start = time.perf_counter()
        template = (
            TemplateLKE.objects.using(self.using).filter(pemda=None, regulasi=REGULASI).order_by("-versi").first()
        )
        self.template = template
        self.kriteria = []
        self.komponen = []
        if template is not None:
            self.kriteria = list(
                Kriteria.objects.using(self.using)
                .filter(sub__komponen__template=template)
                .select_related("sub__komponen")
                .prefetch_related("skala__opsi")
                .order_by("sub__komponen__urutan", "sub__urutan", "urutan")
            )
            self.komponen = list(Komponen.objects.using(self.using).filter(template=template).order_by("urutan"))
            self.roots = {k.syarat_id for k in self.kriteria if k.syarat_id}
            self.options = {k.pk: sorted(k.skala.opsi.all(), key=lambda o: o.nilai) for k in self.kriteria}
        for number in range(1, self.u.pemda + 1):
            began = time.perf_counter()
            with transaction.atomic(using=self.using):
                self.pemda(number)
                committing = time.perf_counter()
            self.hasil.commit_seconds += time.perf_counter() - committing
            self.progress(
                f"Pemda {number}/{self.u.pemda} ({PREFIX}{number:03d}) selesai dalam "
                f"{format_decimal(Decimal(time.perf_counter() - began), 1)} detik"
            )
        self.hasil.total_seconds = time.perf_counter() - start
        return self.hasil

    # -- one pemda --------------------------------------------------------------------------------

    def pemda(self, number: int) -> None:
        u, rng = self.u, self.rng
        kota = number % 2 == 0
        nama = f"{'Kota' if kota else 'Kabupaten'} Skala {number:03d}"
        (pemda,) = self.bulk(
            [
                Pemda(
                    jenis=Pemda.Jenis.KOTA if kota else Pemda.Jenis.KABUPATEN,
                    nama=nama,
                    kode=f"{PREFIX}{number:03d}",
                    alamat=f"Jalan Skala Nasional No. {number}, {nama}",
                    telepon=f"(0999) {number:06d}",
                )
            ]
        )
        (periode,) = self.bulk(
            [
                Periode(
                    pemda=pemda,
                    nama=f"RPJMD {u.years[0]}–{u.years[-1]}",
                    tahun_awal=u.years[0],
                    tahun_akhir=u.years[-1],
                    visi=f"Terwujudnya {nama} yang maju, sejahtera dan berkelanjutan",
                    misi="Meningkatkan kualitas layanan publik\nMeningkatkan daya saing daerah",
                )
            ]
        )
        opds = self.bulk(
            [
                PerangkatDaerah(
                    pemda=pemda,
                    nama=f"Dinas Skala {o:03d}",
                    singkatan=f"DS{o:03d}",
                    kode=f"9.{o:03d}.01",
                    urutan=o,
                )
                for o in range(1, u.opd + 1)
            ]
        )
        units = self.bulk(
            [
                UnitKerja(opd=opd, nama=name, jenis=jenis, eselon=UnitKerja.Eselon.III, urutan=n)
                for opd in opds
                for n, (name, jenis) in enumerate(UNITS)
            ]
        )
        units_of = {opd.pk: units[i * len(UNITS) : (i + 1) * len(UNITS)] for i, opd in enumerate(opds)}
        mulai = datetime.date(u.years[0] - 1, 1, 2)
        slug = f"s{number:03d}"
        seq = number * 10_000

        def pejabat(nama, jabatan, jenis, opd=None, unit=None, golongan=Pejabat.Golongan.IV_A, nip=True):
            nonlocal seq
            seq += 1
            return Pejabat(
                pemda=pemda,
                opd=opd,
                unit=unit,
                nama=nama,
                nip=_nip(seq, born_year=1970 + seq % 15, appointed_year=1995 + seq % 15, female=seq % 3 == 0)
                if nip
                else "",
                pangkat_golongan=golongan if nip else "",
                jabatan=jabatan,
                jenis_jabatan=jenis,
                mulai=mulai,
            )

        J = Pejabat.JenisJabatan
        sebutan = "Wali Kota" if kota else "Bupati"
        tempat = nama.removeprefix("Kota ").removeprefix("Kabupaten ")
        kepala_daerah, _sekda = self.bulk(
            [
                pejabat(f"Kepala Daerah {number:03d}", f"{sebutan} {tempat}", J.KEPALA_DAERAH, nip=False),
                pejabat(f"Sekda {number:03d}, S.H., M.Si.", "Sekretaris Daerah", J.SEKDA, golongan="IV/c"),
            ]
        )
        heads = self.bulk(
            [
                pejabat(f"Kepala DS{opd.urutan:03d}-{number:03d}, S.T., M.M.", f"Kepala {opd.nama}", J.KEPALA_OPD, opd)
                for opd in opds
            ]
        )
        self.bulk(
            [
                pejabat(
                    f"Pejabat {unit.opd.singkatan}-{unit.urutan + 1} {slug}, S.E.",
                    f"Kepala {unit.nama}" if unit.jenis == UnitKerja.Jenis.BIDANG else "Sekretaris",
                    J.ADMINISTRATOR,
                    unit.opd,
                    unit,
                    golongan=Pejabat.Golongan.III_D,
                )
                for unit in units
            ]
        )
        head_of = {head.opd_id: head for head in heads}

        # Users: the pemda's admin, evaluator and pimpinan, and a planner and a head per OPD.

        def user(username, nama_user, role, opd=None):
            return User(
                username=username,
                nama=nama_user,
                role=role,
                pemda=pemda,
                opd=opd,
                password=self.password,
                email=f"{username}@skala.invalid",
            )

        _admin, evaluator, _pimpinan = self.bulk(
            [
                user(f"admin.{slug}", f"Admin {nama}", Role.ADMIN_PEMDA),
                user(f"evaluator.{slug}", f"Evaluator {nama}", Role.EVALUATOR),
                user(f"pimpinan.{slug}", f"Pimpinan {nama}", Role.PIMPINAN),
            ]
        )
        opd_users = self.bulk(
            [
                user(f"{role.split('_')[0]}.{slug}.o{opd.urutan:03d}", f"{label} {opd.singkatan} {slug}", role, opd)
                for opd in opds
                for role, label in ((Role.PERENCANA, "Perencana"), (Role.KEPALA_OPD, "Kepala"))
            ]
        )
        planner_of = {x.opd_id: x for x in opd_users if x.role == Role.PERENCANA}
        kepala_of = {x.opd_id: x for x in opd_users if x.role == Role.KEPALA_OPD}

        # The performance tree: a tujuan and SASARAN_RPJMD sasaran of the pemda; per OPD its Renstra,
        # sasaran strategis (each under a pemda sasaran) and a program node under each of them.
        (tujuan,) = self.bulk(
            [
                Sasaran(
                    periode=periode,
                    pemda=pemda,
                    tingkat=Tingkat.TUJUAN_PEMDA,
                    kode="T.1",
                    uraian="Meningkatnya kesejahteraan masyarakat",
                )
            ]
        )
        rpjmd = self.bulk(
            [
                Sasaran(
                    periode=periode,
                    pemda=pemda,
                    tingkat=Tingkat.SASARAN_PEMDA,
                    kode=f"S.{n + 1}",
                    uraian=f"Meningkatnya kualitas layanan {BIDANG[n % len(BIDANG)]}",
                    urutan=n,
                )
                for n in range(SASARAN_RPJMD)
            ]
        )
        self.bulk(
            [
                Renstra(
                    opd=opd,
                    periode=periode,
                    nomor_dokumen=f"Perkada Nomor {opd.urutan} Tahun {u.years[0]}",
                    tanggal_penetapan=datetime.date(u.years[0], 3, 1),
                )
                for opd in opds
            ]
        )
        k = u.sasaran_per_opd
        strategis = self.bulk(
            [
                Sasaran(
                    periode=periode,
                    pemda=pemda,
                    opd=opd,
                    tingkat=Tingkat.SASARAN_STRATEGIS,
                    kode=f"SS.{j + 1}",
                    uraian=f"Meningkatnya kinerja layanan {BIDANG[(opd.urutan + j) % len(BIDANG)]} {opd.singkatan}",
                    urutan=j,
                )
                for opd in opds
                for j in range(k)
            ]
        )
        programs = self.bulk(
            [
                Sasaran(
                    periode=periode,
                    pemda=pemda,
                    opd=ss.opd,
                    unit=units_of[ss.opd_id][1 + ss.urutan % 2],
                    tingkat=Tingkat.SASARAN_PROGRAM,
                    kode=f"SP.{ss.urutan + 1}",
                    uraian=f"Terlaksananya program {ss.uraian.removeprefix('Meningkatnya ')}",
                    nomenklatur="Program Peningkatan Layanan "
                    + BIDANG[(ss.opd.urutan + ss.urutan) % len(BIDANG)].title(),
                    urutan=ss.urutan,
                )
                for ss in strategis
            ]
        )
        through = Sasaran.parents.through
        self.bulk(
            [through(from_sasaran_id=s.pk, to_sasaran_id=tujuan.pk) for s in rpjmd]
            + [
                through(from_sasaran_id=ss.pk, to_sasaran_id=rpjmd[n % SASARAN_RPJMD].pk)
                for n, ss in enumerate(strategis)
            ]
            + [through(from_sasaran_id=sp.pk, to_sasaran_id=ss.pk) for sp, ss in zip(programs, strategis, strict=True)]
        )
        program_of = {ss.pk: sp for sp, ss in zip(programs, strategis, strict=True)}

        indicators = []
        for i, opd in enumerate(opds):
            ss_list = strategis[i * k : (i + 1) * k]
            for n in range(u.indikator):
                ss = ss_list[n // INDIKATOR_PER_SASARAN]
                label, satuan, polaritas, agregasi, baseline, _step = JENIS_INDIKATOR[n % len(JENIS_INDIKATOR)]
                bidang = BIDANG[(opd.urutan + n) % len(BIDANG)]
                indicators.append(
                    Indikator(
                        sasaran=ss,
                        kode=f"IKU.{n % INDIKATOR_PER_SASARAN + 1}",
                        nama=f"{label.format(bidang=bidang)} ({ss.kode})",
                        definisi_operasional=f"Mengukur {label.format(bidang=bidang).lower()} pada akhir periode.",
                        alasan_pemilihan="Mencerminkan hasil (outcome) sasaran strategis.",
                        formula="Realisasi dibandingkan dengan standar, dikali 100.",
                        satuan=satuan,
                        jenis=Indikator.Jenis.OUTCOME,
                        polaritas=polaritas,
                        agregasi=agregasi,
                        sumber_data=f"Laporan bulanan {opd.nama}",
                        penanggung_jawab=units_of[opd.pk][1 + n % 2],
                        baseline_tahun=u.years[0] - 1,
                        baseline_nilai=baseline + Decimal(rng.randint(-3, 3)),
                        urutan=n,
                    )
                )
        indicators = self.bulk(indicators)

        targets = []
        target_of = {}
        for ind in indicators:
            step = JENIS_INDIKATOR[ind.urutan % len(JENIS_INDIKATOR)][5]
            for y, tahun in enumerate(u.years, start=1):
                if ind.polaritas == STAB:
                    rentang = {"batas_bawah": Decimal("2.5"), "batas_atas": Decimal("3.5")}
                    t = TargetIndikator(indikator=ind, tahun=tahun, **rentang)
                else:
                    t = TargetIndikator(indikator=ind, tahun=tahun, nilai=ind.baseline_nilai + step * y)
                targets.append(t)
                target_of[(ind.pk, tahun)] = t
        self.copy(targets)

        self.agreements(
            pemda,
            periode,
            opds,
            indicators,
            strategis,
            program_of,
            target_of,
            head_of=head_of,
            kepala_daerah=kepala_daerah,
            planner_of=planner_of,
            kepala_of=kepala_of,
            evaluator=evaluator,
            tempat=tempat,
        )
        self.bulk(
            [
                JadwalRealisasi(
                    pemda=pemda,
                    tahun=tahun,
                    triwulan=q,
                    dibuka=datetime.date(tahun + (q == 4), (q * 3) % 12 + 1, 1),
                    ditutup=datetime.date(tahun + (q == 4), (q * 3) % 12 + 1, 21),
                )
                for tahun in u.years
                for q in (1, 2, 3, 4)
            ]
        )
        self.evaluations(pemda, opds, evaluator)

    def agreements(self, pemda, periode, opds, indicators, strategis, program_of, target_of, **who) -> None:
        """Per OPD and year a ditetapkan PK Induk with a row per indicator and a program per sasaran
        strategis; realisations of every quarter; budget spent per quarter and absorbed per month."""
        u, rng = self.u, self.rng
        k = u.sasaran_per_opd
        perjanjian = []
        for opd in opds:
            for tahun in u.years:
                submitted = timezone.make_aware(datetime.datetime(tahun, 1, 20, 9))
                perjanjian.append(
                    PerjanjianKinerja(
                        opd=opd,
                        periode=periode,
                        tahun=tahun,
                        pihak_pertama=who["head_of"][opd.pk],
                        pihak_kedua=who["kepala_daerah"],
                        tempat=who["tempat"],
                        tanggal=datetime.date(tahun, 1, 31),
                        status=PerjanjianKinerja.Status.DITETAPKAN,
                        diajukan_oleh=who["planner_of"][opd.pk],
                        diajukan_pada=submitted,
                        ditetapkan_oleh=who["kepala_of"][opd.pk],
                        ditetapkan_pada=submitted + datetime.timedelta(days=10),
                    )
                )
        # Budget first, in memory: the frozen signatories carry its total.
        budget = {}
        for pk in perjanjian:
            o = pk.opd.urutan
            rows = []
            for j, ss in enumerate(strategis[(o - 1) * k : o * k]):
                pagu = Decimal(rng.randint(5, 95)) * Decimal(100_000_000) * (1 + Decimal(pk.tahun - u.years[0]) / 20)
                rows.append(
                    AnggaranPK(
                        perjanjian=pk,
                        jenis=AnggaranPK.Jenis.PROGRAM,
                        sasaran=ss,
                        kode=f"9.{o:03d}.{j + 1:02d}",
                        nama=program_of[ss.pk].nomenklatur,
                        pagu=_round(pagu, 0),
                        urutan=j + 1,
                    )
                )
            budget[(pk.opd.pk, pk.tahun)] = rows
            kop = {"nama": pemda.nama_pemerintah, "alamat": pemda.alamat, "telepon": pemda.telepon}
            pk.penandatangan = {
                "pertama": _snapshot(pk.pihak_pertama),
                "kedua": _snapshot(pk.pihak_kedua),
                "kop": kop,
                "tempat": pk.tempat,
                "tanggal": pk.tanggal.isoformat(),
                "anggaran_total": format_decimal(jumlah_anggaran(rows), 2),
            }
        perjanjian = self.bulk(perjanjian)
        anggaran = self.bulk([row for pk in perjanjian for row in budget[(pk.opd.pk, pk.tahun)]])

        by_opd: dict[int, list[Indikator]] = {}
        for ind in indicators:
            by_opd.setdefault(ind.sasaran.opd_id, []).append(ind)
        rows = []
        row_of = {}
        for pk in perjanjian:
            for order, ind in enumerate(by_opd[pk.opd.pk], start=1):
                t = target_of[(ind.pk, pk.tahun)]
                row = BarisPK(
                    perjanjian=pk,
                    indikator=ind,
                    urutan=order,
                    target=t.nilai,
                    batas_bawah=t.batas_bawah,
                    batas_atas=t.batas_atas,
                    target_renstra=t.nilai,
                )
                if t.nilai is not None:
                    row.tw1, row.tw2, row.tw3, row.tw4 = _rencana_aksi(ind, t.nilai)
                row.bekukan()
                rows.append(row)
                row_of[(ind.pk, pk.tahun)] = row
        self.copy(rows)
        del rows

        last = u.years[-1]
        realisasi = []
        for ind in indicators:
            opd_id = ind.sasaran.opd_id
            planner, evaluator = who["planner_of"][opd_id], who["evaluator"]
            for tahun in u.years:
                row = row_of[(ind.pk, tahun)]
                for q in (1, 2, 3, 4):
                    status = Realisasi.Status.TERVERIFIKASI
                    if tahun == last:
                        status = [
                            Realisasi.Status.TERVERIFIKASI,
                            Realisasi.Status.DIAJUKAN if ind.urutan % 7 == 3 else Realisasi.Status.TERVERIFIKASI,
                            Realisasi.Status.DIKEMBALIKAN if ind.urutan % 5 == 2 else Realisasi.Status.DIAJUKAN,
                            Realisasi.Status.DRAFT,
                        ][q - 1]
                    nilai = self.value(row, q)
                    at = timezone.make_aware(datetime.datetime(tahun + (q == 4), (q * 3) % 12 + 1, 5, 10))
                    verified = status == Realisasi.Status.TERVERIFIKASI
                    realisasi.append(
                        Realisasi(
                            opd_id=opd_id,
                            indikator=ind,
                            tahun=tahun,
                            triwulan=q,
                            nilai=nilai,
                            bukti_tautan=f"https://data.skala.invalid/{pemda.kode}/{tahun}/tw{q}/{ind.pk}",
                            bukti_keterangan="Rekap data triwulan dari unit penanggung jawab.",
                            faktor_pendukung="Dukungan anggaran dan koordinasi lintas bidang berjalan baik.",
                            upaya="Pendampingan pelaporan dan rapat evaluasi bulanan.",
                            status=status,
                            catatan="Lengkapi rincian per kecamatan pada bukti dukung."
                            if status == Realisasi.Status.DIKEMBALIKAN
                            else "",
                            diajukan_oleh=planner if status != Realisasi.Status.DRAFT else None,
                            diajukan_pada=at if status != Realisasi.Status.DRAFT else None,
                            diverifikasi_oleh=evaluator if verified else None,
                            diverifikasi_pada=at + datetime.timedelta(days=7) if verified else None,
                        )
                    )
            if len(realisasi) >= 5 * BATCH:
                self.copy(realisasi)
                realisasi = []
        self.copy(realisasi)

        spent = []
        for row in anggaran:
            for q in (1, 2, 3, 4):
                share = QUARTER_SHARE[q] * Decimal(rng.randint(86, 100)) / 100
                spent.append(RealisasiAnggaran(anggaran=row, triwulan=q, nilai=_round(row.pagu * share, 0)))
        self.copy(spent)

        serapan = []
        for opd in opds:
            for tahun in u.years:
                pagu = jumlah_anggaran(budget[(opd.pk, tahun)])
                factor = Decimal(rng.randint(90, 100)) / 100
                for bulan, share in enumerate(MONTH_SHARE, start=1):
                    serapan.append(
                        SerapanAnggaran(
                            opd=opd,
                            tahun=tahun,
                            bulan=bulan,
                            pagu=pagu,
                            realisasi_sd=min(pagu, _round(pagu * share * factor, 0)),
                            diisi_oleh=who["planner_of"][opd.pk],
                        )
                    )
        self.copy(serapan)

    def value(self, row: BarisPK, quarter: int) -> Decimal:
        """A realisation near the quarter's target; the quarter's own amount for cumulative ones."""
        ind = row.indikator
        factor = Decimal(self.rng.randint(86, 108)) / 100
        if ind.polaritas == STAB:
            return _round((row.batas_bawah + row.batas_atas) / 2 * factor, 2)
        targets = row.triwulan
        target = targets[quarter - 1]
        if ind.agregasi == KUM and quarter > 1:
            target = target - targets[quarter - 2]
        if ind.polaritas == MIN:
            factor = 2 - factor
        return _round(target * factor, 2)

    def evaluations(self, pemda, opds, evaluator) -> None:
        """Per OPD an evaluation of every year but the last: final except the latest (being scored),
        every criterion answered on both sides, two recommendations each."""
        if self.template is None or not self.u.evaluated_years:
            return
        u, rng = self.u, self.rng
        latest = u.evaluated_years[-1]
        evaluations = []
        for opd in opds:
            for tahun in u.evaluated_years:
                e = Evaluasi(
                    pemda=pemda,
                    opd=opd,
                    tahun=tahun,
                    template=self.template,
                    simpulan=f"Implementasi SAKIP {opd.nama} tahun {tahun} sudah berjalan; "
                    "perbaikan pada komponen perencanaan.",
                )
                if tahun != latest:
                    e.status = Evaluasi.Status.FINAL
                    e.difinalkan_oleh = evaluator
                    e.difinalkan_pada = timezone.make_aware(datetime.datetime(tahun + 1, 5, 31, 15))
                    e.beku = bagian_beku(e, evaluator)
                evaluations.append(e)
        evaluations = self.bulk(evaluations)
        dijawab = defaultdict(lambda: ({}, {}))  # a final evaluation's answers, to freeze its scores
        answers = []
        for e in evaluations:
            level = Decimal(rng.randint(55, 85)) / 100 + Decimal(e.tahun - u.years[0]) / 50
            for kriteria in self.kriteria:
                options = self.options[kriteria.pk]
                chosen = {}
                for side, lift in (("mandiri", Decimal("0.08")), ("evaluator", Decimal(0))):
                    noise = Decimal(rng.randint(-25, 25)) / 100
                    here = Decimal(1) if kriteria.pk in self.roots else level + lift + noise
                    best = options[-1].nilai or Decimal(1)
                    chosen[side] = min(options, key=lambda o: abs(o.nilai / best - here))
                weak = chosen["evaluator"].nilai < options[-1].nilai * Decimal("0.7")
                if e.final:
                    dijawab[e.pk][0][kriteria.pk] = chosen["mandiri"].nilai
                    dijawab[e.pk][1][kriteria.pk] = chosen["evaluator"].nilai
                answers.append(
                    Jawaban(
                        evaluasi=e,
                        kriteria=kriteria,
                        opsi_mandiri=chosen["mandiri"],
                        opsi_evaluator=chosen["evaluator"],
                        catatan_evaluator=FINDING if weak else "",
                        bukti_dokumen=["renstra", "pk"],
                        versi=2,
                        diubah_oleh=evaluator,
                        diubah_pada=self.now,
                    )
                )
            if len(answers) >= 5 * BATCH:
                self.copy(answers)
                answers = []
        self.copy(answers)
        # What finalising freezes (``evaluasi.services.evaluasi_finalkan``): the scores as well.
        lembar = lembar_banyak({self.template.pk}, using=self.using)[self.template.pk]
        final = [e for e in evaluations if e.final]
        for e in final:
            e.beku["skor"] = lembar.skor(*dijawab[e.pk]).ke_data()
        Evaluasi.objects.using(self.using).bulk_update(final, ["beku"], batch_size=BATCH)
        self.bulk(
            [
                Rekomendasi(
                    evaluasi=e,
                    komponen=self.komponen[(e.opd.urutan + n) % len(self.komponen)] if self.komponen else None,
                    nomor=n + 1,
                    uraian=RECOMMENDATION,
                    batas_waktu=datetime.date(e.tahun + 2, 3, 31),
                    dibuat_oleh=evaluator,
                )
                for e in evaluations
                for n in range(2)
            ]
        )


def generate(ukuran: Ukuran, *, using: str = "default", progress: Callable[[str], None] | None = None) -> Ringkasan:
    """Write the scale data (refused while generated pemda exist: remove them first with ``hapus``)."""
    if scale_pemda(using).exists():
        raise ValueError("Data skala sudah ada; hapus dahulu (--hapus).")
    return Generator(ukuran, using=using, progress=progress).run()
