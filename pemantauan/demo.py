"""Demo absorption and complaint figures for Kota Contoh (``manage.py load_demo``; idempotent).

- Every active OPD: a pagu per year and the cumulative realisation of each month, all of 2025 and
  January–October 2026 (the demo's "today" is late November 2026). Each OPD has its own pace: most
  follow the default curve loosely, a few lag well behind it (Dinas PUPR, Dinsos), so the recap
  shows green, yellow and red and the pemda sits a little above 60 % in October, as in the Bekasi
  meeting.
  The 2026 pagu rises in August (APBD Perubahan) for the OPDs that had one.
- Complaints through SP4N-LAPOR! for the OPDs that serve the public directly, month by month.
- One indicator reads its realisation from these figures: Dinkes' share of complaints responded to.

Figures come from a stable hash of the OPD and month, so every load gives the same numbers; a month
already stored is left as it is.
"""

from __future__ import annotations

import hashlib
from decimal import ROUND_HALF_UP, Decimal

from iku_manual.models import Indikator, Sasaran
from pemantauan.models import PengaduanLapor, SerapanAnggaran, SumberIndikator
from sakip.models import Pemda, PerangkatDaerah, User

KOTA = "99.71"
TAHUN_PENUH = 2025
TAHUN_BERJALAN, BULAN_TERAKHIR = 2026, 10

# Share of the default curve each OPD reaches (1 = on the curve); unlisted OPDs get a value near 1.
LAJU = {
    "Dinas PUPR": Decimal("0.74"),
    "Dinsos": Decimal("0.72"),
    "Disdik": Decimal("0.86"),
    "Bapperida": Decimal("1.12"),
    "Inspektorat": Decimal("1.10"),
}
# Monthly shape of cumulative spending: slow first quarter, year-end rush (fractions of the pagu).
POLA = [
    Decimal(x) for x in ("0.03", "0.07", "0.12", "0.19", "0.27", "0.35", "0.43", "0.51", "0.59", "0.67", "0.78", "0.93")
]
# OPDs that receive public complaints, with a typical monthly number.
PENGADUAN = {"Dinkes": 14, "Disdik": 11, "Dinas PUPR": 18, "Dinsos": 9, "DPMPTSP": 7, "Disdukcapil": 12}
KODE_INDIKATOR = "IK.LAPOR"


def _angka(*parts) -> int:
    """A stable pseudo-random number 0..255 from the parts."""
    return hashlib.sha256("|".join(map(str, parts)).encode()).digest()[0]


def _rp(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1000), rounding=ROUND_HALF_UP)  # whole thousands, as SIPD reports


def _laju(opd: PerangkatDaerah) -> Decimal:
    if opd.singkatan in LAJU:
        return LAJU[opd.singkatan]
    return Decimal("0.90") + Decimal(_angka("laju", opd.kode) % 20) / 100


def _serapan(opd: PerangkatDaerah, user: User | None) -> None:
    base = Decimal(5_000_000_000 + (_angka("pagu", opd.kode) * 180_000_000))
    for tahun, akhir in ((TAHUN_PENUH, 12), (TAHUN_BERJALAN, BULAN_TERAKHIR)):
        pagu_awal = _rp(base * (Decimal("1.00") if tahun == TAHUN_PENUH else Decimal("1.06")))
        perubahan = _angka("perubahan", opd.kode, tahun) % 3 == 0
        laju = _laju(opd) if tahun == TAHUN_BERJALAN else min(_laju(opd) + Decimal("0.06"), Decimal("1.02"))
        sebelumnya = Decimal(0)
        for bulan in range(1, akhir + 1):
            pagu = _rp(pagu_awal * Decimal("1.08")) if perubahan and bulan >= 8 else pagu_awal
            goyang = Decimal(_angka("bulan", opd.kode, tahun, bulan) % 7) / 100 - Decimal("0.03")
            realisasi = _rp(pagu * min(POLA[bulan - 1] * laju + goyang * POLA[bulan - 1], Decimal("0.99")))
            realisasi = max(realisasi, sebelumnya)  # cumulative: never lower than last month
            sebelumnya = realisasi
            if SerapanAnggaran.objects.filter(opd=opd, tahun=tahun, bulan=bulan).exists():
                continue
            row = SerapanAnggaran(opd=opd, tahun=tahun, bulan=bulan, pagu=pagu, realisasi_sd=realisasi, diisi_oleh=user)
            row._history_user = user
            row.save()


