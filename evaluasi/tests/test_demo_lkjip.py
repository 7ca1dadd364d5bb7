"""The demo LKjIP of Kota Contoh for 2025: finals with the Inspektur's review statement, a version 2
draft with its reason, drafts still being written, the pemda's consolidated draft; narratives written
per OPD on its own figures; nothing printed; and idempotence."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from evaluasi import lkjip_services as services
from evaluasi.lkjip import build_lkjip_context
from evaluasi.models_lkjip import NARASI_FIELDS, BerkasLkjip, LaporanKinerja
from perjanjian.models import PerjanjianKinerja
from sakip.numbers import format_decimal

TAHUN = 2025


def counts() -> dict[str, int]:
    return {
        "LaporanKinerja": LaporanKinerja.objects.count(),
        "history LaporanKinerja": LaporanKinerja.history.count(),
        "BerkasLkjip": BerkasLkjip.objects.count(),
    }


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_reports_of_every_opd_with_an_agreement_in_every_state(demo):
    first = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == first  # nothing new, not even history

    reports = list(LaporanKinerja.objects.filter(pemda__kode="99.71", tahun=TAHUN).select_related("opd"))
    with_pk = set(
        PerjanjianKinerja.objects.filter(
            opd__pemda__kode="99.71", tahun=TAHUN, status=PerjanjianKinerja.Status.DITETAPKAN
        ).values_list("opd_id", flat=True)
    )
    assert {r.opd_id for r in reports if r.opd_id} == with_pk

    drafts = {r.opd.singkatan for r in reports if r.opd_id and r.versi == 1 and not r.final}
    assert drafts == {"Disdik", "Dinas PUPR"}
    pemda = [r for r in reports if r.opd_id is None]
    assert len(pemda) == 1 and not pemda[0].final

    finals = [r for r in reports if r.final]
    assert len(finals) == len(with_pk) - len(drafts)
    for laporan in finals:
        assert laporan.html_beku and laporan.isi_beku and laporan.sidik_beku == services.sidik(laporan.html_beku)
        assert laporan.difinalkan_oleh_id and laporan.difinalkan_pada
        assert laporan.reviu_jabatan == "Inspektur Kota Contoh" and laporan.reviu_nama
        assert len(laporan.reviu_nip) == 18 and laporan.reviu_nip.isdigit()
        assert (laporan.reviu_tanggal.year, laporan.reviu_tanggal.month) == (TAHUN + 1, 2)
        assert laporan.reviu_nama in laporan.html_beku
    assert not any(r.reviu_tanggal for r in reports if not r.final)  # a draft is reviewed before it is final
    assert not BerkasLkjip.objects.exists()  # finalised without printing: the PDF renders on its first download

    second = [r for r in reports if r.versi == 2]
    assert len(second) == 1
    baru = second[0]
    assert (baru.opd.singkatan, baru.final) == ("Dinkes", False)
    assert baru.alasan_versi == "Koreksi realisasi triwulan IV setelah reviu Inspektorat"
    assert LaporanKinerja.objects.get(opd=baru.opd, tahun=TAHUN, versi=1).final
    assert "koreksi realisasi triwulan IV" in baru.akuntabilitas


def test_narratives_are_written_per_opd_on_its_own_figures(demo):
    reports = list(LaporanKinerja.objects.filter(pemda__kode="99.71", tahun=TAHUN, versi=1).select_related("opd"))
    for laporan in reports:
        for name in NARASI_FIELDS:
            assert getattr(laporan, name).strip(), (laporan, name)
    opd_reports = [r for r in reports if r.opd_id]
    for name in NARASI_FIELDS:  # not one text copied across OPDs
        assert len({getattr(r, name) for r in opd_reports}) == len(opd_reports), name

    for laporan in opd_reports:
        data = build_lkjip_context(laporan.opd, TAHUN)
        assert set(laporan.narasi_sasaran) == {str(group.sasaran.pk) for group in data.capaian_kinerja}
        assert all(text.strip() for text in laporan.narasi_sasaran.values())
        assert laporan.opd.nama in laporan.kata_pengantar
        assert format_decimal(data.ikhtisar.capaian, 2) in laporan.ikhtisar  # the text agrees with the tables
        for group in data.capaian_kinerja:
            assert format_decimal(group.capaian, 2) in laporan.narasi_sasaran[str(group.sasaran.pk)]

    dinkes = next(r for r in opd_reports if r.opd.singkatan == "Dinkes")
    assert "stunting" in dinkes.pendahuluan and "puskesmas" in dinkes.penutup
    disdik = next(r for r in opd_reports if r.opd.singkatan == "Disdik")
    assert "guru" in disdik.pendahuluan
