""" "Menunggu Anda": what waits for a user's action now, counted from the workflow's own state (not from
notifications, which may have been read or may predate the data). One entry per kind of work, with
how many and a link to the list page where it is done.

Serves the notification page and the dashboards (``{% include "notifikasi/_menunggu.html" with
antrian=... %}``). One query whatever the role and the data size: every count is an aggregate, and the
role's aggregates are read together (``sakip.sekaligus``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Aggregate, Count, F, Max, Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.urls import reverse
from django.utils.translation import gettext as _

from evaluasi.models import Evaluasi, Rekomendasi
from instruksi.models import Instruksi, Negosiasi, Tugas
from notifikasi.models import Notifikasi
from perjanjian.models import PerjanjianKinerja, Realisasi
from sakip import sekaligus
from sakip.models import Role, User

Jenis = Notifikasi.Jenis


@dataclass(frozen=True)
class Antrian:
    """One kind of work waiting: "3 PK menunggu penetapan Anda" with the page to act on it."""

    judul: str
    jumlah: int
    tautan: str
    jenis: str = Jenis.MENUNGGU
    ikon: str = "hourglass-split"


def tautan(name: str, *, args: list | None = None, query: dict | None = None) -> str:
    """The URL of a named page, with its filters."""
    url = reverse(name, args=args)
    if query:
        url = f"{url}?{urlencode(query)}"
    return url


def menunggu(user: User, pemda) -> list[Antrian]:
    """What waits for ``user`` in ``pemda`` (a Pemda or its id), by role; only kinds with something
    waiting. An empty list for anonymous or inactive users and outside the user's own pemda. One
    query: every kind's aggregates are read together (``sakip.sekaligus``)."""
    pemda_id = getattr(pemda, "pk", pemda)
    if pemda_id is None or not user.is_authenticated or not user.is_active:
        return []
    kinds = _jenis(user, pemda_id)
    found = sekaligus.baca(pemda_id, {str(n): (kind.queryset, kind.agregat) for n, kind in enumerate(kinds)})
    return [item for n, kind in enumerate(kinds) for item in kind.buat(found[str(n)])]


@dataclass(frozen=True)
class Hitungan:
    """One kind of work as the query sees it: the rows, the aggregates read of them, and how those
    values become entries (none when nothing waits)."""

    queryset: QuerySet
    agregat: dict[str, Aggregate]
    buat: Callable[[dict], list[Antrian]]


def _jenis(user: User, pemda_id: int) -> list[Hitungan]:
    if user.is_superuser:
        return _evaluator(user, pemda_id) + _pimpinan(pemda_id)
    if user.pemda_id != pemda_id:
        return []
    if user.role == Role.PERENCANA and user.opd_id:
        return [_pk_dikembalikan(user.opd_id), _realisasi_dikembalikan(user.opd_id), *_opd(user.opd_id)]
    if user.role == Role.KEPALA_OPD and user.opd_id:
        return [_pk_diajukan(user), *_opd(user.opd_id)]
    if user.role == Role.EVALUATOR:
        return _evaluator(user, pemda_id)
    if user.role == Role.PIMPINAN:
        return _pimpinan(pemda_id)
    if user.role == Role.ADMIN_PEMDA:
        return _admin(pemda_id)
    return []


def _jumlah(queryset: QuerySet, buat: Callable[[int], list[Antrian]]) -> Hitungan:
    """A kind that only counts: ``buat`` gets the count, and is not called at zero."""
    return Hitungan(queryset, {"n": Count("pk")}, lambda found: buat(found["n"]) if found["n"] else [])


# --- Perjanjian Kinerja and realisations ----------------------------------------------------------


def _pk_link(found: dict, opd_id: int) -> str:
    """One agreement: its page; several: the OPD's list."""
    if found["n"] == 1:
        return tautan("perjanjian:pk_detail", args=[found["pertama"]])
    return tautan("perjanjian:pk_list", query={"opd": opd_id})


def _pk(queryset: QuerySet, opd_id: int, judul: str, jenis: str, ikon: str) -> Hitungan:
    def buat(found: dict) -> list[Antrian]:
        return [Antrian(judul, found["n"], _pk_link(found, opd_id), jenis, ikon)] if found["n"] else []

    return Hitungan(queryset, {"n": Count("pk"), "pertama": Min("pk")}, buat)


