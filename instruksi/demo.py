"""Demo leader instructions for Kota Contoh (the demo's today is 23 November 2026), made through the
same services the pages use, in every state:

- a draft (stunting follow-up, not yet issued);
- "Penanganan kasus kekerasan terhadap anak" issued 2 November: Dinkes behind pace with a pending
  negotiation, Dinsos achieved, Disdik on track after an approved negotiation, and Disdik's ceiling
  "0 kasus baru di sekolah" (lower is better, judged at the deadline) within it so far;
- "Penanggulangan dampak kekeringan" issued 15 October: Dinkes's negotiation rejected and its task
  overdue (tidak tercapai), Dinsos achieved;
- "Percepatan serapan anggaran" (90% by 31 December) and "Tindak lanjut pengaduan SP4N-LAPOR" (100%
  responded to by 30 November), whose figures come from the Pemantauan data when there is some;
- a cancelled instruction.

Idempotent: an instruction that exists (by perihal) is left alone.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from instruksi import services
from instruksi.models import Instruksi, Kemajuan, Negosiasi, Tugas
from sakip.models import Pejabat, Pemda, PerangkatDaerah, User

HARI_INI = datetime.date(2026, 11, 23)
BUKTI = "https://kotacontoh.example/ikp/bukti/"


def _pada(tanggal: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(tanggal, datetime.time(9, 0)))


def _waktu(negosiasi: Negosiasi, diajukan: datetime.date, diputuskan: datetime.date | None = None) -> None:
    """Place a negotiation on the demo's calendar (the services stamp it with the real time)."""
    fields = {"diajukan_pada": _pada(diajukan)}
    if diputuskan is not None:
        fields["diputuskan_pada"] = _pada(diputuskan) + datetime.timedelta(hours=6)
    Negosiasi.objects.filter(pk=negosiasi.pk).update(**fields)


def _dari_pemantauan(instruksi: Instruksi, pelapor: dict, admin, uraian: str) -> None:
    """Report the Pemantauan figure of each task that has data (none while that demo is empty)."""
    for tugas in instruksi.tugas.select_related("opd"):
        if services.angka_pemantauan(tugas, HARI_INI) is not None:
            services.laporkan_kemajuan(
                tugas=tugas, user=pelapor.get(tugas.opd.singkatan, admin), uraian=uraian, tanggal=HARI_INI
            )


