"""LKE templates as data (PermenPANRB 12/2015 and 88/2021, and a pemda's own variants): components,
sub-components, criteria with their answer scales, and the grade bands. The arithmetic lives in
``evaluasi/scoring.py``; the default templates are seeded by migration from ``evaluasi/seeds.py``.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from evaluasi import scoring
from sakip import uploads
from sakip.models import Pemda
from sakip.numbers import format_decimal

BOBOT = {"max_digits": 6, "decimal_places": 2}


class SkalaJawaban(models.Model):
    """An answer scale: Y/T, A/B/C, A–D, A–E, AA–E, or the point scales of the Capaian component."""

    kode = models.CharField(_("kode"), max_length=20, unique=True)
    nama = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("skala jawaban")
        verbose_name_plural = _("skala jawaban")
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class OpsiJawaban(models.Model):
    skala = models.ForeignKey(SkalaJawaban, on_delete=models.CASCADE, related_name="opsi")
    kode = models.CharField(_("jawaban"), max_length=4)
    nilai = models.DecimalField(_("nilai"), max_digits=6, decimal_places=4)
    penjelasan = models.TextField(_("penjelasan"), blank=True)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("pilihan jawaban")
        verbose_name_plural = _("pilihan jawaban")
        ordering = ["skala", "urutan"]
        constraints = [models.UniqueConstraint(fields=["skala", "kode"], name="opsi_jawaban_unik_per_skala")]

    def __str__(self) -> str:
        return f"{self.kode} ({format_decimal(self.nilai)})"


class TemplateLKE(models.Model):
    """One version of an evaluation worksheet. Rows without a pemda are the national defaults; a pemda
    copies one to make its own variant. A template an evaluation uses is never edited, only copied."""

    class Regulasi(models.TextChoices):
        PERMENPANRB_12_2015 = "12/2015", _("PermenPANRB 12/2015")
        PERMENPANRB_88_2021 = "88/2021", _("PermenPANRB 88/2021")
        LAINNYA = "lainnya", _("Varian daerah")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, null=True, blank=True, related_name="template_lke")
    regulasi = models.CharField(_("dasar regulasi"), max_length=10, choices=Regulasi.choices)
    nama = models.CharField(_("nama"), max_length=200)
    versi = models.PositiveSmallIntegerField(_("versi"), default=1)
    tahun_berlaku = models.PositiveSmallIntegerField(_("berlaku mulai tahun"))
    asal = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="salinan", verbose_name=_("disalin dari")
    )
    keterangan = models.TextField(_("keterangan"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("template LKE")
        verbose_name_plural = _("template LKE")
        ordering = ["-tahun_berlaku", "nama", "-versi"]
        constraints = [
            models.UniqueConstraint(
                fields=["regulasi", "versi"],
                condition=Q(pemda__isnull=True),
                name="template_lke_nasional_unik",
                violation_error_message=_("Template nasional dengan regulasi dan versi ini sudah ada."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "nama", "versi"],
                condition=Q(pemda__isnull=False),
                name="template_lke_pemda_unik",
                violation_error_message=_("Template dengan nama dan versi ini sudah ada."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} (versi {self.versi})"

    def lembar(self, nilai: dict[int, Decimal | None] | None = None) -> list[scoring.Komp]:
        """The worksheet as ``scoring`` reads it, with the answers' numbers by criterion id (none:
        an empty worksheet). Three queries."""
        return susun_lembar(self._komponen_lengkap(), nilai or {})

    def _komponen_lengkap(self) -> list[Komponen]:
        """The components with their sub-components, criteria and scales: those already prefetched
        with the template (pages that show several), else loaded now (three queries)."""
        if "komponen" in getattr(self, "_prefetched_objects_cache", {}):
            return list(self.komponen.all())
        return list(self.komponen.prefetch_related("sub__kriteria__skala__opsi"))

    def bands(self) -> list[scoring.Band]:
        return [p.as_band() for p in self.predikat.all()]

    def periksa_bobot(self) -> list[str]:
        """What is wrong with the weights, in Indonesian: components sum to 100, sub-components to
        their component, point criteria to their sub-component. Empty when all add up."""
        masalah = []
        komponen = self._komponen_lengkap()
        total = sum((k.bobot for k in komponen), Decimal(0))
        if total != 100:
            masalah.append(_("Bobot komponen berjumlah %(n)s, seharusnya 100.") % {"n": format_decimal(total)})
        for komp in komponen:
            subs = list(komp.sub.all())
            jumlah = sum((s.bobot for s in subs), Decimal(0))
            if jumlah != komp.bobot:
                masalah.append(
                    _("Komponen %(kode)s: bobot sub-komponen berjumlah %(n)s, seharusnya %(bobot)s.")
                    % {"kode": komp.kode, "n": format_decimal(jumlah), "bobot": format_decimal(komp.bobot)}
                )
            for sub in subs:
                kriteria = list(sub.kriteria.all())
                if not kriteria:
                    masalah.append(_("Sub-komponen %(kode)s belum punya kriteria.") % {"kode": sub.kode})
                if sub.cara_hitung == scoring.CaraHitung.RATA_RATA:
                    masalah.extend(
                        _(
                            "Kriteria %(nomor)s: skalanya bernilai tertinggi %(n)s; sub-komponen rata-rata memerlukan "
                            "skala bernilai 0 sampai 1."
                        )
                        % {"nomor": k.kode, "n": format_decimal(k.maksimum)}
                        for k in kriteria
                        if k.maksimum != 1
                    )
                if sub.cara_hitung == scoring.CaraHitung.JUMLAH:
                    poin = sum((k.maksimum * k.bobot for k in kriteria), Decimal(0))
                    if poin != sub.bobot:
                        masalah.append(
                            _("Sub-komponen %(kode)s: nilai maksimum kriteria berjumlah %(n)s, seharusnya %(bobot)s.")
                            % {"kode": sub.kode, "n": format_decimal(poin), "bobot": format_decimal(sub.bobot)}
                        )
        return masalah


def susun_lembar(komponen, nilai: dict[int, Decimal | None], *, per_id: bool = False) -> list[scoring.Komp]:
    """The worksheet of components already loaded with their sub-components, criteria and scales, as
    ``scoring`` reads it. Criteria are keyed by their number, or (``per_id``) by their id as text: a
    pemda's variant may repeat a number in two sub-components, and the what-if must tick one only."""
    return [
        scoring.Komp(
            komp.kode,
            komp.bobot,
            tuple(
                scoring.Sub(
                    sub.kode,
                    sub.bobot,
                    tuple(
                        scoring.Butir(str(k.pk) if per_id else k.kode, nilai.get(k.pk), k.maksimum, k.bobot)
                        for k in sub.kriteria.all()
                    ),
                    sub.cara_hitung,
                )
                for sub in komp.sub.all()
            ),
        )
        for komp in komponen
    ]


