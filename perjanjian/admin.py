from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from perjanjian.models import PengaturanCapaian, PredikatCapaian


@admin.register(PengaturanCapaian)
class PengaturanCapaianAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "rumus_minimize", "batas_maksimum", "batas_minimum_nol"]


@admin.register(PredikatCapaian)
class PredikatCapaianAdmin(admin.ModelAdmin):
    list_display = ["pemda", "nilai_minimum", "label", "warna"]
    list_filter = ["pemda"]
