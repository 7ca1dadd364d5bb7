"""Perjanjian Kinerja (PermenPANRB 53/2014): the year's signed promise of an official, with its rows
(sasaran, indikator, target, quarterly targets) and budget; and the capaian conventions as data.

Workflow and the "ditetapkan means locked" rule live in ``perjanjian/services.py``; the rules that
compute capaian live in ``perjanjian/capaian.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from iku_manual.models import Indikator
from perjanjian import capaian
from sakip import uploads
from sakip.models import Pejabat, Pemda, PerangkatDaerah, Periode, UnitKerja

DECIMAL = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class DokumenTerkunci(ValidationError):
    """Raised by every write to a ditetapkan agreement or its rows."""

    def __init__(self):
        super().__init__(
            _("Perjanjian kinerja yang sudah ditetapkan tidak dapat diubah; buat PK Perubahan."), code="terkunci"
        )


class LockedByAgreement(models.Model):
    """Rows of an agreement: refused once the agreement is ditetapkan (deletes: see the signal below)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._refuse_if_locked()
        super().save(*args, **kwargs)

    def _refuse_if_locked(self) -> None:
        if PerjanjianKinerja.objects.filter(pk=self.perjanjian_id, status=PerjanjianKinerja.Status.DITETAPKAN).exists():
            raise DokumenTerkunci


