"""Demo evaluations for Kota Contoh: two years for every OPD, and the pemda as a whole.

- 2024, on the PermenPANRB 12/2015 worksheet the pemda still used then: every OPD final, with its
  recommendations and their follow-up in every state (accepted, waiting for the evaluator, reopened,
  overdue without any).
- 2025, on the 88/2021 worksheet: final for most OPDs, with new recommendations due next year; two OPDs
  still being scored (the evaluator has answered part of the worksheet), and the pemda-wide evaluation.

Scores are believable rather than random: each OPD has a steady maturity, a little better in 2025,
around which its answers vary by criterion; self-assessments run a little above the evaluator's;
criteria that depend on one answered "Tidak" are answered 0, as the logic check requires. Answers are
written in bulk (with their history); finalising, recommendations and follow-ups go through the
services the pages use. Idempotent: an evaluation that exists is left alone.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from simple_history.utils import bulk_create_with_history

from evaluasi import rekomendasi as tindak
from evaluasi import services
from evaluasi.models import DokumenBukti, Evaluasi, Jawaban, Komponen, Kriteria, Rekomendasi, TemplateLKE
from sakip.models import Pemda, PerangkatDaerah, User

# (year, regulation of the worksheet used)
YEARS = ((2024, "12/2015"), (2025, "88/2021"))
STILL_SCORING = {"Disdik", "Dinas PUPR"}  # 2025: the evaluator is still at it
EVIDENCE = {  # what an OPD cites per component (by the component's code in either worksheet)
    "A": [DokumenBukti.RENSTRA, DokumenBukti.PK],
    "1": [DokumenBukti.RENSTRA, DokumenBukti.PK],
    "B": [DokumenBukti.MANUAL_IKU, DokumenBukti.REALISASI],
    "2": [DokumenBukti.MANUAL_IKU, DokumenBukti.REALISASI],
    "C": [DokumenBukti.REALISASI],
    "3": [DokumenBukti.REALISASI],
    "E": [DokumenBukti.REALISASI],
}
FINDINGS = {
    "A": "Target jangka menengah belum seluruhnya selaras dengan sasaran RPJMD.",
    "1": "Cascading kinerja belum sampai ke tingkat individu; PK eselon IV belum memuat indikator hasil.",
    "B": "Pengumpulan data kinerja belum didukung SOP; sebagian realisasi tanpa bukti dukung.",
    "2": "Pengukuran kinerja berkala belum dimanfaatkan untuk pemberian reward and punishment.",
    "C": "Laporan kinerja belum menyajikan analisis efisiensi penggunaan sumber daya.",
    "3": "LKjIP belum menjelaskan faktor penghambat dan langkah perbaikan per sasaran.",
    "D": "Evaluasi program belum dilakukan secara berkala oleh unit internal.",
    "4": "Hasil evaluasi internal belum ditindaklanjuti dengan rencana aksi perbaikan.",
    "E": "Sebagian target kinerja tidak tercapai dan datanya belum dapat ditelusuri.",
}
RECOMMENDATIONS = {
    "A": "Menyelaraskan indikator dan target Renstra dengan sasaran RPJMD melalui reviu Renstra.",
    "1": "Menyusun cascading kinerja hingga tingkat individu dan menuangkannya dalam PK berjenjang.",
    "B": "Menetapkan SOP pengumpulan data kinerja dan melengkapi bukti dukung setiap realisasi.",
    "2": "Memanfaatkan hasil pengukuran kinerja triwulanan dalam rapat pimpinan dan penilaian pegawai.",
    "C": "Menyajikan analisis efisiensi dan perbandingan capaian antartahun dalam LKjIP.",
    "3": "Melengkapi LKjIP dengan analisis penyebab keberhasilan/kegagalan dan solusi per sasaran.",
    "D": "Melaksanakan evaluasi internal atas program secara berkala dan mendokumentasikan hasilnya.",
    "4": "Menyusun rencana aksi tindak lanjut atas hasil evaluasi internal beserta pemantauannya.",
    "E": "Meningkatkan kualitas data kinerja agar dapat diverifikasi dan ditelusuri ke sumbernya.",
}
FOLLOW_UP = {
    "A": "Renstra telah direviu dan ditetapkan ulang dengan Perwali; indikator diselaraskan dengan RPJMD.",
    "1": "Pohon kinerja hingga eselon IV telah disusun dan PK berjenjang ditandatangani.",
    "B": "SOP pengumpulan data kinerja ditetapkan dengan Keputusan Kepala Dinas.",
    "2": "Capaian triwulanan dibahas dalam rapat pimpinan bulanan; notulen terlampir.",
    "C": "Format LKjIP diperbarui dengan tabel efisiensi dan perbandingan tiga tahun.",
    "3": "Bab III LKjIP dilengkapi analisis penyebab dan solusi per sasaran.",
    "D": "Evaluasi internal program dilaksanakan tiap semester oleh sekretariat.",
    "4": "Rencana aksi tindak lanjut telah disusun dan dipantau tiap triwulan.",
    "E": "Data kinerja kini diverifikasi berjenjang sebelum diunggah.",
}


def _noise(*parts) -> Decimal:
    """A stable pseudo-random number between -0,25 and 0,25."""
    digest = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return (Decimal(digest[0]) / 255 - Decimal("0.5")) / 2


def _maturity(opd: PerangkatDaerah, tahun: int) -> Decimal:
    """An OPD's steady level between 0,55 and 0,85, a little higher each year."""
    base = Decimal("0.70") + _noise("maturity", opd.singkatan) * Decimal("0.6")
    return base + (Decimal("0.04") if tahun >= 2025 else 0)