class PredikatLKE(models.Model):
    """A grade band of a template: totals above ``batas_bawah`` (exclusive); the lowest band has none."""

    template = models.ForeignKey(TemplateLKE, on_delete=models.CASCADE, related_name="predikat")
    kode = models.CharField(_("predikat"), max_length=4)
    batas_bawah = models.DecimalField(_("nilai lebih dari"), null=True, blank=True, **BOBOT)
    kata = models.CharField(_("sebutan"), max_length=60)
    interpretasi = models.TextField(_("interpretasi"), blank=True)

    class Meta:
        verbose_name = _("predikat LKE")
        verbose_name_plural = _("predikat LKE")
        ordering = ["template", models.F("batas_bawah").desc(nulls_last=True)]
        constraints = [models.UniqueConstraint(fields=["template", "kode"], name="predikat_lke_unik")]

    def __str__(self) -> str:
        return f"{self.kode} {self.kata}"

    def as_band(self) -> scoring.Band:
        return scoring.Band(self.kode, self.batas_bawah, self.kata)


class Komponen(models.Model):
    template = models.ForeignKey(TemplateLKE, on_delete=models.CASCADE, related_name="komponen")
    kode = models.CharField(_("kode"), max_length=10)
    nama = models.CharField(_("nama"), max_length=200)
    bobot = models.DecimalField(_("bobot"), **BOBOT)
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("komponen")
        verbose_name_plural = _("komponen")
        ordering = ["template", "urutan"]
        constraints = [models.UniqueConstraint(fields=["template", "kode"], name="komponen_lke_unik")]

    def __str__(self) -> str:
        return f"{self.kode}. {self.nama}"


