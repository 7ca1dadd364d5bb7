from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from perjanjian.models import (
    AnggaranPK,
    BarisPK,
    BukaKembali,
    JadwalRealisasi,
    PengaturanCapaian,
    PerjanjianKinerja,
    PredikatCapaian,
    Realisasi,
    RealisasiAnggaran,
)


@admin.register(PengaturanCapaian)
class PengaturanCapaianAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "rumus_minimize", "batas_maksimum", "batas_minimum_nol", "ambang_efisiensi"]


@admin.register(PredikatCapaian)
class PredikatCapaianAdmin(admin.ModelAdmin):
    list_display = ["pemda", "nilai_minimum", "label", "warna"]
    list_filter = ["pemda"]


class LockedInline:
    """Rows of a ditetapkan agreement are read-only in the admin too."""

    extra = 0

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.terkunci)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.terkunci)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.terkunci)


class BarisInline(LockedInline, admin.TabularInline):
    model = BarisPK
    raw_id_fields = ["indikator"]


class AnggaranInline(LockedInline, admin.TabularInline):
    model = AnggaranPK


@admin.register(PerjanjianKinerja)
class PerjanjianKinerjaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "opd", "tahun", "jenis", "versi", "status"]
    list_filter = ["status", "jenis", "tahun"]
    list_select_related = ["opd", "unit"]
    raw_id_fields = ["opd", "periode", "unit", "pihak_pertama", "pihak_kedua", "menggantikan"]
    inlines = [BarisInline, AnggaranInline]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.terkunci)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.terkunci)


@admin.register(Realisasi)
class RealisasiAdmin(SimpleHistoryAdmin):
    """Verified realisations are read-only here too: only the evaluator's "batalkan verifikasi" reopens them."""

    list_display = ["indikator", "opd", "tahun", "triwulan", "nilai", "status"]
    list_filter = ["status", "tahun", "triwulan"]
    list_select_related = ["indikator", "opd"]
    raw_id_fields = ["opd", "indikator", "diajukan_oleh", "diverifikasi_oleh"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.terkunci)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.terkunci)


@admin.register(JadwalRealisasi)
class JadwalRealisasiAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "tahun", "triwulan", "dibuka", "ditutup"]
    list_filter = ["pemda", "tahun"]


@admin.register(BukaKembali)
class BukaKembaliAdmin(SimpleHistoryAdmin):
    list_display = ["opd", "tahun", "triwulan", "sampai", "oleh"]
    raw_id_fields = ["opd", "oleh"]


@admin.register(RealisasiAnggaran)
class RealisasiAnggaranAdmin(SimpleHistoryAdmin):
    list_display = ["anggaran", "triwulan", "nilai"]
    raw_id_fields = ["anggaran"]
