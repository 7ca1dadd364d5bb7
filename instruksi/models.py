"""Instruksi Khusus Pimpinan (IKP): a leader's instruction on a current issue (a child-violence case, a
drought, budget absorption), assigned to one or more OPDs, each with a measurable target and a deadline.

An OPD may negotiate its target or deadline: it proposes another with its reason, and the leader
approves (the target changes) or rejects (it stays). OPDs report progress with evidence. Every step is
a row (``Negosiasi``, ``Kemajuan``) and every change is in the history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.models import Pejabat, Pemda, PerangkatDaerah

DECIMAL = {"max_digits": 20, "decimal_places": 4}


def kemajuan_bukti_path(instance, filename: str) -> str:
    """Evidence of progress on an instruction: by instruction, under an unguessable name."""
    import uuid

    extension = getattr(instance, "_bukti_ext", "") or "bin"
    return f"ikp/{instance.tugas.instruksi_id}/{uuid.uuid4().hex}.{extension}"


class Instruksi(models.Model):
    class Status(models.TextChoices):
        DRAF = "draf", _("Draf")
        DITERBITKAN = "diterbitkan", _("Diterbitkan")
        DIBATALKAN = "dibatalkan", _("Dibatalkan")

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="instruksi", verbose_name=_("pemda"))
    nomor = models.CharField(_("nomor"), max_length=80, blank=True, help_text=_("Contoh: 01/IKP/2026"))
    perihal = models.CharField(_("perihal"), max_length=200, help_text=_("Isu aktual yang ditangani."))
    uraian = models.TextField(_("uraian instruksi"), blank=True)
    pemberi = models.ForeignKey(
        Pejabat,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pemberi instruksi"),
        help_text=_("Kepala daerah, wakil atau sekretaris daerah yang memberi instruksi."),
    )
    tanggal = models.DateField(_("tanggal instruksi"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAF)
    dibuat_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    diterbitkan_pada = models.DateTimeField(null=True, blank=True)
    dibatalkan_pada = models.DateTimeField(null=True, blank=True)
    alasan_batal = models.TextField(_("alasan pembatalan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instruksi khusus pimpinan")
        verbose_name_plural = _("instruksi khusus pimpinan")
        ordering = ["-tanggal", "-pk"]

    def __str__(self) -> str:
        return self.perihal

    def get_absolute_url(self) -> str:
        return reverse("instruksi:detail", args=[self.pk])


class Tugas(models.Model):
    """One OPD's share of an instruction: what it must reach, by when.

    ``target`` and ``batas_waktu`` are the ones in force: an approved negotiation changes them and
    keeps the old values on the ``Negosiasi`` row. The target's kind says where progress comes from:
    typed by the OPD (``angka``), or read from the budget-absorption or complaint data of the
    ``pemantauan`` app at the deadline.
    """

    class JenisTarget(models.TextChoices):
        ANGKA = "angka", _("Angka yang dilaporkan OPD")
        SERAPAN = "serapan", _("Serapan anggaran (%)")
        PENGADUAN = "pengaduan", _("Pengaduan SP4N-LAPOR ditanggapi (%)")

    class Arah(models.TextChoices):
        NAIK = "naik", _("Semakin tinggi semakin baik")
        TURUN = "turun", _("Semakin rendah semakin baik (batas atas)")

    class Status(models.TextChoices):
        BERJALAN = "berjalan", _("Berjalan")
        NEGOSIASI = "negosiasi", _("Negosiasi target")
        TERCAPAI = "tercapai", _("Tercapai")
        TIDAK_TERCAPAI = "tidak_tercapai", _("Tidak tercapai")

    instruksi = models.ForeignKey(Instruksi, on_delete=models.CASCADE, related_name="tugas")
    opd = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, related_name="tugas_instruksi", verbose_name=_("perangkat daerah")
    )
    uraian = models.CharField(_("target yang harus dicapai"), max_length=300)
    jenis_target = models.CharField(
        _("sumber capaian"), max_length=12, choices=JenisTarget.choices, default=JenisTarget.ANGKA
    )
    target = models.DecimalField(_("target"), **DECIMAL)
    arah = models.CharField(
        _("arah target"),
        max_length=5,
        choices=Arah.choices,
        default=Arah.NAIK,
        help_text=_("Batas atas (semakin rendah semakin baik) dinilai pada batas waktu, mis. 0 kasus baru."),
    )
    satuan = models.CharField(_("satuan"), max_length=40, help_text=_("Contoh: kasus, %, desa"))
    batas_waktu = models.DateField(_("batas waktu"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.BERJALAN)
    capaian_terakhir = models.DecimalField(_("nilai terakhir"), null=True, blank=True, **DECIMAL)
    selesai_pada = models.DateField(_("tanggal tercapai/ditutup"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tugas instruksi")
        verbose_name_plural = _("tugas instruksi")
        ordering = ["batas_waktu", "instruksi_id", "opd__urutan", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruksi", "opd", "uraian"],
                name="tugas_unik_per_instruksi_opd",
                violation_error_message=_("Target ini sudah diberikan kepada perangkat daerah tersebut."),
            ),
            models.CheckConstraint(condition=Q(target__gte=0), name="tugas_target_tidak_negatif"),
            models.CheckConstraint(
                condition=Q(arah="turun") | Q(target__gt=0),
                name="tugas_target_naik_positif",
                violation_error_message=_("Target yang semakin tinggi semakin baik harus lebih dari 0."),
            ),
            models.CheckConstraint(
                condition=Q(arah="naik") | Q(jenis_target="angka"),
                name="tugas_pemantauan_selalu_naik",
                violation_error_message=_("Target serapan anggaran dan pengaduan selalu semakin tinggi semakin baik."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opd.singkatan}: {self.uraian}"

    def get_absolute_url(self) -> str:
        return reverse("instruksi:tugas", args=[self.pk])


class Negosiasi(models.Model):
    """An OPD's request to change its target or deadline, and the leader's decision on it."""

    class Status(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu keputusan")
        DISETUJUI = "disetujui", _("Disetujui")
        DITOLAK = "ditolak", _("Ditolak")

    tugas = models.ForeignKey(Tugas, on_delete=models.CASCADE, related_name="negosiasi")
    target_lama = models.DecimalField(_("target semula"), **DECIMAL)
    batas_waktu_lama = models.DateField(_("batas waktu semula"))
    target_usulan = models.DecimalField(_("target usulan"), null=True, blank=True, **DECIMAL)
    batas_waktu_usulan = models.DateField(_("batas waktu usulan"), null=True, blank=True)
    alasan = models.TextField(_("alasan"))
    diajukan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    diajukan_pada = models.DateTimeField(auto_now_add=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.MENUNGGU)
    catatan_keputusan = models.TextField(_("catatan pimpinan"), blank=True)
    diputuskan_oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    diputuskan_pada = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("negosiasi target")
        verbose_name_plural = _("negosiasi target")
        ordering = ["diajukan_pada", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tugas"],
                condition=Q(status="menunggu"),
                name="negosiasi_satu_menunggu_per_tugas",
                violation_error_message=_("Masih ada usulan yang menunggu keputusan pimpinan."),
            ),
            models.CheckConstraint(
                condition=Q(target_usulan__isnull=False) | Q(batas_waktu_usulan__isnull=False),
                name="negosiasi_mengusulkan_sesuatu",
                violation_error_message=_("Usulkan target atau batas waktu yang baru."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tugas} ({self.get_status_display()})"


class Kemajuan(models.Model):
    """A progress report by the OPD: the value reached so far, what was done, and the evidence."""

    tugas = models.ForeignKey(Tugas, on_delete=models.CASCADE, related_name="kemajuan")
    tanggal = models.DateField(_("tanggal"), default=timezone.localdate)
    nilai = models.DecimalField(_("nilai yang dicapai"), **DECIMAL)
    uraian = models.TextField(_("uraian kemajuan"))
    bukti = models.FileField(_("berkas bukti"), upload_to=kemajuan_bukti_path, max_length=255, blank=True)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    dilaporkan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dilaporkan_pada = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("laporan kemajuan")
        verbose_name_plural = _("laporan kemajuan")
        ordering = ["tanggal", "pk"]

    def __str__(self) -> str:
        return f"{self.tugas} {self.tanggal:%d-%m-%Y}"