class SubKomponen(models.Model):
    class Dimensi(models.TextChoices):
        PEMENUHAN = "pemenuhan", _("Pemenuhan")
        KUALITAS = "kualitas", _("Kualitas")
        IMPLEMENTASI = "implementasi", _("Implementasi/Pemanfaatan")
        KEBERADAAN = "keberadaan", _("Keberadaan")
        PEMANFAATAN = "pemanfaatan", _("Pemanfaatan")
        CAPAIAN = "capaian", _("Capaian kinerja")

    class CaraHitung(models.TextChoices):
        RATA_RATA = scoring.CaraHitung.RATA_RATA, _("Rata-rata jawaban × bobot")
        JUMLAH = scoring.CaraHitung.JUMLAH, _("Jumlah poin kriteria")

    komponen = models.ForeignKey(Komponen, on_delete=models.CASCADE, related_name="sub")
    kode = models.CharField(_("kode"), max_length=12)
    nama = models.CharField(_("nama"), max_length=500)
    bobot = models.DecimalField(_("bobot"), **BOBOT)
    dimensi = models.CharField(_("dimensi"), max_length=14, choices=Dimensi.choices)
    cara_hitung = models.CharField(
        _("cara menghitung"), max_length=10, choices=CaraHitung.choices, default=CaraHitung.RATA_RATA
    )
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sub-komponen")
        verbose_name_plural = _("sub-komponen")
        ordering = ["komponen", "urutan"]
        constraints = [models.UniqueConstraint(fields=["komponen", "kode"], name="subkomponen_lke_unik")]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class Saran(models.TextChoices):
    """The figures from which a criterion's answer can be suggested (12/2015 Capaian Kinerja)."""

    TARGET = "target", _("Rata-rata capaian kinerja terhadap target")
    TREN = "tren", _("Capaian kinerja dibanding tahun sebelumnya")
    KEANDALAN = "keandalan", _("Persentase realisasi yang terverifikasi")


class Kriteria(models.Model):
    """A question of the worksheet. ``bobot`` weighs its answer in a "jumlah" sub-component (the
    Capaian criteria); ``syarat`` is the criterion it depends on (kontrol kerangka logis)."""

    sub = models.ForeignKey(SubKomponen, on_delete=models.CASCADE, related_name="kriteria")
    kode = models.CharField(_("nomor"), max_length=12)
    teks = models.TextField(_("kriteria"))
    skala = models.ForeignKey(SkalaJawaban, on_delete=models.PROTECT, related_name="+")
    bobot = models.DecimalField(_("bobot poin"), max_digits=6, decimal_places=2, default=Decimal(1))
    penjelasan = models.TextField(_("penjelasan"), blank=True)
    syarat = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bergantung",
        verbose_name=_("bergantung pada"),
        help_text=_("Bila kriteria ini dijawab 0 (Tidak), kriteria ini juga harus 0."),
    )
    # The Capaian Kinerja criteria of 12/2015 (domain.md §1.4) are suggested from the realisations:
    # which figure, of which indicators, and the answer each range of it earns (data, not code).
    saran = models.CharField(_("saran jawaban dari data"), max_length=10, choices=Saran.choices, blank=True)
    saran_jenis = models.CharField(
        _("jenis indikator yang dihitung"),
        max_length=10,
        blank=True,
        choices=[("output", _("Output")), ("outcome", _("Outcome"))],
        help_text=_("Kosong: semua indikator."),
    )
    saran_ambang = models.JSONField(
        _("ambang saran"),
        default=list,
        blank=True,
        help_text=_(
            "Pasangan [jawaban, angka minimal] dari yang tertinggi, "
            'misalnya [["A", "110.01"], ["B", "90"], ["E", null]].'
        ),
    )
    urutan = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["sub", "urutan"]
        constraints = [models.UniqueConstraint(fields=["sub", "kode"], name="kriteria_lke_unik")]

    def __str__(self) -> str:
        return f"{self.kode}. {self.teks}"

    @property
    def maksimum(self) -> Decimal:
        values = [opsi.nilai for opsi in self.skala.opsi.all()]
        return max(values) if values else Decimal(0)

    def clean(self):
        if self.syarat_id and self.syarat.sub.komponen.template_id != self.sub.komponen.template_id:
            raise ValidationError({"syarat": _("Kriteria syarat harus berada dalam template yang sama.")})
        if self.saran and not self.saran_ambang:
            raise ValidationError({"saran_ambang": _("Isi ambang saran untuk kriteria yang disarankan dari data.")})
        if self.saran_ambang:
            kode = set(self.skala.opsi.values_list("kode", flat=True)) if self.skala_id else set()
            try:
                for jawaban, minimal in self.saran_ambang:
                    if jawaban not in kode:
                        raise ValueError(jawaban)
                    if minimal is not None:
                        Decimal(str(minimal))
            except (TypeError, ValueError, ArithmeticError) as exc:
                raise ValidationError(
                    {"saran_ambang": _("Ambang saran harus berisi pasangan [jawaban skala, angka atau null].")}
                ) from exc

    def ambang(self) -> list[tuple[str, Decimal | None]]:
        """The suggestion bands as (answer code, minimum figure or None for the catch-all)."""
        return [(kode, None if minimal is None else Decimal(str(minimal))) for kode, minimal in self.saran_ambang]


