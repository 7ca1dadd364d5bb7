"""The Laporan Kinerja Instansi Pemerintah (LKjIP, PermenPANRB 53/2014) as a document: one per OPD
(or, with ``opd`` empty, the pemda's consolidated report) per year and version, with the narratives
its planners write. Its numbers are never stored here: ``evaluasi/lkjip.py`` reads them from the data
already entered, until the report is final; finalising freezes the rendered document.

``BerkasLkjip`` is a rendered PDF, kept under the fingerprint (SHA-256) of the HTML it was printed
from: an unchanged report downloads at once, a changed one renders again in the background.
"""

from __future__ import annotations

import re

from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip import uploads
from sakip.models import Pemda

# The narratives of the outline (domain.md §4.2), in the order the report prints them: field name,
# label, and what the planner is asked to write.
NARASI = (
    ("kata_pengantar", _("Kata Pengantar"), _("Pengantar kepala perangkat daerah atas laporan ini.")),
    (
        "ikhtisar",
        _("Ikhtisar Eksekutif"),
        _("Tujuan dan sasaran tahun ini, capaiannya, kendala utama dan strategi yang ditempuh."),
    ),
    (
        "pendahuluan",
        _("Bab I Pendahuluan"),
        _("Profil organisasi, struktur organisasi, sumber daya manusia, aspek strategis dan permasalahan utama."),
    ),
    ("perencanaan", _("Bab II Perencanaan Kinerja"), _("Pengantar Renstra, Renja dan Perjanjian Kinerja tahun ini.")),
    (
        "akuntabilitas",
        _("Bab III Akuntabilitas Kinerja"),
        _("Pengantar pengukuran kinerja: metode, skala capaian, gambaran umum hasil."),
    ),
    ("anggaran", _("Bab III B Realisasi Anggaran"), _("Penjelasan realisasi anggaran dan efisiensinya.")),
    ("penutup", _("Bab IV Penutup"), _("Simpulan umum atas capaian kinerja dan langkah perbaikan ke depan.")),
)
NARASI_FIELDS = tuple(name for name, _label, _help in NARASI)


class LaporanTerkunci(Exception):
    """A final LKjIP was about to change."""


