"""The organisation every other app hangs on: pemda -> perangkat daerah -> unit kerja, the officials
who sign documents, and the users with their roles."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sakip.uploads import logo_path, validate_logo


class Pemda(models.Model):
    class Jenis(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    class ZonaWaktu(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Waktu Indonesia Barat)")
        WITA = "Asia/Makassar", _("WITA (Waktu Indonesia Tengah)")
        WIT = "Asia/Jayapura", _("WIT (Waktu Indonesia Timur)")

    jenis = models.CharField(_("jenis"), max_length=16, choices=Jenis.choices)
    nama = models.CharField(_("nama"), max_length=120, help_text=_("Contoh: Kota Contoh"))
    kode = models.CharField(
        _("kode wilayah"),
        max_length=16,
        unique=True,
        validators=[RegexValidator(r"^\d{2}(\.\d{2})?$", _("Gunakan kode Kemendagri, mis. 99.71"))],
        help_text=_("Kode wilayah Kemendagri, mis. 64.74"),
    )
    alamat = models.TextField(_("alamat kantor"), blank=True)
    telepon = models.CharField(_("telepon"), max_length=40, blank=True)
    email = models.EmailField(_("surel"), blank=True)
    situs_web = models.URLField(_("situs web"), blank=True)
    logo = models.ImageField(
        _("logo"),
        upload_to=logo_path,
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG atau JPEG, paling besar 1 MB; dipakai pada kop surat dan laporan."),
    )
    zona_waktu = models.CharField(_("zona waktu"), max_length=32, choices=ZonaWaktu.choices, default=ZonaWaktu.WIB)
    label_evaluator = models.CharField(
        _("sebutan evaluator"),
        max_length=60,
        default="Inspektorat",
        help_text=_("Unit yang mengevaluasi SAKIP: Bapperida, Inspektorat, atau Bagian Organisasi."),
    )
    aktif = models.BooleanField(_("aktif"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pemerintah daerah")
        verbose_name_plural = _("pemerintah daerah")
        ordering = ["nama"]

    def __str__(self) -> str:
        return self.nama

    @property
    def nama_lengkap(self) -> str:
        """ "Kota Samarinda" even when the name was entered as "Samarinda"."""
        label = self.Jenis(self.jenis).label if self.jenis else ""
        if not label or self.nama.lower().startswith(str(label).lower()):
            return self.nama
        return f"{label} {self.nama}"

    @property
    def nama_pemerintah(self) -> str:
        """The name on a letterhead: "Pemerintah Kota Contoh"."""
        return f"Pemerintah {self.nama_lengkap}"

    @property
    def logo_url(self) -> str:
        """The logo through its permission-checked view, versioned by file name so a new upload is
        not hidden behind the browser's cache."""
        if not self.logo:
            return ""
        return f"{reverse('pemda_logo', args=[self.pk])}?v={self.logo.name.rsplit('-', 1)[-1]}"

    @property
    def sebutan_kepala_daerah(self) -> str:
        return {
            self.Jenis.PROVINSI: "Gubernur",
            self.Jenis.KABUPATEN: "Bupati",
            self.Jenis.KOTA: "Wali Kota",
        }[self.jenis]

    @property
    def singkatan_zona_waktu(self) -> str:
        return self.ZonaWaktu(self.zona_waktu).name


class PerangkatDaerahQuerySet(models.QuerySet):
    def aktif(self) -> PerangkatDaerahQuerySet:
        return self.filter(aktif=True)

    def for_list_page(self) -> PerangkatDaerahQuerySet:
        """The OPD list: each row shows its pemda and how many units and officials it has."""

        # Counted in subqueries: joining both relations at once would multiply the rows.
        def count(model, **filters):
            rows = model.objects.filter(opd=models.OuterRef("pk"), **filters).order_by().values("opd")
            return models.Subquery(rows.annotate(n=models.Count("pk")).values("n"), output_field=models.IntegerField())

        return self.select_related("pemda").annotate(
            jumlah_unit=Coalesce(count(UnitKerja), 0),
            jumlah_pejabat=Coalesce(count(Pejabat, selesai__isnull=True), 0),
        )


