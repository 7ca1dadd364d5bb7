"""Demo organisation: Kota Contoh (10 OPDs with units and officials) and Kabupaten Teladan, which is
there to show that one pemda never sees another. Every name is fictional.

Idempotent: each row is found by its natural key and updated, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.models import Model
from PIL import Image, ImageDraw

from sakip.models import Pejabat, Pemda, PerangkatDaerah, Role, UnitKerja, User

DEMO_PASSWORD = "sakip2026"

G = Pejabat.Golongan
J = Pejabat.JenisJabatan
U = UnitKerja.Jenis

SEKRETARIAT = ("Sekretariat", U.SEKRETARIAT, ["Sub Bagian Umum dan Kepegawaian", "Sub Bagian Perencanaan dan Keuangan"])


@dataclass(frozen=True)
class OpdSpec:
    kode: str
    nama: str
    singkatan: str
    kepala: str
    # (unit name, kind, [sub-units]) under the head of the OPD
    units: tuple
    kepala_nama: str = ""


def _bidang(*names_and_seksi) -> tuple:
    return tuple((name, U.BIDANG, list(seksi)) for name, seksi in names_and_seksi)


KOTA_CONTOH_OPD = [
    OpdSpec(
        "4.01.01",
        "Sekretariat Daerah",
        "Setda",
        "Sekretaris Daerah",
        (
            (
                "Bagian Organisasi",
                U.BAGIAN,
                [
                    "Sub Bagian Kelembagaan dan Analisis Jabatan",
                    "Sub Bagian Reformasi Birokrasi dan Akuntabilitas Kinerja",
                ],
            ),
            ("Bagian Perencanaan dan Keuangan", U.BAGIAN, ["Sub Bagian Perencanaan", "Sub Bagian Keuangan"]),
            ("Bagian Hukum", U.BAGIAN, ["Sub Bagian Peraturan Perundang-undangan"]),
            ("Bagian Umum", U.BAGIAN, ["Sub Bagian Tata Usaha Pimpinan"]),
        ),
    ),
    OpdSpec(
        "5.01.01",
        "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah",
        "Bapperida",
        "Kepala Bapperida",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Perencanaan, Pengendalian dan Evaluasi Pembangunan", ["Sub Bidang Evaluasi dan Pelaporan"]),
                ("Bidang Pemerintahan dan Pembangunan Manusia", []),
                ("Bidang Perekonomian dan Sumber Daya Alam", []),
                ("Bidang Infrastruktur dan Kewilayahan", []),
                ("Bidang Riset dan Inovasi", []),
            ),
        ),
    ),
    OpdSpec(
        "6.01.01",
        "Inspektorat Daerah",
        "Inspektorat",
        "Inspektur",
        (
            SEKRETARIAT,
            ("Inspektur Pembantu Wilayah I", U.BIDANG, []),
            ("Inspektur Pembantu Wilayah II", U.BIDANG, []),
            ("Inspektur Pembantu Wilayah III", U.BIDANG, []),
        ),
    ),
    OpdSpec(
        "5.02.01",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "BPKAD",
        "Kepala BPKAD",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Anggaran", []), ("Bidang Perbendaharaan", []), ("Bidang Akuntansi", []), ("Bidang Aset", [])
            ),
        ),
    ),
    OpdSpec(
        "1.01.01",
        "Dinas Pendidikan",
        "Disdik",
        "Kepala Dinas Pendidikan",
        (
            SEKRETARIAT,
            *_bidang(
                (
                    "Bidang Pembinaan Sekolah Dasar",
                    ["Seksi Kurikulum Sekolah Dasar", "Seksi Peserta Didik Sekolah Dasar"],
                ),
                ("Bidang Pembinaan Sekolah Menengah Pertama", ["Seksi Kurikulum Sekolah Menengah Pertama"]),
                ("Bidang Pendidikan Anak Usia Dini dan Pendidikan Nonformal", []),
                ("Bidang Pendidik dan Tenaga Kependidikan", []),
            ),
        ),
    ),
    OpdSpec(
        "1.02.01",
        "Dinas Kesehatan",
        "Dinkes",
        "Kepala Dinas Kesehatan",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Kesehatan Masyarakat", ["Seksi Kesehatan Keluarga dan Gizi", "Seksi Promosi Kesehatan"]),
                ("Bidang Pencegahan dan Pengendalian Penyakit", ["Seksi Surveilans dan Imunisasi"]),
                ("Bidang Pelayanan dan Sumber Daya Kesehatan", ["Seksi Pelayanan Kesehatan Primer"]),
            ),
            ("UPT Puskesmas Kota Tengah", U.UPT, []),
        ),
        kepala_nama="dr. Ratna Kusumawardani, M.Kes.",
    ),
    OpdSpec(
        "1.03.01",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas PUPR",
        "Kepala Dinas PUPR",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Bina Marga", ["Seksi Pembangunan Jalan dan Jembatan"]),
                ("Bidang Sumber Daya Air", ["Seksi Drainase"]),
                ("Bidang Cipta Karya", []),
                ("Bidang Penataan Ruang", []),
            ),
        ),
    ),
    OpdSpec(
        "1.06.01",
        "Dinas Sosial",
        "Dinsos",
        "Kepala Dinas Sosial",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Rehabilitasi Sosial", []),
                ("Bidang Perlindungan dan Jaminan Sosial", ["Seksi Perlindungan Sosial Korban Bencana"]),
                ("Bidang Pemberdayaan Sosial dan Penanganan Fakir Miskin", []),
            ),
        ),
    ),
    OpdSpec(
        "2.18.01",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "DPMPTSP",
        "Kepala DPMPTSP",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Penanaman Modal", []),
                ("Bidang Pelayanan Perizinan", []),
                ("Bidang Pengaduan dan Informasi", []),
            ),
        ),
    ),
    OpdSpec(
        "2.12.01",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Disdukcapil",
        "Kepala Dinas Kependudukan dan Pencatatan Sipil",
        (
            SEKRETARIAT,
            *_bidang(
                ("Bidang Pelayanan Pendaftaran Penduduk", []),
                ("Bidang Pelayanan Pencatatan Sipil", []),
                ("Bidang Pengelolaan Informasi Administrasi Kependudukan", []),
            ),
        ),
    ),
]

KABUPATEN_TELADAN_OPD = [
    OpdSpec(
        "5.01.01",
        "Badan Perencanaan Pembangunan Daerah",
        "Bappeda",
        "Kepala Bappeda",
        (SEKRETARIAT, *_bidang(("Bidang Perencanaan dan Evaluasi", []))),
    ),
    OpdSpec(
        "1.02.01",
        "Dinas Kesehatan",
        "Dinkes",
        "Kepala Dinas Kesehatan",
        (SEKRETARIAT, *_bidang(("Bidang Kesehatan Masyarakat", []), ("Bidang Pelayanan Kesehatan", []))),
    ),
    OpdSpec(
        "1.01.01",
        "Dinas Pendidikan dan Kebudayaan",
        "Disdikbud",
        "Kepala Dinas Pendidikan dan Kebudayaan",
        (SEKRETARIAT, *_bidang(("Bidang Pendidikan Dasar", []))),
    ),
    OpdSpec("6.01.01", "Inspektorat Daerah", "Inspektorat", "Inspektur", (SEKRETARIAT,)),
]

# Fictional officials, handed out in order; heads first.
NAMES = [
    "Dr. Hendra Wijaya, S.T., M.T.",
    "Drs. Bambang Sutrisno, M.Si.",
    "Ir. Agus Setiawan, M.Eng.",
    "Sri Wahyuni, S.Sos., M.AP.",
    "Hj. Nurul Hidayah, S.E., M.M.",
    "Yohanes Pattiasina, S.H., M.H.",
    "I Made Suarjana, S.Kom., M.T.",
    "Fitri Handayani, S.Pd., M.Pd.",
    "Andi Mappanyukki, S.IP., M.Si.",
    "Dewi Lestari, S.K.M., M.P.H.",
    "Rudi Hartono, S.E., Ak.",
    "Siti Aminah, S.Sos.",
    "Hotman Simanjuntak, S.T.",
    "Wayan Sudiarta, S.E., M.Si.",
    "Lusiana Manurung, S.Psi.",
    "Ahmad Fauzi, S.H.",
    "Kadek Ayu Pradnyani, S.E.",
    "Yusuf Maulana, S.Kom.",
    "Rina Marlina, S.Pd.",
    "Teguh Prasetyo, S.T., M.T.",
    "Maria Goreti Lamahala, S.Sos.",
    "Bayu Aji Nugroho, S.IP.",
    "Nur Aisyah, S.Farm., Apt.",
    "Eko Purnomo, S.E.",
    "Indah Permatasari, S.Kep., Ns.",
    "Hasanuddin, S.Sos., M.Si.",
    "Putu Eka Wirawan, S.T.",
    "Lina Marpaung, S.H.",
    "Dimas Arya Saputra, S.AP.",
    "Veronika Sitorus, S.E.",
    "Muhammad Iqbal, S.T.",
    "Anisa Rahmawati, S.Gz.",
    "Gregorius Tanoto, S.Kom.",
    "Sulastri, S.Pd.",
    "Imam Syafii, S.Ag., M.Pd.I.",
    "Novita Sari, S.K.M.",
    "Robertus Jehaut, S.Fil.",
    "Ketut Sumerta, S.E.",
    "Wulan Dari, S.Psi.",
    "Arief Rachman, S.T., M.Sc.",
    "Yuliana Rumbewas, S.Sos.",
    "Benny Kurniawan, S.E.",
    "Desak Made Sukerti, S.E.",
    "Fadli Zulkarnain, S.H., M.Kn.",
    "Citra Anggraini, S.Ak.",
    "Oktavianus Lende, S.Pd.",
    "Rahmat Hidayat, S.Kom.",
    "Evi Susanti, S.E.",
    "Joko Santoso, S.T.",
    "Margaretha Wenda, S.Sos.",
    "Syamsul Bahri, S.Pi.",
    "Tiara Puspitasari, S.IP.",
    "Adi Nugraha, S.T.",
    "Reni Anggraeni, S.Sos.",
    "Paulus Wonda, S.E.",
    "Yanti Oktaviani, S.Pd.",
]


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str


def upsert(model: type[Model], lookup: dict, values: dict) -> Model:
    """Find a row by its natural key and bring it to ``values``; save only what differs, so a
    second run of the demo adds nothing to the change history."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        return model.objects.create(**lookup, **values)
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.save(update_fields=changed)
    return instance


