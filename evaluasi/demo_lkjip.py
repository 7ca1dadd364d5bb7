"""Demo LKjIP for Kota Contoh, year 2025 (the year with ditetapkan PKs and four verified quarters):

- every OPD with a ditetapkan PK has its report, with narratives written for its field (health,
  education, public works…) and built on its own figures, so the text agrees with the tables;
- most are final, after the Inspektur recorded the "pernyataan telah direviu" in February 2026;
  Dinkes has issued a version 2 draft to correct its fourth-quarter realisations after the review;
- Disdik and Dinas PUPR are still drafts (as their 2025 evaluations are still being scored), and so is
  the pemda's consolidated report.

Everything goes through the services the pages use. Finalising freezes the document but prints no
PDF (``cetak=False``): rendering is slow, and a background thread would die with the command; a
final report prints on its first download. Idempotent: a report that exists is left alone.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from evaluasi import lkjip_services as services
from evaluasi.lkjip import (
    AnalisisIndikator,
    AnalisisSasaran,
    LaporanData,
    build_lkjip_context,
    build_lkjip_pemda_context,
)
from evaluasi.models_lkjip import LaporanKinerja
from perjanjian.dokumen import rupiah
from perjanjian.models import PerjanjianKinerja
from sakip.models import Pejabat, Pemda, PerangkatDaerah, UnitKerja, User
from sakip.numbers import format_decimal

TAHUN = 2025
STILL_DRAFT = {"Disdik", "Dinas PUPR"}  # still writing, as their 2025 evaluations are still being scored
NEW_VERSION = {"Dinkes": "Koreksi realisasi triwulan IV setelah reviu Inspektorat"}
REVIU_JABATAN = "Inspektur Kota Contoh"


@dataclass(frozen=True)
class Profil:
    """What an OPD's planner would write about it: its field, duties, staff and issues, and per
    sasaran (by code) what helped, what hindered, and what was done about it."""

    bidang: str
    tugas: str
    pegawai: tuple[int, int]  # PNS, PPPK
    pendidikan: tuple[int, int, int]  # S2/S3, S1/D-IV, D-III; the rest SLTA
    isu: tuple[str, ...]
    sasaran: dict[str, tuple[str, str, str]]  # kode: (faktor pendukung, faktor penghambat, upaya)
    strategi: str
    sisa: str  # why part of the budget was not spent
    perbaikan: tuple[str, ...]


PROFIL = {
    "Setda": Profil(
        bidang="koordinasi penyelenggaraan pemerintahan daerah dan pelayanan administratif kepada perangkat daerah",
        tugas="membantu Wali Kota dalam penyusunan kebijakan dan pengoordinasian administratif terhadap "
        "pelaksanaan tugas perangkat daerah serta pelayanan administratif",
        pegawai=(142, 18),
        pendidikan=(24, 86, 17),
        isu=(
            "Kualitas implementasi SAKIP antarperangkat daerah belum merata; sebagian perangkat daerah masih "
            "memperoleh predikat B.",
            "Penyederhanaan birokrasi melalui penyetaraan jabatan belum diikuti penyesuaian proses bisnis dan "
            "peta jabatan.",
            "Produk hukum daerah perlu diharmonisasikan lebih awal agar selaras dengan peraturan yang lebih tinggi.",
        ),
        sasaran={
            "SS.1": (
                "pendampingan penyusunan dokumen SAKIP oleh Bagian Organisasi kepada seluruh perangkat daerah dan "
                "rapat evaluasi kinerja triwulanan yang dipimpin Sekretaris Daerah",
                "pergantian pengelola kinerja di beberapa perangkat daerah sehingga pendampingan harus diulang, serta "
                "pemanfaatan data kinerja dalam pengambilan keputusan yang belum konsisten",
                "klinik SAKIP setiap bulan, penetapan pengelola kinerja pada setiap perangkat daerah, dan penyusunan "
                "pedoman cascading kinerja",
            ),
            "SS.2": (
                "fasilitasi harmonisasi rancangan peraturan daerah bersama Kantor Wilayah Kementerian Hukum dan "
                "Propemperda yang ditetapkan tepat waktu",
                "naskah akademik sebagian rancangan kebijakan disusun dalam waktu terbatas sehingga kajian dampaknya "
                "belum mendalam",
                "penerapan analisis dampak regulasi sederhana dan penjadwalan penyusunan rancangan produk hukum sejak "
                "triwulan I",
            ),
        },
        strategi="memperkuat fungsi koordinasi Sekretariat Daerah melalui rapat pimpinan berkala, pendampingan "
        "teknis kepada perangkat daerah, dan pemantauan tindak lanjut hasil evaluasi",
        sisa="efisiensi belanja perjalanan dinas dan rapat koordinasi serta sisa hasil pengadaan barang dan jasa",
        perbaikan=(
            "Memperluas klinik SAKIP hingga unit kerja eselon III dan IV.",
            "Menyusun peta proses bisnis Pemerintah Kota Contoh sebagai dasar penataan tata laksana.",
            "Meningkatkan kualitas naskah akademik melalui kerja sama dengan perguruan tinggi.",
        ),
    ),
    "Bapperida": Profil(
        bidang="perencanaan pembangunan daerah serta riset dan inovasi daerah",
        tugas="melaksanakan fungsi penunjang urusan pemerintahan bidang perencanaan serta penelitian dan "
        "pengembangan, termasuk pengoordinasian penyusunan, pengendalian dan evaluasi rencana pembangunan daerah",
        pegawai=(61, 9),
        pendidikan=(19, 38, 5),
        isu=(
            "Keselarasan program dan kegiatan perangkat daerah dengan sasaran RPJMD 2025–2029 perlu dijaga sejak "
            "penyusunan Renja.",
            "Data pembangunan sektoral belum terintegrasi dalam Satu Data Kota Contoh sehingga pengendalian masih "
            "bergantung pada rekapitulasi manual.",
            "Hasil riset dan inovasi daerah belum seluruhnya diadopsi menjadi kebijakan atau layanan perangkat daerah.",
        ),
        sasaran={
            "SS.1": (
                "penggunaan SIPD untuk verifikasi keselarasan Renja dengan RKPD dan forum perangkat daerah yang "
                "diikuti seluruh bidang",
                "sebagian indikator kinerja RPJMD bergantung pada rilis data BPS yang terbit setelah periode pelaporan",
                "penyusunan kalender data kinerja bersama BPS Kota Contoh dan penggunaan angka sementara yang diberi "
                "catatan",
            ),
            "SS.2": (
                "kompetisi inovasi daerah tahunan dan pendampingan pelaporan inovasi ke Indeks Inovasi Daerah",
                "sebagian inovasi berhenti pada tahap uji coba karena belum didukung anggaran replikasi di perangkat "
                "daerah pengusul",
                "penetapan inovasi terpilih dengan Keputusan Wali Kota dan pengalokasian anggaran replikasi dalam "
                "Renja 2026",
            ),
        },
        strategi="memperkuat pengendalian berbasis data melalui evaluasi RKPD triwulanan dan mendorong penerapan "
        "hasil riset dalam kebijakan daerah",
        sisa="penghematan honorarium narasumber dan kajian yang dilaksanakan secara swakelola",
        perbaikan=(
            "Membangun dasbor Satu Data pembangunan daerah yang terhubung dengan aplikasi SAKIP.",
            "Menyusun pedoman replikasi inovasi daerah beserta skema pendanaannya.",
            "Memperketat reviu keselarasan Renja perangkat daerah dengan RPJMD sebelum forum perangkat daerah.",
        ),
    ),
    "Inspektorat": Profil(
        bidang="pengawasan intern atas penyelenggaraan pemerintahan daerah",
        tugas="membantu Wali Kota membina dan mengawasi pelaksanaan urusan pemerintahan yang menjadi kewenangan "
        "daerah dan tugas pembantuan oleh perangkat daerah",
        pegawai=(58, 4),
        pendidikan=(14, 39, 4),
        isu=(
            "Kapabilitas APIP perlu ditingkatkan agar pengawasan terintegrasi dengan manajemen risiko perangkat "
            "daerah.",
            "Maturitas SPIP belum didukung penilaian risiko yang memadai di tingkat perangkat daerah.",
            "Tindak lanjut rekomendasi hasil pemeriksaan BPK dan pengawasan intern masih menyisakan temuan berulang.",
        ),
        sasaran={
            "SS.1": (
                "sertifikasi jabatan fungsional auditor dan penerapan pengawasan berbasis risiko dalam Program Kerja "
                "Pengawasan Tahunan (PKPT)",
                "rasio auditor terhadap jumlah objek pengawasan masih di bawah kebutuhan sehingga sebagian penugasan "
                "bergeser ke triwulan berikutnya",
                "pengusulan formasi auditor dan P2UPD serta pemanfaatan audit berbantuan teknologi informasi untuk "
                "kegiatan reviu",
            ),
            "SS.2": (
                "pemutakhiran tindak lanjut bersama BPK Perwakilan secara berkala dan forum pemantauan tindak lanjut "
                "setiap semester",
                "sebagian rekomendasi yang berkaitan dengan kerugian daerah memerlukan penyelesaian melalui tuntutan "
                "ganti kerugian yang memakan waktu",
                "pembentukan tim percepatan tindak lanjut dan pendampingan langsung kepada perangkat daerah dengan "
                "temuan terbanyak",
            ),
        },
        strategi="menerapkan pengawasan berbasis risiko, memperkuat peran konsultatif APIP, dan memantau tindak "
        "lanjut rekomendasi secara berkala",
        sisa="penugasan pengawasan yang sebagian besar dilaksanakan di dalam kota sehingga belanja perjalanan dinas "
        "lebih rendah dari rencana",
        perbaikan=(
            "Menyusun peta risiko seluruh perangkat daerah sebagai dasar PKPT 2026.",
            "Meningkatkan kompetensi auditor melalui diklat sertifikasi dan pelatihan audit kinerja.",
            "Memperkuat pemantauan tindak lanjut melalui aplikasi yang dapat diakses perangkat daerah.",
        ),
    ),
    "BPKAD": Profil(
        bidang="pengelolaan keuangan dan aset daerah",
        tugas="melaksanakan fungsi penunjang urusan pemerintahan bidang keuangan, meliputi penganggaran, "
        "perbendaharaan, akuntansi dan pengelolaan barang milik daerah",
        pegawai=(84, 11),
        pendidikan=(11, 57, 13),
        isu=(
            "Opini Wajar Tanpa Pengecualian atas Laporan Keuangan Pemerintah Daerah perlu dipertahankan, sementara "
            "temuan pemeriksaan atas belanja barang dan jasa masih berulang.",
            "Penatausahaan aset tetap, terutama tanah dan jalan, belum seluruhnya didukung bukti kepemilikan.",
            "Integrasi perencanaan, penganggaran dan penatausahaan dalam SIPD masih memerlukan rekonsiliasi manual.",
        ),
        sasaran={
            "SS.1": (
                "rekonsiliasi bulanan dengan perangkat daerah dan pendampingan penyusunan laporan keuangan oleh "
                "Bidang Akuntansi",
                "keterlambatan penyampaian laporan keuangan dari sebagian perangkat daerah pada akhir tahun anggaran",
                "penetapan jadwal penutupan buku yang mengikat dan teguran tertulis kepada perangkat daerah yang "
                "terlambat",
            ),
            "SS.2": (
                "kerja sama dengan Kantor Pertanahan Kota Contoh dalam program sertifikasi tanah pemerintah daerah",
                "sebagian bidang tanah belum memiliki dokumen perolehan dan masih dalam sengketa batas",
                "inventarisasi lapangan bersama camat dan lurah serta penelusuran dokumen perolehan di arsip daerah",
            ),
        },
        strategi="memperkuat tertib administrasi keuangan melalui rekonsiliasi berkala dan mempercepat legalitas "
        "aset daerah",
        sisa="efisiensi belanja jasa konsultansi penilaian aset dan penghematan belanja cetak",
        perbaikan=(
            "Menyelesaikan sertifikasi tanah yang dokumen perolehannya telah lengkap.",
            "Menerapkan penutupan buku bulanan secara elektronik pada seluruh perangkat daerah.",
            "Menindaklanjuti seluruh rekomendasi BPK atas LKPD Tahun 2025 sebelum batas waktu 60 hari.",
        ),
    ),
    "Disdik": Profil(
        bidang="urusan pemerintahan wajib bidang pendidikan",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang pendidikan, meliputi pengelolaan "
        "pendidikan anak usia dini, pendidikan dasar dan pendidikan nonformal, serta pembinaan pendidik dan "
        "tenaga kependidikan",
        pegawai=(96, 14),
        pendidikan=(17, 71, 9),
        isu=(
            "Angka partisipasi murni SMP/MTs belum mencapai target karena masih terdapat anak putus sekolah dan "
            "lulusan SD yang melanjutkan ke luar kota.",
            "Mutu pembelajaran belum merata; rapor pendidikan sebagian sekolah menunjukkan literasi dan numerasi di "
            "bawah kompetensi minimum.",
            "Kekurangan guru ASN jenjang SD akibat pensiun belum sepenuhnya terpenuhi melalui pengadaan PPPK.",
        ),
        sasaran={
            "SS.1": (
                "bantuan seragam dan perlengkapan sekolah bagi siswa dari keluarga miskin serta penerimaan murid baru "
                "yang terpantau secara daring",
                "masih terdapat anak usia 13–15 tahun yang tidak bersekolah atau putus sekolah karena faktor ekonomi",
                "pendataan anak tidak sekolah bersama kelurahan dan program kembali bersekolah melalui pendidikan "
                "kesetaraan Paket B",
            ),
            "SS.2": (
                "kemitraan dengan Himpaudi dan Bunda PAUD kecamatan dalam sosialisasi PAUD holistik integratif",
                "pelatihan guru PAUD tertunda karena jadwalnya bertepatan dengan akhir semester dan terbatasnya "
                "narasumber bersertifikat",
                "pelatihan berjenjang melalui guru inti per gugus dan pemanfaatan platform pelatihan daring",
            ),
        },
        strategi="memperluas akses pendidikan dasar, meningkatkan mutu pembelajaran berbasis rapor pendidikan, dan "
        "memenuhi kebutuhan guru",
        sisa="sisa tender rehabilitasi ruang kelas dan penghematan belanja bantuan operasional",
        perbaikan=(
            "Menuntaskan pendataan dan pendampingan anak tidak sekolah bersama kelurahan.",
            "Menjadikan rapor pendidikan dasar perencanaan berbasis data setiap satuan pendidikan.",
            "Mengusulkan formasi guru PPPK sesuai peta kebutuhan guru 2026–2029.",
        ),
    ),
    "Dinkes": Profil(
        bidang="urusan pemerintahan wajib bidang kesehatan",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang kesehatan, meliputi kesehatan masyarakat, "
        "pencegahan dan pengendalian penyakit, serta pelayanan dan sumber daya kesehatan",
        pegawai=(312, 46),
        pendidikan=(38, 164, 121),
        isu=(
            "Prevalensi stunting masih menjadi prioritas nasional dan daerah; intervensi spesifik dan sensitif perlu "
            "dikonvergensikan di tingkat kelurahan.",
            "Angka kematian bayi dipengaruhi kualitas pelayanan antenatal dan neonatal serta ketepatan rujukan.",
            "Mutu layanan puskesmas dan kepuasan masyarakat perlu ditingkatkan seiring transformasi layanan primer.",
        ),
        sasaran={
            "SS.1": (
                "konvergensi percepatan penurunan stunting melalui posyandu, pemberian makanan tambahan berbahan "
                "pangan lokal, dan pendampingan keluarga berisiko stunting oleh Tim Pendamping Keluarga",
                "sebagian ibu hamil baru memeriksakan kehamilan setelah trimester pertama, dan pencatatan pelayanan "
                "antenatal di praktik mandiri bidan terlambat dilaporkan",
                "kunjungan rumah oleh kader, integrasi pelaporan praktik mandiri bidan ke aplikasi puskesmas, dan "
                "audit maternal perinatal setiap triwulan",
            ),
            "SS.2": (
                "pendampingan akreditasi oleh tim Dinas Kesehatan dan pemenuhan alat kesehatan puskesmas dari DAK "
                "Fisik",
                "waktu tunggu pelayanan di puskesmas dengan kunjungan tinggi serta keterbatasan dokter gigi dan tenaga "
                "laboratorium",
                "antrean daring, layanan sore di dua puskesmas, dan pengusulan formasi tenaga kesehatan pada pengadaan "
                "ASN 2026",
            ),
        },
        strategi="memperkuat layanan kesehatan primer, mempercepat penurunan stunting melalui konvergensi lintas "
        "sektor, dan meningkatkan mutu pelayanan puskesmas",
        sisa="sisa pengadaan obat dan bahan medis habis pakai melalui e-katalog serta penghematan belanja jasa "
        "kebersihan puskesmas",
        perbaikan=(
            "Memperluas pemantauan pertumbuhan balita melalui posyandu prima di setiap kelurahan.",
            "Menjadikan audit maternal perinatal dasar perbaikan sistem rujukan ibu dan bayi.",
            "Menyelesaikan akreditasi paripurna puskesmas yang belum terakreditasi.",
        ),
    ),
    "Dinas PUPR": Profil(
        bidang="urusan pemerintahan wajib bidang pekerjaan umum dan penataan ruang",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang pekerjaan umum dan penataan ruang, "
        "meliputi bina marga, sumber daya air, cipta karya dan penataan ruang",
        pegawai=(118, 22),
        pendidikan=(9, 61, 28),
        isu=(
            "Kondisi jalan kota menurun akibat beban kendaraan berat dan genangan pada musim hujan.",
            "Kawasan tergenang di pusat kota belum tertangani karena kapasitas saluran drainase primer tidak memadai.",
            "Pemanfaatan ruang belum sepenuhnya sesuai dengan Rencana Detail Tata Ruang yang baru ditetapkan.",
        ),
        sasaran={
            "SS.1": (
                "pemeliharaan rutin jalan secara swakelola oleh unit reaksi cepat dan pekerjaan peningkatan jalan yang "
                "selesai tepat waktu",
                "penggantian dua jembatan tertunda karena lelang ulang dan penyesuaian desain terhadap muka air banjir",
                "penyusunan dokumen perencanaan teknis pada tahun sebelumnya agar pengadaan dapat dimulai pada awal "
                "tahun anggaran",
            ),
            "SS.2": (
                "normalisasi saluran drainase primer dan pembangunan kolam retensi di Kecamatan Kota Tengah",
                "alih fungsi lahan resapan dan sedimentasi saluran akibat sampah rumah tangga",
                "gerakan bersih saluran bersama kelurahan dan pengendalian pemanfaatan ruang di daerah resapan",
            ),
        },
        strategi="memprioritaskan pemeliharaan jalan dan jembatan, menuntaskan sistem drainase di kawasan rawan "
        "genangan, dan mengendalikan pemanfaatan ruang",
        sisa="sisa tender pekerjaan konstruksi dan tertundanya pembayaran termin akhir penggantian jembatan",
        perbaikan=(
            "Menyelesaikan penggantian dua jembatan yang tertunda pada triwulan II 2026.",
            "Menyusun rencana induk sistem drainase kota sebagai dasar penanganan genangan lima tahun.",
            "Memperkuat pengawasan pemanfaatan ruang bersama DPMPTSP dan Satuan Polisi Pamong Praja.",
        ),
    ),
    "Dinsos": Profil(
        bidang="urusan pemerintahan wajib bidang sosial",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang sosial, meliputi rehabilitasi sosial, "
        "perlindungan dan jaminan sosial, serta pemberdayaan sosial dan penanganan fakir miskin",
        pegawai=(47, 12),
        pendidikan=(6, 33, 8),
        isu=(
            "Data Terpadu Kesejahteraan Sosial (DTKS) belum mutakhir sehingga bantuan sosial berisiko tidak tepat "
            "sasaran.",
            "Jumlah pemerlu pelayanan kesejahteraan sosial (PPKS), terutama anak jalanan dan lanjut usia terlantar, "
            "meningkat di pusat kota.",
            "Graduasi keluarga penerima manfaat belum didukung akses permodalan dan pendampingan usaha yang memadai.",
        ),
        sasaran={
            "SS.1": (
                "layanan rehabilitasi sosial dasar di panti dan melalui Layanan Sosial Terpadu serta kesiapsiagaan "
                "lumbung sosial bagi korban bencana",
                "pemutakhiran DTKS bergantung pada musyawarah kelurahan yang tidak seluruhnya terlaksana tepat waktu "
                "dan terbatasnya operator kelurahan",
                "pendampingan operator SIKS-NG di setiap kelurahan dan verifikasi lapangan bersama pendamping PKH",
            ),
            "SS.2": (
                "pendampingan kelompok usaha bersama (KUBE) oleh pendamping sosial dan kemitraan pemasaran dengan UMKM "
                "binaan",
                "sebagian KUBE tidak aktif karena anggotanya berpindah domisili atau usahanya tidak berlanjut",
                "revitalisasi kelompok melalui pelatihan kewirausahaan dan fasilitasi akses KUR bersama Dinas Koperasi "
                "dan UKM",
            ),
        },
        strategi="memutakhirkan data kesejahteraan sosial, memperluas layanan rehabilitasi sosial, dan mendorong "
        "graduasi keluarga miskin melalui pemberdayaan ekonomi",
        sisa="penyaluran bantuan sosial yang menyesuaikan hasil verifikasi DTKS, sehingga bantuan tidak disalurkan "
        "kepada penerima yang tidak memenuhi syarat",
        perbaikan=(
            "Memutakhirkan DTKS setiap triwulan melalui musyawarah kelurahan yang terjadwal.",
            "Membentuk layanan penjangkauan PPKS terpadu bersama Satuan Polisi Pamong Praja.",
            "Menyusun peta jalan graduasi keluarga penerima manfaat bersama perangkat daerah ekonomi.",
        ),
    ),
    "DPMPTSP": Profil(
        bidang="urusan pemerintahan bidang penanaman modal dan pelayanan perizinan terpadu satu pintu",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang penanaman modal serta menyelenggarakan "
        "pelayanan perizinan dan nonperizinan secara terpadu satu pintu",
        pegawai=(52, 15),
        pendidikan=(7, 41, 9),
        isu=(
            "Realisasi investasi belum mencapai target karena beberapa rencana investasi besar tertunda.",
            "Kepatuhan pelaku usaha dalam menyampaikan Laporan Kegiatan Penanaman Modal (LKPM) masih rendah.",
            "Perizinan berusaha berbasis risiko melalui OSS belum sepenuhnya terintegrasi dengan perizinan daerah.",
        ),
        sasaran={
            "SS.1": (
                "promosi investasi melalui forum bisnis dan penyusunan profil proyek investasi siap tawar",
                "dua rencana investasi sektor perhotelan dan pergudangan menunda realisasi karena penyesuaian "
                "pembiayaan, dan pelaporan LKPM oleh pelaku usaha mikro dan kecil masih rendah",
                "pengawalan investor (investor aftercare) dan bimbingan teknis LKPM di setiap kecamatan",
            ),
            "SS.2": (
                "penerapan standar pelayanan, layanan perizinan daring, dan Mal Pelayanan Publik Kota Contoh",
                "gangguan sistem OSS pada beberapa periode yang menunda penerbitan izin",
                "layanan pendampingan (helpdesk) OSS dan penyelesaian pengaduan paling lama lima hari kerja",
            ),
        },
        strategi="meningkatkan iklim investasi melalui promosi dan pengawalan investor serta mempercepat pelayanan "
        "perizinan",
        sisa="penghematan belanja promosi investasi yang dilaksanakan bersama asosiasi pengusaha",
        perbaikan=(
            "Menyusun peta peluang investasi Kota Contoh yang dimutakhirkan setiap tahun.",
            "Meningkatkan kepatuhan LKPM melalui pendampingan dan pengingat elektronik kepada pelaku usaha.",
            "Menambah jenis layanan pada Mal Pelayanan Publik bersama instansi vertikal.",
        ),
    ),
    "Disdukcapil": Profil(
        bidang="urusan pemerintahan wajib bidang administrasi kependudukan dan pencatatan sipil",
        tugas="membantu Wali Kota melaksanakan urusan pemerintahan bidang administrasi kependudukan dan pencatatan "
        "sipil, meliputi pendaftaran penduduk, pencatatan sipil dan pengelolaan informasi administrasi kependudukan",
        pegawai=(44, 19),
        pendidikan=(3, 31, 12),
        isu=(
            "Kepemilikan akta kelahiran anak belum mencapai target, terutama anak yang lahir di luar fasilitas "
            "kesehatan.",
            "Kepemilikan Kartu Identitas Anak masih rendah karena manfaatnya belum dirasakan orang tua.",
            "Pemanfaatan data kependudukan oleh perangkat daerah dan lembaga pengguna perlu diperluas melalui "
            "perjanjian kerja sama.",
        ),
        sasaran={
            "SS.1": (
                "layanan jemput bola perekaman KTP-el di sekolah dan kelurahan serta ketersediaan blangko KTP-el yang "
                "mencukupi",
                "kelahiran di luar fasilitas kesehatan tidak segera dilaporkan dan sebagian orang tua belum melengkapi "
                "dokumen persyaratan",
                "kerja sama dengan rumah sakit dan puskesmas untuk penerbitan akta kelahiran langsung serta layanan "
                "keliling ke kelurahan",
            ),
            "SS.2": (
                "layanan daring dan dokumen kependudukan bertanda tangan elektronik yang dapat dicetak mandiri",
                "keterbatasan jaringan di beberapa kelurahan yang menghambat layanan daring",
                "penambahan anjungan dukcapil mandiri dan peningkatan kapasitas jaringan bersama Dinas Komunikasi dan "
                "Informatika",
            ),
        },
        strategi="memperluas layanan jemput bola, mendigitalkan layanan administrasi kependudukan, dan memperluas "
        "pemanfaatan data kependudukan",
        sisa="penghematan belanja blangko dan cetak karena peralihan ke dokumen elektronik",
        perbaikan=(
            "Menerbitkan akta kelahiran bersamaan dengan kartu keluarga dan KIA bagi setiap bayi baru lahir.",
            "Memperluas perjanjian kerja sama pemanfaatan data kependudukan dengan perangkat daerah pelayanan.",
            "Menambah anjungan dukcapil mandiri di kantor kecamatan.",
        ),
    ),
}


def _generic(opd: PerangkatDaerah) -> Profil:
    """For an OPD the demo has no words of its own for (one added to the demo later)."""
    return Profil(
        bidang=f"urusan pemerintahan yang menjadi tugas {opd.nama}",
        tugas=f"membantu Wali Kota melaksanakan urusan pemerintahan yang menjadi kewenangan {opd.nama}",
        pegawai=(40, 6),
        pendidikan=(5, 27, 6),
        isu=("Kualitas pelayanan kepada masyarakat perlu terus ditingkatkan.",),
        sasaran={},
        strategi="meningkatkan kualitas perencanaan, pelaksanaan dan pengendalian program",
        sisa="efisiensi belanja barang dan jasa",
        perbaikan=("Meningkatkan kualitas data kinerja dan pemanfaatannya dalam pengambilan keputusan.",),
    )


GENERIC_SASARAN = (
    "dukungan anggaran dan koordinasi lintas bidang",
    "keterlambatan laporan dari sebagian unit pelaksana",
    "pendampingan pelaporan dan rapat evaluasi bulanan",
)


# --- Formatting ------------------------------------------------------------------------------------


def _persen(value: Decimal | None) -> str:
    return f"{format_decimal(value, 2)}%" if value is not None else "–"


def _nilai(value: Decimal | None, satuan: str) -> str:
    if value is None:
        return "–"
    text = format_decimal(value)
    if not satuan:
        return text
    return f"{text}%" if satuan == "%" else f"{text} {satuan}"


def _kalimat(text: str) -> str:
    return text[:1].upper() + text[1:]


def _dalam_kalimat(text: str) -> str:
    """A name or sentence inside a sentence: "Angka kematian bayi" -> "angka kematian bayi", but
    "APIP …" or "SD/MI" stay as they are."""
    first = text.split(" ", 1)[0]
    return text if first[1:2].isupper() or not first[:1].isupper() else text[:1].lower() + text[1:]


def _daftar(items: list[str]) -> str:
    """ "a, b dan c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} dan {items[-1]}"