def load() -> list:
    """Load the demo rows; return the extra demo logins (none)."""
    pemda = Pemda.objects.filter(kode="99.71").first()
    if pemda is None:
        return []
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    pimpinan, admin = users.get("pimpinan.contoh"), users.get("admin.contoh")
    perencana, kepala = users.get("perencana.dinkes"), users.get("kepala.dinkes")
    if not all((pimpinan, admin, perencana, kepala)):
        return []
    opd = {o.singkatan: o for o in PerangkatDaerah.objects.filter(pemda=pemda)}
    # OPDs without demo users of their own report through the admin (as the other demos do).
    pelapor = {"Dinkes": perencana, "Disdik": users.get("perencana.disdik") or admin}
    wali = Pejabat.objects.filter(pemda=pemda, opd__isnull=True).order_by("pk").first()

    def instruksi(perihal, tanggal, nomor, uraian, tugas_rows) -> Instruksi | None:
        if Instruksi.objects.filter(pemda=pemda, perihal=perihal).exists():
            return None
        obj = Instruksi.objects.create(
            pemda=pemda, perihal=perihal, nomor=nomor, uraian=uraian, tanggal=tanggal, pemberi=wali, dibuat_oleh=admin
        )
        for singkatan, teks, jenis, target, satuan, batas, *arah in tugas_rows:
            if singkatan in opd:
                Tugas.objects.create(
                    instruksi=obj,
                    opd=opd[singkatan],
                    uraian=teks,
                    jenis_target=jenis,
                    target=Decimal(target),
                    arah=arah[0] if arah else Tugas.Arah.NAIK,
                    satuan=satuan,
                    batas_waktu=batas,
                )
        return obj

    def tugas_of(obj: Instruksi, singkatan: str) -> Tugas | None:
        return obj.tugas.filter(opd__singkatan=singkatan, arah=Tugas.Arah.NAIK).first()

    def lapor(tugas, nilai, uraian, tanggal, user=None):
        if tugas is None:
            return
        kemajuan = services.laporkan_kemajuan(
            tugas=tugas,
            user=user or pelapor.get(tugas.opd.singkatan, admin),
            nilai=Decimal(nilai),
            uraian=uraian,
            bukti_tautan=f"{BUKTI}{tugas.pk}",
            tanggal=tanggal,
        )
        Kemajuan.objects.filter(pk=kemajuan.pk).update(dilaporkan_pada=_pada(tanggal))

    angka = Tugas.JenisTarget.ANGKA

    # A draft.
    instruksi(
        "Percepatan penurunan stunting di kelurahan prioritas",
        HARI_INI,
        "",
        "Draf untuk rapat pimpinan bulan Desember.",
        [("Dinkes", "Balita stunting mendapat makanan tambahan", angka, 250, "balita", datetime.date(2026, 12, 23))],
    )

    # Child violence: behind pace + pending negotiation, achieved, on track after an approved one.
    anak = instruksi(
        "Penanganan kasus kekerasan terhadap anak",
        datetime.date(2026, 11, 2),
        "01/IKP/XI/2026",
        "Setiap kasus yang dilaporkan ditangani dan korban didampingi dalam satu bulan.",
        [
            (
                "Dinkes",
                "Korban kekerasan anak mendapat visum dan layanan kesehatan",
                angka,
                24,
                "kasus",
                datetime.date(2026, 12, 2),
            ),
            (
                "Dinsos",
                "Korban kekerasan anak didampingi pekerja sosial",
                angka,
                24,
                "kasus",
                datetime.date(2026, 12, 2),
            ),
            (
                "Disdik",
                "Sekolah menyosialisasikan pencegahan kekerasan anak",
                angka,
                120,
                "sekolah",
                datetime.date(2026, 12, 2),
            ),
            (
                "Disdik",
                "Kasus baru kekerasan anak di lingkungan sekolah",
                angka,
                0,
                "kasus",
                datetime.date(2026, 12, 2),
                Tugas.Arah.TURUN,
            ),
        ],
    )
    if anak is not None:
        services.terbitkan(instruksi=anak, user=pimpinan, pada=_pada(datetime.date(2026, 11, 2)))
        dinkes = tugas_of(anak, "Dinkes")
        lapor(dinkes, 6, "Enam korban mendapat visum di RSUD dan puskesmas.", datetime.date(2026, 11, 20))
        if dinkes is not None:
            pending = services.ajukan_negosiasi(
                tugas=dinkes,
                user=perencana,
                target_usulan=Decimal(15),
                alasan="Kasus yang dilaporkan ke UPTD PPA sampai 20 November baru 15; sisanya belum dirujuk.",
            )
            _waktu(pending, datetime.date(2026, 11, 21))
        lapor(tugas_of(anak, "Dinsos"), 24, "Seluruh korban didampingi pekerja sosial.", datetime.date(2026, 11, 21))
        disdik = tugas_of(anak, "Disdik")
        if disdik is not None:
            negosiasi = services.ajukan_negosiasi(
                tugas=disdik,
                user=pelapor["Disdik"],
                target_usulan=Decimal(90),
                alasan="30 sekolah sedang ujian akhir semester sampai awal Desember.",
            )
            services.putuskan(negosiasi=negosiasi, user=pimpinan, setuju=True, catatan="Disetujui; sisanya Januari.")
            _waktu(negosiasi, datetime.date(2026, 11, 6), datetime.date(2026, 11, 9))
            lapor(disdik, 70, "70 sekolah sudah melaksanakan sosialisasi.", datetime.date(2026, 11, 22))
        lapor(
            anak.tugas.filter(arah=Tugas.Arah.TURUN).first(),
            0,
            "Tidak ada kasus baru di sekolah sejak instruksi terbit.",
            datetime.date(2026, 11, 22),
        )

    # Drought: a rejected negotiation then overdue (tidak tercapai); another OPD achieved.
    kering = instruksi(
        "Penanggulangan dampak kekeringan",
        datetime.date(2026, 10, 15),
        "02/IKP/X/2026",
        "Distribusi air bersih dan layanan kesehatan bagi warga terdampak kekeringan.",
        [
            (
                "Dinkes",
                "Posko kesehatan di kelurahan terdampak kekeringan",
                angka,
                12,
                "posko",
                datetime.date(2026, 11, 14),
            ),
            ("Dinsos", "Air bersih disalurkan ke warga terdampak", angka, 400000, "liter", datetime.date(2026, 11, 14)),
        ],
    )
    if kering is not None:
        services.terbitkan(instruksi=kering, user=pimpinan, pada=_pada(datetime.date(2026, 10, 15)))
        dinkes = tugas_of(kering, "Dinkes")
        if dinkes is not None:
            negosiasi = services.ajukan_negosiasi(
                tugas=dinkes, user=kepala, target_usulan=Decimal(8), alasan="Tenaga kesehatan terbatas."
            )
            services.putuskan(
                negosiasi=negosiasi,
                user=pimpinan,
                setuju=False,
                catatan="Tetap 12 posko: libatkan tenaga kesehatan puskesmas pembantu.",
            )
            _waktu(negosiasi, datetime.date(2026, 10, 17), datetime.date(2026, 10, 20))
            lapor(dinkes, 7, "Tujuh posko beroperasi.", datetime.date(2026, 11, 10))
        lapor(
            tugas_of(kering, "Dinsos"),
            "412500",
            "Air bersih disalurkan dengan 6 truk tangki.",
            datetime.date(2026, 11, 12),
        )
        services.tutup_lewat_tenggat(HARI_INI)

    # Budget absorption (90% by year end) and SP4N-LAPOR complaints (100% responded to).
    serapan = instruksi(
        "Percepatan serapan anggaran akhir tahun",
        datetime.date(2026, 11, 5),
        "03/IKP/XI/2026",
        "Serapan anggaran sekarang sekitar 60%; harus mencapai 90% pada akhir tahun.",
        [
            (s, "Serapan anggaran mencapai 90%", Tugas.JenisTarget.SERAPAN, 90, "%", datetime.date(2026, 12, 31))
            for s in ("Dinkes", "Disdik", "Dinsos", "BPKAD")
        ],
    )
    if serapan is not None:
        services.terbitkan(instruksi=serapan, user=pimpinan, pada=_pada(datetime.date(2026, 11, 5)))
        _dari_pemantauan(serapan, pelapor, admin, "Rekap realisasi anggaran dari BPKAD.")
    lapor_ = instruksi(
        "Tindak lanjut pengaduan SP4N-LAPOR",
        datetime.date(2026, 11, 5),
        "04/IKP/XI/2026",
        "Setiap pengaduan masyarakat melalui SP4N-LAPOR direspons perangkat daerah.",
        [
            (s, "Pengaduan SP4N-LAPOR ditanggapi", Tugas.JenisTarget.PENGADUAN, 100, "%", datetime.date(2026, 11, 30))
            for s in ("Dinkes", "Disdukcapil", "DPMPTSP")
        ],
    )
    if lapor_ is not None:
        services.terbitkan(instruksi=lapor_, user=pimpinan, pada=_pada(datetime.date(2026, 11, 5)))
        _dari_pemantauan(lapor_, pelapor, admin, "Rekap tanggapan pengaduan dari SP4N-LAPOR.")

    # A cancelled instruction.
    batal = instruksi(
        "Penertiban reklame liar",
        datetime.date(2026, 11, 3),
        "05/IKP/XI/2026",
        "",
        [("DPMPTSP", "Izin reklame diverifikasi", angka, 50, "izin", datetime.date(2026, 12, 3))],
    )
    if batal is not None:
        services.terbitkan(instruksi=batal, user=pimpinan, pada=_pada(datetime.date(2026, 11, 3)))
        services.batalkan(instruksi=batal, user=pimpinan, alasan="Ditangani Satpol PP sesuai peraturan daerah.")
    return []