class TemplateDipakai(ValidationError):
    def __init__(self):
        super().__init__(
            _("Template ini sudah dipakai evaluasi dan tidak dapat diubah; salin ke versi baru."), code="dipakai"
        )


class EvaluasiTerkunci(ValidationError):
    def __init__(self):
        super().__init__(_("Evaluasi yang sudah final tidak dapat diubah."), code="final")


class Evaluasi(models.Model):
    """One evaluation of one OPD (or, with ``opd`` empty, of the pemda as a whole) for one year,
    against one template. Final means locked."""

    class Status(models.TextChoices):
        PENILAIAN = "penilaian", _("Dalam penilaian")
        FINAL = "final", _("Final")

    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE, related_name="evaluasi")
    opd = models.ForeignKey(
        "sakip.PerangkatDaerah", on_delete=models.PROTECT, null=True, blank=True, related_name="evaluasi"
    )
    tahun = models.PositiveSmallIntegerField(_("tahun yang dievaluasi"))
    template = models.ForeignKey(TemplateLKE, on_delete=models.PROTECT, related_name="evaluasi")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENILAIAN)
    simpulan = models.TextField(
        _("simpulan hasil evaluasi"),
        blank=True,
        help_text=_("Ringkasan temuan untuk Laporan Hasil Evaluasi (LHE)."),
    )
    difinalkan_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    difinalkan_pada = models.DateTimeField(null=True, blank=True)
    # What the LHE prints of the pemda and its signer, as they were when finalised: a later change of
    # letterhead or of the evaluator's name does not change a final report.
    beku = models.JSONField(default=dict, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluasi")
        verbose_name_plural = _("evaluasi")
        ordering = ["-tahun", "opd_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "tahun"],
                condition=Q(opd__isnull=False),
                name="evaluasi_satu_per_opd_tahun",
                violation_error_message=_("Perangkat daerah ini sudah dievaluasi untuk tahun tersebut."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "tahun"],
                condition=Q(opd__isnull=True),
                name="evaluasi_satu_per_pemda_tahun",
                violation_error_message=_("Pemda ini sudah dievaluasi untuk tahun tersebut."),
            ),
        ]

    def __str__(self) -> str:
        siapa = self.opd.nama if self.opd_id else self.pemda.nama
        return f"Evaluasi {self.tahun} {siapa}"

    def save(self, *args, **kwargs):
        if self.pk and Evaluasi.objects.filter(pk=self.pk, status=self.Status.FINAL).exists():
            raise EvaluasiTerkunci
        super().save(*args, **kwargs)

    @property
    def final(self) -> bool:
        return self.status == self.Status.FINAL


class PenugasanEvaluator(models.Model):
    """Which evaluator scores which components of an evaluation; without assignments any evaluator
    of the pemda may score every component."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="penugasan")
    evaluator = models.ForeignKey("sakip.User", on_delete=models.PROTECT, related_name="penugasan_evaluasi")
    komponen = models.ForeignKey(Komponen, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("penugasan evaluator")
        verbose_name_plural = _("penugasan evaluator")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluasi", "komponen", "evaluator"], name="penugasan_unik_per_komponen_evaluator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evaluator} · {self.komponen.kode}"


class DokumenBukti(models.TextChoices):
    """The app's own documents an answer may cite as evidence (bukti dukung) for its OPD and year."""

    RENSTRA = "renstra", _("Renstra dan target kinerja")
    MANUAL_IKU = "manual_iku", _("Manual IKU")
    PK = "pk", _("Perjanjian Kinerja")
    REALISASI = "realisasi", _("Realisasi dan capaian kinerja")
    LKJIP = "lkjip", _("Laporan Kinerja (LKjIP)")