class PerjanjianKinerja(models.Model):
    """One version of one official's agreement for one year: the OPD head's (``unit`` empty) with the
    kepala daerah, or a unit head's (eselon III/IV) with the superior."""

    class Jenis(models.TextChoices):
        INDUK = "induk", _("PK Induk")
        PERUBAHAN = "perubahan", _("PK Perubahan")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
        DITETAPKAN = "ditetapkan", _("Ditetapkan")

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="perjanjian_kinerja")
    periode = models.ForeignKey(Periode, on_delete=models.PROTECT, related_name="perjanjian_kinerja")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perjanjian_kinerja",
        help_text=_("Kosong untuk PK kepala perangkat daerah; diisi untuk PK eselon III/IV."),
    )
    jenis = models.CharField(_("jenis"), max_length=10, choices=Jenis.choices, default=Jenis.INDUK)
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    menggantikan = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perubahan",
        verbose_name=_("mengubah PK"),
    )
    alasan_perubahan = models.TextField(_("alasan perubahan"), blank=True)
    dasar_hukum = models.TextField(_("dasar hukum perubahan"), blank=True)
    pihak_pertama = models.ForeignKey(
        Pejabat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("pihak pertama")
    )
    pihak_kedua = models.ForeignKey(
        Pejabat, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("pihak kedua")
    )
    tempat = models.CharField(_("tempat penandatanganan"), max_length=100, blank=True)
    tanggal = models.DateField(_("tanggal penandatanganan"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    catatan = models.TextField(_("catatan pengembalian"), blank=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    ditetapkan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ditetapkan_pada = models.DateTimeField(null=True, blank=True)
    # Frozen at approval: the signatories (name, NIP, pangkat, jabatan, Plt./Plh.) and the letterhead,
    # so a later change of official or pemda profile never alters a signed agreement.
    penandatangan = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perjanjian kinerja")
        verbose_name_plural = _("perjanjian kinerja")
        ordering = ["-tahun", "opd_id", "unit_id", "-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "versi"],
                condition=Q(unit__isnull=True),
                name="pk_satu_per_kepala_opd_tahun_versi",
                violation_error_message=_("PK kepala perangkat daerah untuk tahun dan versi ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["unit", "tahun", "versi"],
                condition=Q(unit__isnull=False),
                name="pk_satu_per_unit_tahun_versi",
                violation_error_message=_("PK unit ini untuk tahun dan versi ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(jenis="induk", versi=1, menggantikan__isnull=True)
                | Q(jenis="perubahan", versi__gt=1, menggantikan__isnull=False),
                name="pk_versi_sesuai_jenis",
            ),
        ]

    def __str__(self) -> str:
        siapa = self.unit.nama if self.unit_id else self.opd.nama
        return f"{self.get_jenis_display()} {self.tahun} {siapa}" + (f" (versi {self.versi})" if self.versi > 1 else "")

    def save(self, *args, **kwargs):
        # Locked means locked, whatever the route (view, admin, import, shell): a ditetapkan agreement
        # changes only through a new PK Perubahan.
        if self.pk and PerjanjianKinerja.objects.filter(pk=self.pk, status=self.Status.DITETAPKAN).exists():
            raise DokumenTerkunci
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("perjanjian:pk_detail", args=[self.pk])

    @property
    def terkunci(self) -> bool:
        return self.status == self.Status.DITETAPKAN

    @property
    def dapat_diubah(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.DIKEMBALIKAN}


class BarisPK(LockedByAgreement):
    """A row of the agreement: an indicator of a sasaran with the year's target and the rencana aksi
    (targets for TW I–IV). ``target_renstra`` keeps the Renstra target the row started from, so the
    page can show the difference."""

    perjanjian = models.ForeignKey(PerjanjianKinerja, on_delete=models.CASCADE, related_name="baris")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="baris_pk")
    target = models.DecimalField(_("target"), **DECIMAL)
    batas_bawah = models.DecimalField(_("batas bawah"), **DECIMAL)
    batas_atas = models.DecimalField(_("batas atas"), **DECIMAL)
    target_renstra = models.DecimalField(_("target Renstra"), **DECIMAL)
    tw1 = models.DecimalField(_("target TW I"), **DECIMAL)
    tw2 = models.DecimalField(_("target TW II"), **DECIMAL)
    tw3 = models.DecimalField(_("target TW III"), **DECIMAL)
    tw4 = models.DecimalField(_("target TW IV"), **DECIMAL)
    urutan = models.PositiveSmallIntegerField(default=0)
    # Frozen at approval: what the signed document says (sasaran and indicator names, satuan) and how
    # it is measured (polaritas, agregasi, rumus), so a later edit in the Manual IKU changes neither
    # the signed PK nor its capaian. Empty until then: drafts follow the Manual IKU.
    beku = models.JSONField(default=dict, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("baris perjanjian kinerja")
        verbose_name_plural = _("baris perjanjian kinerja")
        ordering = ["urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["perjanjian", "indikator"],
                name="baris_pk_indikator_unik",
                violation_error_message=_("Indikator ini sudah ada dalam perjanjian kinerja."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.indikator} {self.perjanjian.tahun}"

    @property
    def triwulan(self) -> list:
        return [self.tw1, self.tw2, self.tw3, self.tw4]

    BEKU_FIELDS = {
        "sasaran_kode": ("indikator", "sasaran", "kode"),
        "sasaran_uraian": ("indikator", "sasaran", "uraian"),
        "indikator_kode": ("indikator", "kode"),
        "indikator_nama": ("indikator", "nama"),
        "satuan": ("indikator", "satuan"),
        "polaritas": ("indikator", "polaritas"),
        "agregasi": ("indikator", "agregasi"),
        "rumus_minimize": ("indikator", "rumus_minimize"),
    }

    def bekukan(self) -> None:
        """Copy what the agreement says from the Manual IKU (called at approval)."""
        self.beku = {key: self._live(path) for key, path in self.BEKU_FIELDS.items()}

    def _live(self, path: tuple[str, ...]):
        value = self
        for name in path:
            value = getattr(value, name)
        return value

    @property
    def teks(self) -> dict:
        """The frozen-or-live texts for templates: ``row.teks.indikator_nama``."""
        return {
            key: self.isi(key)
            for key in ("sasaran_kode", "sasaran_uraian", "indikator_kode", "indikator_nama", "satuan")
        }

    def isi(self, key: str):
        """A frozen value once the PK is ditetapkan, the Manual IKU's until then."""
        if self.beku and key in self.beku:
            return self.beku[key]
        return self._live(self.BEKU_FIELDS[key])


class AnggaranPK(LockedByAgreement):
    """Programs, kegiatan and sub kegiatan with their budget (pagu), in Rupiah."""

    class Jenis(models.TextChoices):
        PROGRAM = "program", _("Program")
        KEGIATAN = "kegiatan", _("Kegiatan")
        SUB_KEGIATAN = "sub_kegiatan", _("Sub Kegiatan")

    perjanjian = models.ForeignKey(PerjanjianKinerja, on_delete=models.CASCADE, related_name="anggaran")
    jenis = models.CharField(_("jenis"), max_length=12, choices=Jenis.choices, default=Jenis.PROGRAM)
    sasaran = models.ForeignKey(
        "iku_manual.Sasaran",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="anggaran_pk",
        verbose_name=_("sasaran yang didukung"),
        help_text=_("Untuk membandingkan capaian sasaran dengan serapan anggarannya (efisiensi)."),
    )
    # The row of the previous version this one was copied from (PK Perubahan): budget realisations
    # entered on the old version are carried over when the Perubahan is ditetapkan.
    asal = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kode = models.CharField(_("kode rekening"), max_length=40, blank=True)
    nama = models.CharField(_("nama"), max_length=500)
    pagu = models.DecimalField(_("anggaran (Rp)"), max_digits=18, decimal_places=2)
    keterangan = models.CharField(_("keterangan"), max_length=255, blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("anggaran perjanjian kinerja")
        verbose_name_plural = _("anggaran perjanjian kinerja")
        ordering = ["urutan", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pagu__gte=0),
                name="anggaran_pk_tidak_negatif",
                violation_error_message=_("Anggaran tidak boleh negatif."),
            )
        ]

    def __str__(self) -> str:
        return self.nama


ANGGARAN_LEVELS = [AnggaranPK.Jenis.PROGRAM, AnggaranPK.Jenis.KEGIATAN, AnggaranPK.Jenis.SUB_KEGIATAN]


def level_dijumlah(jenis) -> str | None:
    """Which budget rows make a total: those of the highest level present. A PK that lists programs
    and, under them, their kegiatan would otherwise count the same money twice."""
    present = set(jenis)
    return next((level for level in ANGGARAN_LEVELS if level in present), None)


def anggaran_dijumlah(rows) -> list:
    """The budget rows (anything with ``jenis``) that count towards a total, by ``level_dijumlah``."""
    rows = list(rows)
    level = level_dijumlah(row.jenis for row in rows)
    return [row for row in rows if row.jenis == level]


def jumlah_anggaran(rows) -> Decimal:
    """The total pagu of budget rows, without counting a program and its kegiatan twice."""
    return sum((row.pagu for row in anggaran_dijumlah(rows)), start=Decimal(0))


class Triwulan(models.IntegerChoices):
    TW1 = 1, _("TW I")
    TW2 = 2, _("TW II")
    TW3 = 3, _("TW III")
    TW4 = 4, _("TW IV")


class RealisasiQuerySet(models.QuerySet):
    def for_year(self, tahun: int) -> RealisasiQuerySet:
        return self.filter(tahun=tahun)

    def terverifikasi(self) -> RealisasiQuerySet:
        return self.filter(status=Realisasi.Status.TERVERIFIKASI)


class Realisasi(models.Model):
    """What an indicator reached in one quarter, with its evidence and analysis.

    Keyed by indicator, year and quarter rather than by a PK row, so a PK Perubahan in the middle of
    the year keeps the realisations already entered; capaian compares them with the targets of the
    latest ditetapkan version. For a cumulative indicator the value is the quarter's own amount (the
    quarters are summed); otherwise it is the position at the end of the quarter.

    Terverifikasi means locked: only the evaluator's "batalkan verifikasi" (a service) reopens it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        DIAJUKAN = "diajukan", _("Diajukan")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")
        TERVERIFIKASI = "terverifikasi", _("Terverifikasi")

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="realisasi")
    indikator = models.ForeignKey(Indikator, on_delete=models.PROTECT, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=Triwulan.choices)
    nilai = models.DecimalField(_("realisasi"), max_digits=20, decimal_places=4)
    nilai_teks = models.CharField(
        _("realisasi (kualitatif)"), max_length=40, blank=True, help_text=_("Kode skala, mis. WTP.")
    )
    bukti = models.FileField(_("berkas bukti"), upload_to=uploads.bukti_path, max_length=255, blank=True)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    bukti_keterangan = models.TextField(_("keterangan bukti"), blank=True)
    faktor_pendukung = models.TextField(_("faktor pendukung"), blank=True)
    faktor_penghambat = models.TextField(_("faktor penghambat"), blank=True)
    upaya = models.TextField(_("upaya/solusi"), blank=True)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    catatan = models.TextField(_("catatan verifikasi"), blank=True)
    diajukan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diajukan_pada = models.DateTimeField(null=True, blank=True)
    diverifikasi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diverifikasi_pada = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = RealisasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("realisasi")
        verbose_name_plural = _("realisasi")
        ordering = ["tahun", "triwulan", "indikator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan"],
                name="realisasi_satu_per_indikator_triwulan",
                violation_error_message=_("Realisasi indikator ini untuk triwulan tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="realisasi_triwulan_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.indikator} {self.get_triwulan_display()} {self.tahun}"

    def save(self, *args, **kwargs):
        if (
            self.pk
            and not getattr(self, "_buka_verifikasi", False)
            and Realisasi.objects.filter(pk=self.pk, status=self.Status.TERVERIFIKASI).exists()
        ):
            raise RealisasiTerkunci
        super().save(*args, **kwargs)

    @property
    def terkunci(self) -> bool:
        return self.status == self.Status.TERVERIFIKASI

    @property
    def dapat_diubah(self) -> bool:
        return self.status in {self.Status.DRAFT, self.Status.DIKEMBALIKAN}

    @property
    def ada_bukti(self) -> bool:
        return bool(self.bukti or self.bukti_tautan or self.bukti_keterangan.strip())


class RealisasiTerkunci(ValidationError):
    def __init__(self):
        super().__init__(
            _("Realisasi yang sudah terverifikasi tidak dapat diubah; minta evaluator membatalkan verifikasinya."),
            code="terkunci",
        )


class JadwalRealisasi(models.Model):
    """When a quarter's realisations may be entered, set by the evaluators of a pemda. Without a
    schedule the quarter is open; after ``ditutup`` an OPD needs a reopening (``BukaKembali``)."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="jadwal_realisasi")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=Triwulan.choices)
    dibuka = models.DateField(_("dibuka"))
    ditutup = models.DateField(_("ditutup"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jadwal pengisian realisasi")
        verbose_name_plural = _("jadwal pengisian realisasi")
        ordering = ["pemda", "-tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "tahun", "triwulan"],
                name="jadwal_satu_per_triwulan",
                violation_error_message=_("Jadwal triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(ditutup__gte=models.F("dibuka")),
                name="jadwal_ditutup_setelah_dibuka",
                violation_error_message=_("Tanggal ditutup harus sama dengan atau setelah tanggal dibuka."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_triwulan_display()} {self.tahun}"


class BukaKembali(models.Model):
    """A late-entry permission for one OPD and quarter, granted by an evaluator until a date."""

    opd = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="buka_kembali")
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=Triwulan.choices)
    sampai = models.DateField(_("dibuka sampai"))
    alasan = models.TextField(_("alasan"))
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pembukaan kembali pengisian")
        verbose_name_plural = _("pembukaan kembali pengisian")
        ordering = ["-dibuat_pada"]

    def __str__(self) -> str:
        return f"{self.opd} {self.get_triwulan_display()} {self.tahun} s.d. {self.sampai}"


class RealisasiAnggaran(models.Model):
    """Budget spent on one PK budget row (a program, kegiatan or sub kegiatan) in one quarter, in
    Rupiah: the quarter's own spending; serapan sums the quarters against the pagu."""

    anggaran = models.ForeignKey(AnggaranPK, on_delete=models.CASCADE, related_name="realisasi")
    triwulan = models.PositiveSmallIntegerField(_("triwulan"), choices=Triwulan.choices)
    nilai = models.DecimalField(_("realisasi anggaran (Rp)"), max_digits=18, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("realisasi anggaran")
        verbose_name_plural = _("realisasi anggaran")
        ordering = ["anggaran_id", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["anggaran", "triwulan"],
                name="realisasi_anggaran_satu_per_triwulan",
                violation_error_message=_("Realisasi anggaran triwulan ini sudah ada."),
            ),
            models.CheckConstraint(
                condition=Q(nilai__gte=0),
                name="realisasi_anggaran_tidak_negatif",
                violation_error_message=_("Realisasi anggaran tidak boleh negatif."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.anggaran} {self.get_triwulan_display()}"


class PengaturanCapaian(models.Model):
    """How a pemda computes capaian: published reports differ, so this is a setting, not code."""

    class RumusMinimize(models.TextChoices):
        DUA_MINUS = capaian.RumusMinimize.DUA_MINUS, _("(2 − realisasi/target) × 100%")
        INVERS = capaian.RumusMinimize.INVERS, _("target/realisasi × 100%")

    class BatasMaksimum(models.IntegerChoices):
        __empty__ = _("tanpa batas atas")
        SERATUS = 100, _("100%")
        SERATUS_SEPULUH = 110, _("110%")
        SERATUS_DUA_PULUH = 120, _("120%")

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="pengaturan_capaian")
    rumus_minimize = models.CharField(
        _("rumus indikator minimize"), max_length=10, choices=RumusMinimize.choices, default=RumusMinimize.DUA_MINUS
    )
    batas_maksimum = models.PositiveSmallIntegerField(
        _("batas atas capaian"), choices=BatasMaksimum.choices, null=True, blank=True
    )
    batas_minimum_nol = models.BooleanField(_("capaian tidak kurang dari 0%"), default=True)
    ambang_efisiensi = models.DecimalField(
        _("ambang efisiensi (poin persen)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        help_text=_(
            "Selisih capaian kinerja dan serapan anggaran di atas ambang ini: efisien; "
            "di dalam ± ambang: cukup efisien; di bawahnya: tidak efisien."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaturan capaian")
        verbose_name_plural = _("pengaturan capaian")

    def __str__(self) -> str:
        return f"Pengaturan capaian {self.pemda}"

    def as_rules(self) -> capaian.Pengaturan:
        return capaian.Pengaturan(
            rumus_minimize=self.rumus_minimize,
            batas_maksimum=Decimal(self.batas_maksimum) if self.batas_maksimum else None,
            batas_minimum_nol=self.batas_minimum_nol,
            ambang_efisiensi=self.ambang_efisiensi,
        )

    @classmethod
    def untuk(cls, pemda: Pemda | int) -> capaian.Pengaturan:
        """The rules a pemda uses: its own settings, or the defaults. One query."""
        pemda_id = pemda.pk if isinstance(pemda, Pemda) else pemda
        row = cls.objects.filter(pemda_id=pemda_id).first()
        return row.as_rules() if row else capaian.Pengaturan()


class PredikatCapaian(models.Model):
    """One band of the capaian predicate scale. Rows without a pemda are the default (Permendagri
    86/2017, seeded by migration); a pemda with rows of its own uses those instead."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, null=True, blank=True, related_name="predikat_capaian")
    nilai_minimum = models.DecimalField(_("nilai minimum (%)"), max_digits=6, decimal_places=2)
    label = models.CharField(_("predikat"), max_length=40)
    warna = models.CharField(_("warna"), max_length=20, blank=True, help_text=_("Kelas warna Bootstrap, mis. success"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predikat capaian")
        verbose_name_plural = _("predikat capaian")
        ordering = ["pemda", "-nilai_minimum"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "nilai_minimum"], name="predikat_batas_unik_per_pemda"),
        ]

    def __str__(self) -> str:
        return f"≥ {self.nilai_minimum}: {self.label}"

    @classmethod
    def skala_untuk(cls, pemda: Pemda) -> list[capaian.Predikat]:
        """The scale a pemda uses: its own bands, or the default ones. One query."""
        rows = list(cls.objects.filter(models.Q(pemda=pemda) | models.Q(pemda__isnull=True)))
        own = [row for row in rows if row.pemda_id == pemda.pk]
        chosen = own or [row for row in rows if row.pemda_id is None]
        return [capaian.Predikat(row.nilai_minimum, row.label, row.warna) for row in chosen]


@receiver(pre_delete, sender=PerjanjianKinerja)
@receiver(pre_delete, sender=BarisPK)
@receiver(pre_delete, sender=AnggaranPK)
def refuse_deleting_locked(sender, instance, **kwargs):
    """QuerySet.delete() and cascades skip Model.delete(); the signal still runs for each row."""
    perjanjian_id = instance.pk if sender is PerjanjianKinerja else instance.perjanjian_id
    if PerjanjianKinerja.objects.filter(pk=perjanjian_id, status=PerjanjianKinerja.Status.DITETAPKAN).exists():
        raise DokumenTerkunci


@receiver(pre_delete, sender=Realisasi)
def refuse_deleting_verified(sender, instance, **kwargs):
    if Realisasi.objects.filter(pk=instance.pk, status=Realisasi.Status.TERVERIFIKASI).exists():
        raise RealisasiTerkunci
