"""URLs of the LKjIP (included by evaluasi/urls.py)."""

from django.urls import path

from evaluasi import views_lkjip as views

urlpatterns = [
    path("lkjip/", views.lkjip_list, name="lkjip_list"),
    path("lkjip/semua.zip", views.lkjip_zip, name="lkjip_zip"),
    path("lkjip/buat/", views.lkjip_buat, name="lkjip_buat"),
    path("lkjip/<int:pk>/", views.lkjip_detail, name="lkjip_detail"),
    path("lkjip/<int:pk>/narasi/", views.lkjip_ubah, name="lkjip_ubah"),
    path("lkjip/<int:pk>/reviu/", views.lkjip_reviu, name="lkjip_reviu"),
    path("lkjip/<int:pk>/finalkan/", views.lkjip_finalkan, name="lkjip_finalkan"),
    path("lkjip/<int:pk>/versi-baru/", views.lkjip_versi_baru, name="lkjip_versi_baru"),
    path("lkjip/<int:pk>/pdf/", views.lkjip_pdf_siapkan, name="lkjip_pdf_siapkan"),
    path("lkjip/<int:pk>/unduh/", views.lkjip_unduh, name="lkjip_unduh"),
    path("lkjip/<int:pk>/pdf/<int:berkas_pk>/", views.lkjip_pdf_status, name="lkjip_pdf_status"),
    path("lkjip/<int:pk>/pdf/<int:berkas_pk>/unduh/", views.lkjip_berkas, name="lkjip_berkas"),
]
