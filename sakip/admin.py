"""Django admin, for superusers only. Admin Pemda works in the app's own pages, which are scoped."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from sakip.models import Pejabat, Pemda, PerangkatDaerah, Periode, UnitKerja, User


@admin.register(Pemda)
class PemdaAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "jenis", "zona_waktu", "aktif"]
    search_fields = ["nama", "kode"]


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(SimpleHistoryAdmin):
    list_display = ["kode", "nama", "singkatan", "pemda", "aktif"]
    list_filter = ["pemda", "aktif"]
    list_select_related = ["pemda"]
    search_fields = ["nama", "singkatan", "kode"]


@admin.register(UnitKerja)
class UnitKerjaAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "jenis", "eselon", "opd", "parent", "aktif"]
    list_filter = ["opd__pemda", "jenis"]
    list_select_related = ["opd", "parent"]
    search_fields = ["nama"]
    raw_id_fields = ["opd", "parent"]


@admin.register(Pejabat)
class PejabatAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "nip", "jabatan", "status", "opd", "pemda", "mulai", "selesai"]
    list_filter = ["pemda", "jenis_jabatan", "status"]
    list_select_related = ["opd", "pemda"]
    search_fields = ["nama", "nip", "jabatan"]
    raw_id_fields = ["opd", "unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "nama", "role", "pemda", "opd", "is_active", "is_superuser"]
    list_filter = ["role", "pemda", "is_active", "is_superuser"]
    list_select_related = ["pemda", "opd"]
    search_fields = ["username", "nama", "email", "nip"]
    ordering = ["username"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Data diri", {"fields": ["nama", "email", "nip"]}),
        ("Peran dan lingkup", {"fields": ["role", "pemda", "opd"]}),
        ("Hak akses Django", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        ("Waktu", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "nama", "role", "pemda", "opd", "password1", "password2"]}),
    ]
    raw_id_fields = ["opd"]


@admin.register(Periode)
class PeriodeAdmin(SimpleHistoryAdmin):
    list_display = ["nama", "pemda", "tahun_awal", "tahun_akhir"]
    list_filter = ["pemda"]