def _choose(kriteria: Kriteria, level: Decimal, blocked: bool):
    """The option whose share of the scale's best is nearest the level (the lowest when the criterion
    it depends on is answered 0)."""
    options = sorted(kriteria.skala.opsi.all(), key=lambda o: o.nilai)
    if blocked:
        return options[0]
    best = options[-1].nilai or Decimal(1)
    return min(options, key=lambda o: abs(o.nilai / best - level))


def _answers(evaluasi: Evaluasi, kriteria: list[Kriteria], level: Decimal, user: User, *, upto: int | None) -> None:
    """Self-assessment and (for the first ``upto`` components, or all) the evaluator's answers."""
    roots = {k.syarat_id for k in kriteria if k.syarat_id}  # "Renstra telah disusun" and the like: every OPD has them
    components = sorted({k.sub.komponen.urutan for k in kriteria})
    scored = set(components if upto is None else components[:upto])
    sides = {"mandiri": {}, "evaluator": {}}
    rows = []
    for k in kriteria:
        komp = k.sub.komponen.kode
        per_side = {}
        for side, lift in (("mandiri", Decimal("0.08")), ("evaluator", Decimal(0))):
            if side == "evaluator" and k.sub.komponen.urutan not in scored:
                per_side[side] = None
                continue
            blocked = k.syarat_id is not None and sides[side].get(k.syarat_id) == 0
            level_here = Decimal(1) if k.pk in roots else level + lift + _noise(evaluasi.pk, k.kode, side)
            opsi = _choose(k, level_here, blocked)
            sides[side][k.pk] = opsi.nilai
            per_side[side] = opsi
        evaluator = per_side["evaluator"]
        weak = evaluator is not None and evaluator.nilai < max(o.nilai for o in k.skala.opsi.all()) * Decimal("0.7")
        rows.append(
            Jawaban(
                evaluasi=evaluasi,
                kriteria=k,
                opsi_mandiri=per_side["mandiri"],
                opsi_evaluator=evaluator,
                catatan_evaluator=FINDINGS.get(komp, "") if weak and _noise(k.kode, "catatan") > 0 else "",
                bukti_dokumen=[str(d) for d in EVIDENCE.get(komp, [])],
                versi=2 if evaluator else 1,
                diubah_oleh=user,
            )
        )
    bulk_create_with_history(rows, Jawaban, default_user=user)


def _recommend(evaluasi: Evaluasi, evaluator: User, due: datetime.date) -> list[Rekomendasi]:
    """Two or three recommendations on the weakest components."""
    hasil = services.hasil(evaluasi)
    komponen = {k.kode: k for k in Komponen.objects.filter(template=evaluasi.template)}
    weakest = sorted(komponen.values(), key=lambda k: hasil.komponen.get(k.kode, 0) / (k.bobot or 1))
    made = []
    for komp in weakest[: 2 + (evaluasi.pk % 2)]:
        made.append(
            tindak.rekomendasi_simpan(
                evaluasi=evaluasi,
                user=evaluator,
                uraian=RECOMMENDATIONS[komp.kode],
                batas_waktu=due,
                komponen=komp,
            )
        )
    return made