def _nip(seq: int, *, born_year: int, appointed_year: int, female: bool) -> str:
    month = seq % 12 + 1
    day = seq % 27 + 1
    return f"{born_year}{month:02d}{day:02d}{appointed_year}{month:02d}{2 if female else 1}{seq % 1000:03d}"


def _logo_png(initials: str, colour: tuple[int, int, int]) -> bytes:
    """A plain shield-shaped emblem: enough for letterheads in the demo."""
    image = Image.new("RGBA", (240, 240), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.polygon([(20, 20), (220, 20), (220, 130), (120, 225), (20, 130)], fill=colour, outline=(212, 175, 55))
    draw.rectangle([60, 70, 180, 110], fill=(212, 175, 55))
    draw.text((96, 76), initials, fill=colour)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


class DemoBuilder:
    def __init__(self) -> None:
        self.logins: list[DemoLogin] = []
        self._name_index = 0
        self._nip_seq = 0
        self._password_hash: str | None = None

    def next_name(self) -> str:
        name = NAMES[self._name_index % len(NAMES)]
        self._name_index += 1
        return name

    def next_nip(self, golongan: str) -> str:
        self._nip_seq += 1
        senior = golongan.startswith("IV")
        return _nip(
            self._nip_seq,
            born_year=1968 + self._nip_seq % 8 if senior else 1978 + self._nip_seq % 10,
            appointed_year=1994 + self._nip_seq % 6 if senior else 2003 + self._nip_seq % 8,
            female=self._nip_seq % 3 == 0,
        )

    def pemda(self, *, kode: str, **fields) -> Pemda:
        return upsert(Pemda, {"kode": kode}, fields)

    def ensure_logo(self, pemda: Pemda, initials: str, colour: tuple[int, int, int]) -> None:
        if not pemda.logo:
            pemda.logo.save(f"{pemda.kode}.png", ContentFile(_logo_png(initials, colour)), save=True)

    def pejabat(self, pemda: Pemda, *, jabatan: str, opd=None, **fields) -> Pejabat:
        return upsert(Pejabat, {"pemda": pemda, "opd": opd, "jabatan": jabatan}, fields)

    def organisation(
        self, pemda: Pemda, specs: list[OpdSpec], *, plt_opd: str | None = None
    ) -> dict[str, PerangkatDaerah]:
        opds = {}
        for order, spec in enumerate(specs, start=1):
            opd = upsert(
                PerangkatDaerah,
                {"pemda": pemda, "kode": spec.kode},
                {"nama": spec.nama, "singkatan": spec.singkatan, "urutan": order},
            )
            opds[spec.singkatan] = opd
            status = Pejabat.Status.PLT if spec.singkatan == plt_opd else Pejabat.Status.DEFINITIF
            golongan = G.IV_C if status == Pejabat.Status.DEFINITIF else G.IV_A
            self.pejabat(
                pemda,
                opd=opd,
                jabatan=spec.kepala,
                nama=spec.kepala_nama or self.next_name(),
                nip=self.next_nip(golongan),
                pangkat_golongan=golongan,
                jenis_jabatan=J.KEPALA_OPD,
                status=status,
                mulai=datetime.date(2024, 1, 8),
            )
            for unit_order, (name, kind, children) in enumerate(spec.units, start=1):
                self.unit(pemda, opd, name, kind, children, unit_order)
        return opds

    def unit(self, pemda: Pemda, opd: PerangkatDaerah, name: str, kind: str, children: list[str], order: int) -> None:
        eselon = UnitKerja.Eselon.IV if kind == U.UPT else UnitKerja.Eselon.III
        parent = upsert(
            UnitKerja,
            {"opd": opd, "nama": name},
            {"parent": None, "jenis": kind, "eselon": eselon, "urutan": order},
        )
        title = "Sekretaris" if kind == U.SEKRETARIAT else f"Kepala {name}"
        if name.startswith("Inspektur Pembantu"):
            title = name
        golongan = {U.SEKRETARIAT: G.IV_A, U.BAGIAN: G.IV_A, U.UPT: G.III_C}.get(kind, G.III_D)
        self.pejabat(
            pemda,
            opd=opd,
            jabatan=title,
            unit=parent,
            nama=self.next_name(),
            nip=self.next_nip(golongan),
            pangkat_golongan=golongan,
            jenis_jabatan=J.PENGAWAS if eselon == UnitKerja.Eselon.IV else J.ADMINISTRATOR,
            status=Pejabat.Status.DEFINITIF,
            mulai=datetime.date(2023, 3, 1),
        )
        for child_order, child in enumerate(children, start=1):
            child_kind = U.SEKSI if child.startswith("Seksi") else U.SUBBAGIAN
            upsert(
                UnitKerja,
                {"opd": opd, "nama": child},
                {"parent": parent, "jenis": child_kind, "eselon": UnitKerja.Eselon.IV, "urutan": child_order},
            )

    def user(
        self, username: str, *, role: str = "", pemda: Pemda | None = None, opd=None, nama: str, superuser=False
    ) -> User:
        if self._password_hash is None:
            # One hash for every demo user, with a fixed salt so a second run finds it unchanged:
            # hashing is deliberately slow, and these logins are published anyway.
            self._password_hash = make_password(DEMO_PASSWORD, salt="sakipdemo")
        user = upsert(
            User,
            {"username": username},
            {
                "nama": nama,
                "role": role,
                "pemda": pemda,
                "opd": opd,
                "email": f"{username}@sakip.example",
                "is_superuser": superuser,
                "is_staff": superuser,
                "is_active": True,
                "password": self._password_hash,
            },
        )
        scope = opd.singkatan + ", " + pemda.nama if opd else (pemda.nama if pemda else "semua pemda")
        label = "Superuser" if superuser else Role(role).label
        self.logins.append(DemoLogin(username, label, scope))
        return user


def load() -> list[DemoLogin]:
    builder = DemoBuilder()
    kota = builder.pemda(
        kode="99.71",
        jenis=Pemda.Jenis.KOTA,
        nama="Kota Contoh",
        alamat="Jalan Merdeka Nomor 1\nKota Contoh 99111",
        telepon="(0999) 321 100",
        email="setda@kotacontoh.example",
        situs_web="https://kotacontoh.example",
        zona_waktu=Pemda.ZonaWaktu.WIB,
        label_evaluator="Inspektorat",
    )
    builder.ensure_logo(kota, "KC", (11, 61, 110))
    builder.pejabat(
        kota,
        jabatan="Wali Kota Contoh",
        nama="H. Surya Atmaja, S.E., M.M.",
        nip="",
        jenis_jabatan=J.KEPALA_DAERAH,
        mulai=datetime.date(2025, 2, 20),
    )
    builder.pejabat(
        kota,
        jabatan="Wakil Wali Kota Contoh",
        nama="Dra. Kartika Purnamasari",
        nip="",
        jenis_jabatan=J.WAKIL_KEPALA_DAERAH,
        mulai=datetime.date(2025, 2, 20),
    )
    kota_opd = builder.organisation(kota, KOTA_CONTOH_OPD, plt_opd="Dinsos")

    teladan = builder.pemda(
        kode="99.02",
        jenis=Pemda.Jenis.KABUPATEN,
        nama="Kabupaten Teladan",
        alamat="Jalan Poros Nomor 10\nTeladan 99211",
        telepon="(0998) 210 200",
        email="setda@teladan.example",
        zona_waktu=Pemda.ZonaWaktu.WITA,
        label_evaluator="Bagian Organisasi",
    )
    builder.ensure_logo(teladan, "KT", (20, 110, 60))
    builder.pejabat(
        teladan,
        jabatan="Bupati Teladan",
        nama="Ir. H. Baharuddin Lopa",
        nip="",
        jenis_jabatan=J.KEPALA_DAERAH,
        mulai=datetime.date(2025, 2, 20),
    )
    teladan_opd = builder.organisation(teladan, KABUPATEN_TELADAN_OPD)

    builder.user("superadmin", nama="Pengelola Aplikasi", superuser=True)
    builder.user("admin.contoh", role=Role.ADMIN_PEMDA, pemda=kota, nama="Yudi Prasetya, S.Kom.")
    builder.user(
        "perencana.dinkes", role=Role.PERENCANA, pemda=kota, opd=kota_opd["Dinkes"], nama="Anisa Rahmawati, S.K.M."
    )
    builder.user(
        "perencana.disdik", role=Role.PERENCANA, pemda=kota, opd=kota_opd["Disdik"], nama="Fajar Ramadhan, S.Pd."
    )
    builder.user(
        "kepala.dinkes",
        role=Role.KEPALA_OPD,
        pemda=kota,
        opd=kota_opd["Dinkes"],
        nama="dr. Ratna Kusumawardani, M.Kes.",
    )
    builder.user("evaluator.contoh", role=Role.EVALUATOR, pemda=kota, nama="Nur Aini, S.E., M.Ak.")
    builder.user("pimpinan.contoh", role=Role.PIMPINAN, pemda=kota, nama="H. Surya Atmaja, S.E., M.M.")
    builder.user("admin.teladan", role=Role.ADMIN_PEMDA, pemda=teladan, nama="Rizal Effendi, S.T.")
    builder.user(
        "perencana.teladan",
        role=Role.PERENCANA,
        pemda=teladan,
        opd=teladan_opd["Dinkes"],
        nama="Wa Ode Nurhaya, S.K.M.",
    )
    builder.user(
        "kepala.teladan", role=Role.KEPALA_OPD, pemda=teladan, opd=teladan_opd["Dinkes"], nama="dr. La Ode Hamka"
    )
    builder.user("evaluator.teladan", role=Role.EVALUATOR, pemda=teladan, nama="Marlina Tandi, S.Sos.")
    builder.user("pimpinan.teladan", role=Role.PIMPINAN, pemda=teladan, nama="Ir. H. Baharuddin Lopa")
    return builder.logins