def _tercapai(item: AnalisisIndikator) -> bool:
    value = item.tahun_ini.capaian
    return value is not None and value.quantize(Decimal("0.01")) >= 100


# --- An OPD's narratives ---------------------------------------------------------------------------


def _kata_pengantar(opd: PerangkatDaerah, profil: Profil, data: LaporanData) -> str:
    ikhtisar = data.ikhtisar
    openings = (
        "Puji syukur kami panjatkan ke hadirat Tuhan Yang Maha Esa, karena atas rahmat dan karunia-Nya "
        f"Laporan Kinerja Instansi Pemerintah (LKjIP) {opd.nama} Kota Contoh Tahun {TAHUN} dapat diselesaikan.",
        f"Dengan memanjatkan puji syukur ke hadirat Tuhan Yang Maha Esa, {opd.nama} Kota Contoh menyampaikan "
        f"Laporan Kinerja Instansi Pemerintah (LKjIP) Tahun {TAHUN}.",
        f"Alhamdulillah, Laporan Kinerja Instansi Pemerintah (LKjIP) {opd.nama} Kota Contoh Tahun {TAHUN} telah "
        "selesai disusun.",
    )
    return "\n\n".join(
        (
            openings[opd.urutan % len(openings)],
            "Laporan ini disusun sebagai wujud pertanggungjawaban atas pelaksanaan tugas dan fungsi dalam "
            f"{profil.bidang}, sebagaimana diamanatkan Peraturan Presiden Nomor 29 Tahun 2014 tentang Sistem "
            "Akuntabilitas Kinerja Instansi Pemerintah dan Peraturan Menteri Pendayagunaan Aparatur Negara dan "
            "Reformasi Birokrasi Nomor 53 Tahun 2014.",
            f"LKjIP ini menyajikan capaian {ikhtisar.jumlah_indikator} indikator kinerja dari "
            f"{ikhtisar.jumlah_sasaran} sasaran strategis yang diperjanjikan dalam Perjanjian Kinerja Tahun {TAHUN}, "
            "disertai analisis keberhasilan dan hambatannya serta realisasi anggaran yang mendukungnya. Kami "
            "berharap laporan ini menjadi bahan evaluasi dan umpan balik bagi perbaikan kinerja pada tahun berikutnya.",
            "Kami menyampaikan terima kasih kepada seluruh jajaran yang telah bekerja keras mencapai sasaran yang "
            "ditetapkan, serta kepada Inspektorat Daerah atas reviu yang dilakukan. Saran dan masukan untuk "
            "penyempurnaan laporan ini kami terima dengan terbuka.",
        )
    )


