"""The national LKE templates, seeded by migration (evaluasi/migrations): PermenPANRB 12/2015 (92
criteria, the OPD-level worksheet as reproduced by dwirandyh/e-sakip) and PermenPANRB 88/2021 (80
criteria, the MA RI adaptation of the Lampiran), with their answer scales and grade bands. Sources and
confidence: ../shared/reference/domain.md sections 1 and 2, appendices A and B.

Numbers are text here and become Decimal when seeded. A pemda loads its own variant by copying a
template (or importing one from Excel); these rows are never edited in place.
"""

from __future__ import annotations

from decimal import Decimal

# kode: (nama, [(jawaban, nilai, penjelasan)])
SKALA = {
    "YT": ("Ya/Tidak", [("Y", "1", "Ya"), ("T", "0", "Tidak")]),
    "ABC": ("A/B/C", [("A", "1", ""), ("B", "0.5", ""), ("C", "0", "")]),
    "AD": ("A/B/C/D", [("A", "1", ""), ("B", "0.67", ""), ("C", "0.33", ""), ("D", "0", "")]),
    "AE": ("A/B/C/D/E", [("A", "1", ""), ("B", "0.75", ""), ("C", "0.5", ""), ("D", "0.25", ""), ("E", "0", "")]),
    "E_TARGET": (
        "Capaian: target dicapai (poin)",
        [
            ("A", "3", "Rata-rata capaian kinerja lebih dari 110%"),
            ("B", "2", "Rata-rata capaian kinerja 90%–110%"),
            ("C", "1", "Rata-rata capaian kinerja 60%–90%"),
            ("D", "0.5", "Rata-rata capaian kinerja 40%–60%"),
            ("E", "0", "Rata-rata capaian kinerja kurang dari 40%"),
        ],
    ),
    "E_TREN": (
        "Capaian: lebih baik dari tahun lalu (poin)",
        [
            ("A", "1.5", "Capaian tahun ini lebih dari 120% capaian tahun lalu"),
            ("B", "1", "110%–120% capaian tahun lalu"),
            ("C", "0.5", "90%–110% capaian tahun lalu"),
            ("D", "0.25", "60%–90% capaian tahun lalu"),
            ("E", "0", "Kurang dari 60% capaian tahun lalu"),
        ],
    ),
    "AAE": (
        "AA/A/BB/B/CC/C/D/E",
        [
            ("AA", "1", "Seluruh kriteria terpenuhi (100%) dan dipertahankan setidaknya 5 tahun terakhir"),
            ("A", "0.9", "Seluruh kriteria terpenuhi (100%) dan dipertahankan setidaknya 1 tahun terakhir"),
            ("BB", "0.8", "Kualitas seluruh kriteria terpenuhi (100%) sesuai mandat kebijakan nasional"),
            ("B", "0.7", "Kualitas sebagian besar kriteria terpenuhi (> 75%–100%)"),
            ("CC", "0.6", "Kualitas sebagian besar kriteria terpenuhi (> 50%–75%)"),
            ("C", "0.5", "Kualitas sebagian kecil kriteria terpenuhi (> 25%–50%)"),
            ("D", "0.3", "Kriteria mulai dipenuhi (> 0%–25%)"),
            ("E", "0", "Sama sekali tidak ada upaya pemenuhan kriteria"),
        ],
    ),
}

# (kode, sebutan, batas bawah eksklusif, interpretasi)
PREDIKAT_12_2015 = [
    ("AA", "Sangat Memuaskan", "90", ""),
    ("A", "Memuaskan", "80", "Memimpin perubahan, berkinerja tinggi, dan sangat akuntabel."),
    ("BB", "Sangat Baik", "70", "Akuntabel, berkinerja baik, memiliki sistem manajemen kinerja yang andal."),
    (
        "B",
        "Baik",
        "60",
        "Akuntabilitas kinerjanya sudah baik, memiliki sistem yang dapat digunakan untuk manajemen kinerja, "
        "perlu sedikit perbaikan.",
    ),
    (
        "CC",
        "Cukup (Memadai)",
        "50",
        "Cukup baik, taat kebijakan, sistem dapat memproduksi informasi kinerja untuk pertanggungjawaban, "
        "perlu banyak perbaikan tidak mendasar.",
    ),
    ("C", "Kurang", "30", "Sistem dan tatanan kurang dapat diandalkan; perlu banyak perbaikan minor dan mendasar."),
    (
        "D",
        "Sangat Kurang",
        None,
        "Sistem dan tatanan tidak dapat diandalkan; perlu banyak perbaikan, sebagian sangat mendasar.",
    ),
]
PREDIKAT_88_2021 = [
    (
        "AA",
        "Sangat Memuaskan",
        "90",
        "Telah terwujud good governance; seluruh kinerja dikelola sangat memuaskan di seluruh unit kerja; "
        "pengukuran kinerja sampai level individu.",
    ),
    (
        "A",
        "Memuaskan",
        "80",
        "Dapat memimpin perubahan menuju pemerintahan berorientasi hasil; pengukuran kinerja sampai level "
        "eselon 4/pengawas.",
    ),
    (
        "BB",
        "Sangat Baik",
        "70",
        "Akuntabilitas kinerja sangat baik pada 2/3 unit kerja; mulai terwujud efisiensi anggaran; sistem "
        "manajemen kinerja andal berbasis TI; pengukuran sampai eselon 3.",
    ),
    (
        "B",
        "Baik",
        "60",
        "Akuntabilitas kinerja baik pada 1/3 unit kerja (khususnya unit utama); perlu sedikit perbaikan; "
        "pengukuran baru sampai eselon 2.",
    ),
    (
        "CC",
        "Cukup (Memadai)",
        "50",
        "Akuntabilitas kinerja cukup baik; perlu banyak perbaikan walaupun tidak mendasar.",
    ),
    (
        "C",
        "Kurang",
        "30",
        "Sistem dan tatanan kurang dapat diandalkan; belum terimplementasi sistem manajemen kinerja; perlu "
        "banyak perbaikan mendasar.",
    ),
    (
        "D",
        "Sangat Kurang",
        None,
        "Sama sekali tidak dapat diandalkan; belum ada penerapan manajemen kinerja; perlu perbaikan sangat mendasar.",
    ),
]

