"""Answers suggested from the data for the Capaian Kinerja criteria of PermenPANRB 12/2015 (component
E; domain.md §1.4). Which figure a criterion reads, of which indicators, and which answer each range
of it earns are data on the criterion (``Kriteria.saran``, ``saran_jenis``, ``saran_ambang``); the
figures come from the OPD's agreements in force and their verified realisations:

- target: the mean yearly capaian of the indicators;
- tren: that mean as a percentage of the previous year's, over the indicators measured in both years
  (or, when none is, the two years' means as they are);
- keandalan: the share of the year's realisations that the evaluator verified.

The evaluator sees the suggestion with its figure and may answer otherwise (the override is simply a
different answer, kept with its note).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from evaluasi import scoring
from evaluasi.models import Evaluasi, Kriteria, OpsiJawaban, Saran
from perjanjian import capaian
from perjanjian.models import Realisasi
from perjanjian.reports import IndikatorUkur, ukur_indikator_opd
from sakip.numbers import format_decimal


@dataclass(frozen=True)
class SaranJawaban:
    """A suggested answer: the option (None when the data give no figure) and how it was reached."""

    opsi: OpsiJawaban | None
    angka: Decimal | None
    penjelasan: str


def _persen(nilai: Decimal) -> str:
    return f"{format_decimal(scoring.bulat(nilai), 2)}%"


class _Data:
    """The measurements of the year and the year before, read once for all criteria of the page."""

    def __init__(self, evaluasi: Evaluasi):
        self.ini = ukur_indikator_opd(evaluasi.opd, evaluasi.tahun)
        self.lalu = ukur_indikator_opd(evaluasi.opd, evaluasi.tahun - 1)

    @staticmethod
    def pilih(rows: list[IndikatorUkur], jenis: str) -> list[IndikatorUkur]:
        return [row for row in rows if not jenis or row.indikator.jenis == jenis]


def _kata_jenis(jenis: str) -> str:
    return {"output": _("output"), "outcome": _("outcome")}.get(jenis, _("kinerja"))


def _target(data: _Data, jenis: str) -> tuple[Decimal | None, str]:
    rows = [row for row in data.pilih(data.ini, jenis) if row.capaian is not None]
    if not rows:
        return None, _("Belum ada capaian indikator %(jenis)s dari realisasi terverifikasi.") % {
            "jenis": _kata_jenis(jenis)
        }
    rata = capaian.rata_rata([row.capaian for row in rows])
    return rata, _("Rata-rata capaian %(n)s indikator %(jenis)s (realisasi terverifikasi): %(nilai)s.") % {
        "n": len(rows),
        "jenis": _kata_jenis(jenis),
        "nilai": _persen(rata),
    }


def _tren(data: _Data, jenis: str, tahun: int) -> tuple[Decimal | None, str]:
    ini = {row.indikator.pk: row.capaian for row in data.pilih(data.ini, jenis) if row.capaian is not None}
    lalu = {row.indikator.pk: row.capaian for row in data.pilih(data.lalu, jenis) if row.capaian is not None}
    common = ini.keys() & lalu.keys()
    if common:
        now, before = capaian.rata_rata([ini[k] for k in common]), capaian.rata_rata([lalu[k] for k in common])
        basis = _("%(n)s indikator %(jenis)s yang diukur pada kedua tahun") % {
            "n": len(common),
            "jenis": _kata_jenis(jenis),
        }
    else:
        now, before = capaian.rata_rata(list(ini.values())), capaian.rata_rata(list(lalu.values()))
        basis = _("seluruh indikator %(jenis)s tiap tahun") % {"jenis": _kata_jenis(jenis)}
    if now is None or not before:
        return None, _("Belum ada capaian %(jenis)s terverifikasi untuk tahun %(a)s dan %(b)s.") % {
            "jenis": _kata_jenis(jenis),
            "a": tahun - 1,
            "b": tahun,
        }
    rasio = now / before * 100
    return rasio, _("Capaian %(b)s %(now)s dibanding %(a)s %(before)s (%(basis)s): %(rasio)s.") % {
        "a": tahun - 1,
        "b": tahun,
        "now": _persen(now),
        "before": _persen(before),
        "basis": basis,
        "rasio": _persen(rasio),
    }


def _keandalan(data: _Data, jenis: str) -> tuple[Decimal | None, str]:
    entered = [sel.realisasi for row in data.pilih(data.ini, jenis) for sel in row.triwulan if sel.realisasi]
    if not entered:  # nothing to judge (a year before the app, say): no suggestion rather than E
        return None, _("Belum ada realisasi indikator %(jenis)s yang diisi.") % {"jenis": _kata_jenis(jenis)}
    verified = sum(1 for r in entered if r.status == Realisasi.Status.TERVERIFIKASI)
    share = Decimal(verified) / Decimal(len(entered)) * 100
    return share, _("%(v)s dari %(n)s realisasi indikator %(jenis)s terverifikasi: %(nilai)s.") % {
        "v": verified,
        "n": len(entered),
        "jenis": _kata_jenis(jenis),
        "nilai": _persen(share),
    }


def saran_untuk(evaluasi: Evaluasi, kriteria: list[Kriteria]) -> dict[int, SaranJawaban]:
    """Suggestions by criterion id for those criteria that have a suggestion rule. Needs the criteria's
    scales with their options prefetched. Only an OPD's evaluation has the data; a pemda-wide
    evaluation gets none. A fixed number of queries, whatever the number of indicators."""
    ruled = [k for k in kriteria if k.saran and k.saran_ambang]
    if not ruled or evaluasi.opd_id is None:
        return {}
    data = _Data(evaluasi)
    found = {}
    for k in ruled:
        if k.saran == Saran.TARGET:
            angka, penjelasan = _target(data, k.saran_jenis)
        elif k.saran == Saran.TREN:
            angka, penjelasan = _tren(data, k.saran_jenis, evaluasi.tahun)
        elif k.saran == Saran.KEANDALAN:
            angka, penjelasan = _keandalan(data, k.saran_jenis)
        else:
            continue
        kode = scoring.saran(angka, k.ambang())
        opsi = next((o for o in k.skala.opsi.all() if o.kode == kode), None) if kode else None
        found[k.pk] = SaranJawaban(opsi, angka, penjelasan)
    return found