def _ikhtisar(opd: PerangkatDaerah, profil: Profil, data: LaporanData) -> str:
    ikhtisar = data.ikhtisar
    indicators = [item for group in data.capaian_kinerja for item in group.indikator if item.tahun_ini.capaian]
    parts = [
        f"Pada tahun {TAHUN} {opd.nama} menetapkan {ikhtisar.jumlah_sasaran} sasaran strategis dengan "
        f"{ikhtisar.jumlah_indikator} indikator kinerja dalam Perjanjian Kinerja, yaitu:",
        "\n".join(f"- {group.sasaran.kode} {group.sasaran.uraian}" for group in data.capaian_kinerja),
    ]
    predikat = f" dengan predikat **{ikhtisar.predikat.label}**" if ikhtisar.predikat else ""
    summary = (
        f"Rata-rata capaian kinerja {opd.singkatan} tahun {TAHUN} sebesar **{_persen(ikhtisar.capaian)}**{predikat}; "
        f"{ikhtisar.jumlah_tercapai} dari {ikhtisar.jumlah_indikator} indikator mencapai atau melampaui target."
    )
    if indicators:
        best = max(indicators, key=lambda item: item.tahun_ini.capaian)
        worst = min(indicators, key=lambda item: item.tahun_ini.capaian)
        summary += (
            f" Capaian tertinggi pada indikator {_dalam_kalimat(best.teks['indikator_nama'])} "
            f"({_persen(best.tahun_ini.capaian)})"
        )
        if not _tercapai(worst):
            summary += (
                f", sedangkan capaian terendah pada indikator {_dalam_kalimat(worst.teks['indikator_nama'])} "
                f"({_persen(worst.tahun_ini.capaian)})"
            )
        summary += "."
    parts.append(summary)
    parts.append(
        f"Permasalahan utama yang dihadapi: {_dalam_kalimat(profil.isu[0])} "
        f"Strategi yang ditempuh adalah {profil.strategi}."
    )
    if ikhtisar.pagu:
        parts.append(
            f"Untuk mencapai sasaran tersebut tersedia pagu anggaran {rupiah(ikhtisar.pagu)} dengan realisasi "
            f"{rupiah(ikhtisar.realisasi_anggaran)} atau {_persen(ikhtisar.serapan)}."
        )
    return "\n\n".join(parts)


