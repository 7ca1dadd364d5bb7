"""Demo performance tree for Kota Contoh: RPJMD 2025–2029 with its tujuan and sasaran, and a Renstra
for every OPD with at least five IKUs and five years of targets. It includes lower-is-better
indicators (angka kemiskinan, tingkat pengangguran terbuka), a stabilize one (inflasi), qualitative
ones (opini BPK, predikat SAKIP), and a few weaknesses on purpose so the quality check has something
to say (an activity indicator, a missing data source, an unlinked node). Fictional throughout.

Idempotent like sakip.demo: rows are found by their codes and only changed when they differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from iku_manual.models import Indikator, NilaiSkala, Renstra, Sasaran, SkalaKualitatif, TargetIndikator, Tingkat
from iku_manual.seeds import ensure_default_scales
from sakip.demo import upsert
from sakip.models import Pemda, PerangkatDaerah, Periode, UnitKerja

MAX = Indikator.Polaritas.MAXIMIZE
MIN = Indikator.Polaritas.MINIMIZE
STAB = Indikator.Polaritas.STABILIZE
YEARS = [2025, 2026, 2027, 2028, 2029]


@dataclass
class Ind:
    kode: str
    nama: str
    satuan: str
    baseline: str | Decimal | None
    targets: list  # five values: numbers as text, (low, high) ranges, or scale codes
    polaritas: str = MAX
    definisi: str = ""
    formula: str = ""
    sumber: str = ""
    pj: str = ""  # unit name inside the OPD (or any unit of the pemda at RPJMD level)
    jenis: str = Indikator.Jenis.OUTCOME
    skala: str = ""
    agregasi: str = Indikator.Agregasi.TERAKHIR
    faktor: int = 1
    is_iku: bool = True


@dataclass
class Node:
    kode: str
    tingkat: str
    uraian: str
    parents: list[str] = field(default_factory=list)  # codes; "RPJMD:S.1.1" for a pemda node
    indikator: list[Ind] = field(default_factory=list)
    unit: str = ""
    nomenklatur: str = ""


T = Tingkat
RPJMD = [
    Node(
        "T.1",
        T.TUJUAN_PEMDA,
        "Meningkatkan kualitas sumber daya manusia yang sehat, cerdas dan berdaya saing",
        [],
        [
            Ind(
                "IKT.1",
                "Indeks Pembangunan Manusia (IPM)",
                "poin",
                "76,12",
                ["76,50", "76,90", "77,30", "77,70", "78,10"],
                definisi="Ukuran capaian pembangunan manusia dari umur panjang dan sehat, pengetahuan, "
                "dan standar hidup layak.",
                formula="Rata-rata geometrik indeks kesehatan, indeks pendidikan dan indeks pengeluaran (metode BPS).",
                sumber="Badan Pusat Statistik Kota Contoh",
                pj="Bidang Pemerintahan dan Pembangunan Manusia",
                jenis=Indikator.Jenis.IMPACT,
                agregasi=Indikator.Agregasi.TERAKHIR,
            ),
        ],
    ),
    Node(
        "T.2",
        T.TUJUAN_PEMDA,
        "Meningkatkan kesejahteraan masyarakat yang berkeadilan",
        [],
        [
            Ind(
                "IKT.2",
                "Angka kemiskinan",
                "%",
                "7,85",
                ["7,60", "7,35", "7,10", "6,85", "6,60"],
                MIN,
                definisi="Persentase penduduk yang berada di bawah garis kemiskinan.",
                formula="Jumlah penduduk miskin dibagi jumlah penduduk dikali 100%",
                sumber="Badan Pusat Statistik Kota Contoh (Susenas Maret)",
                pj="Bidang Perekonomian dan Sumber Daya Alam",
                jenis=Indikator.Jenis.IMPACT,
                faktor=100,
            ),
            Ind(
                "IKT.3",
                "Tingkat pengangguran terbuka (TPT)",
                "%",
                "6,20",
                ["6,00", "5,80", "5,60", "5,40", "5,20"],
                MIN,
                definisi="Persentase angkatan kerja yang tidak bekerja dan sedang mencari pekerjaan.",
                formula="Jumlah penganggur dibagi jumlah angkatan kerja dikali 100%",
                sumber="Badan Pusat Statistik Kota Contoh (Sakernas Agustus)",
                pj="Bidang Perekonomian dan Sumber Daya Alam",
                jenis=Indikator.Jenis.IMPACT,
                faktor=100,
            ),
        ],
    ),
    Node(
        "T.3",
        T.TUJUAN_PEMDA,
        "Mewujudkan tata kelola pemerintahan yang bersih, akuntabel dan melayani",
        [],
        [
            Ind(
                "IKT.4",
                "Opini BPK atas laporan keuangan pemerintah daerah",
                "predikat",
                "WTP",
                ["WTP", "WTP", "WTP", "WTP", "WTP"],
                skala="Opini BPK",
                definisi="Pendapat Badan Pemeriksa Keuangan atas kewajaran laporan keuangan pemerintah daerah.",
                sumber="Laporan Hasil Pemeriksaan BPK RI",
                pj="Bidang Akuntansi",
            ),
            Ind(
                "IKT.5",
                "Predikat SAKIP pemerintah daerah",
                "predikat",
                "B",
                ["BB", "BB", "A", "A", "A"],
                skala="Predikat SAKIP",
                definisi="Predikat hasil evaluasi akuntabilitas kinerja instansi pemerintah oleh KemenPANRB.",
                sumber="Laporan Hasil Evaluasi AKIP KemenPANRB",
                pj="Sub Bagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
            ),
        ],
    ),
    Node(
        "S.1.1",
        T.SASARAN_PEMDA,
        "Meningkatnya derajat kesehatan masyarakat",
        ["T.1"],
        [
            Ind(
                "IKS.1",
                "Usia harapan hidup",
                "tahun",
                "72,10",
                ["72,25", "72,40", "72,55", "72,70", "72,85"],
                definisi="Rata-rata tahun hidup yang akan dijalani bayi yang lahir pada tahun tertentu.",
                formula="Dihitung BPS dari angka kematian menurut umur (metode tidak langsung).",
                sumber="Badan Pusat Statistik Kota Contoh",
                pj="Bidang Kesehatan Masyarakat",
            ),
            Ind(
                "IKS.2",
                "Angka kematian ibu",
                "per 100.000 kelahiran hidup",
                "95",
                ["90", "85", "80", "75", "70"],
                MIN,
                definisi="Kematian ibu selama hamil, bersalin dan nifas per 100.000 kelahiran hidup.",
                formula="Jumlah kematian ibu dibagi jumlah kelahiran hidup dikali 100.000",
                sumber="Laporan kematian ibu Dinas Kesehatan",
                pj="Bidang Kesehatan Masyarakat",
                faktor=100000,
                agregasi=Indikator.Agregasi.KUMULATIF,
            ),
        ],
    ),
    Node(
        "S.1.2",
        T.SASARAN_PEMDA,
        "Meningkatnya kualitas dan pemerataan pendidikan",
        ["T.1"],
        [
            Ind(
                "IKS.3",
                "Rata-rata lama sekolah",
                "tahun",
                "10,45",
                ["10,55", "10,65", "10,75", "10,85", "10,95"],
                definisi="Rata-rata jumlah tahun pendidikan formal penduduk berumur 25 tahun ke atas.",
                formula="Jumlah tahun bersekolah penduduk 25+ dibagi jumlah penduduk 25+",
                sumber="Badan Pusat Statistik Kota Contoh",
                pj="Bidang Pembinaan Sekolah Menengah Pertama",
            ),
        ],
    ),
    Node(
        "S.2.1",
        T.SASARAN_PEMDA,
        "Meningkatnya perlindungan dan jaminan sosial bagi penduduk miskin",
        ["T.2"],
        [
            Ind(
                "IKS.4",
                "Persentase penduduk miskin yang menerima perlindungan sosial",
                "%",
                "70",
                ["74", "78", "82", "86", "90"],
                definisi="Penduduk miskin dalam DTKS yang menerima bantuan atau jaminan sosial.",
                formula="Penduduk miskin penerima perlindungan sosial dibagi penduduk miskin DTKS dikali 100%",
                sumber="Data Terpadu Kesejahteraan Sosial (DTKS)",
                pj="Bidang Perlindungan dan Jaminan Sosial",
                faktor=100,
            ),
        ],
    ),
    Node(
        "S.2.2",
        T.SASARAN_PEMDA,
        "Meningkatnya investasi dan stabilitas perekonomian daerah",
        ["T.2"],
        [
            Ind(
                "IKS.5",
                "Nilai realisasi investasi",
                "Rp miliar",
                "1.250",
                ["1.320", "1.400", "1.480", "1.560", "1.650"],
                definisi="Nilai realisasi penanaman modal dalam dan luar negeri di Kota Contoh.",
                formula="Jumlah realisasi PMA dan PMDN dalam satu tahun",
                sumber="Laporan Kegiatan Penanaman Modal (OSS)",
                pj="Bidang Penanaman Modal",
                agregasi=Indikator.Agregasi.KUMULATIF,
            ),
            Ind(
                "IKS.6",
                "Tingkat inflasi",
                "%",
                "2,9",
                [("2,5", "3,5"), ("2,5", "3,5"), ("2", "3"), ("2", "3"), ("2", "3")],
                STAB,
                definisi="Kenaikan harga barang dan jasa secara umum (year on year, Desember).",
                formula="Perubahan indeks harga konsumen Desember tahun ini terhadap Desember tahun lalu dikali 100%",
                sumber="Badan Pusat Statistik Kota Contoh",
                pj="Bidang Perekonomian dan Sumber Daya Alam",
            ),
        ],
    ),
    Node(
        "S.2.3",
        T.SASARAN_PEMDA,
        "Meningkatnya kualitas infrastruktur dan konektivitas wilayah",
        ["T.2"],
        [
            Ind(
                "IKS.7",
                "Persentase panjang jalan kota dalam kondisi mantap",
                "%",
                "78",
                ["80", "82", "84", "86", "88"],
                definisi="Jalan kota berkondisi baik dan sedang dibanding seluruh panjang jalan kota.",
                formula="Panjang jalan kondisi baik dan sedang dibagi panjang jalan kota dikali 100%",
                sumber="Survei kondisi jalan Dinas PUPR",
                pj="Bidang Bina Marga",
                faktor=100,
            ),
        ],
    ),
    Node(
        "S.3.1",
        T.SASARAN_PEMDA,
        "Meningkatnya akuntabilitas kinerja dan keuangan daerah",
        ["T.3"],
        [
            Ind(
                "IKS.8",
                "Nilai evaluasi SAKIP pemerintah daerah",
                "nilai",
                "64,50",
                ["68,00", "71,00", "74,00", "77,00", "80,00"],
                definisi="Nilai hasil evaluasi AKIP pemerintah daerah oleh KemenPANRB (skala 0–100).",
                formula="Jumlah nilai komponen LKE PermenPANRB 88/2021",
                sumber="Laporan Hasil Evaluasi AKIP KemenPANRB",
                pj="Sub Bagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
            ),
        ],
    ),
    Node(
        "S.3.2",
        T.SASARAN_PEMDA,
        "Meningkatnya kualitas pelayanan publik",
        ["T.3"],
        [
            Ind(
                "IKS.9",
                "Indeks kepuasan masyarakat atas pelayanan publik",
                "indeks",
                "81,2",
                ["82", "83", "84", "85", "86"],
                definisi="Tingkat kepuasan masyarakat atas layanan perangkat daerah (PermenPANRB 14/2017).",
                formula="Rata-rata tertimbang nilai unsur pelayanan dikali 25",
                sumber="Survei kepuasan masyarakat",
                pj="Bidang Pelayanan Perizinan",
            ),
        ],
    ),
]


def _opd_tree(kode_prefix: str, items: list[tuple[str, list[str], list[Ind], list[Node]]]) -> list[Node]:
    """Sasaran strategis (with their RPJMD parents and indicators) and their program-level children."""
    nodes = []
    for index, (uraian, parents, indicators, children) in enumerate(items, start=1):
        kode = f"SS.{index}"
        nodes.append(Node(kode, T.SASARAN_STRATEGIS, uraian, [f"RPJMD:{p}" for p in parents], indicators))
        for child in children:
            child.parents = child.parents or [kode]
            nodes.append(child)
    return nodes


def _ind(kode, nama, satuan, baseline, targets, pj, sumber, definisi, formula="", polaritas=MAX, **extra):
    return Ind(
        kode,
        nama,
        satuan,
        baseline,
        targets,
        polaritas,
        definisi=definisi,
        formula=formula,
        sumber=sumber,
        pj=pj,
        **extra,
    )


RENSTRA = {
    "Dinkes": _opd_tree(
        "SS",
        [
            (
                "Meningkatnya kualitas kesehatan keluarga dan gizi masyarakat",
                ["S.1.1"],
                [
                    _ind(
                        "IKU.1",
                        "Prevalensi stunting pada balita",
                        "%",
                        "18,4",
                        ["17", "15,5", "14", "12,5", "11"],
                        "Seksi Kesehatan Keluarga dan Gizi",
                        "Aplikasi e-PPGBM",
                        "Balita dengan tinggi badan menurut umur di bawah -2 SD.",
                        "Jumlah balita stunting dibagi jumlah balita diukur dikali 100%",
                        MIN,
                        faktor=100,
                    ),
                    _ind(
                        "IKU.2",
                        "Angka kematian bayi",
                        "per 1.000 kelahiran hidup",
                        "11,2",
                        ["10,8", "10,4", "10", "9,6", "9,2"],
                        "Seksi Kesehatan Keluarga dan Gizi",
                        "Laporan kematian bayi puskesmas",
                        "Kematian bayi usia 0–11 bulan per 1.000 kelahiran hidup.",
                        "Jumlah kematian bayi dibagi jumlah kelahiran hidup dikali 1.000",
                        MIN,
                        faktor=1000,
                        agregasi=Indikator.Agregasi.KUMULATIF,
                    ),
                    _ind(
                        "IKU.3",
                        "Persentase ibu hamil mendapat pelayanan antenatal sesuai standar",
                        "%",
                        "88",
                        ["90", "92", "94", "96", "98"],
                        "Seksi Kesehatan Keluarga dan Gizi",
                        "SIMPUS / laporan KIA",
                        "Ibu hamil yang mendapat minimal enam kali pemeriksaan kehamilan sesuai standar.",
                        "Ibu hamil K6 dibagi sasaran ibu hamil dikali 100%",
                        faktor=100,
                        jenis=Indikator.Jenis.OUTPUT,
                    ),
                ],
                [
                    Node(
                        "SP.1.1",
                        T.SASARAN_PROGRAM,
                        "Meningkatnya cakupan imunisasi dasar lengkap",
                        [],
                        [
                            _ind(
                                "IKP.1",
                                "Persentase bayi mendapat imunisasi dasar lengkap",
                                "%",
                                "89",
                                ["91", "93", "95", "95", "95"],
                                "Seksi Surveilans dan Imunisasi",
                                "Laporan imunisasi puskesmas",
                                "Bayi 0–11 bulan yang mendapat imunisasi dasar lengkap.",
                                "Bayi IDL dibagi sasaran bayi dikali 100%",
                                faktor=100,
                                jenis=Indikator.Jenis.OUTPUT,
                                is_iku=False,
                            ),
                        ],
                        unit="Bidang Pencegahan dan Pengendalian Penyakit",
                        nomenklatur="Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
                    ),
                ],
            ),
            (
                "Meningkatnya mutu pelayanan kesehatan dasar dan rujukan",
                ["S.1.1", "S.3.2"],
                [
                    _ind(
                        "IKU.4",
                        "Persentase puskesmas terakreditasi paripurna",
                        "%",
                        "40",
                        ["50", "60", "70", "80", "90"],
                        "Bidang Pelayanan dan Sumber Daya Kesehatan",
                        "Sertifikat akreditasi Kemenkes",
                        "Puskesmas dengan status akreditasi paripurna.",
                        "Puskesmas paripurna dibagi jumlah puskesmas dikali 100%",
                        faktor=100,
                    ),
                    _ind(
                        "IKU.5",
                        "Indeks kepuasan masyarakat terhadap layanan puskesmas",
                        "indeks",
                        "80,5",
                        ["81,5", "82,5", "83,5", "84,5", "85,5"],
                        "Bidang Pelayanan dan Sumber Daya Kesehatan",
                        "Survei kepuasan masyarakat",
                        "Kepuasan pasien atas sembilan unsur pelayanan puskesmas.",
                        "Rata-rata tertimbang nilai unsur pelayanan dikali 25",
                    ),
                ],
                [],
            ),
        ],
    ),
    "Disdik": _opd_tree(
        "SS",
        [
            (
                "Meningkatnya akses dan mutu pendidikan dasar",
                ["S.1.2"],
                [
                    _ind(
                        "IKU.1",
                        "Angka partisipasi murni SD/MI",
                        "%",
                        "97,2",
                        ["97,5", "97,8", "98", "98,3", "98,5"],
                        "Bidang Pembinaan Sekolah Dasar",
                        "Dapodik dan EMIS",
                        "Murid SD/MI usia 7–12 tahun dibanding penduduk 7–12 tahun.",
                        "Murid SD/MI usia 7–12 dibagi penduduk usia 7–12 dikali 100%",
                        faktor=100,
                    ),
                    _ind(
                        "IKU.2",
                        "Angka partisipasi murni SMP/MTs",
                        "%",
                        "82,1",
                        ["83", "84", "85", "86", "87"],
                        "Bidang Pembinaan Sekolah Menengah Pertama",
                        "Dapodik dan EMIS",
                        "Murid SMP/MTs usia 13–15 tahun dibanding penduduk 13–15 tahun.",
                        "Murid SMP/MTs usia 13–15 dibagi penduduk usia 13–15 dikali 100%",
                        faktor=100,
                    ),
                    _ind(
                        "IKU.3",
                        "Persentase satuan pendidikan dengan rapor mutu kategori baik",
                        "%",
                        "55",
                        ["60", "65", "70", "75", "80"],
                        "Bidang Pendidik dan Tenaga Kependidikan",
                        "Rapor Pendidikan Kemendikdasmen",
                        "Sekolah dengan capaian literasi dan numerasi kategori baik.",
                        "Sekolah kategori baik dibagi jumlah sekolah dikali 100%",
                        faktor=100,
                    ),
                ],
                [],
            ),
            # On purpose for the demo: an activity measure at outcome level, without a data source.
            (
                "Meningkatnya kualitas pendidikan anak usia dini",
                ["S.1.2"],
                [
                    _ind(
                        "IKU.4",
                        "Terlaksananya kegiatan pelatihan guru PAUD",
                        "kegiatan",
                        "4",
                        ["4", "4", "4", "4", "4"],
                        "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal",
                        "",
                        "Pelatihan guru PAUD yang diselenggarakan dinas.",
                        "Jumlah pelatihan yang terlaksana",
                        jenis=Indikator.Jenis.OUTPUT,
                    ),
                    _ind(
                        "IKU.5",
                        "Jumlah kegiatan sosialisasi PAUD holistik integratif",
                        "kegiatan",
                        "6",
                        ["6", "8", "8", "10", "10"],
                        "Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal",
                        "Laporan kegiatan bidang",
                        "Sosialisasi PAUD holistik integratif kepada orang tua dan lembaga.",
                        "Jumlah sosialisasi yang terlaksana",
                        jenis=Indikator.Jenis.OUTPUT,
                    ),
                ],
                [],
            ),
        ],
    ),
}

# Every other OPD: two sasaran strategis with at least five IKUs, in the same shape.
GENERIC = {
    "Setda": (
        ["S.3.1", "S.3.2"],
        "Bagian Organisasi",
        [
            (
                "Meningkatnya akuntabilitas kinerja perangkat daerah",
                "Persentase perangkat daerah dengan predikat SAKIP minimal BB",
                "%",
                "35",
                ["45", "55", "65", "75", "85"],
            ),
            (
                "Meningkatnya akuntabilitas kinerja perangkat daerah",
                "Nilai indeks reformasi birokrasi",
                "indeks",
                "62",
                ["65", "68", "71", "74", "77"],
            ),
            (
                "Meningkatnya kualitas kebijakan daerah",
                "Persentase produk hukum daerah yang tidak dibatalkan",
                "%",
                "96",
                ["97", "98", "99", "100", "100"],
            ),
            (
                "Meningkatnya kualitas kebijakan daerah",
                "Indeks kualitas kebijakan",
                "indeks",
                "60",
                ["63", "66", "69", "72", "75"],
            ),
            (
                "Meningkatnya akuntabilitas kinerja perangkat daerah",
                "Persentase rekomendasi hasil evaluasi SAKIP yang ditindaklanjuti",
                "%",
                "70",
                ["75", "80", "85", "90", "95"],
            ),
        ],
    ),
    "Bapperida": (
        ["S.3.1"],
        "Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan",
        [
            (
                "Meningkatnya kualitas perencanaan pembangunan daerah",
                "Persentase keselarasan program RKPD dengan RPJMD",
                "%",
                "85",
                ["88", "91", "94", "97", "100"],
            ),
            (
                "Meningkatnya kualitas perencanaan pembangunan daerah",
                "Persentase capaian indikator kinerja RPJMD yang tercapai",
                "%",
                "72",
                ["75", "78", "81", "84", "87"],
            ),
            (
                "Meningkatnya kualitas perencanaan pembangunan daerah",
                "Nilai evaluasi kualitas dokumen perencanaan",
                "nilai",
                "70",
                ["73", "76", "79", "82", "85"],
            ),
            (
                "Meningkatnya pemanfaatan riset dan inovasi daerah",
                "Jumlah inovasi daerah yang diterapkan",
                "inovasi",
                "12",
                ["15", "18", "21", "24", "27"],
            ),
            (
                "Meningkatnya pemanfaatan riset dan inovasi daerah",
                "Indeks inovasi daerah",
                "indeks",
                "45",
                ["48", "51", "54", "57", "60"],
            ),
        ],
    ),
    "Inspektorat": (
        ["S.3.1"],
        "Inspektur Pembantu Wilayah I",
        [
            (
                "Meningkatnya kapabilitas pengawasan intern",
                "Level kapabilitas APIP",
                "level",
                "3",
                ["3", "3", "4", "4", "4"],
            ),
            (
                "Meningkatnya kapabilitas pengawasan intern",
                "Level maturitas SPIP",
                "level",
                "3",
                ["3", "3,2", "3,4", "3,6", "3,8"],
            ),
            (
                "Meningkatnya kepatuhan atas hasil pengawasan",
                "Persentase rekomendasi hasil pemeriksaan yang ditindaklanjuti",
                "%",
                "78",
                ["80", "83", "86", "89", "92"],
            ),
            (
                "Meningkatnya kepatuhan atas hasil pengawasan",
                "Persentase perangkat daerah tanpa temuan berulang",
                "%",
                "60",
                ["65", "70", "75", "80", "85"],
            ),
            (
                "Meningkatnya kapabilitas pengawasan intern",
                "Nilai evaluasi AKIP internal rata-rata perangkat daerah",
                "nilai",
                "61",
                ["64", "67", "70", "73", "76"],
            ),
        ],
    ),
    "BPKAD": (
        ["S.3.1"],
        "Bidang Akuntansi",
        [
            (
                "Meningkatnya kualitas pengelolaan keuangan daerah",
                "Persentase temuan BPK atas laporan keuangan yang ditindaklanjuti",
                "%",
                "75",
                ["80", "85", "90", "95", "100"],
            ),
            (
                "Meningkatnya kualitas pengelolaan keuangan daerah",
                "Persentase realisasi pendapatan terhadap target",
                "%",
                "95",
                ["96", "97", "98", "99", "100"],
            ),
            (
                "Meningkatnya kualitas pengelolaan keuangan daerah",
                "Ketepatan waktu penyampaian laporan keuangan",
                "hari sebelum batas",
                "5",
                ["7", "10", "12", "14", "15"],
            ),
            (
                "Meningkatnya tertib pengelolaan aset daerah",
                "Persentase aset tanah bersertifikat",
                "%",
                "62",
                ["68", "74", "80", "86", "92"],
            ),
            (
                "Meningkatnya tertib pengelolaan aset daerah",
                "Persentase aset yang tercatat dan terinventarisasi",
                "%",
                "85",
                ["88", "91", "94", "97", "100"],
            ),
        ],
    ),
    "Dinas PUPR": (
        ["S.2.3"],
        "Bidang Bina Marga",
        [
            (
                "Meningkatnya kualitas jalan dan jembatan kota",
                "Persentase jalan kota kondisi mantap",
                "%",
                "78",
                ["80", "82", "84", "86", "88"],
            ),
            (
                "Meningkatnya kualitas jalan dan jembatan kota",
                "Persentase jembatan kondisi baik",
                "%",
                "81",
                ["83", "85", "87", "89", "91"],
            ),
            (
                "Menurunnya kawasan tergenang",
                "Luas kawasan tergenang",
                "hektare",
                "120",
                ["110", "95", "80", "65", "50"],
            ),
            (
                "Menurunnya kawasan tergenang",
                "Persentase saluran drainase dalam kondisi baik",
                "%",
                "64",
                ["68", "72", "76", "80", "84"],
            ),
            (
                "Meningkatnya kualitas jalan dan jembatan kota",
                "Persentase rumah tangga dengan akses air minum layak",
                "%",
                "88",
                ["90", "92", "94", "96", "98"],
            ),
        ],
    ),
    "Dinsos": (
        ["S.2.1"],
        "Bidang Perlindungan dan Jaminan Sosial",
        [
            (
                "Meningkatnya perlindungan sosial penduduk miskin dan rentan",
                "Persentase PPKS yang mendapat layanan rehabilitasi sosial",
                "%",
                "65",
                ["70", "75", "80", "85", "90"],
            ),
            (
                "Meningkatnya perlindungan sosial penduduk miskin dan rentan",
                "Persentase korban bencana yang terpenuhi kebutuhan dasarnya",
                "%",
                "90",
                ["92", "94", "96", "98", "100"],
            ),
            (
                "Meningkatnya perlindungan sosial penduduk miskin dan rentan",
                "Persentase DTKS yang diperbarui",
                "%",
                "70",
                ["75", "80", "85", "90", "95"],
            ),
            (
                "Meningkatnya keberdayaan keluarga miskin",
                "Persentase keluarga penerima manfaat yang graduasi mandiri",
                "%",
                "4",
                ["5", "6", "7", "8", "9"],
            ),
            (
                "Meningkatnya keberdayaan keluarga miskin",
                "Jumlah kelompok usaha bersama yang aktif",
                "kelompok",
                "40",
                ["45", "50", "55", "60", "65"],
            ),
        ],
    ),
    "DPMPTSP": (
        ["S.2.2", "S.3.2"],
        "Bidang Pelayanan Perizinan",
        [
            (
                "Meningkatnya realisasi investasi",
                "Nilai realisasi investasi PMA dan PMDN",
                "Rp miliar",
                "1.250",
                ["1.320", "1.400", "1.480", "1.560", "1.650"],
            ),
            (
                "Meningkatnya realisasi investasi",
                "Jumlah proyek investasi baru",
                "proyek",
                "210",
                ["225", "240", "255", "270", "285"],
            ),
            (
                "Meningkatnya kualitas pelayanan perizinan",
                "Indeks kepuasan masyarakat layanan perizinan",
                "indeks",
                "82",
                ["83", "84", "85", "86", "87"],
            ),
            (
                "Meningkatnya kualitas pelayanan perizinan",
                "Persentase izin terbit tepat waktu",
                "%",
                "88",
                ["90", "92", "94", "96", "98"],
            ),
            (
                "Meningkatnya kualitas pelayanan perizinan",
                "Persentase pengaduan perizinan yang diselesaikan",
                "%",
                "80",
                ["84", "88", "92", "96", "100"],
            ),
        ],
    ),
    "Disdukcapil": (
        ["S.3.2"],
        "Bidang Pelayanan Pendaftaran Penduduk",
        [
            (
                "Meningkatnya kepemilikan dokumen kependudukan",
                "Persentase penduduk wajib KTP yang memiliki KTP-el",
                "%",
                "96",
                ["97", "98", "99", "99,5", "100"],
            ),
            (
                "Meningkatnya kepemilikan dokumen kependudukan",
                "Persentase anak yang memiliki akta kelahiran",
                "%",
                "92",
                ["94", "96", "97", "98", "99"],
            ),
            (
                "Meningkatnya kepemilikan dokumen kependudukan",
                "Persentase anak yang memiliki kartu identitas anak",
                "%",
                "45",
                ["55", "65", "75", "85", "90"],
            ),
            (
                "Meningkatnya kualitas layanan administrasi kependudukan",
                "Indeks kepuasan layanan administrasi kependudukan",
                "indeks",
                "83",
                ["84", "85", "86", "87", "88"],
            ),
            (
                "Meningkatnya kualitas layanan administrasi kependudukan",
                "Persentase layanan dokumen selesai satu hari",
                "%",
                "70",
                ["75", "80", "85", "90", "95"],
            ),
        ],
    ),
}


def _generic_tree(parents: list[str], pj: str, rows) -> list[Node]:
    by_sasaran: dict[str, list[Ind]] = {}
    for number, (uraian, nama, satuan, baseline, targets) in enumerate(rows, start=1):
        by_sasaran.setdefault(uraian, []).append(
            _ind(
                f"IKU.{number}",
                nama,
                satuan,
                baseline,
                targets,
                pj,
                "Laporan kinerja bidang dan data dukung resmi",
                f"{nama} pada akhir tahun pelaporan, menurut data yang diverifikasi.",
                f"{nama} dihitung dari data akhir tahun",
                faktor=100 if satuan == "%" else 1,
                polaritas=MIN if nama.startswith("Luas kawasan tergenang") else MAX,
            )
        )
    return _opd_tree("SS", [(uraian, parents, inds, []) for uraian, inds in by_sasaran.items()])


def _number_or_code(value, skala_lookup):
    from iku_manual.targets import parse_target

    if isinstance(value, tuple):
        low, high = (parse_target(v, stabilize=False).nilai for v in value)
        return {"nilai": None, "batas_bawah": low, "batas_atas": high}
    return {
        "nilai": parse_target(value, stabilize=False, scale=skala_lookup).nilai,
        "batas_bawah": None,
        "batas_atas": None,
    }


def _save_nodes(
    pemda: Pemda, periode: Periode, opd: PerangkatDaerah | None, nodes: list[Node], units: dict, scales: dict
):
    from iku_manual.targets import parse_target, scale_lookup

    saved: dict[str, Sasaran] = {}
    for order, node in enumerate(nodes, start=1):
        unit = units.get((opd.pk if opd else None, node.unit)) if node.unit else None
        sasaran = upsert(
            Sasaran,
            {"periode": periode, "opd": opd, "kode": node.kode},
            {
                "pemda": pemda,
                "tingkat": node.tingkat,
                "uraian": node.uraian,
                "urutan": order,
                "unit": unit,
                "nomenklatur": node.nomenklatur,
            },
        )
        saved[node.kode] = sasaran
        parents = []
        for code in node.parents:
            if code.startswith("RPJMD:"):
                parents.append(Sasaran.objects.get(periode=periode, opd__isnull=True, kode=code.removeprefix("RPJMD:")))
            else:
                parents.append(saved[code])
        if {p.pk for p in sasaran.parents.all()} != {p.pk for p in parents}:
            sasaran.parents.set(parents)
        for ind_order, ind in enumerate(node.indikator, start=1):
            skala = scales.get(ind.skala)
            lookup = scale_lookup(skala.nilai.all()) if skala else None
            pj = units.get((opd.pk if opd else None, ind.pj)) or units.get(("any", ind.pj))
            indikator = upsert(
                Indikator,
                {"sasaran": sasaran, "kode": ind.kode},
                {
                    "nama": ind.nama,
                    "satuan": ind.satuan,
                    "polaritas": ind.polaritas,
                    "jenis": ind.jenis,
                    "definisi_operasional": ind.definisi,
                    "formula": ind.formula,
                    "sumber_data": ind.sumber,
                    "penanggung_jawab": pj,
                    "skala": skala,
                    "agregasi": ind.agregasi,
                    "faktor": ind.faktor,
                    "is_iku": ind.is_iku,
                    "urutan": ind_order,
                    "alasan_pemilihan": f"Mengukur langsung ketercapaian sasaran \u201c{node.uraian}\u201d.",
                    "baseline_tahun": 2024,
                    "baseline_nilai": parse_target(ind.baseline, stabilize=False, scale=lookup).nilai,
                },
            )
            for year, value in zip(YEARS, ind.targets, strict=True):
                upsert(TargetIndikator, {"indikator": indikator, "tahun": year}, _number_or_code(value, lookup))


def load() -> list:
    pemda = Pemda.objects.get(kode="99.71")
    periode = upsert(
        Periode,
        {"pemda": pemda, "tahun_awal": 2025},
        {
            "nama": "RPJMD 2025–2029",
            "tahun_akhir": 2029,
            "visi": "Kota Contoh yang maju, sehat, sejahtera dan berdaya saing",
            "misi": "Membangun sumber daya manusia yang sehat dan cerdas\n"
            "Memperkuat ekonomi kerakyatan dan iklim investasi\n"
            "Membangun infrastruktur kota yang tangguh dan terhubung\n"
            "Mewujudkan tata kelola pemerintahan yang bersih dan melayani",
        },
    )
    units: dict = {}
    for unit in UnitKerja.objects.filter(opd__pemda=pemda):
        units[(unit.opd_id, unit.nama)] = unit
        units.setdefault(("any", unit.nama), unit)
    ensure_default_scales(SkalaKualitatif, NilaiSkala)
    scales = {
        skala.nama: skala for skala in SkalaKualitatif.objects.filter(pemda__isnull=True).prefetch_related("nilai")
    }

    _save_nodes(pemda, periode, None, RPJMD, units, scales)
    opds = {opd.singkatan: opd for opd in PerangkatDaerah.objects.filter(pemda=pemda)}
    trees = {**RENSTRA, **{key: _generic_tree(*value) for key, value in GENERIC.items()}}
    for singkatan, nodes in trees.items():
        opd = opds[singkatan]
        upsert(
            Renstra,
            {"opd": opd, "periode": periode},
            {"nomor_dokumen": f"Perwali Kota Contoh Nomor {opd.urutan} Tahun 2025"},
        )
        _save_nodes(pemda, periode, opd, nodes, units, scales)
    # An unlinked node, on purpose: the pohon kinerja page and the quality check flag it.
    upsert(
        Sasaran,
        {"periode": periode, "opd": opds["Disdik"], "kode": "SP.9"},
        {
            "pemda": pemda,
            "tingkat": Tingkat.SASARAN_PROGRAM,
            "uraian": "Meningkatnya literasi siswa sekolah dasar",
            "urutan": 99,
        },
    )
    return []