def _pk_dikembalikan(opd_id: int) -> Hitungan:
    return _pk(
        PerjanjianKinerja.objects.filter(opd_id=opd_id, status=PerjanjianKinerja.Status.DIKEMBALIKAN),
        opd_id,
        _("Perjanjian Kinerja dikembalikan untuk diperbaiki"),
        Jenis.DIKEMBALIKAN,
        "arrow-return-left",
    )


def _pk_diajukan(user: User) -> Hitungan:
    """Agreements of the head's OPD waiting for approval; not those the head submitted (another
    approves them: ``pk_approve`` refuses the submitter)."""
    return _pk(
        PerjanjianKinerja.objects.filter(opd_id=user.opd_id, status=PerjanjianKinerja.Status.DIAJUKAN).exclude(
            diajukan_oleh_id=user.pk
        ),
        user.opd_id,
        _("Perjanjian Kinerja menunggu penetapan Anda"),
        Jenis.MENUNGGU,
        "file-earmark-check",
    )


def _realisasi_dikembalikan(opd_id: int) -> Hitungan:
    """Returned realisations, linked to their quarter's entry page (the latest quarter when several)."""

    def buat(found: dict) -> list[Antrian]:
        if not found["n"]:
            return []
        if found["n"] == 1:
            link = tautan("perjanjian:realisasi_detail", args=[found["pertama"]])
        else:
            tahun, triwulan = divmod(found["terakhir"], 10)
            link = tautan("perjanjian:realisasi_triwulan", args=[opd_id, tahun, triwulan])
        return [
            Antrian(_("Realisasi dikembalikan evaluator"), found["n"], link, Jenis.DIKEMBALIKAN, "arrow-return-left")
        ]

    return Hitungan(
        Realisasi.objects.filter(opd_id=opd_id, status=Realisasi.Status.DIKEMBALIKAN),
        # The latest quarter as one number (2026 * 10 + 3), so one aggregate finds it.
        {"n": Count("pk"), "pertama": Min("pk"), "terakhir": Max(F("tahun") * 10 + F("triwulan"))},
        buat,
    )


# --- Recommendations and instructions of an OPD ---------------------------------------------------


def _rekomendasi_link(n: int, pertama: int, tahun: int, status: str) -> str:
    """One recommendation: its page; several: the monitoring page of the latest due year, filtered to
    the status (earlier ones carry over there)."""
    if n == 1:
        return tautan("evaluasi:rekomendasi_detail", args=[pertama])
    return tautan("evaluasi:rekomendasi_pantau", query={"tahun": tahun, "status": status})


def _rekomendasi(scope: Q) -> Hitungan:
    """Recommendations of final evaluations to follow up: open ones, and those whose follow-up came
    back. Linked to the monitoring page of the latest due year (earlier open ones carry over there)."""
    Status = Rekomendasi.Status
    terbuka, dibuka = Q(status=Status.TERBUKA), Q(status=Status.DIBUKA_KEMBALI)

    def buat(found: dict) -> list[Antrian]:
        items = []
        for key, status, judul, jenis, ikon in (
            ("terbuka", Status.TERBUKA, _("Rekomendasi evaluasi yang harus ditindaklanjuti"), Jenis.MENUNGGU, "flag"),
            (
                "dibuka",
                Status.DIBUKA_KEMBALI,
                _("Tindak lanjut rekomendasi dikembalikan evaluator"),
                Jenis.DIKEMBALIKAN,
                "arrow-return-left",
            ),
        ):
            n = found[key]
            if not n:
                continue
            link = _rekomendasi_link(n, found[f"{key}_pertama"], found[f"{key}_tahun"], status)
            items.append(Antrian(judul, n, link, jenis, ikon))
        return items

    return Hitungan(
        Rekomendasi.objects.filter(scope, evaluasi__status=Evaluasi.Status.FINAL),
        {
            "terbuka": Count("pk", filter=terbuka),
            "terbuka_tahun": Max(ExtractYear("batas_waktu"), filter=terbuka),
            "terbuka_pertama": Min("pk", filter=terbuka),
            "dibuka": Count("pk", filter=dibuka),
            "dibuka_tahun": Max(ExtractYear("batas_waktu"), filter=dibuka),
            "dibuka_pertama": Min("pk", filter=dibuka),
        },
        buat,
    )