def _pengaduan(opd: PerangkatDaerah, rata: int, user: User | None) -> None:
    for tahun, akhir in ((TAHUN_PENUH, 12), (TAHUN_BERJALAN, BULAN_TERAKHIR)):
        for bulan in range(1, akhir + 1):
            if PengaduanLapor.objects.filter(opd=opd, tahun=tahun, bulan=bulan).exists():
                continue
            acak = _angka("lapor", opd.kode, tahun, bulan)
            diterima = max(0, rata - 5 + acak % 11)
            # Recent months are still being worked on: fewer responded to and resolved.
            baru = tahun == TAHUN_BERJALAN and bulan >= BULAN_TERAKHIR - 1
            ditanggapi = diterima - (acak % 3) - (2 if baru else 0)
            ditanggapi = max(0, min(diterima, ditanggapi))
            selesai = max(0, ditanggapi - (acak % 4) - (3 if baru else 0))
            row = PengaduanLapor(
                opd=opd,
                tahun=tahun,
                bulan=bulan,
                diterima=diterima,
                ditanggapi=ditanggapi,
                selesai=selesai,
                diisi_oleh=user,
            )
            row._history_user = user
            row.save()


def _indikator_sumber(pemda: Pemda) -> None:
    """Dinkes' indicator of complaints responded to, read from the SP4N-LAPOR! figures."""
    dinkes = PerangkatDaerah.objects.filter(pemda=pemda, singkatan="Dinkes").first()
    if dinkes is None:
        return
    sasaran = (
        Sasaran.objects.filter(opd=dinkes, indikator__nama__icontains="kepuasan masyarakat")
        .order_by("-periode__tahun_awal")
        .first()
    )
    if sasaran is None:
        return
    indikator, _created = Indikator.objects.get_or_create(
        sasaran=sasaran,
        kode=KODE_INDIKATOR,
        defaults={
            "nama": "Persentase pengaduan SP4N-LAPOR! yang ditanggapi",
            "satuan": "%",
            "is_iku": False,
            "jenis": Indikator.Jenis.OUTPUT,
            "agregasi": Indikator.Agregasi.TERAKHIR,
            "definisi_operasional": "Pengaduan masyarakat melalui SP4N-LAPOR! yang didisposisikan ke Dinas Kesehatan "
            "dan sudah ditanggapi, sejak Januari sampai akhir periode pelaporan.",
            "formula": "Pengaduan yang ditanggapi dibagi pengaduan yang diterima dikali 100%",
            "pembilang": "Pengaduan yang ditanggapi",
            "penyebut": "Pengaduan yang diterima",
            "sumber_data": "Rekap SP4N-LAPOR! (menu Serapan & Pengaduan)",
            "urutan": 99,
        },
    )
    SumberIndikator.objects.get_or_create(
        indikator=indikator, defaults={"ukuran": SumberIndikator.Ukuran.PENGADUAN_DITANGGAPI}
    )


def load() -> list:
    """Load the demo rows; return the extra demo logins (none)."""
    pemda = Pemda.objects.filter(kode=KOTA).first()
    if pemda is None:
        return []
    user = User.objects.filter(username="admin.contoh").first()
    for opd in PerangkatDaerah.objects.filter(pemda=pemda, aktif=True):
        _serapan(opd, user)
        if opd.singkatan in PENGADUAN:
            _pengaduan(opd, PENGADUAN[opd.singkatan], user)
    _indikator_sumber(pemda)
    return []
