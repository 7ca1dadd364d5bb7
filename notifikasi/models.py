"""Notifications in the app (and by e-mail): what waits for a user, what came back with a note, and
deadlines approaching or passed. Sent through ``notifikasi.services.kirim``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NotifikasiQuerySet(models.QuerySet):
    def belum_dibaca(self) -> NotifikasiQuerySet:
        return self.filter(dibaca_pada__isnull=True)


class Notifikasi(models.Model):
    class Jenis(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu tindakan Anda")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan dengan catatan")
        KEPUTUSAN = "keputusan", _("Keputusan")
        TENGGAT_DEKAT = "tenggat_dekat", _("Tenggat mendekat")
        TENGGAT_LEWAT = "tenggat_lewat", _("Tenggat terlewati")
        INFO = "info", _("Informasi")

    penerima = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifikasi")
    jenis = models.CharField(_("jenis"), max_length=16, choices=Jenis.choices, default=Jenis.INFO)
    judul = models.CharField(_("judul"), max_length=200)
    pesan = models.TextField(_("pesan"), blank=True)
    tautan = models.CharField(_("tautan"), max_length=300, blank=True)
    # A reminder's identity (for example "ikp-tenggat-dekat:12"), so a daily run sends it once.
    kunci = models.CharField(max_length=120, blank=True)
    dibuat_pada = models.DateTimeField(auto_now_add=True)
    dibaca_pada = models.DateTimeField(null=True, blank=True)
    surel_terkirim_pada = models.DateTimeField(null=True, blank=True)

    objects = NotifikasiQuerySet.as_manager()

    class Meta:
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        ordering = ["-dibuat_pada", "-pk"]
        indexes = [models.Index(fields=["penerima", "dibaca_pada"], name="notifikasi_penerima_dibaca")]
        constraints = [
            models.UniqueConstraint(
                fields=["penerima", "kunci"], condition=~Q(kunci=""), name="notifikasi_kunci_sekali_per_penerima"
            )
        ]

    def __str__(self) -> str:
        return self.judul