class Jawaban(models.Model):
    """The answers to one criterion: the OPD's self-assessment and the evaluator's, side by side, with
    notes and evidence. ``versi`` grows with each save, so an edit made on a stale page is refused
    instead of silently overwriting a colleague's."""

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="jawaban")
    kriteria = models.ForeignKey(Kriteria, on_delete=models.PROTECT, related_name="jawaban")
    opsi_mandiri = models.ForeignKey(
        OpsiJawaban,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penilaian mandiri"),
    )
    opsi_evaluator = models.ForeignKey(
        OpsiJawaban,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nilai evaluator"),
    )
    catatan_mandiri = models.TextField(_("catatan perangkat daerah"), blank=True)
    catatan_evaluator = models.TextField(_("catatan evaluator"), blank=True)
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    bukti_dokumen = models.JSONField(
        _("dokumen aplikasi sebagai bukti"), default=list, blank=True, help_text=_("Kode dari DokumenBukti.")
    )
    bukti_berkas = models.FileField(_("berkas bukti"), upload_to=uploads.lke_bukti_path, max_length=255, blank=True)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    versi = models.PositiveIntegerField(default=0)
    diubah_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    diubah_pada = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("jawaban LKE")
        verbose_name_plural = _("jawaban LKE")
        constraints = [models.UniqueConstraint(fields=["evaluasi", "kriteria"], name="jawaban_satu_per_kriteria")]

    def __str__(self) -> str:
        return f"{self.evaluasi} · {self.kriteria.kode}"

    def save(self, *args, **kwargs):
        stored = Jawaban.objects.filter(pk=self.pk).values_list("evaluasi_id", flat=True).first() if self.pk else None
        final = Evaluasi.objects.filter(pk__in={self.evaluasi_id, stored} - {None}, status=Evaluasi.Status.FINAL)
        if final.exists():
            raise EvaluasiTerkunci
        super().save(*args, **kwargs)


class Rekomendasi(models.Model):
    """A recommendation of an evaluation (part of its LHE) with a due date. Its wording is fixed once
    the evaluation is final; its status follows the OPD's tindak lanjut and the evaluator's review."""

    class Status(models.TextChoices):
        TERBUKA = "terbuka", _("Belum ditindaklanjuti")
        DITANGGAPI = "ditanggapi", _("Menunggu penilaian evaluator")
        DIBUKA_KEMBALI = "dibuka_kembali", _("Dibuka kembali")
        SELESAI = "selesai", _("Selesai")

    evaluasi = models.ForeignKey(Evaluasi, on_delete=models.CASCADE, related_name="rekomendasi")
    komponen = models.ForeignKey(
        Komponen, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("komponen")
    )
    nomor = models.PositiveSmallIntegerField(_("nomor"), default=1)
    uraian = models.TextField(_("rekomendasi"))
    batas_waktu = models.DateField(_("batas waktu tindak lanjut"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.TERBUKA)
    dibuat_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    selesai_pada = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["evaluasi", "nomor", "pk"]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.uraian[:60]}"

    WORDING = ("uraian", "batas_waktu", "komponen_id", "nomor", "evaluasi_id")

    def save(self, *args, **kwargs):
        """Once the evaluation is final, the LHE's wording stays: only the status may move."""
        before = Rekomendasi.objects.filter(pk=self.pk).values(*self.WORDING).first() if self.pk else None
        evaluations = {self.evaluasi_id, before["evaluasi_id"] if before else None} - {None}
        if Evaluasi.objects.filter(pk__in=evaluations, status=Evaluasi.Status.FINAL).exists():
            if before is None or any(before[name] != getattr(self, name) for name in self.WORDING):
                raise EvaluasiTerkunci
        super().save(*args, **kwargs)

    def terlambat(self, today) -> bool:
        """Overdue: past its due date and not yet settled."""
        return self.status != self.Status.SELESAI and self.batas_waktu < today


class TindakLanjut(models.Model):
    """One follow-up the OPD submitted for a recommendation, with evidence, and the evaluator's
    verdict on it. Each attempt is its own row, so the whole exchange stays on record."""

    class Hasil(models.TextChoices):
        MENUNGGU = "menunggu", _("Menunggu penilaian")
        DITERIMA = "diterima", _("Diterima")
        DIKEMBALIKAN = "dikembalikan", _("Dikembalikan")

    rekomendasi = models.ForeignKey(Rekomendasi, on_delete=models.CASCADE, related_name="tindak_lanjut")
    uraian = models.TextField(_("uraian tindak lanjut"))
    bukti = models.FileField(_("berkas bukti"), upload_to=uploads.tindak_lanjut_path, max_length=255, blank=True)
    bukti_nama = models.CharField(_("nama berkas bukti"), max_length=255, blank=True)
    bukti_tautan = models.URLField(_("tautan bukti"), max_length=500, blank=True)
    diajukan_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, related_name="+")
    diajukan_pada = models.DateTimeField()
    hasil = models.CharField(_("hasil penilaian"), max_length=12, choices=Hasil.choices, default=Hasil.MENUNGGU)
    catatan_evaluator = models.TextField(_("catatan evaluator"), blank=True)
    ditinjau_oleh = models.ForeignKey("sakip.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    ditinjau_pada = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tindak lanjut")
        verbose_name_plural = _("tindak lanjut")
        ordering = ["rekomendasi", "diajukan_pada", "pk"]

    def __str__(self) -> str:
        return f"{self.rekomendasi} · {self.get_hasil_display()}"


