"""Capaian conventions as data: each pemda's settings and its predicate scale.

Perjanjian kinerja, rencana aksi and realisasi come next (issue 3/7 of the plan); the rules that
compute capaian live in ``perjanjian/capaian.py`` and read these rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from perjanjian import capaian
from sakip.models import Pemda


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
        )


class PredikatCapaian(models.Model):
    """One band of the capaian predicate scale. Rows without a pemda are the default (Permendagri
    86/2017, seeded by migration); a pemda with rows of its own uses those instead."""

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, null=True, blank=True, related_name="predikat_capaian")
    nilai_minimum = models.DecimalField(_("nilai minimum (%)"), max_digits=6, decimal_places=2)
    label = models.CharField(_("predikat"), max_length=40)
    warna = models.CharField(_("warna"), max_length=20, blank=True, help_text=_("Kelas warna Bootstrap, mis. success"))

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