def _pendahuluan(opd: PerangkatDaerah, profil: Profil, units: list[str], kepala: str) -> str:
    pns, pppk = profil.pegawai
    s2, s1, d3 = profil.pendidikan
    total = pns + pppk
    sotk = "\n".join(f"- {name}" for name in [kepala, *units])
    return "\n\n".join(
        (
            "**A. Latar Belakang**",
            "Laporan Kinerja Instansi Pemerintah disusun setiap tahun sebagai bentuk akuntabilitas pelaksanaan tugas "
            "dan fungsi perangkat daerah kepada Wali Kota dan masyarakat, sekaligus sebagai alat untuk menilai "
            f"keberhasilan pelaksanaan Perjanjian Kinerja Tahun {TAHUN} dan Rencana Strategis 2025–2029.",
            "**B. Tugas dan Fungsi**",
            f"{opd.nama} dibentuk berdasarkan Peraturan Daerah Kota Contoh Nomor 8 Tahun 2016 tentang Pembentukan "
            f"dan Susunan Perangkat Daerah, dan mempunyai tugas {profil.tugas}.",
            "**C. Struktur Organisasi**",
            f"Kedudukan, susunan organisasi, tugas dan fungsi serta tata kerja {opd.nama} ditetapkan dengan Peraturan "
            f"Wali Kota Contoh Nomor {30 + opd.urutan} Tahun 2023. Susunan organisasinya terdiri atas:\n{sotk}",
            "**D. Sumber Daya Manusia**",
            f"Pada akhir tahun {TAHUN} {opd.nama} didukung {format_decimal(total)} pegawai, terdiri atas "
            f"{format_decimal(pns)} PNS dan {format_decimal(pppk)} PPPK. Menurut tingkat pendidikan: S2/S3 "
            f"{format_decimal(s2)} orang, S1/D-IV {format_decimal(s1)} orang, D-III {format_decimal(d3)} orang, dan "
            f"SLTA {format_decimal(total - s2 - s1 - d3)} orang.",
            "**E. Aspek Strategis dan Permasalahan Utama**",
            "Isu strategis yang dihadapi pada tahun laporan adalah:\n" + "\n".join(f"- {isu}" for isu in profil.isu),
            "**F. Sistematika Penyajian**",
            "Laporan ini terdiri atas Bab I Pendahuluan, Bab II Perencanaan Kinerja, Bab III Akuntabilitas Kinerja "
            "(capaian kinerja organisasi dan realisasi anggaran) dan Bab IV Penutup, dilengkapi lampiran Perjanjian "
            "Kinerja dan pernyataan telah direviu.",
        )
    )


