"""``manage.py generate_scale``: national-scale data at a tiny size (2 pemda × 3 OPD × 4 indicators ×
3 years) with exact row counts, pages that open on it for each generated role, scoping between the
generated pemda, removal that leaves other pemda alone, determinism, and the DEBUG guard."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from evaluasi import services as evaluasi_services
from evaluasi.models import Evaluasi, Kriteria, TemplateLKE
from iku_manual.models import Indikator, TargetIndikator
from perjanjian import reports
from perjanjian.capaian import periksa_rencana_aksi
from perjanjian.models import BarisPK, DokumenTerkunci, PerjanjianKinerja, Realisasi
from sakip import skala
from sakip.models import Pemda, PerangkatDaerah, User
from sakip.tests.factories import OpdFactory, PemdaFactory

pytestmark = pytest.mark.django_db

TINY = {"pemda": 2, "opd": 3, "indikator": 4, "tahun": 3}


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_scale", ya=True, stdout=out, **{**TINY, **options})
    return out.getvalue()


def expected(kriteria: int) -> dict[str, int]:
    """Rows per table for TINY, worked out by hand: 2 pemda, 6 OPDs, 24 indicators, 3 years, of which
    2025 and 2026 are evaluated (one sasaran strategis per OPD, since 4 indicators fit in one)."""
    return {
        "sakip.Pemda": 2,
        "sakip.Periode": 2,
        "sakip.PerangkatDaerah": 6,
        "sakip.UnitKerja": 18,  # 3 per OPD
        "sakip.Pejabat": 28,  # kepala daerah and sekda per pemda; head and 3 unit heads per OPD
        "sakip.User": 18,  # admin, evaluator, pimpinan per pemda; planner and head per OPD
        "iku_manual.Sasaran": 22,  # tujuan + 4 sasaran RPJMD per pemda; SS and its program per OPD
        "iku_manual.Sasaran_parents": 20,  # 4 + 3 + 3 per pemda
        "iku_manual.Renstra": 6,
        "iku_manual.Indikator": 24,
        "iku_manual.TargetIndikator": 72,
        "perjanjian.PerjanjianKinerja": 18,
        "perjanjian.BarisPK": 72,
        "perjanjian.AnggaranPK": 18,
        "perjanjian.RealisasiAnggaran": 72,
        "perjanjian.Realisasi": 288,
        "perjanjian.JadwalRealisasi": 24,
        "pemantauan.SerapanAnggaran": 216,
        "evaluasi.Evaluasi": 12,
        "evaluasi.Jawaban": 12 * kriteria,
        "evaluasi.Rekomendasi": 24,
    }


def log_in(client, username: str) -> None:
    """Through the login page (django-axes wants a request): proves the documented password works."""
    response = client.post(reverse("login"), {"username": username, "password": skala.PASSWORD})
    assert response.status_code == 302, username


def criteria_count() -> int:
    template = TemplateLKE.objects.filter(pemda=None, regulasi=skala.REGULASI).order_by("-versi").first()
    return Kriteria.objects.filter(sub__komponen__template=template).count()


def test_exact_row_counts_and_summary(tmp_path):
    path = tmp_path / "ringkasan.json"
    out = generate(json=str(path))
    want = expected(criteria_count())
    assert criteria_count() == 80  # the national 88/2021 worksheet
    assert skala.jumlah() == want
    summary = json.loads(path.read_text(encoding="utf-8"))
    assert summary["rows"] == want
    assert summary["total_rows"] == sum(want.values())
    assert "perjanjian.Realisasi" in out and "288" in out and "jumlah" in out
    assert f"{sum(want.values()):,}".replace(",", ".") in out  # Indonesian thousands separator


def test_generated_data_keeps_the_invariants_the_services_keep():
    generate()
    pk = PerjanjianKinerja.objects.filter(opd__pemda__kode="S.001").order_by("tahun", "opd__urutan").first()
    assert pk.status == PerjanjianKinerja.Status.DITETAPKAN
    assert pk.penandatangan["pertama"]["jabatan"] == f"Kepala {pk.opd.nama}"
    assert pk.penandatangan["kedua"]["nama"].startswith("Kepala Daerah")
    row = pk.baris.select_related("indikator").first()
    assert row.beku["indikator_nama"] == row.indikator.nama
    with pytest.raises(DokumenTerkunci):  # locked means locked, also for generated agreements
        row.save()
    for row in BarisPK.objects.filter(perjanjian__opd__pemda__kode__startswith="S.").select_related("indikator"):
        assert periksa_rencana_aksi(row.target, row.triwulan, row.indikator.agregasi) == []
    statuses = set(Realisasi.objects.filter(tahun=2027).values_list("status", flat=True))
    assert statuses == {"draft", "diajukan", "dikembalikan", "terverifikasi"}
    assert set(Realisasi.objects.filter(tahun=2025).values_list("status", flat=True)) == {"terverifikasi"}
    final = Evaluasi.objects.filter(pemda__kode="S.001", status=Evaluasi.Status.FINAL)
    assert {e.tahun for e in final} == {2025}
    assert set(Evaluasi.objects.filter(status=Evaluasi.Status.PENILAIAN).values_list("tahun", flat=True)) == {2026}
    for evaluasi in final:
        assert evaluasi.beku["evaluatan"] == evaluasi.opd.nama
        assert evaluasi_services.temuan_logika(evaluasi) == []
        assert evaluasi_services.hasil(evaluasi).total > 0
        # Scores frozen as finalising freezes them, equal to computing them from the answers.
        frozen = evaluasi_services.skor_beku(evaluasi)
        assert frozen.evaluator == evaluasi_services.hasil(evaluasi)
        assert frozen.mandiri == evaluasi_services.hasil(evaluasi, sisi="mandiri")
        assert frozen.kriteria == frozen.dijawab_evaluator == frozen.dijawab_mandiri > 0
    opd = PerangkatDaerah.objects.get(pemda__kode="S.002", urutan=1)
    ukur = reports.pengukuran_opd(opd, 2026)
    assert ukur.jumlah_indikator == 4


def test_pages_open_for_generated_users():
    generate()
    pemda = Pemda.objects.get(kode="S.001")
    opd = PerangkatDaerah.objects.get(pemda=pemda, urutan=1)
    pk = PerjanjianKinerja.objects.get(opd=opd, tahun=2025)
    evaluasi = Evaluasi.objects.get(opd=opd, tahun=2025)
    pages = {
        "perencana.s001.o001": [
            reverse("home"),
            reverse("perjanjian:pk_detail", args=[pk.pk]),
            reverse("perjanjian:monitoring", args=[opd.pk, 2027]),
        ],
        "kepala.s001.o001": [reverse("home"), reverse("perjanjian:pk_detail", args=[pk.pk])],
        "evaluator.s001": [reverse("home"), reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])],
        "pimpinan.s001": [reverse("home"), reverse("evaluasi:evaluasi_detail", args=[evaluasi.pk])],
        "admin.s001": [reverse("home"), reverse("opd_detail", args=[opd.pk])],
    }
    for username, urls in pages.items():
        client = Client()
        log_in(client, username)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (username, url, response.status_code)


def test_a_generated_planner_does_not_see_another_generated_pemda(client):
    generate()
    other = PerangkatDaerah.objects.get(pemda__kode="S.002", urutan=1)
    other_pk = PerjanjianKinerja.objects.get(opd=other, tahun=2025)
    log_in(client, "perencana.s001.o001")
    assert client.get(reverse("opd_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("perjanjian:pk_detail", args=[other_pk.pk])).status_code == 404
    own = PerangkatDaerah.objects.get(pemda__kode="S.001", urutan=1)
    assert client.get(reverse("opd_detail", args=[own.pk])).status_code == 200


def test_running_twice_with_hapus_gives_the_same_data_and_spares_other_pemda():
    bystander = OpdFactory(pemda=PemdaFactory(kode="98.01", nama="Kota Bukan Skala"))
    User.objects.create_user(username="bukan.skala", password="x", role="admin_pemda", pemda=bystander.pemda)
    generate()
    first = skala.jumlah()
    realised = Realisasi.objects.aggregate(total=Sum("nilai"))["total"]
    targets = TargetIndikator.objects.aggregate(total=Sum("nilai"))["total"]
    out = generate(hapus=True)
    assert "Data skala lama dihapus" in out
    assert skala.jumlah() == first
    # Same seed, same values (the ids differ).
    assert Realisasi.objects.aggregate(total=Sum("nilai"))["total"] == realised
    assert TargetIndikator.objects.aggregate(total=Sum("nilai"))["total"] == targets
    generate(hapus=True, seed=7)
    assert skala.jumlah() == first
    assert Realisasi.objects.aggregate(total=Sum("nilai"))["total"] != realised
    # Removing only: the generated pemda go, the other pemda and its user stay.
    call_command("generate_scale", hapus_saja=True, ya=True, stdout=io.StringIO())
    assert skala.jumlah() == {}
    assert not Indikator.objects.filter(sasaran__pemda__kode__startswith="S.").exists()
    assert PerangkatDaerah.objects.filter(pk=bystander.pk).exists()
    assert User.objects.filter(username="bukan.skala").exists()


def test_refuses_to_write_twice_without_hapus():
    generate()
    with pytest.raises(CommandError, match="--hapus"):
        generate()


def test_refuses_without_debug_unless_ya(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--ya"):
        call_command("generate_scale", **TINY, stdout=io.StringIO())
    assert not skala.scale_pemda().exists()
    settings.DEBUG = True
    call_command("generate_scale", **{**TINY, "pemda": 1}, stdout=io.StringIO())
    assert skala.scale_pemda().count() == 1


def test_rejects_impossible_sizes():
    with pytest.raises(CommandError, match="lima tahun"):
        generate(tahun=6)
    with pytest.raises(CommandError, match="paling sedikit 1"):
        generate(opd=0)


def test_indicators_beyond_five_open_another_sasaran_and_one_year_has_no_evaluation():
    generate(pemda=1, opd=1, indikator=7, tahun=1)
    assert skala.jumlah() == {
        "sakip.Pemda": 1,
        "sakip.Periode": 1,
        "sakip.PerangkatDaerah": 1,
        "sakip.UnitKerja": 3,
        "sakip.Pejabat": 6,
        "sakip.User": 5,
        "iku_manual.Sasaran": 9,  # tujuan, 4 sasaran RPJMD, 2 sasaran strategis (5 + 2 IKU), 2 programs
        "iku_manual.Sasaran_parents": 8,
        "iku_manual.Renstra": 1,
        "iku_manual.Indikator": 7,
        "iku_manual.TargetIndikator": 7,
        "perjanjian.PerjanjianKinerja": 1,
        "perjanjian.BarisPK": 7,
        "perjanjian.AnggaranPK": 2,
        "perjanjian.RealisasiAnggaran": 8,
        "perjanjian.Realisasi": 28,
        "perjanjian.JadwalRealisasi": 4,
        "pemantauan.SerapanAnggaran": 12,
    }
    assert sorted(Indikator.objects.values_list("sasaran__kode", flat=True)) == ["SS.1"] * 5 + ["SS.2"] * 2


def test_copy_writes_text_nulls_and_json_as_bulk_create_would():
    """The COPY path (PostgreSQL): awkward text survives, None is NULL, JSON stays JSON."""
    generate(pemda=1, opd=1, indikator=1, tahun=1)
    row = BarisPK.objects.get()
    realisasi = Realisasi.objects.get(triwulan=1)
    awkward = 'Tab\there, baris\nbaru, CR\r, garis miring \\N dan "kutip"; \\t bukan tab'
    generator = skala.Generator(skala.Ukuran(pemda=1), using="default")
    generator.copy(
        [
            Realisasi(
                opd_id=realisasi.opd_id,
                indikator_id=realisasi.indikator_id,
                tahun=2030,
                triwulan=1,
                nilai=row.target,
                catatan=awkward,
            )
        ]
    )
    copied = Realisasi.objects.get(tahun=2030)
    assert copied.catatan == awkward
    assert copied.diajukan_oleh_id is None and copied.diverifikasi_pada is None
    assert copied.nilai == row.target and copied.status == Realisasi.Status.DRAFT
    assert generator.hasil.rows == {"perjanjian.Realisasi": 1}
    assert isinstance(row.beku, dict) and row.beku["satuan"] == "%"  # written by COPY too
