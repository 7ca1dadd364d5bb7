"""What the leadership meeting follows each month besides kinerja: each OPD's budget absorption
(serapan anggaran) against its pagu and a target curve, and its response to public complaints through
SP4N-LAPOR.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pemantauan.hitung import NAMA_BULAN
from sakip.models import Pemda, PerangkatDaerah

BULAN = [(bulan, _(nama)) for bulan, nama in enumerate(NAMA_BULAN, start=1)]
BULAN_FIELD = {"choices": BULAN, "validators": [MinValueValidator(1), MaxValueValidator(12)]}
RUPIAH = {"max_digits": 18, "decimal_places": 2}


class KurvaSerapan(models.Model):
    """The target curve of cumulative absorption, month by month (for example 90 % by December).

    Rows with an empty pemda are the default seeded by a migration; a pemda that sets its own curve
    replaces the default for all twelve months.
    """

    pemda = models.ForeignKey(
        Pemda, on_delete=models.CASCADE, null=True, blank=True, related_name="kurva_serapan", verbose_name=_("pemda")
    )
    bulan = models.PositiveSmallIntegerField(_("bulan"), **BULAN_FIELD)
    persen = models.DecimalField(
        _("target serapan kumulatif (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    sumber = models.CharField(_("dasar penetapan"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kurva target serapan")
        verbose_name_plural = _("kurva target serapan")
        ordering = ["pemda_id", "bulan"]
        constraints = [
            # One value a month for each pemda, and one for the default curve (pemda empty). Two
            # partial indexes rather than nulls_distinct=False, which SQLite (the demo) cannot enforce.
            models.UniqueConstraint(
                fields=["pemda", "bulan"], condition=Q(pemda__isnull=False), name="kurva_serapan_unik_per_pemda_bulan"
            ),
            models.UniqueConstraint(
                fields=["bulan"], condition=Q(pemda__isnull=True), name="kurva_serapan_bawaan_unik"
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="kurva_serapan_bulan_1_12"),
        ]

    def __str__(self) -> str:
        return f"{self.get_bulan_display()}: {self.persen}%"


class SerapanAnggaran(models.Model):
    """One OPD's budget in one month: the pagu in force that month (it changes with the APBD
    Perubahan) and the cumulative realisation up to the end of the month (realisasi s.d. bulan ini),
    as the financial system (SIPD) reports it. Absorption = realisasi_sd / pagu.
    """

    opd = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, related_name="serapan_anggaran", verbose_name=_("perangkat daerah")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"), **BULAN_FIELD)
    pagu = models.DecimalField(_("pagu (Rp)"), validators=[MinValueValidator(0)], **RUPIAH)
    realisasi_sd = models.DecimalField(_("realisasi s.d. bulan ini (Rp)"), validators=[MinValueValidator(0)], **RUPIAH)
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("serapan anggaran")
        verbose_name_plural = _("serapan anggaran")
        ordering = ["tahun", "opd_id", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "bulan"],
                name="serapan_satu_per_opd_bulan",
                violation_error_message=_("Serapan perangkat daerah ini untuk bulan tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="serapan_bulan_1_12"),
            models.CheckConstraint(condition=Q(pagu__gte=0, realisasi_sd__gte=0), name="serapan_tidak_negatif"),
            models.CheckConstraint(
                condition=Q(realisasi_sd__lte=F("pagu")),
                name="serapan_realisasi_tidak_melebihi_pagu",
                violation_error_message=_("Realisasi tidak boleh melebihi pagu."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opd} {self.get_bulan_display()} {self.tahun}"


class PengaduanLapor(models.Model):
    """Complaints from SP4N-LAPOR! disposed to one OPD in one month, and of those how many it has
    responded to and how many it has resolved (a resolved complaint was responded to first)."""

    opd = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, related_name="pengaduan_lapor", verbose_name=_("perangkat daerah")
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    bulan = models.PositiveSmallIntegerField(_("bulan"), **BULAN_FIELD)
    diterima = models.PositiveIntegerField(_("pengaduan diterima"))
    ditanggapi = models.PositiveIntegerField(_("ditanggapi"))
    selesai = models.PositiveIntegerField(_("selesai ditindaklanjuti"))
    diisi_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diubah_pada = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pengaduan SP4N-LAPOR")
        verbose_name_plural = _("pengaduan SP4N-LAPOR")
        ordering = ["tahun", "opd_id", "bulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "bulan"],
                name="pengaduan_satu_per_opd_bulan",
                violation_error_message=_("Data pengaduan perangkat daerah ini untuk bulan tersebut sudah ada."),
            ),
            models.CheckConstraint(condition=Q(bulan__gte=1, bulan__lte=12), name="pengaduan_bulan_1_12"),
            models.CheckConstraint(
                condition=Q(ditanggapi__lte=F("diterima")),
                name="pengaduan_ditanggapi_tidak_melebihi_diterima",
                violation_error_message=_("Pengaduan yang ditanggapi tidak boleh lebih banyak dari yang diterima."),
            ),
            models.CheckConstraint(
                condition=Q(selesai__lte=F("ditanggapi")),
                name="pengaduan_selesai_tidak_melebihi_ditanggapi",
                violation_error_message=_("Pengaduan yang selesai tidak boleh lebih banyak dari yang ditanggapi."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opd} {self.get_bulan_display()} {self.tahun}"


class SumberIndikator(models.Model):
    """An indicator whose realisation is read from this app's data (for example "persentase pengaduan
    yang ditanggapi"): the realisation form offers the figure of the quarter."""

    class Ukuran(models.TextChoices):
        PENGADUAN_DITANGGAPI = "pengaduan_ditanggapi", _("Persentase pengaduan SP4N-LAPOR yang ditanggapi")
        PENGADUAN_SELESAI = "pengaduan_selesai", _("Persentase pengaduan SP4N-LAPOR yang selesai")
        SERAPAN = "serapan", _("Persentase serapan anggaran")

    indikator = models.OneToOneField("iku_manual.Indikator", on_delete=models.CASCADE, related_name="sumber_pemantauan")
    ukuran = models.CharField(_("diambil dari"), max_length=24, choices=Ukuran.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sumber data indikator")
        verbose_name_plural = _("sumber data indikator")

    def __str__(self) -> str:
        return f"{self.indikator}: {self.get_ukuran_display()}"