def _pita(skala) -> list[str]:
    """The predicate bands as ranges, best first: "- Tinggi: 76,00% sampai dengan kurang dari 91,00%"."""
    bands = sorted(skala, key=lambda band: band.nilai_minimum, reverse=True)
    lines = []
    for index, band in enumerate(bands):
        low = _persen(band.nilai_minimum)
        if index == 0:
            lines.append(f"- {band.label}: {low} atau lebih")
        elif band.nilai_minimum <= 0:
            lines.append(f"- {band.label}: kurang dari {_persen(bands[index - 1].nilai_minimum)}")
        else:
            lines.append(f"- {band.label}: {low} sampai dengan kurang dari {_persen(bands[index - 1].nilai_minimum)}")
    return lines


def _perencanaan(opd: PerangkatDaerah, data: LaporanData, kepala: str) -> str:
    renstra = data.identitas.renstra
    dasar = f" yang ditetapkan dengan {renstra.nomor_dokumen}" if renstra and renstra.nomor_dokumen else ""
    programs = data.perjanjian.program
    parts = [
        f"Perencanaan kinerja {opd.nama} berpedoman pada Rencana Strategis 2025–2029{dasar}, yang menjabarkan "
        "visi RPJMD Kota Contoh 2025–2029 “Kota Contoh yang maju, sehat, sejahtera dan berdaya saing” ke dalam "
        "tujuan, sasaran, program dan kegiatan perangkat daerah.",
        f"Rencana Strategis tersebut dijabarkan setiap tahun dalam Rencana Kerja (Renja). Renja Tahun {TAHUN} "
        f"menjadi dasar penyusunan Perjanjian Kinerja Tahun {TAHUN}, yang ditandatangani pada 31 Januari {TAHUN} "
        f"oleh {kepala} selaku pihak pertama dan Wali Kota Contoh selaku pihak kedua.",
        f"Perjanjian Kinerja memuat {data.ikhtisar.jumlah_sasaran} sasaran dan {data.ikhtisar.jumlah_indikator} "
        f"indikator kinerja beserta targetnya, didukung pagu anggaran {rupiah(data.perjanjian.pagu)} melalui "
        f"{len(programs)} program:",
        "\n".join(f"- {item.anggaran.nama}: {rupiah(item.pagu)}" for item in programs),
    ]
    return "\n\n".join(part for part in parts if part)