def _refuse_if_template_used(*template_ids) -> None:
    ids = {pk for pk in template_ids if pk}
    if ids and Evaluasi.objects.filter(template_id__in=ids).exists():
        raise TemplateDipakai


def _stored(sender, instance, field: str):
    """The value of ``field`` in the stored row (None for a new one): a part moved out of a template in
    use is refused as much as one moved into it."""
    if not instance.pk:
        return None
    return sender.objects.filter(pk=instance.pk).values_list(field, flat=True).first()


@receiver(pre_save, sender=TemplateLKE)
@receiver(pre_delete, sender=TemplateLKE)
def template_locked_when_used(sender, instance, **kwargs):
    if instance.pk:
        _refuse_if_template_used(instance.pk)


@receiver(pre_save, sender=Komponen)
@receiver(pre_delete, sender=Komponen)
@receiver(pre_save, sender=PredikatLKE)
@receiver(pre_delete, sender=PredikatLKE)
def template_part_locked_when_used(sender, instance, **kwargs):
    _refuse_if_template_used(instance.template_id, _stored(sender, instance, "template_id"))


@receiver(pre_save, sender=SubKomponen)
@receiver(pre_delete, sender=SubKomponen)
def sub_locked_when_used(sender, instance, **kwargs):
    _refuse_if_template_used(
        Komponen.objects.filter(pk=instance.komponen_id).values_list("template_id", flat=True).first(),
        _stored(sender, instance, "komponen__template_id"),
    )


@receiver(pre_save, sender=Kriteria)
@receiver(pre_delete, sender=Kriteria)
def kriteria_locked_when_used(sender, instance, **kwargs):
    _refuse_if_template_used(
        SubKomponen.objects.filter(pk=instance.sub_id).values_list("komponen__template_id", flat=True).first(),
        _stored(sender, instance, "sub__komponen__template_id"),
    )


class SkalaDipakai(ValidationError):
    def __init__(self):
        super().__init__(
            _("Skala ini dipakai template yang sudah dipakai evaluasi dan tidak dapat diubah; buat skala baru."),
            code="dipakai",
        )


def _refuse_if_scale_used(*skala_ids) -> None:
    """An answer's number is read from its option whenever a score is computed: the options of a
    scale that an evaluated template uses never change, or final scores would."""
    ids = {pk for pk in skala_ids if pk}
    if ids and Evaluasi.objects.filter(template__komponen__sub__kriteria__skala_id__in=ids).exists():
        raise SkalaDipakai


@receiver(pre_save, sender=SkalaJawaban)
@receiver(pre_delete, sender=SkalaJawaban)
def scale_locked_when_used(sender, instance, **kwargs):
    if instance.pk:
        _refuse_if_scale_used(instance.pk)


@receiver(pre_save, sender=OpsiJawaban)
@receiver(pre_delete, sender=OpsiJawaban)
def option_locked_when_used(sender, instance, **kwargs):
    _refuse_if_scale_used(instance.skala_id, _stored(sender, instance, "skala_id"))


@receiver(pre_delete, sender=Jawaban)
@receiver(pre_delete, sender=Rekomendasi)
@receiver(pre_delete, sender=Evaluasi)
def evaluation_locked_when_final(sender, instance, **kwargs):
    evaluasi_id = instance.pk if sender is Evaluasi else instance.evaluasi_id
    if Evaluasi.objects.filter(pk=evaluasi_id, status=Evaluasi.Status.FINAL).exists():
        raise EvaluasiTerkunci


# The LKjIP lives in its own module; imported here so Django registers its models with the app.
from evaluasi.models_lkjip import BerkasLkjip, LaporanKinerja  # noqa: E402, F401
