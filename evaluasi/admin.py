from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluasi.models import (
    Evaluasi,
    Jawaban,
    Komponen,
    Kriteria,
    LaporanKinerja,
    OpsiJawaban,
    PredikatLKE,
    Rekomendasi,
    SkalaJawaban,
    SubKomponen,
    TemplateLKE,
    TindakLanjut,
)


def _template_in_use(template_id) -> bool:
    return bool(template_id) and Evaluasi.objects.filter(template_id=template_id).exists()


class ReadOnlyWhenUsed:
    """Templates (and their parts, and the scales they use) that an evaluation uses are read-only:
    the models refuse such writes, so the admin does not offer them."""

    def in_use(self, obj) -> bool:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self.in_use(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self.in_use(obj))


class OpsiInline(admin.TabularInline):
    model = OpsiJawaban
    extra = 0


@admin.register(SkalaJawaban)
class SkalaJawabanAdmin(ReadOnlyWhenUsed, admin.ModelAdmin):
    list_display = ["kode", "nama"]
    inlines = [OpsiInline]

    def in_use(self, obj) -> bool:
        return Evaluasi.objects.filter(template__komponen__sub__kriteria__skala=obj).exists()


class PredikatInline(admin.TabularInline):
    model = PredikatLKE
    extra = 0


class KomponenInline(admin.TabularInline):
    model = Komponen
    extra = 0
    show_change_link = True


@admin.register(TemplateLKE)
class TemplateLKEAdmin(ReadOnlyWhenUsed, SimpleHistoryAdmin):
    list_display = ["nama", "regulasi", "versi", "tahun_berlaku", "pemda"]
    list_filter = ["regulasi", "pemda"]
    inlines = [PredikatInline, KomponenInline]

    def in_use(self, obj) -> bool:
        return _template_in_use(obj.pk)


class SubInline(admin.TabularInline):
    model = SubKomponen
    extra = 0
    show_change_link = True


@admin.register(Komponen)
class KomponenAdmin(ReadOnlyWhenUsed, admin.ModelAdmin):
    list_display = ["kode", "nama", "bobot", "template"]
    list_filter = ["template"]
    inlines = [SubInline]

    def in_use(self, obj) -> bool:
        return _template_in_use(obj.template_id)


class KriteriaInline(admin.TabularInline):
    model = Kriteria
    fk_name = "sub"
    extra = 0
    raw_id_fields = ["syarat"]


@admin.register(SubKomponen)
class SubKomponenAdmin(ReadOnlyWhenUsed, admin.ModelAdmin):
    list_display = ["kode", "nama", "bobot", "dimensi", "cara_hitung", "komponen"]
    list_filter = ["komponen__template"]
    inlines = [KriteriaInline]

    def in_use(self, obj) -> bool:
        return _template_in_use(obj.komponen.template_id)


class JawabanInline(admin.TabularInline):
    """Answers are given on the worksheet (versioned, evidence checked by content): shown here only."""

    model = Jawaban
    extra = 0
    can_delete = False
    fields = ["kriteria", "opsi_mandiri", "opsi_evaluator", "catatan_evaluator", "versi", "diubah_oleh"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluasi)
class EvaluasiAdmin(SimpleHistoryAdmin):
    """Final evaluations are read-only here too."""

    list_display = ["__str__", "tahun", "template", "status"]
    list_filter = ["status", "tahun", "pemda"]
    raw_id_fields = ["opd"]
    # Finalising checks completeness and logic and freezes the LHE: only the page's service does it.
    readonly_fields = ["status", "difinalkan_oleh", "difinalkan_pada"]
    inlines = [JawabanInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.final)


class TindakLanjutInline(admin.TabularInline):
    """The follow-ups are a record of what the OPD and the evaluator did: read-only here."""

    model = TindakLanjut
    extra = 0
    can_delete = False
    fields = ["uraian", "bukti_nama", "bukti_tautan", "diajukan_oleh", "diajukan_pada", "hasil", "catatan_evaluator"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Rekomendasi)
class RekomendasiAdmin(SimpleHistoryAdmin):
    """A recommendation of a final evaluation is part of its LHE: read-only here too."""

    list_display = ["__str__", "evaluasi", "batas_waktu", "status"]
    list_filter = ["status", "evaluasi__tahun", "evaluasi__pemda"]
    raw_id_fields = ["evaluasi", "komponen", "dibuat_oleh"]
    readonly_fields = ["status", "selesai_pada"]
    inlines = [TindakLanjutInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.evaluasi.final)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.evaluasi.final)


@admin.register(LaporanKinerja)
class LaporanKinerjaAdmin(ReadOnlyWhenUsed, SimpleHistoryAdmin):
    """A final LKjIP is frozen (the model refuses any save or delete): read only here too."""

    list_display = ["__str__", "tahun", "versi", "status", "difinalkan_pada"]
    list_filter = ["status", "tahun", "pemda"]
    readonly_fields = ["status", "difinalkan_oleh", "difinalkan_pada", "sidik_beku", "pdf_sha256"]

    def in_use(self, obj) -> bool:
        return obj.final

    def get_actions(self, request):
        # The bulk delete would meet the model's refusal for each final report as a server error.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