def _akuntabilitas(opd: PerangkatDaerah, profil: Profil, data: LaporanData) -> str:
    ikhtisar = data.ikhtisar
    skala = "\n".join(_pita(data.skala))
    not_met = [
        _dalam_kalimat(item.teks["indikator_nama"])
        for group in data.capaian_kinerja
        for item in group.indikator
        if item.tahun_ini.capaian is not None and not _tercapai(item)
    ]
    parts = [
        "Pengukuran kinerja dilakukan dengan membandingkan realisasi setiap indikator terhadap target dalam "
        f"Perjanjian Kinerja Tahun {TAHUN}. Realisasi yang digunakan adalah realisasi sampai dengan triwulan IV "
        "yang telah diverifikasi Inspektorat Daerah; capaian dihitung sesuai polaritas indikator (semakin tinggi "
        "semakin baik, atau semakin rendah semakin baik).",
        f"Capaian dikategorikan menurut skala penilaian yang berlaku di Pemerintah Kota Contoh:\n{skala}",
        f"Dari {ikhtisar.jumlah_indikator} indikator kinerja, {ikhtisar.jumlah_tercapai} indikator mencapai atau "
        f"melampaui target, dengan rata-rata capaian {_persen(ikhtisar.capaian)}"
        + (f" ({ikhtisar.predikat.label})." if ikhtisar.predikat else "."),
    ]
    if not_met:
        parts.append(
            f"Indikator yang belum mencapai target adalah {_daftar(not_met)}. Penyebab dan upaya perbaikannya "
            "diuraikan pada analisis setiap sasaran berikut."
        )
    parts.append(f"Secara keseluruhan, capaian tersebut diperoleh dengan {profil.strategi}.")
    return "\n\n".join(parts)


def _anggaran(opd: PerangkatDaerah, profil: Profil, data: LaporanData) -> str:
    total = data.anggaran_total
    if total is None:
        return f"Pada tahun {TAHUN} Perjanjian Kinerja {opd.nama} tidak memuat rincian anggaran program."
    lines = "\n".join(
        f"- {item.anggaran.nama}: pagu {rupiah(item.pagu)}, realisasi {rupiah(item.realisasi)} "
        f"({_persen(item.serapan)})"
        for item in data.realisasi_anggaran
    )
    parts = [
        f"Pagu anggaran {opd.nama} dalam Perjanjian Kinerja Tahun {TAHUN} sebesar {rupiah(total.pagu)}, dengan "
        f"realisasi {rupiah(total.realisasi)} atau {_persen(total.serapan)}. Rinciannya per program:\n{lines}",
        f"Sisa anggaran terutama berasal dari {profil.sisa}, tanpa mengurangi target keluaran kegiatan.",
    ]
    if total.efisiensi is not None:
        parts.append(
            f"Dibandingkan dengan rata-rata capaian kinerja {_persen(total.capaian)} dan serapan anggaran "
            f"{_persen(total.serapan)}, penggunaan sumber daya tahun {TAHUN} tergolong "
            f"**{str(total.efisiensi.label).lower()}**."
        )
    return "\n\n".join(parts)


