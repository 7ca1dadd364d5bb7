"""The performance tree (pohon kinerja) and its indicators with every field of a Manual IKU sheet.

A Sasaran is one node of the tree: a pemda's tujuan or sasaran (RPJMD), an OPD's sasaran strategis
(Renstra), and the lower levels down to individual staff (PermenPANRB 89/2021). A node may support
several parents, also in other OPDs (crosscutting). Indicators measure a node and carry a target for
each year of the period.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.models import Pejabat, Pemda, PerangkatDaerah, Periode, UnitKerja
from sakip.numbers import format_decimal


class Renstra(models.Model):
    """An OPD's strategic plan inside an RPJMD period."""

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="renstra", verbose_name=_("OPD"))
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="renstra", verbose_name=_("periode"))
    nomor_dokumen = models.CharField(_("nomor penetapan"), max_length=120, blank=True)
    tanggal_penetapan = models.DateField(_("tanggal penetapan"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Renstra")
        verbose_name_plural = _("Renstra")
        constraints = [models.UniqueConstraint(fields=["opd", "periode"], name="renstra_unik_per_opd_periode")]

    def __str__(self) -> str:
        return f"Renstra {self.opd.singkatan} {self.periode.tahun_awal}–{self.periode.tahun_akhir}"


class SkalaKualitatif(models.Model):
    """An ordered scale for a qualitative indicator, each step mapped to a number (WTP = 4 ... TMP = 1).
    Seeded by a data migration; a pemda may add its own."""

    pemda = models.ForeignKey(
        Pemda,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Kosong: untuk semua pemda."),
    )
    nama = models.CharField(_("nama skala"), max_length=120)
    keterangan = models.TextField(_("keterangan"), blank=True)

    class Meta:
        verbose_name = _("skala kualitatif")
        verbose_name_plural = _("skala kualitatif")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama


class NilaiSkala(models.Model):
    skala = models.ForeignKey(SkalaKualitatif, on_delete=models.CASCADE, related_name="nilai")
    kode = models.CharField(_("kode"), max_length=20)
    label = models.CharField(_("label"), max_length=120)
    nilai = models.DecimalField(_("nilai angka"), max_digits=8, decimal_places=2)

    class Meta:
        verbose_name = _("nilai skala")
        verbose_name_plural = _("nilai skala")
        ordering = ["skala", "-nilai"]
        constraints = [
            models.UniqueConstraint(fields=["skala", "kode"], name="nilai_skala_kode_unik"),
            models.UniqueConstraint(fields=["skala", "nilai"], name="nilai_skala_nilai_unik"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} ({self.label})"


class Tingkat(models.TextChoices):
    """Levels of the tree, from the pemda's goals down to individual staff, in order."""

    TUJUAN_PEMDA = "tujuan_pemda", _("Tujuan RPJMD")
    SASARAN_PEMDA = "sasaran_pemda", _("Sasaran RPJMD")
    TUJUAN_OPD = "tujuan_opd", _("Tujuan Renstra")
    SASARAN_STRATEGIS = "sasaran_strategis", _("Sasaran Strategis")
    SASARAN_PROGRAM = "sasaran_program", _("Sasaran Program")
    SASARAN_KEGIATAN = "sasaran_kegiatan", _("Sasaran Kegiatan")
    SASARAN_SUBKEGIATAN = "sasaran_subkegiatan", _("Sasaran Sub Kegiatan")
    INDIVIDU = "individu", _("Kinerja Individu")

    @classmethod
    def rank(cls, value: str) -> int:
        return cls.values.index(value)


PEMDA_LEVELS = frozenset({Tingkat.TUJUAN_PEMDA, Tingkat.SASARAN_PEMDA})
# Levels whose result is an outcome: measuring them only by activity counts is "kerja, bukan kinerja".
OUTCOME_LEVELS = frozenset({Tingkat.TUJUAN_PEMDA, Tingkat.SASARAN_PEMDA, Tingkat.TUJUAN_OPD, Tingkat.SASARAN_STRATEGIS})


class SasaranQuerySet(models.QuerySet):
    def for_periode(self, periode: Periode) -> SasaranQuerySet:
        return self.filter(periode=periode)

    def for_tree_page(self) -> SasaranQuerySet:
        """The pohon kinerja page and the quality check: nodes with parents, units and indicators."""
        return self.select_related("opd", "unit", "pejabat").prefetch_related(
            "parents", models.Prefetch("indikator", queryset=Indikator.objects.order_by("urutan", "kode"))
        )


class Sasaran(models.Model):
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="sasaran", verbose_name=_("periode"))
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="sasaran", verbose_name=_("pemda"))
    opd = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sasaran",
        verbose_name=_("perangkat daerah"),
        help_text=_("Kosong untuk tujuan dan sasaran RPJMD."),
    )
    unit = models.ForeignKey(
        UnitKerja, on_delete=models.PROTECT, null=True, blank=True, related_name="sasaran", verbose_name=_("unit kerja")
    )
    pejabat = models.ForeignKey(
        Pejabat, on_delete=models.PROTECT, null=True, blank=True, related_name="sasaran", verbose_name=_("pegawai")
    )
    tingkat = models.CharField(_("tingkat"), max_length=24, choices=Tingkat.choices)
    kode = models.CharField(
        _("kode"), max_length=20, help_text=_("Unik dalam periode dan perangkat daerah, mis. SS.1 atau SP.1.2")
    )
    uraian = models.TextField(_("uraian sasaran"), help_text=_("Kondisi yang ingin dicapai, bukan kegiatan."))
    nomenklatur = models.CharField(
        _("program/kegiatan"),
        max_length=255,
        blank=True,
        help_text=_("Nomenklatur program, kegiatan atau sub kegiatan (Kepmendagri 050), bila ada."),
    )
    parents = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="children",
        verbose_name=_("mendukung sasaran"),
        help_text=_("Sasaran di atasnya yang didukung; boleh lebih dari satu, juga lintas perangkat daerah."),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    objects = SasaranQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[parents])

    class Meta:
        verbose_name = _("sasaran")
        verbose_name_plural = _("sasaran")
        ordering = ["periode", "opd", "urutan", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["periode", "opd", "kode"],
                condition=Q(opd__isnull=False),
                name="sasaran_kode_unik_per_opd",
                violation_error_message=_("Kode ini sudah dipakai sasaran lain di perangkat daerah ini."),
            ),
            models.UniqueConstraint(
                fields=["periode", "kode"],
                condition=Q(opd__isnull=True),
                name="sasaran_kode_unik_per_pemda",
                violation_error_message=_("Kode ini sudah dipakai tujuan/sasaran RPJMD lain."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.uraian}"

    def get_absolute_url(self) -> str:
        return reverse("iku_manual:sasaran_detail", args=[self.pk])

    @property
    def is_pemda_level(self) -> bool:
        return self.tingkat in PEMDA_LEVELS

    def clean(self) -> None:
        errors = {}
        if self.tingkat in PEMDA_LEVELS and self.opd_id:
            errors["opd"] = _("Tujuan dan sasaran RPJMD milik pemda, bukan perangkat daerah.")
        if self.tingkat and self.tingkat not in PEMDA_LEVELS and not self.opd_id:
            errors["opd"] = _("Sasaran tingkat ini milik satu perangkat daerah.")
        if self.opd_id and self.pemda_id and self.opd.pemda_id != self.pemda_id:
            errors["opd"] = _("Perangkat daerah harus milik pemda yang sama.")
        if self.periode_id and self.pemda_id and self.periode.pemda_id != self.pemda_id:
            errors["periode"] = _("Periode harus milik pemda yang sama.")
        if self.unit_id and self.unit.opd_id != self.opd_id:
            errors["unit"] = _("Unit kerja harus berada di perangkat daerah sasaran ini.")
        if errors:
            raise ValidationError(errors)


def validate_parents(child_tingkat: str, parents) -> None:
    """A node supports nodes above its own level, in the same period."""
    for parent in parents:
        if Tingkat.rank(parent.tingkat) >= Tingkat.rank(child_tingkat):
            raise ValidationError(
                _("%(kode)s (%(tingkat)s) tidak berada di atas tingkat sasaran ini.")
                % {"kode": parent.kode, "tingkat": parent.get_tingkat_display()}
            )


class Indikator(models.Model):
    """An indicator with every field of a Manual IKU sheet (PermenPAN 09/2007, 20/2008)."""

    class Jenis(models.TextChoices):
        INPUT = "input", _("Input")
        OUTPUT = "output", _("Output")
        OUTCOME = "outcome", _("Outcome")
        IMPACT = "impact", _("Dampak")

    class Polaritas(models.TextChoices):
        MAXIMIZE = "maximize", _("Maximize: makin tinggi makin baik")
        MINIMIZE = "minimize", _("Minimize: makin rendah makin baik")
        STABILIZE = "stabilize", _("Stabilize: baik bila di dalam rentang")

    class Agregasi(models.TextChoices):
        KUMULATIF = "kumulatif", _("Kumulatif (dijumlahkan tiap triwulan)")
        TERAKHIR = "terakhir", _("Nilai terakhir")
        RATA_RATA = "rata_rata", _("Rata-rata triwulan")

    class Frekuensi(models.TextChoices):
        BULANAN = "bulanan", _("Bulanan")
        TRIWULANAN = "triwulanan", _("Triwulanan")
        SEMESTERAN = "semesteran", _("Semesteran")
        TAHUNAN = "tahunan", _("Tahunan")

    class Faktor(models.IntegerChoices):
        SATU = 1, _("tanpa faktor (×1)")
        PERSEN = 100, _("persen (×100)")
        PER_SERIBU = 1000, _("per 1.000")
        PER_SERATUS_RIBU = 100000, _("per 100.000")

    sasaran = models.ForeignKey(Sasaran, on_delete=models.PROTECT, related_name="indikator", verbose_name=_("sasaran"))
    kode = models.CharField(_("kode"), max_length=20, help_text=_("Unik dalam sasaran, mis. IKU.1"))
    nama = models.CharField(_("nama indikator"), max_length=500)
    definisi_operasional = models.TextField(_("definisi operasional"), blank=True)
    alasan_pemilihan = models.TextField(_("alasan pemilihan indikator"), blank=True)
    formula = models.TextField(_("formula"), blank=True, help_text=_("Cara menghitung, dalam kalimat."))
    pembilang = models.CharField(_("pembilang"), max_length=500, blank=True)
    penyebut = models.CharField(_("penyebut"), max_length=500, blank=True)
    faktor = models.PositiveIntegerField(_("faktor pengali"), choices=Faktor.choices, default=Faktor.SATU)
    satuan = models.CharField(_("satuan"), max_length=40, help_text=_("%, orang, indeks, predikat, ..."))
    jenis = models.CharField(_("jenis indikator"), max_length=10, choices=Jenis.choices, default=Jenis.OUTCOME)
    is_iku = models.BooleanField(_("indikator kinerja utama (IKU)"), default=True)
    polaritas = models.CharField(_("polaritas"), max_length=10, choices=Polaritas.choices, default=Polaritas.MAXIMIZE)
    agregasi = models.CharField(
        _("agregasi triwulan"), max_length=10, choices=Agregasi.choices, default=Agregasi.TERAKHIR
    )

    class RumusMinimize(models.TextChoices):
        DUA_MINUS = "2_minus", _("(2 − realisasi/target) × 100%")
        INVERSE = "inverse", _("target/realisasi × 100%")

    rumus_minimize = models.CharField(
        _("rumus capaian (minimize)"),
        max_length=10,
        choices=RumusMinimize.choices,
        blank=True,
        help_text=_("Kosongkan untuk memakai pengaturan pemda. Hanya berlaku untuk indikator minimize/stabilize."),
    )
    skala = models.ForeignKey(
        SkalaKualitatif,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("skala kualitatif"),
        help_text=_("Hanya untuk indikator kualitatif, mis. opini BPK."),
    )
    sumber_data = models.CharField(_("sumber data"), max_length=500, blank=True)
    penanggung_jawab = models.ForeignKey(
        UnitKerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indikator",
        verbose_name=_("penanggung jawab"),
    )
    frekuensi = models.CharField(
        _("frekuensi pelaporan"), max_length=12, choices=Frekuensi.choices, default=Frekuensi.TRIWULANAN
    )
    baseline_tahun = models.PositiveSmallIntegerField(
        _("tahun baseline"), null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    baseline_nilai = models.DecimalField(_("nilai baseline"), max_digits=20, decimal_places=4, null=True, blank=True)
    # LKjIP analysis (4) (PermenPANRB 53/2014) compares the year's realisation with it.
    standar_nasional = models.DecimalField(
        _("standar nasional"),
        max_digits=20,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Nilai standar atau pembanding nasional (SPM, rata-rata nasional), bila ada."),
    )
    standar_nasional_sumber = models.CharField(
        _("sumber standar nasional"),
        max_length=200,
        blank=True,
        help_text=_("Mis. SPM Bidang Kesehatan, Permenkes 6/2024."),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indikator")
        verbose_name_plural = _("indikator")
        ordering = ["sasaran", "urutan", "kode"]
        constraints = [
            models.UniqueConstraint(
                fields=["sasaran", "kode"],
                name="indikator_kode_unik_per_sasaran",
                violation_error_message=_("Kode ini sudah dipakai indikator lain pada sasaran ini."),
            )
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("iku_manual:indikator_detail", args=[self.pk])

    @property
    def is_kualitatif(self) -> bool:
        return self.skala_id is not None

    @property
    def is_persen(self) -> bool:
        return self.satuan.strip().lower() in {"%", "persen", "persentase"}


class TargetIndikator(models.Model):
    """The target of one indicator for one year: a number, or a range for a stabilize indicator.
    Qualitative targets are stored as the number their scale maps them to."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="targets")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    nilai = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True, blank=True)
    batas_bawah = models.DecimalField(_("batas bawah"), max_digits=20, decimal_places=4, null=True, blank=True)
    batas_atas = models.DecimalField(_("batas atas"), max_digits=20, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("target indikator")
        verbose_name_plural = _("target indikator")
        ordering = ["indikator", "tahun"]
        constraints = [
            models.UniqueConstraint(fields=["indikator", "tahun"], name="target_unik_per_tahun"),
            models.CheckConstraint(
                condition=Q(batas_bawah__isnull=True)
                | Q(batas_atas__isnull=True)
                | Q(batas_bawah__lte=models.F("batas_atas")),
                name="target_rentang_berurutan",
                violation_error_message=_("Batas bawah tidak boleh melebihi batas atas."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} {self.tahun}: {self.tampil()}"

    @property
    def is_rentang(self) -> bool:
        return self.batas_bawah is not None or self.batas_atas is not None

    def tampil(self, skala_labels: dict[Decimal, str] | None = None) -> str:
        """The target as written on the manual: "12,5", "10–20", or "WTP"."""
        if self.is_rentang:
            return f"{format_decimal(self.batas_bawah)}–{format_decimal(self.batas_atas)}"
        if self.nilai is None:
            return ""
        if skala_labels:
            return skala_labels.get(self.nilai.normalize(), format_decimal(self.nilai))
        return format_decimal(self.nilai)
