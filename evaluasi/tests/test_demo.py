"""The demo evaluations of Kota Contoh: two years for every OPD, believable scores, recommendations
with their follow-up in every state, and idempotence."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command

from evaluasi import services
from evaluasi.models import Evaluasi, Jawaban, Rekomendasi, TindakLanjut
from sakip.models import PerangkatDaerah

MODELS = [Evaluasi, Jawaban, Rekomendasi, TindakLanjut]


def counts() -> dict[str, int]:
    return {
        **{model.__name__: model.objects.count() for model in MODELS},
        **{f"history {model.__name__}": model.history.count() for model in MODELS},
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_two_years_of_evaluations_for_every_opd_with_believable_scores(demo):
    first = counts()
    call_command("load_demo")
    assert counts() == first

    opds = PerangkatDaerah.objects.filter(pemda__nama="Kota Contoh").aktif()
    evaluations = Evaluasi.objects.filter(pemda__nama="Kota Contoh").select_related("template", "opd")
    for opd in opds:
        mine = {e.tahun: e for e in evaluations if e.opd_id == opd.pk}
        assert set(mine) == {2024, 2025}, opd
        assert (mine[2024].template.regulasi, mine[2025].template.regulasi) == ("12/2015", "88/2021")
    pemda_wide = evaluations.get(opd=None)
    assert (pemda_wide.tahun, pemda_wide.final) == (2025, True)

    totals = []
    for evaluasi in evaluations.filter(status=Evaluasi.Status.FINAL):
        evaluator, mandiri = services.hasil(evaluasi), services.hasil(evaluasi, sisi="mandiri")
        assert 45 < evaluator.total < 95 and evaluator.predikat is not None
        assert mandiri.total >= evaluator.total - 5  # the OPDs judge themselves a little higher
        assert not services.temuan_logika(evaluasi) and evaluasi.simpulan
        assert evaluasi.rekomendasi.count() in (2, 3)
        totals.append(evaluator.total)
    assert max(totals) - min(totals) > 15  # the OPDs differ
    still = evaluations.filter(status=Evaluasi.Status.PENILAIAN)
    assert {e.opd.singkatan for e in still} == {"Disdik", "Dinas PUPR"}
    assert all(Jawaban.objects.filter(evaluasi=e, opsi_evaluator__isnull=True).exists() for e in still)

    statuses = set(Rekomendasi.objects.filter(evaluasi__tahun=2024).values_list("status", flat=True))
    assert statuses == {"terbuka", "ditanggapi", "dibuka_kembali", "selesai"}
    overdue = [r for r in Rekomendasi.objects.all() if r.terlambat(datetime.date(2026, 11, 23))]
    assert all(r.evaluasi.opd.singkatan in {"Dinkes", "Disdik"} for r in overdue)
    assert {r.status for r in overdue} >= {"terbuka", "dibuka_kembali"}  # untouched, and returned
    assert TindakLanjut.objects.filter(hasil="dikembalikan").exclude(catatan_evaluator="").exists()