def _penutup(opd: PerangkatDaerah, profil: Profil, data: LaporanData) -> str:
    ikhtisar = data.ikhtisar
    predikat = ikhtisar.predikat.label.lower() if ikhtisar.predikat else "belum terukur"
    belum = ikhtisar.jumlah_indikator - ikhtisar.jumlah_tercapai
    parts = [
        f"Secara umum kinerja {opd.nama} tahun {TAHUN} berada pada kategori {predikat}, dengan rata-rata capaian "
        f"{_persen(ikhtisar.capaian)} dan serapan anggaran {_persen(ikhtisar.serapan)}.",
    ]
    if belum:
        parts.append(
            f"Masih terdapat {belum} indikator yang belum mencapai target. Langkah perbaikan yang akan ditempuh "
            f"pada tahun {TAHUN + 1}:"
        )
    else:
        parts.append(f"Untuk mempertahankan capaian tersebut, langkah yang akan ditempuh pada tahun {TAHUN + 1}:")
    parts.append("\n".join(f"- {item}" for item in profil.perbaikan))
    parts.append(
        "Demikian Laporan Kinerja ini disusun; semoga bermanfaat bagi peningkatan akuntabilitas kinerja "
        "Pemerintah Kota Contoh."
    )
    return "\n\n".join(parts)


def _analisis_sasaran(group: AnalisisSasaran, profil: Profil) -> str:
    pendukung, penghambat, upaya = profil.sasaran.get(group.sasaran.kode, GENERIC_SASARAN)
    rows = []
    for item in group.indikator:
        now = item.tahun_ini
        target = (
            _nilai(now.target, item.teks["satuan"])
            if now.target is not None
            else f"{format_decimal(now.batas_bawah)}–{format_decimal(now.batas_atas)}"
        )
        rows.append(
            f"- {item.teks['indikator_nama']}: realisasi {_nilai(now.realisasi, item.teks['satuan'])} dari target "
            f"{target} (capaian {_persen(now.capaian)})"
        )
    missed = [item for item in group.indikator if item.tahun_ini.capaian is not None and not _tercapai(item)]
    parts = [
        f"Sasaran ini diukur dengan {len(group.indikator)} indikator dengan rata-rata capaian "
        f"{_persen(group.capaian)}:\n" + "\n".join(rows),
        f"Faktor pendukung: {pendukung}.",
    ]
    if missed:
        parts.append(f"Faktor penghambat: {penghambat}.")
        parts.append(f"Upaya yang dilakukan: {upaya}.")
    else:
        parts.append(f"Seluruh indikator mencapai target; capaian dipertahankan melalui {upaya}.")
    efisiensi = group.efisiensi
    if efisiensi.serapan is not None:
        label = f" ({str(efisiensi.efisiensi.label).lower()})" if efisiensi.efisiensi else ""
        parts.append(
            f"Anggaran yang mendukung sasaran ini terserap {_persen(efisiensi.serapan)} dari pagu "
            f"{rupiah(efisiensi.pagu)}{label}."
        )
    return _kalimat("\n\n".join(parts))


def narasi_opd(opd: PerangkatDaerah, data: LaporanData) -> tuple[dict[str, str], dict[str, str]]:
    """An OPD's narratives (by field) and its analyses per sasaran (by the sasaran's pk as text)."""
    profil = PROFIL.get(opd.singkatan) or _generic(opd)
    units = list(
        UnitKerja.objects.filter(opd=opd, parent__isnull=True).order_by("urutan", "nama").values_list("nama", flat=True)
    )
    kepala = Pejabat.objects.filter(opd=opd, jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD).first()
    kepala = kepala.jabatan if kepala else f"Kepala {opd.nama}"
    narasi = {
        "kata_pengantar": _kata_pengantar(opd, profil, data),
        "ikhtisar": _ikhtisar(opd, profil, data),
        "pendahuluan": _pendahuluan(opd, profil, units, kepala),
        "perencanaan": _perencanaan(opd, data, kepala),
        "akuntabilitas": _akuntabilitas(opd, profil, data),
        "anggaran": _anggaran(opd, profil, data),
        "penutup": _penutup(opd, profil, data),
    }
    per_sasaran = {str(group.sasaran.pk): _analisis_sasaran(group, profil) for group in data.capaian_kinerja}
    return narasi, per_sasaran


# --- The pemda's narratives ------------------------------------------------------------------------