class LaporanKinerja(models.Model):
    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        FINAL = "final", _("Final")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="laporan_kinerja")
    opd = models.ForeignKey(
        "sakip.PerangkatDaerah",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="laporan_kinerja",
        help_text=_("Kosong untuk LKjIP pemda (konsolidasi)."),
    )
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    alasan_versi = models.TextField(_("alasan versi baru"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAF)

    kata_pengantar = models.TextField(_("kata pengantar"), blank=True)
    ikhtisar = models.TextField(_("ikhtisar eksekutif"), blank=True)
    pendahuluan = models.TextField(_("Bab I Pendahuluan"), blank=True)
    perencanaan = models.TextField(_("Bab II Perencanaan Kinerja"), blank=True)
    akuntabilitas = models.TextField(_("Bab III Akuntabilitas Kinerja"), blank=True)
    anggaran = models.TextField(_("Bab III B Realisasi Anggaran"), blank=True)
    penutup = models.TextField(_("Bab IV Penutup"), blank=True)
    # Per sasaran (its primary key as a string): the planner's analysis beside the computed ones.
    narasi_sasaran = models.JSONField(_("analisis per sasaran"), default=dict, blank=True)

    # "Pernyataan telah direviu" (domain.md §4.3): recorded by the APIP (Inspektorat) evaluator.
    reviu_tanggal = models.DateField(_("tanggal reviu"), null=True, blank=True)
    reviu_nama = models.CharField(_("nama penanda tangan reviu"), max_length=200, blank=True)
    reviu_nip = models.CharField(_("NIP penanda tangan reviu"), max_length=18, blank=True)
    reviu_jabatan = models.CharField(_("jabatan penanda tangan reviu"), max_length=200, blank=True)

    dibuat_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diubah_pada = models.DateTimeField(auto_now=True)
    difinalkan_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    difinalkan_pada = models.DateTimeField(null=True, blank=True)
    # Frozen at finalisation: the document (for the PDF) and its body (for the page), and the
    # fingerprint of the document; then the stored PDF's SHA-256 and page count once rendered.
    html_beku = models.TextField(blank=True, editable=False)
    isi_beku = models.TextField(blank=True, editable=False)
    sidik_beku = models.CharField(max_length=64, blank=True, editable=False)
    pdf_sha256 = models.CharField(_("SHA-256 PDF"), max_length=64, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["html_beku", "isi_beku"])

    class Meta:
        verbose_name = _("laporan kinerja (LKjIP)")
        verbose_name_plural = _("laporan kinerja (LKjIP)")
        ordering = ["-tahun", "opd_id", "-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun", "versi"],
                condition=Q(opd__isnull=False),
                name="lkjip_satu_versi_per_opd_tahun",
                violation_error_message=_("Versi LKjIP ini sudah ada untuk perangkat daerah dan tahun tersebut."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "tahun", "versi"],
                condition=Q(opd__isnull=True),
                name="lkjip_satu_versi_per_pemda_tahun",
                violation_error_message=_("Versi LKjIP ini sudah ada untuk pemda dan tahun tersebut."),
            ),
            # One draft at a time: a new version is issued only after the previous one is final.
            models.UniqueConstraint(
                fields=["opd", "tahun"],
                condition=Q(status="draf", opd__isnull=False),
                name="lkjip_satu_draf_per_opd",
                violation_error_message=_("Sudah ada draf LKjIP untuk tahun ini."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "tahun"],
                condition=Q(status="draf", opd__isnull=True),
                name="lkjip_satu_draf_per_pemda",
                violation_error_message=_("Sudah ada draf LKjIP untuk tahun ini."),
            ),
        ]

    def __str__(self) -> str:
        siapa = self.opd.nama if self.opd_id else self.pemda.nama
        return f"LKjIP {self.tahun} {siapa} v{self.versi}"

    def save(self, *args, **kwargs):
        if self.pk and LaporanKinerja.objects.filter(pk=self.pk, status=self.Status.FINAL).exists():
            raise LaporanTerkunci
        super().save(*args, **kwargs)

    @property
    def final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def direviu(self) -> bool:
        return bool(self.reviu_tanggal and self.reviu_nama)

    def judul(self) -> str:
        siapa = self.opd.nama if self.opd_id else self.pemda.nama_lengkap
        return f"Laporan Kinerja Instansi Pemerintah {siapa} Tahun {self.tahun}"

    def nama_berkas(self) -> str:
        # The code is unique within the pemda (an abbreviation is not): names never collide in a ZIP.
        siapa = self.opd.kode if self.opd_id else self.pemda.kode
        siapa = re.sub(r"[^0-9A-Za-z.-]+", "_", siapa)
        status = "final" if self.final else "draf"
        return f"LKjIP-{self.tahun}-{siapa}-v{self.versi}-{status}.pdf"


class BerkasLkjip(models.Model):
    """A PDF rendering of a report, under the fingerprint of the HTML it prints (``html``, kept so a
    render prints exactly what was asked for, whatever changes meanwhile). Rendering runs as a
    background task; ``progres`` (0–100) feeds the progress indicator."""

    class Status(models.TextChoices):
        ANTRI = "antri", _("Dalam antrean")
        PROSES = "proses", _("Sedang dicetak")
        SELESAI = "selesai", _("Selesai")
        GAGAL = "gagal", _("Gagal")

    laporan = models.ForeignKey(LaporanKinerja, on_delete=models.CASCADE, related_name="berkas")
    sidik = models.CharField(max_length=64)
    html = models.TextField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ANTRI)
    progres = models.PositiveSmallIntegerField(default=0)
    pesan = models.TextField(blank=True)
    berkas = models.FileField(upload_to=uploads.lkjip_path, max_length=255, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    halaman = models.PositiveIntegerField(null=True, blank=True)
    ukuran = models.PositiveIntegerField(null=True, blank=True)
    durasi_ms = models.PositiveIntegerField(null=True, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    selesai_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("berkas LKjIP")
        verbose_name_plural = _("berkas LKjIP")
        constraints = [models.UniqueConstraint(fields=["laporan", "sidik"], name="berkas_lkjip_satu_per_sidik")]

    def __str__(self) -> str:
        return f"{self.laporan} [{self.sidik[:12]}] {self.status}"

    @property
    def siap(self) -> bool:
        return self.status == self.Status.SELESAI and bool(self.berkas)

    @property
    def berjalan(self) -> bool:
        return self.status in (self.Status.ANTRI, self.Status.PROSES)


@receiver(pre_delete, sender=LaporanKinerja)
def final_report_not_deleted(sender, instance, **kwargs):
    """Every delete passes here (one object, a queryset, the admin's bulk action, a cascade): the
    stored status decides, not the instance's."""
    if LaporanKinerja.objects.filter(pk=instance.pk, status=LaporanKinerja.Status.FINAL).exists():
        raise LaporanTerkunci