def _follow_up(made: list[Rekomendasi], number: int, planner: User, evaluator: User) -> None:
    """2024's recommendations of the OPDs with a demo planner, in every state: accepted, waiting for
    the evaluator, reopened, and overdue without any follow-up."""
    for index, rekomendasi in enumerate(made):
        state = (2 * number + index) % 4
        if state == 3:
            continue  # untouched: overdue since its due date has passed
        kode = rekomendasi.komponen.kode if rekomendasi.komponen else "A"
        follow = tindak.tindak_lanjut_ajukan(
            rekomendasi=rekomendasi,
            user=planner,
            uraian=FOLLOW_UP.get(kode, "Telah ditindaklanjuti."),
            bukti_tautan=f"https://data.kotacontoh.go.id/sakip/tindak-lanjut/{rekomendasi.pk}",
        )
        if state == 0:
            tindak.tindak_lanjut_nilai(tindak_lanjut=follow, user=evaluator, terima=True)
        elif state == 2:
            tindak.tindak_lanjut_nilai(
                tindak_lanjut=follow,
                user=evaluator,
                terima=False,
                catatan="Bukti belum memuat dokumen yang ditetapkan; unggah keputusan yang sudah ditandatangani.",
            )


def _due(tahun: int, follows_up: bool) -> datetime.date:
    """2024's recommendations were due in September 2025 where the OPD has followed up (or failed
    to: overdue); the others' and 2025's fall due after the demo's "today" (November 2026)."""
    if tahun == YEARS[0][0] and follows_up:
        return datetime.date(tahun + 1, 9, 30)
    return datetime.date(2026, 12, 31) if tahun == YEARS[0][0] else datetime.date(tahun + 2, 3, 31)


def _evaluate(pemda, opd, tahun, template, kriteria, *, evaluator, planner: User | None, number: int) -> None:
    if Evaluasi.objects.filter(pemda=pemda, opd=opd, tahun=tahun).exists():
        return
    evaluasi = services.evaluasi_buka(pemda=pemda, opd=opd, tahun=tahun, template=template)
    still = tahun == YEARS[-1][0] and opd is not None and opd.singkatan in STILL_SCORING
    level = _maturity(opd, tahun) if opd is not None else Decimal("0.72") + (Decimal("0.03") if tahun >= 2025 else 0)
    _answers(evaluasi, kriteria, level, evaluator, upto=2 if still else None)
    if still:
        return
    made = _recommend(evaluasi, evaluator, _due(tahun, planner is not None))
    weakest = made[0].komponen.nama.lower() if made and made[0].komponen else ""
    services.simpulan_simpan(
        evaluasi=evaluasi,
        simpulan=(
            f"Implementasi SAKIP {opd.nama if opd else pemda.nama} tahun {tahun} sudah berjalan; "
            f"perbaikan utama diperlukan pada komponen {weakest}."
        ),
        user=evaluator,
    )
    services.evaluasi_finalkan(evaluasi=evaluasi, user=evaluator)
    if tahun == YEARS[0][0] and planner is not None:
        _follow_up(made, number, planner, evaluator)


def load() -> list:
    pemda = Pemda.objects.get(kode="99.71")
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    evaluator = users["evaluator.contoh"]
    opds = list(PerangkatDaerah.objects.filter(pemda=pemda).aktif().order_by("urutan"))
    for tahun, regulasi in YEARS:
        template = TemplateLKE.objects.get(pemda=None, regulasi=regulasi, versi=1)
        kriteria = list(
            Kriteria.objects.filter(sub__komponen__template=template)
            .select_related("sub__komponen")
            .prefetch_related("skala__opsi")
            .order_by("sub__komponen__urutan", "sub__urutan", "urutan")
        )
        for number, opd in enumerate(opds):
            planner = users.get(f"perencana.{opd.singkatan.lower()}")  # the OPDs with a demo planner follow up
            _evaluate(pemda, opd, tahun, template, kriteria, evaluator=evaluator, planner=planner, number=number)
        if tahun == YEARS[-1][0]:
            _evaluate(pemda, None, tahun, template, kriteria, evaluator=evaluator, planner=None, number=0)
    return []