def narasi_pemda(pemda: Pemda) -> dict[str, str]:
    data = build_lkjip_pemda_context(pemda, TAHUN)
    measured = [item for item in data.opd if item.capaian is not None]
    best = max(measured, key=lambda item: item.capaian, default=None)
    worst = min(measured, key=lambda item: item.capaian, default=None)
    predikat = data.predikat.label if data.predikat else "belum terukur"
    periode = data.periode
    misi = [line.strip() for line in (periode.misi if periode else "").splitlines() if line.strip()]
    ranking = ""
    if best and worst:
        ranking = (
            f" Capaian tertinggi diraih {best.opd.nama} ({_persen(best.capaian)}) dan terendah {worst.opd.nama} "
            f"({_persen(worst.capaian)})."
        )
    return {
        "kata_pengantar": "\n\n".join(
            (
                "Puji syukur kita panjatkan ke hadirat Tuhan Yang Maha Esa atas tersusunnya Laporan Kinerja Instansi "
                f"Pemerintah Kota Contoh Tahun {TAHUN}, tahun pertama pelaksanaan RPJMD 2025–2029.",
                "Laporan ini merupakan pertanggungjawaban Pemerintah Kota Contoh atas pencapaian sasaran pembangunan "
                "yang diperjanjikan, sekaligus sarana evaluasi bagi seluruh perangkat daerah untuk memperbaiki "
                "perencanaan dan pelaksanaan program pada tahun berikutnya.",
                "Kami mengajak seluruh jajaran Pemerintah Kota Contoh untuk menjadikan laporan ini pijakan dalam "
                "mewujudkan pemerintahan yang akuntabel dan berorientasi pada hasil.",
            )
        ),
        "ikhtisar": "\n\n".join(
            (
                f"Pada tahun {TAHUN} kinerja Pemerintah Kota Contoh diukur melalui {data.jumlah_indikator} indikator "
                f"kinerja perangkat daerah, dengan {data.jumlah_tercapai} indikator mencapai atau melampaui target. "
                f"Rata-rata capaian kinerja perangkat daerah sebesar **{_persen(data.capaian)}** dengan predikat "
                f"**{predikat}**.{ranking}",
                f"Pagu anggaran yang mendukung Perjanjian Kinerja perangkat daerah sebesar {rupiah(data.pagu)}, "
                f"terealisasi {rupiah(data.realisasi_anggaran)} atau {_persen(data.serapan)}.",
            )
        ),
        "pendahuluan": "\n\n".join(
            (
                "**A. Gambaran Umum**",
                "Kota Contoh memiliki luas wilayah 112,40 km² yang terbagi dalam 6 kecamatan dan 38 kelurahan, dengan "
                f"jumlah penduduk 487.250 jiwa pada tahun {TAHUN} (proyeksi BPS).",
                "**B. Organisasi Pemerintah Daerah**",
                f"Penyelenggaraan pemerintahan didukung {len(data.opd)} perangkat daerah sebagaimana diatur dalam "
                "Peraturan Daerah Kota Contoh Nomor 8 Tahun 2016 tentang Pembentukan dan Susunan Perangkat Daerah.",
                "**C. Isu Strategis**",
                "- Kualitas sumber daya manusia, terutama penurunan stunting dan pemerataan mutu pendidikan dasar.\n"
                "- Iklim investasi dan penciptaan lapangan kerja.\n"
                "- Infrastruktur kota yang tangguh terhadap genangan dan bencana.\n"
                "- Tata kelola pemerintahan yang akuntabel dan pelayanan publik yang cepat.",
            )
        ),
        "perencanaan": "\n\n".join(
            (
                f"Perencanaan kinerja Pemerintah Kota Contoh berpedoman pada {periode.nama if periode else 'RPJMD'} "
                f"dengan visi “{periode.visi if periode else ''}” dan misi:",
                "\n".join(f"{number}. {item}" for number, item in enumerate(misi, start=1)),
                f"RPJMD dijabarkan dalam RKPD Tahun {TAHUN} dan Perjanjian Kinerja setiap perangkat daerah yang "
                f"ditandatangani pada akhir Januari {TAHUN}.",
            )
        ),
        "akuntabilitas": (
            "Capaian kinerja Pemerintah Kota Contoh dihimpun dari capaian kinerja perangkat daerah berdasarkan "
            "realisasi triwulan IV yang telah diverifikasi. Rincian capaian setiap perangkat daerah disajikan pada "
            "tabel berikut; analisis per sasaran terdapat dalam LKjIP masing-masing perangkat daerah."
        ),
        "anggaran": (
            f"Serapan anggaran perangkat daerah sebesar {_persen(data.serapan)} dari pagu {rupiah(data.pagu)}. "
            "Sisa anggaran terutama berasal dari sisa tender pekerjaan konstruksi, efisiensi belanja perjalanan dinas, "
            "dan penyesuaian penyaluran bantuan sosial dengan hasil verifikasi data."
        ),
        "penutup": "\n\n".join(
            (
                f"Kinerja Pemerintah Kota Contoh pada tahun {TAHUN} secara umum berada pada kategori "
                f"{predikat.lower()}. Perbaikan yang akan dilakukan pada tahun {TAHUN + 1}:",
                "- Menyelaraskan indikator kinerja perangkat daerah dengan sasaran RPJMD melalui cascading kinerja.\n"
                "- Memperkuat verifikasi data kinerja oleh Inspektorat Daerah sejak triwulan I.\n"
                "- Menindaklanjuti rekomendasi evaluasi SAKIP pada setiap perangkat daerah.",
            )
        ),
    }


# --- Loading ---------------------------------------------------------------------------------------


def _laporan_opd(pemda, opd, number, *, planner: User, head: User, evaluator: User, inspektur: Pejabat) -> None:
    if LaporanKinerja.objects.filter(pemda=pemda, opd=opd, tahun=TAHUN).exists():
        return
    narasi, per_sasaran = narasi_opd(opd, build_lkjip_context(opd, TAHUN))
    laporan = services.laporan_buat(pemda=pemda, opd=opd, tahun=TAHUN, oleh=planner)
    laporan = services.laporan_simpan(
        laporan=laporan, narasi=narasi, narasi_sasaran=per_sasaran, versi=None, oleh=planner
    )
    if opd.singkatan in STILL_DRAFT:
        return
    # The Inspektur's statement, recorded by the Inspektorat's evaluator on a February day of the next year.
    services.reviu_simpan(
        laporan=laporan,
        tanggal=datetime.date(TAHUN + 1, 2, 9 + 2 * (number % 8)),
        nama=inspektur.nama,
        nip=inspektur.nip,
        jabatan=REVIU_JABATAN,
        versi=None,
        oleh=evaluator,
    )
    services.laporan_finalkan(laporan=laporan, oleh=head, cetak=False)
    alasan = NEW_VERSION.get(opd.singkatan)
    if alasan is None:
        return
    baru = services.laporan_versi_baru(laporan=laporan, alasan=alasan, oleh=planner)
    narasi["akuntabilitas"] += (
        f"\n\nVersi {baru.versi} laporan ini memuat koreksi realisasi triwulan IV atas indikator yang datanya "
        "dilengkapi setelah reviu Inspektorat Daerah (laporan fasilitas kesehatan yang terlambat masuk); analisis "
        "per sasaran disesuaikan dengan data terkoreksi."
    )
    services.laporan_simpan(laporan=baru, narasi=narasi, narasi_sasaran=per_sasaran, versi=None, oleh=planner)


def load() -> list:
    pemda = Pemda.objects.get(kode="99.71")
    users = {u.username: u for u in User.objects.filter(pemda=pemda)}
    evaluator, admin = users["evaluator.contoh"], users["admin.contoh"]
    inspektur = Pejabat.objects.get(
        pemda=pemda, opd__singkatan="Inspektorat", jenis_jabatan=Pejabat.JenisJabatan.KEPALA_OPD
    )
    with_pk = PerjanjianKinerja.objects.filter(
        opd__pemda=pemda, tahun=TAHUN, status=PerjanjianKinerja.Status.DITETAPKAN
    ).values("opd_id")
    opds = PerangkatDaerah.objects.filter(pk__in=with_pk).order_by("urutan")
    for number, opd in enumerate(opds):
        slug = opd.singkatan.lower()
        _laporan_opd(
            pemda,
            opd,
            number,
            planner=users.get(f"perencana.{slug}", admin),
            head=users.get(f"kepala.{slug}", admin),
            evaluator=evaluator,
            inspektur=inspektur,
        )
    if not LaporanKinerja.objects.filter(pemda=pemda, opd__isnull=True, tahun=TAHUN).exists():
        laporan = services.laporan_buat(pemda=pemda, opd=None, tahun=TAHUN, oleh=admin)
        services.laporan_simpan(laporan=laporan, narasi=narasi_pemda(pemda), narasi_sasaran={}, versi=None, oleh=admin)
    return []