class PerangkatDaerah(models.Model):
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah", verbose_name=_("pemda"))
    nama = models.CharField(_("nama"), max_length=200)
    singkatan = models.CharField(_("singkatan"), max_length=40, help_text=_("Contoh: Dinkes"))
    kode = models.CharField(
        _("kode"),
        max_length=32,
        validators=[RegexValidator(r"^[0-9A-Za-z.\-]+$", _("Hanya angka, huruf, titik dan tanda hubung."))],
        help_text=_("Kode unit organisasi, mis. 1.02.01"),
    )
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    objects = PerangkatDaerahQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("perangkat daerah")
        verbose_name_plural = _("perangkat daerah")
        ordering = ["pemda", "urutan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "kode"],
                name="opd_kode_unik_per_pemda",
                violation_error_message=_("Kode ini sudah dipakai perangkat daerah lain di pemda ini."),
            ),
            models.UniqueConstraint(
                fields=["pemda", "nama"],
                name="opd_nama_unik_per_pemda",
                violation_error_message=_("Nama ini sudah dipakai perangkat daerah lain di pemda ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def get_absolute_url(self) -> str:
        return reverse("opd_detail", args=[self.pk])


class UnitKerja(models.Model):
    class Jenis(models.TextChoices):
        SEKRETARIAT = "sekretariat", _("Sekretariat")
        BIDANG = "bidang", _("Bidang")
        BAGIAN = "bagian", _("Bagian")
        SUBBAGIAN = "subbagian", _("Sub Bagian")
        SEKSI = "seksi", _("Seksi")
        UPT = "upt", _("UPT")

    class Eselon(models.TextChoices):
        III = "III", _("Eselon III (administrator)")
        IV = "IV", _("Eselon IV (pengawas)")

    opd = models.ForeignKey(
        PerangkatDaerah, on_delete=models.PROTECT, related_name="unit_kerja", verbose_name=_("perangkat daerah")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("unit induk"),
    )
    nama = models.CharField(_("nama"), max_length=200)
    jenis = models.CharField(_("jenis"), max_length=16, choices=Jenis.choices)
    eselon = models.CharField(_("eselon"), max_length=3, choices=Eselon.choices, blank=True)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=0)
    aktif = models.BooleanField(_("aktif"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        ordering = ["opd", "urutan", "nama"]
        constraints = [
            models.UniqueConstraint(
                fields=["opd", "nama"],
                name="unit_nama_unik_per_opd",
                violation_error_message=_("Nama unit kerja ini sudah ada di perangkat daerah ini."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    def clean(self) -> None:
        if self.parent_id is None or self.opd_id is None:
            return
        if self.parent.opd_id != self.opd_id:
            raise ValidationError({"parent": _("Unit induk harus berada di perangkat daerah yang sama.")})
        ancestor = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("Unit induk tidak boleh unit ini sendiri atau bawahannya.")})
            ancestor = ancestor.parent


NIP_VALIDATOR = RegexValidator(r"^\d{18}$", _("NIP terdiri atas 18 angka."))


class PejabatQuerySet(models.QuerySet):
    def by_rank(self, *first) -> PejabatQuerySet:
        """Heads first, then by unit order: the order officials are listed on every page.
        ``first`` are orderings that come before the rank (the OPD, on the list of all officials)."""
        rank = models.Case(
            *[models.When(jenis_jabatan=value, then=index) for index, value in enumerate(Pejabat.JenisJabatan.values)],
            output_field=models.IntegerField(),
        )
        return self.order_by(*first, rank, "unit__urutan", "unit__nama", "nama")

    def aktif_pada(self, tanggal: datetime.date) -> PejabatQuerySet:
        """Officials in post on a date: who signs a document dated then."""
        return self.filter(mulai__lte=tanggal).filter(Q(selesai__isnull=True) | Q(selesai__gte=tanggal))


class Pejabat(models.Model):
    """An official holding a post for a span of time; documents freeze these details when signed."""

    class JenisJabatan(models.TextChoices):
        KEPALA_DAERAH = "kepala_daerah", _("Kepala Daerah")
        WAKIL_KEPALA_DAERAH = "wakil_kepala_daerah", _("Wakil Kepala Daerah")
        SEKDA = "sekda", _("Sekretaris Daerah")
        KEPALA_OPD = "kepala_opd", _("Kepala Perangkat Daerah")
        ADMINISTRATOR = "administrator", _("Pejabat Administrator (eselon III)")
        PENGAWAS = "pengawas", _("Pejabat Pengawas (eselon IV)")
        FUNGSIONAL = "fungsional", _("Pejabat Fungsional")
        PELAKSANA = "pelaksana", _("Pelaksana")

    class Status(models.TextChoices):
        DEFINITIF = "definitif", _("Definitif")
        PLT = "plt", _("Pelaksana Tugas (Plt.)")
        PLH = "plh", _("Pelaksana Harian (Plh.)")

    class Golongan(models.TextChoices):
        I_A = "I/a", "Juru Muda (I/a)"
        I_B = "I/b", "Juru Muda Tingkat I (I/b)"
        I_C = "I/c", "Juru (I/c)"
        I_D = "I/d", "Juru Tingkat I (I/d)"
        II_A = "II/a", "Pengatur Muda (II/a)"
        II_B = "II/b", "Pengatur Muda Tingkat I (II/b)"
        II_C = "II/c", "Pengatur (II/c)"
        II_D = "II/d", "Pengatur Tingkat I (II/d)"
        III_A = "III/a", "Penata Muda (III/a)"
        III_B = "III/b", "Penata Muda Tingkat I (III/b)"
        III_C = "III/c", "Penata (III/c)"
        III_D = "III/d", "Penata Tingkat I (III/d)"
        IV_A = "IV/a", "Pembina (IV/a)"
        IV_B = "IV/b", "Pembina Tingkat I (IV/b)"
        IV_C = "IV/c", "Pembina Utama Muda (IV/c)"
        IV_D = "IV/d", "Pembina Utama Madya (IV/d)"
        IV_E = "IV/e", "Pembina Utama (IV/e)"

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="pejabat", verbose_name=_("pemda"))
    opd = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pejabat",
        verbose_name=_("perangkat daerah"),
        help_text=_("Kosongkan untuk pejabat tingkat pemda (kepala daerah, wakil, sekda)."),
    )
    unit = models.ForeignKey(
        UnitKerja,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pejabat",
        verbose_name=_("unit kerja"),
    )
    nama = models.CharField(_("nama lengkap dan gelar"), max_length=150)
    nip = models.CharField(
        _("NIP"),
        max_length=18,
        blank=True,
        validators=[NIP_VALIDATOR],
        help_text=_("18 angka; kosongkan untuk kepala daerah dan wakilnya."),
    )
    pangkat_golongan = models.CharField(_("pangkat/golongan"), max_length=8, choices=Golongan.choices, blank=True)
    jabatan = models.CharField(_("jabatan"), max_length=200, help_text=_("Contoh: Kepala Dinas Kesehatan"))
    jenis_jabatan = models.CharField(_("jenis jabatan"), max_length=24, choices=JenisJabatan.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DEFINITIF)
    mulai = models.DateField(_("mulai menjabat"))
    selesai = models.DateField(_("selesai menjabat"), null=True, blank=True)

    objects = PejabatQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pejabat")
        verbose_name_plural = _("pejabat")
        ordering = ["pemda", "opd", "jenis_jabatan", "nama"]
        constraints = [
            models.CheckConstraint(
                condition=Q(selesai__isnull=True) | Q(selesai__gte=models.F("mulai")),
                name="pejabat_selesai_setelah_mulai",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.jabatan_lengkap})"

    @property
    def jabatan_lengkap(self) -> str:
        """The title as signed: "Plt. Kepala Dinas Kesehatan"."""
        prefix = {self.Status.PLT: "Plt. ", self.Status.PLH: "Plh. "}.get(self.status, "")
        return f"{prefix}{self.jabatan}"

    @property
    def nip_tampil(self) -> str:
        """NIP grouped as printed on documents: 19700101 199503 1 001."""
        n = self.nip
        if len(n) != 18:
            return n
        return f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}"

    @property
    def pangkat_tampil(self) -> str:
        return self.get_pangkat_golongan_display() if self.pangkat_golongan else ""

    def clean(self) -> None:
        errors = {}
        if self.opd_id and self.pemda_id and self.opd.pemda_id != self.pemda_id:
            errors["opd"] = _("Perangkat daerah harus milik pemda yang sama.")
        if self.unit_id and self.unit.opd_id != self.opd_id:
            errors["unit"] = _("Unit kerja harus berada di perangkat daerah yang dipilih.")
        if self.selesai and self.mulai and self.selesai < self.mulai:
            errors["selesai"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
        pemda_level = {self.JenisJabatan.KEPALA_DAERAH, self.JenisJabatan.WAKIL_KEPALA_DAERAH, self.JenisJabatan.SEKDA}
        if self.jenis_jabatan in pemda_level and self.opd_id:
            errors["opd"] = _("Jabatan tingkat pemda tidak berada di perangkat daerah.")
        if self.jenis_jabatan and self.jenis_jabatan not in pemda_level and not self.opd_id:
            errors["opd"] = _("Pilih perangkat daerah untuk jabatan ini.")
        if errors:
            raise ValidationError(errors)


class Periode(models.Model):
    """An RPJMD (or RPD) period of a pemda: the years its plans and targets run over."""

    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="periode", verbose_name=_("pemda"))
    nama = models.CharField(_("nama"), max_length=120, help_text=_("Contoh: RPJMD 2025–2029"))
    tahun_awal = models.PositiveSmallIntegerField(
        _("tahun awal"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    tahun_akhir = models.PositiveSmallIntegerField(
        _("tahun akhir"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    visi = models.TextField(_("visi"), blank=True)
    misi = models.TextField(_("misi"), blank=True, help_text=_("Satu misi per baris."))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("periode RPJMD")
        verbose_name_plural = _("periode RPJMD")
        ordering = ["pemda", "-tahun_awal"]
        constraints = [
            models.UniqueConstraint(
                fields=["pemda", "tahun_awal"],
                name="periode_unik_per_pemda",
                violation_error_message=_("Pemda ini sudah punya periode yang mulai pada tahun itu."),
            ),
            models.CheckConstraint(
                condition=Q(tahun_akhir__gte=models.F("tahun_awal")) & Q(tahun_akhir__lte=models.F("tahun_awal") + 4),
                name="periode_paling_lama_lima_tahun",
                violation_error_message=_("Periode berlangsung satu sampai lima tahun."),
            ),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def rentang(self) -> str:
        """ "2025–2029": years as text, so templates do not group them as thousands."""
        return f"{self.tahun_awal}–{self.tahun_akhir}"

    @property
    def tahun(self) -> list[int]:
        return list(range(self.tahun_awal, self.tahun_akhir + 1))

    @property
    def misi_list(self) -> list[str]:
        return [line.strip() for line in self.misi.splitlines() if line.strip()]


class Role(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", _("Admin Pemda")
    PERENCANA = "perencana", _("Perencana OPD")
    KEPALA_OPD = "kepala_opd", _("Kepala OPD")
    EVALUATOR = "evaluator", _("Evaluator")
    PIMPINAN = "pimpinan", _("Pimpinan Daerah")


TITLES = {"dr", "drs", "dra", "ir", "h", "hj", "prof", "kh", "dr.", "drg", "apt"}

# Roles tied to one perangkat daerah; the others see their whole pemda.
OPD_ROLES = frozenset({Role.PERENCANA, Role.KEPALA_OPD})


class User(AbstractUser):
    """A person who signs in. Belongs to one pemda (superusers to none) and, for OPD roles, one OPD."""

    first_name = None
    last_name = None
    nama = models.CharField(_("nama lengkap"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[NIP_VALIDATOR])
    role = models.CharField(_("peran"), max_length=16, choices=Role.choices, blank=True)
    pemda = models.ForeignKey(
        Pemda, on_delete=models.PROTECT, null=True, blank=True, related_name="users", verbose_name=_("pemda")
    )
    opd = models.ForeignKey(
        PerangkatDaerah,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("perangkat daerah"),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")
        ordering = ["nama", "username"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_superuser=True) | (Q(pemda__isnull=False) & ~Q(role="")),
                name="user_pemda_dan_peran_wajib",
            ),
            models.CheckConstraint(
                condition=Q(role__in=sorted(OPD_ROLES), opd__isnull=False)
                | (~Q(role__in=sorted(OPD_ROLES)) & Q(opd__isnull=True)),
                name="user_opd_sesuai_peran",
            ),
        ]

    def __str__(self) -> str:
        return self.nama or self.username

    def get_full_name(self) -> str:
        return self.nama or self.username

    def get_short_name(self) -> str:
        """The first name a greeting uses, past academic and religious titles ("dr.", "H.", "Ir.")."""
        words = (self.nama or self.username).split(",")[0].split()
        names = [word for word in words if not word.endswith(".") and word.lower() not in TITLES]
        return names[0] if names else (words[0] if words else self.username)

    @property
    def is_opd_role(self) -> bool:
        return self.role in OPD_ROLES

    @property
    def role_label(self) -> str:
        """The role as this pemda calls it: the evaluator role carries the pemda's own label."""
        if self.is_superuser and not self.role:
            return str(_("Superuser"))
        if self.role == Role.EVALUATOR and self.pemda_id:
            return f"{Role.EVALUATOR.label} ({self.pemda.label_evaluator})"
        return self.get_role_display()

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.is_superuser:
            if not self.pemda_id:
                errors["pemda"] = _("Pengguna harus terdaftar pada satu pemda.")
            if not self.role:
                errors["role"] = _("Pilih peran pengguna.")
        if self.role in OPD_ROLES and not self.opd_id:
            errors["opd"] = _("Peran ini harus terikat pada satu perangkat daerah.")
        if self.role not in OPD_ROLES and self.opd_id:
            errors["opd"] = _("Peran ini berlaku untuk seluruh pemda; kosongkan perangkat daerah.")
        if self.opd_id and self.pemda_id and self.opd.pemda_id != self.pemda_id:
            errors["opd"] = _("Perangkat daerah harus milik pemda pengguna.")
        if errors:
            raise ValidationError(errors)
