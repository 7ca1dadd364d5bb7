from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from perjanjian.models import AnggaranPK, BarisPK, PengaturanCapaian, PerjanjianKinerja, PredikatCapaian


@admin.register(PengaturanCapaian)
class PengaturanCapaianAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "rumus_minimize", "batas_maksimum", "batas_minimum_nol"]


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