def _tugas_ikp(opd_id: int) -> Hitungan:
    judul = _("Tugas Instruksi Khusus Pimpinan yang berjalan")
    return _jumlah(
        Tugas.objects.filter(
            opd_id=opd_id,
            instruksi__status=Instruksi.Status.DITERBITKAN,
            status__in=[Tugas.Status.BERJALAN, Tugas.Status.NEGOSIASI],
        ),
        lambda n: [Antrian(judul, n, tautan("instruksi:daftar"), ikon="megaphone")],
    )


def _opd(opd_id: int) -> list[Hitungan]:
    return [_rekomendasi(Q(evaluasi__opd_id=opd_id)), _tugas_ikp(opd_id)]


# --- Pemda-wide roles ----------------------------------------------------------------------------


def _evaluator(user: User, pemda_id: int) -> list[Hitungan]:
    realisasi = _jumlah(
        Realisasi.objects.filter(opd__pemda_id=pemda_id, status=Realisasi.Status.DIAJUKAN).exclude(
            diajukan_oleh_id=user.pk
        ),
        lambda n: [Antrian(_("Realisasi menunggu verifikasi"), n, tautan("perjanjian:verifikasi"), ikon="patch-check")],
    )

    def tindak_lanjut(found: dict) -> list[Antrian]:
        if not found["n"]:
            return []
        link = _rekomendasi_link(found["n"], found["pertama"], found["tahun"], Rekomendasi.Status.DITANGGAPI)
        return [Antrian(_("Tindak lanjut menunggu penilaian"), found["n"], link, ikon="clipboard-check")]

    def penilaian(found: dict) -> list[Antrian]:
        if not found["n"]:
            return []
        link = tautan("evaluasi:evaluasi_list", query={"tahun": found["tahun"]})
        return [Antrian(_("Evaluasi dalam penilaian"), found["n"], link, ikon="clipboard-data")]

    return [
        realisasi,
        Hitungan(
            Rekomendasi.objects.filter(evaluasi__pemda_id=pemda_id, status=Rekomendasi.Status.DITANGGAPI),
            {"n": Count("pk"), "tahun": Max(ExtractYear("batas_waktu")), "pertama": Min("pk")},
            tindak_lanjut,
        ),
        Hitungan(
            Evaluasi.objects.filter(pemda_id=pemda_id, status=Evaluasi.Status.PENILAIAN),
            {"n": Count("pk"), "tahun": Max("tahun")},
            penilaian,
        ),
    ]


def _pimpinan(pemda_id: int) -> list[Hitungan]:
    """Proposals waiting for the leader's decision, only while their task is still in negotiation (a
    task closed meanwhile leaves nothing to decide)."""
    judul = _("Usulan negosiasi target IKP menunggu keputusan")
    return [
        _jumlah(
            Negosiasi.objects.filter(
                status=Negosiasi.Status.MENUNGGU,
                tugas__status=Tugas.Status.NEGOSIASI,
                tugas__instruksi__pemda_id=pemda_id,
                tugas__instruksi__status=Instruksi.Status.DITERBITKAN,
            ),
            lambda n: [Antrian(judul, n, tautan("instruksi:daftar"), ikon="chat-left-dots")],
        )
    ]


def _admin(pemda_id: int) -> list[Hitungan]:
    """The pemda-wide evaluation's recommendations (the Admin Pemda follows them up) and instruction
    drafts not yet issued."""
    judul = _("Draf Instruksi Khusus Pimpinan belum diterbitkan")
    return [
        _rekomendasi(Q(evaluasi__pemda_id=pemda_id, evaluasi__opd__isnull=True)),
        _jumlah(
            Instruksi.objects.filter(pemda_id=pemda_id, status=Instruksi.Status.DRAF),
            lambda n: [Antrian(judul, n, tautan("instruksi:daftar"))],
        ),
    ]