# (kode, nama, bobot, [(kode, nama, bobot, dimensi, cara hitung, [(nomor, teks, skala, bobot, syarat)])])
KOMPONEN_12_2015 = [
    (
        "A",
        "Perencanaan Kinerja",
        "30",
        [
            (
                "A.I.a",
                "Pemenuhan Renstra",
                "2",
                "pemenuhan",
                "rata_rata",
                [
                    ("1", "Renstra telah disusun", "YT", "1", ""),
                    ("2", "Renstra telah memuat Tujuan", "YT", "1", "1"),
                    (
                        "3",
                        "Tujuan yang ditetapkan telah dilengkapi dengan ukuran keberhasilan (indikator)",
                        "AE",
                        "1",
                        "1",
                    ),
                    ("4", "Tujuan telah disertai target keberhasilannya", "AE", "1", "1"),
                    ("5", "Dokumen Renstra telah memuat Sasaran", "AE", "1", "1"),
                    ("6", "Dokumen Renstra telah memuat indikator kinerja Sasaran", "AE", "1", "1"),
                    ("7", "Dokumen Renstra telah memuat target tahunan", "AE", "1", "1"),
                    ("8", "Renstra telah menyajikan IKU", "AE", "1", "1"),
                    ("9", "Renstra telah dipublikasikan", "YT", "1", "1"),
                ],
            ),
            (
                "A.I.b",
                "Kualitas Renstra",
                "5",
                "kualitas",
                "rata_rata",
                [
                    ("10", "Tujuan telah berorientasi hasil", "AE", "1", "1"),
                    (
                        "11",
                        "Ukuran keberhasilan (indikator) Tujuan (outcome) telah memenuhi kriteria ukuran keberhasilan yang "
                        "baik",
                        "AE",
                        "1",
                        "1",
                    ),
                    ("12", "Sasaran telah berorientasi hasil", "AE", "1", "1"),
                    (
                        "13",
                        "Indikator kinerja Sasaran (outcome dan output) telah memenuhi kriteria indikator kinerja yang baik",
                        "AE",
                        "1",
                        "1",
                    ),
                    ("14", "Target kinerja ditetapkan dengan baik", "AE", "1", "1"),
                    (
                        "15",
                        "Program/kegiatan merupakan cara untuk mencapai Tujuan/Sasaran/hasil program/hasil kegiatan",
                        "AE",
                        "1",
                        "1",
                    ),
                    ("16", "Dokumen Renstra telah selaras dengan Dokumen Renstra Satker diatasnya", "AE", "1", "1"),
                    ("17", "Dokumen Renstra telah menetapkan hal-hal yang seharusnya ditetapkan", "AE", "1", "1"),
                ],
            ),
            (
                "A.I.c",
                "Implementasi Renstra",
                "3",
                "implementasi",
                "rata_rata",
                [
                    (
                        "18",
                        "Dokumen Renstra digunakan sebagai acuan penyusunan Dokumen Rencana Kerja dan Anggaran",
                        "AE",
                        "1",
                        "1",
                    ),
                    (
                        "19",
                        "Target jangka menengah dalam Renstra telah dimonitor pencapaiannya sampai dengan tahun berjalan",
                        "AE",
                        "1",
                        "1",
                    ),
                    ("20", "Dokumen Renstra telah direviu secara berkala", "AE", "1", "1"),
                ],
            ),
            (
                "A.II.a",
                "Pemenuhan Perencanaan Kinerja Tahunan",
                "4",
                "pemenuhan",
                "rata_rata",
                [
                    ("21", "Dokumen perencanaan kinerja tahunan telah disusun", "AE", "1", ""),
                    ("22", "Perjanjian Kinerja (PK) telah disusun", "YT", "1", ""),
                    ("23", "PK telah menyajikan IKU", "AE", "1", "22"),
                    ("24", "PK telah dipublikasikan", "YT", "1", "22"),
                ],
            ),
            (
                "A.II.b",
                "Kualitas Perencanaan Kinerja Tahunan",
                "10",
                "kualitas",
                "rata_rata",
                [
                    ("25", "Sasaran telah berorientasi hasil", "AE", "1", ""),
                    (
                        "26",
                        "Indikator kinerja Sasaran dan hasil program (outcome) telah memenuhi kriteria indikator kinerja yang "
                        "baik",
                        "AE",
                        "1",
                        "",
                    ),
                    ("27", "Target kinerja ditetapkan dengan baik", "AE", "1", ""),
                    ("28", "Kegiatan merupakan cara untuk mencapai Sasaran", "AE", "1", ""),
                    (
                        "29",
                        "Kegiatan dalam rangka mencapai sasaran telah didukung oleh anggaran yang memadai",
                        "AE",
                        "1",
                        "",
                    ),
                    ("30", "Dokumen PK telah selaras dengan Renstra Instansi/RPJMD", "AE", "1", "22"),
                    (
                        "31",
                        "Dokumen PK telah menetapkan hal-hal yang seharusnya ditetapkan (dalam kontrak kinerja/tugas fungsi)",
                        "AE",
                        "1",
                        "22",
                    ),
                    ("32", "Rencana Aksi atas Kinerja sudah ada", "YT", "1", ""),
                    (
                        "33",
                        "Rencana Aksi atas Kinerja telah mencantumkan target secara periodik atas kinerja",
                        "AE",
                        "1",
                        "32",
                    ),
                    (
                        "34",
                        "Rencana Aksi atas Kinerja telah mencantumkan sub kegiatan/ komponen rinci setiap periode yang akan "
                        "dilakukan dalam rangka mencapai kinerja",
                        "YT",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "A.II.c",
                "Implementasi Perencanaan Kinerja Tahunan",
                "6",
                "implementasi",
                "rata_rata",
                [
                    ("35", "Rencana kinerja tahunan dimanfaatkan dalam penyusunan anggaran", "AE", "1", ""),
                    (
                        "36",
                        "Target kinerja yang diperjanjikan telah digunakan untuk mengukur keberhasilan",
                        "AE",
                        "1",
                        "",
                    ),
                    ("37", "Rencana Aksi atas Kinerja telah dimonitor pencapaiannya secara berkala", "AE", "1", ""),
                    ("38", "Rencana Aksi atas Kinerja telah dimonitor pencapaiannya secara berkala", "AE", "1", ""),
                    (
                        "39",
                        "Perjanjian Kinerja telah dimanfaatkan untuk penyusunan (identifikasi) kinerja sampai kepada tingkat "
                        "eselon III dan IV",
                        "AE",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "B",
        "Pengukuran Kinerja",
        "25",
        [
            (
                "B.I",
                "Pemenuhan Pengukuran",
                "5",
                "pemenuhan",
                "rata_rata",
                [
                    (
                        "40",
                        "Telah terdapat indikator kinerja utama (IKU) sebagai ukuran kinerja secara formal",
                        "YT",
                        "1",
                        "",
                    ),
                    (
                        "41",
                        "Telah terdapat ukuran kinerja tingkat eselon III dan IV sebagai turunan kinerja atasannya",
                        "AE",
                        "1",
                        "",
                    ),
                    ("42", "Terdapat mekanisme pengumpulan data kinerja", "AE", "1", ""),
                    ("43", "Indikator Kinerja Utama telah dipublikasikan", "YT", "1", "40"),
                ],
            ),
            (
                "B.II",
                "Kualitas Pengukuran",
                "12.5",
                "kualitas",
                "rata_rata",
                [
                    ("44", "IKU telah memenuhi kriteria indikator yang baik", "AE", "1", "40"),
                    ("45", "IKU telah cukup untuk mengukur kinerja", "AE", "1", "40"),
                    ("46", "IKU unit kerja telah selaras dengan IKU IP*", "AE", "1", "40"),
                    (
                        "47",
                        "Ukuran (Indikator) kinerja eselon III dan IV telah memenuhi kriteria indikator kinerja yang baik",
                        "AE",
                        "1",
                        "",
                    ),
                    (
                        "48",
                        "Indikator kinerja eselon III dan IV telah selaras dengan indikator kinerja atasannya",
                        "AE",
                        "1",
                        "",
                    ),
                    (
                        "49",
                        "Sudah terdapat ukuran (indikator) kinerja individu yang mengacu pada IKU unit kerja "
                        "organisasi/atasannya",
                        "AE",
                        "1",
                        "",
                    ),
                    ("50", "Pengukuran kinerja sudah dilakukan secara berjenjang", "AE", "1", ""),
                    ("51", "Pengumpulan data kinerja dapat diandalkan*", "AE", "1", ""),
                    (
                        "52",
                        "Pengumpulan data kinerja atas Rencana Aksi dilakukan secara berkala (bulanan/triwulanan/semester)*",
                        "YT",
                        "1",
                        "",
                    ),
                    ("53", "Pengukuran kinerja sudah dikembangkan menggunakan teknologi informasi*", "YT", "1", ""),
                ],
            ),
            (
                "B.III",
                "Implementasi Pengukuran",
                "7.5",
                "implementasi",
                "rata_rata",
                [
                    (
                        "54",
                        "IKU telah dimanfaatkan dalam dokumen-dokumen perencanaan dan penganggaran",
                        "AE",
                        "1",
                        "40",
                    ),
                    ("55", "IKU telah dimanfaatkan untuk penilaian kinerja", "ABC", "1", "40"),
                    ("56", "Target kinerja eselon III dan IV telah dimonitor pencapaiannya", "ABC", "1", ""),
                    (
                        "57",
                        "Hasil pengukuran (capaian) kinerja mulai dari setingkat eselon IV keatas telah dikaitkan dengan "
                        "(dimanfaatkan sebagai dasar pemberian) reward & punishment",
                        "AE",
                        "1",
                        "",
                    ),
                    ("58", "IKU telah direviu secara berkala", "AE", "1", ""),
                    (
                        "59",
                        "Pengukuran kinerja atas Rencana Aksi digunakan untuk pengendalian dan pemantauan kinerja secara "
                        "berkala",
                        "ABC",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "C",
        "Pelaporan Kinerja",
        "15",
        [
            (
                "C.I",
                "Pemenuhan Pelaporan",
                "3",
                "pemenuhan",
                "rata_rata",
                [
                    ("60", "Laporan Kinerja telah disusun", "YT", "1", ""),
                    ("61", "Laporan Kinerja telah disampaikan tepat waktu", "YT", "1", "60"),
                    ("62", "Laporan Kinerja telah di upload kedalam website", "YT", "1", "60"),
                    ("63", "Laporan Kinerja menyajikan informasi mengenai pencapaian IKU", "AE", "1", "60"),
                ],
            ),
            (
                "C.II",
                "Penyajian Informasi Kinerja",
                "7.5",
                "kualitas",
                "rata_rata",
                [
                    (
                        "64",
                        "Laporan Kinerja menyajikan informasi pencapaian Sasaran yang berorientasi outcome",
                        "AE",
                        "1",
                        "60",
                    ),
                    (
                        "65",
                        "Laporan Kinerja menyajikan informasi mengenai kinerja yang telah diperjanjikan",
                        "AE",
                        "1",
                        "60",
                    ),
                    (
                        "66",
                        "Laporan Kinerja menyajikan evaluasi dan analisis mengenai capaian kinerja",
                        "AE",
                        "1",
                        "60",
                    ),
                    (
                        "67",
                        "Laporan Kinerja menyajikan pembandingan data kinerja yang memadai antara realisasi tahun ini dengan "
                        "realisasi tahun sebelumnya",
                        "AE",
                        "1",
                        "60",
                    ),
                    (
                        "68",
                        "Laporan Kinerja menyajikan informasi tentang analisis efisiensi penggunaan sumber daya",
                        "AD",
                        "1",
                        "60",
                    ),
                    (
                        "69",
                        "Laporan Kinerja menyajikan informasi keuangan yang terkait dengan pencapaian sasaran kinerja instansi",
                        "AE",
                        "1",
                        "60",
                    ),
                    ("70", "Informasi kinerja dalam Laporan Kinerja dapat diandalkan", "AE", "1", "60"),
                ],
            ),
            (
                "C.III",
                "Pemanfaatan Informasi Kinerja",
                "4.5",
                "implementasi",
                "rata_rata",
                [
                    ("71", "Informasi yang disajikan telah digunakan dalam perbaikan perencanaan", "AE", "1", ""),
                    (
                        "72",
                        "Informasi yang disajikan telah digunakan untuk menilai dan memperbaiki pelaksanaan program dan "
                        "kegiatan organisasi",
                        "AE",
                        "1",
                        "",
                    ),
                    ("73", "Informasi yang disajikan telah digunakan untuk peningkatan kinerja", "AE", "1", ""),
                    ("74", "Informasi yang disajikan telah digunakan untuk penilaian kinerja", "AE", "1", ""),
                ],
            ),
        ],
    ),
    (
        "D",
        "Evaluasi Internal",
        "10",
        [
            (
                "D.I",
                "Pemenuhan Evaluasi",
                "2",
                "pemenuhan",
                "rata_rata",
                [
                    (
                        "75",
                        "Terdapat pemantauan mengenai kemajuan pencapaian kinerja beserta hambatannya",
                        "YT",
                        "1",
                        "",
                    ),
                    ("76", "Evaluasi program telah dilakukan", "YT", "1", ""),
                    ("77", "Evaluasi atas pelaksanaan Rencana Aksi telah dilakukan", "AD", "1", ""),
                    (
                        "78",
                        "Hasil evaluasi telah disampaikan dan dikomunikasikan kepada pihak-pihak yang berkepentingan",
                        "AE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "D.II",
                "Kualitas Evaluasi",
                "5",
                "kualitas",
                "rata_rata",
                [
                    (
                        "79",
                        "Evaluasi program/kegiatan dilaksanakan dalam rangka menilai keberhasilan program/kegiatan",
                        "AE",
                        "1",
                        "",
                    ),
                    (
                        "80",
                        "Evaluasi program/kegiatan telah memberikan rekomendasi-rekomendasi perbaikan perencanaan kinerja yang "
                        "dapat dilaksanakan",
                        "AE",
                        "1",
                        "",
                    ),
                    (
                        "81",
                        "Evaluasi program/kegiatan telah memberikan rekomendasi-rekomendasi peningkatan kinerja yang dapat "
                        "dilaksanakan",
                        "AE",
                        "1",
                        "",
                    ),
                    ("82", "Pemantauan Rencana Aksi dilaksanakan dalam rangka mengendalikan kinerja", "AE", "1", ""),
                    (
                        "83",
                        "Pemantauan Rencana Aksi telah memberikan alternatif perbaikan yang dapat dilaksanakan",
                        "AE",
                        "1",
                        "",
                    ),
                    ("84", "Hasil evaluasi Rencana Aksi telah menunjukkan perbaikan setiap periode", "AD", "1", ""),
                ],
            ),
            (
                "D.III",
                "Pemanfaatan Evaluasi",
                "3",
                "implementasi",
                "rata_rata",
                [
                    (
                        "85",
                        "Hasil evaluasi program/kegiatan telah ditindaklanjuti untuk perbaikan pelaksanaan program di masa "
                        "yang akan datang",
                        "AE",
                        "1",
                        "",
                    ),
                    (
                        "86",
                        "Hasil evaluasi Rencana Aksi telah ditindaklanjuti dalam bentuk langkah-langkah nyata",
                        "AE",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "E",
        "Capaian Kinerja",
        "20",
        [
            (
                "E.I",
                "Kinerja yang dilaporkan (Output)",
                "7.5",
                "capaian",
                "jumlah",
                [
                    ("87", "Target dapat dicapai", "E_TARGET", "1", ""),
                    ("88", "Capaian kinerja lebih baik dari tahun sebelumnya", "E_TREN", "1", ""),
                    ("89", "Informasi mengenai kinerja dapat diandalkan", "E_TARGET", "1", ""),
                ],
            ),
            (
                "E.II",
                "Kinerja yang dilaporkan (Outcome)",
                "12.5",
                "capaian",
                "jumlah",
                [
                    ("90", "Target dapat dicapai", "AE", "5", ""),
                    ("91", "Capaian kinerja lebih baik dari tahun sebelumnya", "AE", "2.5", ""),
                    ("92", "Informasi mengenai kinerja dapat diandalkan", "AE", "5", ""),
                ],
            ),
        ],
    ),
]

KOMPONEN_88_2021 = [
    (
        "1",
        "Perencanaan Kinerja",
        "30",
        [
            (
                "1.1",
                "Dokumen Perencanaan kinerja telah tersedia",
                "6",
                "keberadaan",
                "rata_rata",
                [
                    ("1.1.1", "Terdapat pedoman teknis perencanaan kinerja.", "AAE", "1", ""),
                    ("1.1.2", "Terdapat dokumen perencanaan kinerja jangka panjang.", "AAE", "1", ""),
                    ("1.1.3", "Terdapat dokumen perencanaan kinerja jangka menengah.", "AAE", "1", ""),
                    ("1.1.4", "Terdapat dokumen perencanaan kinerja jangka pendek.", "AAE", "1", ""),
                    ("1.1.5", "Terdapat dokumen perencanaan aktivitas yang mendukung kinerja.", "AAE", "1", ""),
                    ("1.1.6", "Terdapat dokumen perencanaan anggaran yang mendukung kinerja.", "AAE", "1", ""),
                    (
                        "1.1.7",
                        "Setiap unit satuan kerja merumuskan dan menetapkan Perencanaan Kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "1.2",
                "Dokumen Perencanaan kinerja telah memenuhi standar yang baik, yaitu untuk mencapai hasil dengan ukuran "
                "kinerja yang SMART, menggunakan penyelarasan (cascading) disetiap level secara logis, serta "
                "memperhatikan kinerja bidang lain (crosscutting)",
                "9",
                "kualitas",
                "rata_rata",
                [
                    ("1.2.1", "Dokumen Perencanaan Kinerja telah diformalkan.", "AAE", "1", ""),
                    ("1.2.2", "Dokumen Perencanaan Kinerja telah dipublikasikan tepat waktu.", "AAE", "1", ""),
                    (
                        "1.2.3",
                        "Dokumen Perencanaan Kinerja telah menggambarkan Kebutuhan atas Kinerja sebenarnya yang perlu dicapai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.2.4",
                        "Kualitas Rumusan Hasil (Tujuan/Sasaran) telah jelas menggambarkan kondisi kinerja yang akan dicapai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("1.2.5", "Ukuran Keberhasilan (Indikator Kinerja) telah memenuhi kriteria SMART.", "AAE", "1", ""),
                    (
                        "1.2.6",
                        "Indikator Kinerja Utama (IKU) telah menggambarkan kondisi Kinerja Utama yang harus dicapai, tertuang "
                        "secara berkelanjutan (sustainable - tidak sering diganti dalam 1 periode Perencanaan Strategis).",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.2.7",
                        "Target yang ditetapkan dalam Perencanaan Kinerja dapat dicapai (achievable), menantang, dan "
                        "realistis.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.2.8",
                        "Setiap Dokumen Perencanaan Kinerja menggambarkan hubungan yang berkesinambungan, serta selaras antara "
                        "Kondisi/Hasil yang akan dicapai di setiap level jabatan (Cascading).",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.2.9",
                        "Perencanaan kinerja dapat memberikan informasi tentang hubungan kinerja, strategi, kebijakan, bahkan "
                        "aktivitas antar bidang/dengan tugas dan fungsi lain yang berkaitan (Crosscutting).",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("1.2.10", "Setiap pegawai merumuskan dan menetapkan Perencanaan Kinerja.", "AAE", "1", ""),
                ],
            ),
            (
                "1.3",
                "Perencanaan Kinerja telah dimanfaatkan untuk mewujudkan hasil yang berkesinambungan",
                "15",
                "pemanfaatan",
                "rata_rata",
                [
                    (
                        "1.3.1",
                        "Anggaran yang ditetapkan telah mengacu pada Kinerja yang ingin dicapai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.2",
                        "Aktivitas yang dilaksanakan telah mendukung Kinerja yang ingin dicapai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.3",
                        "Target yang ditetapkan dalam Perencanaan Kinerja telah dicapai dengan baik, atau setidaknya masih on "
                        "the right track.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.4",
                        "Rencana aksi kinerja dapat berjalan dinamis karena capaian kinerja selalu dipantau secara berkala.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.5",
                        "Terdapat perbaikan/penyempurnaan Dokumen Perencanaan Kinerja yang ditetapkan dari hasil analisis "
                        "perbaikan kinerja sebelumnya.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.6",
                        "Terdapat perbaikan/penyempurnaan Dokumen Perencanaan Kinerja dalam mewujudkan kondisi/hasil yang "
                        "lebih baik.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.7",
                        "Setiap unit/satuan kerja memahami dan peduli, serta berkomitmen dalam mencapai kinerja yang telah "
                        "direncanakan.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "1.3.8",
                        "Setiap Pegawai memahami dan peduli, serta berkomitmen dalam mencapai kinerja yang telah direncanakan.",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "2",
        "Pengukuran Kinerja",
        "30",
        [
            (
                "2.1",
                "Pengukuran Kinerja telah dilakukan",
                "6",
                "keberadaan",
                "rata_rata",
                [
                    (
                        "2.1.1",
                        "Terdapat pedoman teknis pengukuran kinerja dan pengumpulan data kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.1.2",
                        "Terdapat Definisi Operasional yang jelas atas kinerja dan cara mengukur indikator kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.1.3",
                        "Terdapat mekanisme yang jelas terhadap pengumpulan data kinerja yang dapat diandalkan.",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "2.2",
                "Pengukuran Kinerja telah menjadi kebutuhan dalam mewujudkan Kinerja secara Efektif dan Efisien dan "
                "telah dilakukan secara berjenjang dan berkelanjutan",
                "9",
                "kualitas",
                "rata_rata",
                [
                    (
                        "2.2.1",
                        "Pimpinan selalu terlibat sebagai pengambil keputusan (Decision Maker) dalam mengukur capaian kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.2.2",
                        "Data kinerja yang dikumpulkan telah relevan untuk mengukur capaian kinerja yang diharapkan.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.2.3",
                        "Data kinerja yang dikumpulkan telah mendukung capaian kinerja yang diharapkan.",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("2.2.4", "Pengukuran kinerja telah dilakukan secara berkala.", "AAE", "1", ""),
                    (
                        "2.2.5",
                        "Setiap level organisasi melakukan pemantauan atas pengukuran capaian kinerja unit dibawahnya secara "
                        "berjenjang.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.2.6",
                        "Pengumpulan data kinerja telah memanfaatkan Teknologi Informasi (Aplikasi).",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.2.7",
                        "Pengukuran capaian kinerja telah memanfaatkan Teknologi Informasi (Aplikasi).",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "2.3",
                "Pengukuran Kinerja telah dijadikan dasar dalam pemberian Reward dan Punishment, serta penyesuaian "
                "strategi dalam mencapai kinerja yang efektif dan efisien",
                "15",
                "pemanfaatan",
                "rata_rata",
                [
                    (
                        "2.3.1",
                        "Pengukuran Kinerja telah menjadi dasar dalam penyesuaian (pemberian / pengurangan) tunjangan Kinerja "
                        "/ penghasilan.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.2",
                        "Pengukuran Kinerja telah menjadi dasar dalam penempatan/ penghapusan Jabatan baik struktural maupun "
                        "fungsional.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.3",
                        "Pengukuran kinerja telah mempengaruhi penyesuaian (Refocusing) Organisasi.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.4",
                        "Pengukuran kinerja telah mempengaruhi penyesuaian Strategi dalam mencapai kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.5",
                        "Pengukuran kinerja telah mempengaruhi penyesuaian Kebijakan dalam mencapai kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.6",
                        "Pengukuran kinerja telah mempengaruhi penyesuaian Aktivitas dalam mencapai kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "2.3.7",
                        "Pengukuran kinerja telah mempengaruhi penyesuaian Anggaran dalam mencapai kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("2.3.8", "Terdapat efisiensi atas penggunaan anggaran dalam mencapai kinerja.", "AAE", "1", ""),
                    (
                        "2.3.9",
                        "Setiap unit/satuan kerja memahami dan peduli atas hasil pengukuran kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("2.3.10", "Setiap pegawai memahami dan peduli atas hasil pengukuran kinerja.", "AAE", "1", ""),
                ],
            ),
        ],
    ),
    (
        "3",
        "Pelaporan Kinerja",
        "15",
        [
            (
                "3.1",
                "Terdapat Dokumen Laporan yang menggambarkan Kinerja",
                "3",
                "keberadaan",
                "rata_rata",
                [
                    ("3.1.1", "Dokumen Laporan Kinerja telah disusun.", "AAE", "1", ""),
                    ("3.1.2", "Dokumen Laporan Kinerja telah disusun secara berkala.", "AAE", "1", ""),
                    ("3.1.3", "Dokumen Laporan Kinerja telah diformalkan.", "AAE", "1", ""),
                    ("3.1.4", "Dokumen Laporan Kinerja telah direviu.", "AAE", "1", ""),
                    ("3.1.5", "Dokumen Laporan Kinerja telah dipublikasikan.", "AAE", "1", ""),
                    ("3.1.6", "Dokumen Laporan Kinerja telah disampaikan tepat waktu.", "AAE", "1", ""),
                ],
            ),
            (
                "3.2",
                "Dokumen Laporan Kinerja telah memenuhi Standar yang menggambarkan Kualitas atas Pencapaian Kinerja, "
                "informasi keberhasilan / kegagalan kinerja serta upaya perbaikan / penyempurnaannya",
                "4.5",
                "kualitas",
                "rata_rata",
                [
                    (
                        "3.2.1",
                        "Dokumen Laporan Kinerja disusun secara berkualitas sesuai dengan standar.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.2",
                        "Dokumen Laporan Kinerja telah mengungkap seluruh informasi tentang pencapaian kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.3",
                        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan target tahunan.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.4",
                        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan target jangka "
                        "menengah.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.5",
                        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja dengan realisasi kinerja "
                        "tahun-tahun sebelumnya.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.6",
                        "Dokumen Laporan Kinerja telah menginfokan perbandingan realisasi kinerja di level "
                        "nasional/internasional (Benchmark Kinerja).",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.7",
                        "Dokumen Laporan Kinerja telah menginfokan kualitas atas capaian kinerja beserta upaya nyata dan/atau "
                        "hambatannya.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.8",
                        "Dokumen Laporan Kinerja telah menginfokan efisiensi atas penggunaan sumber daya dalam mencapai "
                        "kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.2.9",
                        "Dokumen Laporan Kinerja telah menginfokan upaya perbaikan dan penyempurnaan kinerja ke depan "
                        "(Rekomendasi perbaikan kinerja).",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "3.3",
                "Pelaporan Kinerja telah memberikan dampak yang besar dalam penyesuaian strategi / kebijakan dalam "
                "mencapai kinerja berikutnya",
                "7.5",
                "pemanfaatan",
                "rata_rata",
                [
                    (
                        "3.3.1",
                        "Informasi dalam laporan kinerja selalu menjadi perhatian utama pimpinan (Bertanggung Jawab).",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.2",
                        "Penyajian informasi dalam laporan kinerja menjadi kepedulian seluruh pegawai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.3",
                        "Informasi dalam laporan kinerja berkala telah digunakan dalam penyesuaian aktivitas untuk mencapai "
                        "kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.4",
                        "Informasi dalam laporan kinerja berkala telah digunakan dalam penyesuaian penggunaan anggaran untuk "
                        "mencapai kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.5",
                        "Informasi dalam laporan kinerja telah digunakan dalam evaluasi pencapaian keberhasilan kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.6",
                        "Informasi dalam laporan kinerja telah digunakan dalam penyesuaian perencanaan kinerja yang akan "
                        "dihadapi berikutnya.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "3.3.7",
                        "Informasi dalam laporan kinerja selalu mempengaruhi perubahan budaya kinerja organisasi.",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
    (
        "4",
        "Evaluasi Akuntabilitas Kinerja Internal",
        "25",
        [
            (
                "4.1",
                "Evaluasi Akuntabilitas Kinerja Internal telah dilaksanakan",
                "5",
                "keberadaan",
                "rata_rata",
                [
                    ("4.1.1", "Terdapat pedoman teknis Evaluasi AKIP Internal.", "AAE", "1", ""),
                    (
                        "4.1.2",
                        "Evaluasi AKIP Internal telah dilaksanakan pada seluruh unit kerja/perangkat daerah.",
                        "AAE",
                        "1",
                        "",
                    ),
                    ("4.1.3", "Evaluasi AKIP Internal telah dilaksanakan secara berjenjang.", "AAE", "1", ""),
                ],
            ),
            (
                "4.2",
                "Evaluasi Akuntabilitas Kinerja Internal telah dilaksanakan secara berkualitas dengan Sumber Daya yang "
                "memadai",
                "7.5",
                "kualitas",
                "rata_rata",
                [
                    ("4.2.1", "Evaluasi AKIP Internal telah dilaksanakan sesuai standar.", "AAE", "1", ""),
                    ("4.2.2", "Evaluasi AKIP Internal telah dilaksanakan oleh SDM yang memadai.", "AAE", "1", ""),
                    (
                        "4.2.3",
                        "Evaluasi AKIP Internal telah dilaksanakan dengan pendalaman yang memadai.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.2.4",
                        "Evaluasi AKIP Internal telah dilaksanakan pada seluruh unit kerja/perangkat daerah.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.2.5",
                        "Evaluasi AKIP Internal telah dilaksanakan menggunakan Teknologi Informasi (Aplikasi).",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
            (
                "4.3",
                "Implementasi SAKIP telah meningkat karena evaluasi Akuntabilitas Kinerja Internal sehingga memberikan "
                "kesan yang nyata (dampak) dalam efektifitas dan efisiensi Kinerja",
                "12.5",
                "pemanfaatan",
                "rata_rata",
                [
                    (
                        "4.3.1",
                        "Seluruh rekomendasi atas hasil evaluasi AKIP internal telah ditindaklanjuti.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.3.2",
                        "Telah terjadi peningkatan implementasi SAKIP dengan melaksanakan tindak lanjut atas rekomendasi hasil "
                        "evaluasi AKIP internal.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.3.3",
                        "Hasil Evaluasi AKIP Internal telah dimanfaatkan untuk perbaikan dan peningkatan akuntabilitas "
                        "kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.3.4",
                        "Hasil dari Evaluasi AKIP Internal telah dimanfaatkan dalam mendukung efektifitas dan efisiensi "
                        "kinerja.",
                        "AAE",
                        "1",
                        "",
                    ),
                    (
                        "4.3.5",
                        "Telah terjadi perbaikan dan peningkatan kinerja dengan memanfaatkan hasil evaluasi AKIP internal.",
                        "AAE",
                        "1",
                        "",
                    ),
                ],
            ),
        ],
    ),
]

TEMPLATES = [
    ("12/2015", "LKE SAKIP Perangkat Daerah (PermenPANRB 12/2015)", 2015, KOMPONEN_12_2015, PREDIKAT_12_2015),
    ("88/2021", "LKE AKIP Perangkat Daerah (PermenPANRB 88/2021)", 2022, KOMPONEN_88_2021, PREDIKAT_88_2021),
]


# The Capaian Kinerja criteria of 12/2015 suggested from the realisations (domain.md §1.4): by criterion
# number, the figure (see evaluasi.models.Saran), the indicators counted and [answer, minimum] from the
# best answer down. "Lebih dari 110%" is 110,01 because the figure is judged on its two decimals.
_TARGET = [["A", "110.01"], ["B", "90"], ["C", "60"], ["D", "40"], ["E", None]]
_TREN = [["A", "120.01"], ["B", "110"], ["C", "90"], ["D", "60"], ["E", None]]
_ANDAL = [["A", "100"], ["B", "80.01"], ["C", "60.01"], ["D", "0.01"], ["E", None]]
SARAN_12_2015 = {
    "87": ("target", "output", _TARGET),
    "88": ("tren", "output", _TREN),
    "89": ("keandalan", "output", _ANDAL),
    "90": ("target", "outcome", _TARGET),
    "91": ("tren", "outcome", _TREN),
    "92": ("keandalan", "outcome", _ANDAL),
}


def apply_saran(apps) -> None:
    """Mark the 12/2015 Capaian Kinerja criteria of the national template as suggested from data."""
    Kriteria = apps.get_model("evaluasi", "Kriteria")
    criteria = Kriteria.objects.filter(
        sub__komponen__template__pemda=None,
        sub__komponen__template__regulasi="12/2015",
        sub__komponen__kode="E",
        kode__in=SARAN_12_2015,
    )
    for kriteria in criteria:
        saran, jenis, ambang = SARAN_12_2015[kriteria.kode]
        if (kriteria.saran, kriteria.saran_jenis, kriteria.saran_ambang) != (saran, jenis, ambang):
            Kriteria.objects.filter(pk=kriteria.pk).update(saran=saran, saran_jenis=jenis, saran_ambang=ambang)


def ensure_default_templates(apps, *, saran: bool = True) -> None:
    """Create the answer scales and the two national templates, unless they exist (idempotent).
    ``saran`` False: the schema before the suggestion fields (migration 0002)."""
    SkalaJawaban = apps.get_model("evaluasi", "SkalaJawaban")
    OpsiJawaban = apps.get_model("evaluasi", "OpsiJawaban")
    TemplateLKE = apps.get_model("evaluasi", "TemplateLKE")
    PredikatLKE = apps.get_model("evaluasi", "PredikatLKE")
    Komponen = apps.get_model("evaluasi", "Komponen")
    SubKomponen = apps.get_model("evaluasi", "SubKomponen")
    Kriteria = apps.get_model("evaluasi", "Kriteria")

    scales = {}
    for kode, (nama, options) in SKALA.items():
        scales[kode], created = SkalaJawaban.objects.get_or_create(kode=kode, defaults={"nama": nama})
        if created:
            for order, (jawaban, nilai, penjelasan) in enumerate(options):
                OpsiJawaban.objects.create(
                    skala=scales[kode], kode=jawaban, nilai=Decimal(nilai), penjelasan=penjelasan, urutan=order
                )
    for regulasi, nama, tahun, komponen, predikat in TEMPLATES:
        template, created = TemplateLKE.objects.get_or_create(
            pemda=None, regulasi=regulasi, versi=1, defaults={"nama": nama, "tahun_berlaku": tahun}
        )
        if not created:
            continue
        for kode, kata, batas, interpretasi in predikat:
            PredikatLKE.objects.create(
                template=template,
                kode=kode,
                kata=kata,
                batas_bawah=Decimal(batas) if batas is not None else None,
                interpretasi=interpretasi,
            )
        by_number = {}
        for k_order, (k_kode, k_nama, k_bobot, subs) in enumerate(komponen):
            komp = Komponen.objects.create(
                template=template, kode=k_kode, nama=k_nama, bobot=Decimal(k_bobot), urutan=k_order
            )
            for s_order, (s_kode, s_nama, s_bobot, dimensi, cara, kriteria) in enumerate(subs):
                sub = SubKomponen.objects.create(
                    komponen=komp,
                    kode=s_kode,
                    nama=s_nama,
                    bobot=Decimal(s_bobot),
                    dimensi=dimensi,
                    cara_hitung=cara,
                    urutan=s_order,
                )
                for c_order, (nomor, teks, skala, bobot, syarat) in enumerate(kriteria):
                    by_number[nomor] = Kriteria.objects.create(
                        sub=sub,
                        kode=nomor,
                        teks=teks,
                        skala=scales[skala],
                        bobot=Decimal(bobot),
                        syarat=by_number.get(syarat) if syarat else None,
                        urutan=c_order,
                    )
    if saran:
        apply_saran(apps)
