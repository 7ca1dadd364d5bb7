from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from evaluasi.models import Komponen, Kriteria, OpsiJawaban, PredikatLKE, SkalaJawaban, SubKomponen, TemplateLKE


class OpsiInline(admin.TabularInline):
    model = OpsiJawaban
    extra = 0


@admin.register(SkalaJawaban)
class SkalaJawabanAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama"]
    inlines = [OpsiInline]


class PredikatInline(admin.TabularInline):
    model = PredikatLKE
    extra = 0


class KomponenInline(admin.TabularInline):
    model = Komponen
    extra = 0
    show_change_link = True


@admin.register(TemplateLKE)
class TemplateLKEAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "regulasi", "versi", "tahun_berlaku", "pemda"]
    list_filter = ["regulasi", "pemda"]
    inlines = [PredikatInline, KomponenInline]


class SubInline(admin.TabularInline):
    model = SubKomponen
    extra = 0
    show_change_link = True


@admin.register(Komponen)
class KomponenAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "bobot", "template"]
    list_filter = ["template"]
    inlines = [SubInline]


class KriteriaInline(admin.TabularInline):
    model = Kriteria
    fk_name = "sub"
    extra = 0
    raw_id_fields = ["syarat"]


@admin.register(SubKomponen)
class SubKomponenAdmin(admin.ModelAdmin):
    list_display = ["kode", "nama", "bobot", "dimensi", "cara_hitung", "komponen"]
    list_filter = ["komponen__template"]
    inlines = [KriteriaInline]
