from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from sakip import health, views, views_dasbor
from sakip.forms import PasswordChangeForm

account_urls = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("kata-sandi/", auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm), name="password_change"),
    path("kata-sandi/selesai/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]

organisation_urls = [
    path("", views.pemda_detail, name="pemda_detail"),
    path("ubah/", views.pemda_edit, name="pemda_edit"),
    path("logo/<int:pk>/", views.pemda_logo, name="pemda_logo"),
    path("opd/", views.opd_list, name="opd_list"),
    path("opd/tambah/", views.opd_create, name="opd_create"),
    path("opd/<int:pk>/", views.opd_detail, name="opd_detail"),
    path("opd/<int:pk>/ubah/", views.opd_edit, name="opd_edit"),
    path("opd/<int:opd_pk>/unit/tambah/", views.unit_create, name="unit_create"),
    path("unit/<int:pk>/ubah/", views.unit_edit, name="unit_edit"),
    path("pejabat/", views.pejabat_list, name="pejabat_list"),
    path("pejabat/tambah/", views.pejabat_create, name="pejabat_create"),
    path("pejabat/<int:pk>/ubah/", views.pejabat_edit, name="pejabat_edit"),
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/tambah/", views.user_create, name="user_create"),
    path("pengguna/<int:pk>/ubah/", views.user_edit, name="user_edit"),
    path("pengguna/<int:pk>/kata-sandi/", views.user_set_password, name="user_set_password"),
]

pemda_urls = [
    path("", views.pemda_list, name="pemda_list"),
    path("tambah/", views.pemda_create, name="pemda_create"),
    path("<int:pk>/pilih/", views.pemda_switch, name="pemda_switch"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("sehat/", health.sehat, name="sehat"),
    path("dasbor/opd/<int:pk>/", views_dasbor.dasbor_opd, name="dasbor_opd"),
    path("akun/", include(account_urls)),
    path("organisasi/", include(organisation_urls)),
    path("pemda/", include(pemda_urls)),
    path("iku/", include("iku_manual.urls")),
    path("pk/", include("perjanjian.urls")),
    path("evaluasi/", include("evaluasi.urls")),
    path("ikp/", include("instruksi.urls")),
    path("pemantauan/", include("pemantauan.urls")),
    path("notifikasi/", include("notifikasi.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Administrasi SAKIP"
admin.site.site_title = "SAKIP"
admin.site.index_title = "Data induk"
