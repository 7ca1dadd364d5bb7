"""The Django admin offers no way around the locks of final evaluations, their recommendations, and
templates in use; the models refuse such writes from any other route too."""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import RequestFactory

from evaluasi import services
from evaluasi.models import Evaluasi, Jawaban, Kriteria, Rekomendasi, TemplateLKE

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="12/2015")
    evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2025, template=template)
    jawaban = Jawaban.objects.create(
        evaluasi=evaluasi, kriteria=Kriteria.objects.filter(sub__komponen__template=template).first()
    )
    rekomendasi = Rekomendasi.objects.create(
        evaluasi=evaluasi, uraian="Menyusun SOP", batas_waktu=datetime.date(2026, 6, 30)
    )
    Evaluasi.objects.filter(pk=evaluasi.pk).update(status=Evaluasi.Status.FINAL)
    evaluasi.refresh_from_db()
    rekomendasi.refresh_from_db()
    world.evaluasi, world.jawaban, world.rekomendasi = evaluasi, jawaban, rekomendasi
    return world


def admin_request(world):
    request = RequestFactory().get("/")
    request.user = world.users["superuser"]  # pytest-django's admin_user would be the world's "admin"
    return request


@pytest.mark.parametrize("attribute", ["evaluasi", "rekomendasi"])
def test_admin_cannot_change_or_delete_what_a_final_evaluation_holds(final, attribute):
    obj = getattr(final, attribute)
    model_admin = admin.site._registry[type(obj)]
    assert model_admin.has_view_permission(admin_request(final), obj)
    assert not model_admin.has_change_permission(admin_request(final), obj)
    assert not model_admin.has_delete_permission(admin_request(final), obj)


def test_admin_may_change_a_recommendation_while_the_evaluation_is_open(world):
    template = TemplateLKE.objects.get(pemda=None, regulasi="88/2021")
    evaluasi = services.evaluasi_buka(pemda=world.pemda, opd=world.opd, tahun=2026, template=template)
    rekomendasi = Rekomendasi.objects.create(evaluasi=evaluasi, uraian="x", batas_waktu=datetime.date(2027, 3, 31))
    assert admin.site._registry[Rekomendasi].has_change_permission(admin_request(world), rekomendasi)


def test_models_refuse_writes_to_a_final_evaluation(final):
    final.jawaban.catatan_evaluator = "diubah"
    with pytest.raises(ValidationError):
        final.jawaban.save()
    final.rekomendasi.uraian = "diubah"
    with pytest.raises(ValidationError):
        final.rekomendasi.save()
    with pytest.raises(ValidationError), transaction.atomic():
        Rekomendasi.objects.filter(pk=final.rekomendasi.pk).delete()
    with pytest.raises(ValidationError), transaction.atomic():
        Rekomendasi.objects.create(evaluasi=final.evaluasi, uraian="baru", batas_waktu=datetime.date(2026, 6, 30))
    final.rekomendasi.refresh_from_db()
    assert final.rekomendasi.uraian == "Menyusun SOP"
    final.rekomendasi.status = Rekomendasi.Status.SELESAI  # only the status moves, through the follow-up
    final.rekomendasi.save()


def test_scales_and_parts_of_a_template_in_use_stay_as_they_are(final):
    from evaluasi.models import Komponen, OpsiJawaban, SkalaJawaban
    from evaluasi.services import template_salin

    template = final.evaluasi.template
    opsi = Kriteria.objects.filter(sub__komponen__template=template).first().skala.opsi.first()
    opsi.nilai = 0
    with pytest.raises(ValidationError, match="Skala ini dipakai"), transaction.atomic():
        opsi.save()
    with pytest.raises(ValidationError), transaction.atomic():
        OpsiJawaban.objects.create(skala=opsi.skala, kode="X", nilai=2)
    with pytest.raises(ValidationError), transaction.atomic():
        opsi.delete()
    fresh = SkalaJawaban.objects.create(kode="BARU", nama="Skala baru")
    OpsiJawaban.objects.create(skala=fresh, kode="Y", nilai=1)  # a scale no evaluation uses is free

    # A part cannot leave a template in use for another either.
    copy = template_salin(template=template, pemda=final.pemda, nama="Salinan", tahun_berlaku=2026)
    komponen = Komponen.objects.get(template=template, kode="A")
    komponen.template = copy
    komponen.kode = "Z"
    with pytest.raises(ValidationError, match="sudah dipakai"), transaction.atomic():
        komponen.save()


def test_a_recommendation_or_answer_cannot_leave_a_final_evaluation(final):
    template = TemplateLKE.objects.get(pemda=None, regulasi="88/2021")
    terbuka = services.evaluasi_buka(pemda=final.pemda, opd=final.opd, tahun=2026, template=template)
    final.rekomendasi.evaluasi = terbuka
    with pytest.raises(ValidationError), transaction.atomic():
        final.rekomendasi.save()
    final.jawaban.evaluasi = terbuka
    with pytest.raises(ValidationError), transaction.atomic():
        final.jawaban.save()


def test_admin_offers_no_edit_of_a_template_in_use_nor_a_way_to_finalise(final, client):
    from evaluasi.models import Komponen

    template = final.evaluasi.template
    request = admin_request(final)
    for model, obj in (
        (TemplateLKE, template),
        (Komponen, template.komponen.first()),
        (type(template.komponen.first().sub.first()), template.komponen.first().sub.first()),
    ):
        assert not admin.site._registry[model].has_change_permission(request, obj), model
    unused = TemplateLKE.objects.get(pemda=None, regulasi="88/2021")
    assert admin.site._registry[TemplateLKE].has_change_permission(request, unused)
    evaluasi_admin = admin.site._registry[Evaluasi]
    assert "status" in evaluasi_admin.get_readonly_fields(request, final.evaluasi)
    client.force_login(final.users["superuser"])
    komponen = template.komponen.first()
    response = client.post(f"/admin/evaluasi/komponen/{komponen.pk}/change/", {"kode": "Z", "nama": "x", "bobot": "1"})
    assert response.status_code == 403  # no 500: the admin refuses before the model would
