"""Django admin for superusers. Locking rules for later documents live in services, not here."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from iku_manual.models import Indikator, NilaiSkala, Renstra, Sasaran, SkalaKualitatif, TargetIndikator


class NilaiSkalaInline(admin.TabularInline):
    model = NilaiSkala
    extra = 0


@admin.register(SkalaKualitatif)
class SkalaKualitatifAdmin(admin.ModelAdmin):
    list_display = ["nama", "pemda"]
    inlines = [NilaiSkalaInline]


@admin.register(Renstra)
class RenstraAdmin(SimpleHistoryAdmin):
    list_display = ["opd", "periode", "nomor_dokumen", "tanggal_penetapan"]
    list_select_related = ["opd", "periode"]


@admin.register(Sasaran)
class SasaranAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "uraian", "tingkat", "opd", "periode"]
    list_filter = ["tingkat", "pemda"]
    list_select_related = ["opd", "periode"]
    search_fields = ["kode", "uraian"]
    raw_id_fields = ["opd", "unit", "pejabat", "parents"]


class TargetInline(admin.TabularInline):
    model = TargetIndikator
    extra = 0


@admin.register(Indikator)
class IndikatorAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "satuan", "polaritas", "is_iku", "sasaran"]
    list_filter = ["is_iku", "polaritas", "jenis"]
    list_select_related = ["sasaran"]
    search_fields = ["kode", "nama"]
    raw_id_fields = ["sasaran", "penanggung_jawab"]
    inlines = [TargetInline]
