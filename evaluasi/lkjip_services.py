"""Workflows of the LKjIP document (``evaluasi/models_lkjip.py``): start a draft, save its narratives
and the review statement, finalise it (freezing the rendered document), issue a new version with a
reason; and its PDF: rendered in the background, cached under the fingerprint of its HTML.

Rendering runs as the Celery task ``evaluasi.tasks.render_lkjip``: through the Redis broker when
``CELERY_BROKER_URL`` is set, otherwise in the web process, in a thread of its own (``Task.apply``,
no queue), so a request never waits for WeasyPrint.
"""

from __future__ import annotations

import hashlib
import io
import logging
import threading
import time
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from evaluasi.models_lkjip import NARASI_FIELDS, BerkasLkjip, LaporanKinerja
from perjanjian.models import PerjanjianKinerja
from sakip.history import refuse_stale
from sakip.models import Pemda, PerangkatDaerah, User

logger = logging.getLogger(__name__)

Status = LaporanKinerja.Status
# A render still "running" after this long was lost (the process stopped): it may be asked again.
RENDER_HILANG = timedelta(minutes=15)


def sidik(html: str) -> str:
    """The fingerprint a rendered PDF is cached under: the SHA-256 of the HTML it prints."""
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


# --- The document --------------------------------------------------------------------------------


def _terkunci(laporan: LaporanKinerja) -> None:
    if laporan.final:
        raise ValidationError(_("LKjIP ini sudah final dan tidak dapat diubah; terbitkan versi baru."))


@transaction.atomic
def laporan_buat(*, pemda: Pemda, opd: PerangkatDaerah | None, tahun: int, oleh: User) -> LaporanKinerja:
    """The year's draft, started empty (its numbers come from the data); the existing draft or
    latest version when there is one already, so a double click creates nothing twice."""
    if opd is not None and opd.pemda_id != pemda.pk:
        raise ValidationError(_("Perangkat daerah tidak termasuk pemda ini."))
    # Serialise concurrent starts of the same report on the pemda row.
    Pemda.objects.select_for_update().filter(pk=pemda.pk).first()
    existing = LaporanKinerja.objects.filter(pemda=pemda, opd=opd, tahun=tahun).order_by("-versi").first()
    if existing is not None:
        return existing
    laporan = LaporanKinerja(pemda=pemda, opd=opd, tahun=tahun, dibuat_oleh=oleh)
    laporan._history_user = oleh
    try:
        with transaction.atomic():
            laporan.save()
    except IntegrityError:
        # A concurrent start won (SQLite has no row locks): theirs is the report.
        return LaporanKinerja.objects.filter(pemda=pemda, opd=opd, tahun=tahun).order_by("-versi").first()
    return laporan


def _kunci(laporan: LaporanKinerja) -> LaporanKinerja:
    return LaporanKinerja.objects.select_for_update(of=("self",)).select_related("pemda", "opd").get(pk=laporan.pk)


@transaction.atomic
def laporan_simpan(
    *, laporan: LaporanKinerja, narasi: dict[str, str], narasi_sasaran: dict[str, str], versi: int | None, oleh: User
) -> LaporanKinerja:
    """Save the narratives of a draft. ``versi``: the version the page showed (a stale save is
    refused, naming who saved meanwhile)."""
    laporan = _kunci(laporan)
    _terkunci(laporan)
    refuse_stale(laporan, versi, _("LKjIP ini"))
    for name in NARASI_FIELDS:
        setattr(laporan, name, narasi.get(name, "").strip())
    # Only the sasaran on the form change: analyses of sasaran not in this year's agreements (a PK
    # being re-issued) are kept, not silently dropped.
    merged = {**laporan.narasi_sasaran, **{key: text.strip() for key, text in narasi_sasaran.items()}}
    laporan.narasi_sasaran = {key: text for key, text in merged.items() if text}
    laporan._change_reason = "Narasi disimpan"
    laporan._history_user = oleh
    laporan.save()
    return laporan


@transaction.atomic
def reviu_simpan(
    *,
    laporan: LaporanKinerja,
    tanggal: date | None,
    nama: str,
    nip: str,
    jabatan: str,
    versi: int | None,
    oleh: User,
) -> LaporanKinerja:
    """Record (or clear, with everything empty) the APIP's "pernyataan telah direviu"."""
    laporan = _kunci(laporan)
    _terkunci(laporan)
    refuse_stale(laporan, versi, _("LKjIP ini"))
    laporan.reviu_tanggal, laporan.reviu_nama, laporan.reviu_nip, laporan.reviu_jabatan = tanggal, nama, nip, jabatan
    laporan._change_reason = "Pernyataan telah direviu dicatat"
    laporan._history_user = oleh
    laporan.save()
    return laporan


def _ada_pk(laporan: LaporanKinerja) -> bool:
    agreements = PerjanjianKinerja.objects.filter(tahun=laporan.tahun, status=PerjanjianKinerja.Status.DITETAPKAN)
    if laporan.opd_id:
        return agreements.filter(opd_id=laporan.opd_id).exists()
    return agreements.filter(opd__pemda_id=laporan.pemda_id).exists()


@transaction.atomic
def laporan_finalkan(*, laporan: LaporanKinerja, oleh: User, cetak: bool = True) -> BerkasLkjip | None:
    """Freeze the report: the document as rendered now (body for the page, HTML for the PDF) and its
    fingerprint. Later changes to the data or the narratives do not change it. Its PDF renders in the
    background; its SHA-256 is stored with the report when done. ``cetak=False`` (the demo data)
    leaves the printing to the first download."""
    from evaluasi.lkjip_dokumen import dokumen_html, isi_html

    laporan = _kunci(laporan)
    _terkunci(laporan)
    if not _ada_pk(laporan):
        raise ValidationError(
            _("Belum ada Perjanjian Kinerja yang ditetapkan untuk tahun %(tahun)s; LKjIP belum dapat difinalkan.")
            % {"tahun": laporan.tahun}
        )
    # Rendered as final (no draft marks), then stored: the model refuses any save after this one.
    laporan.status = Status.FINAL
    laporan.difinalkan_oleh = oleh
    laporan.difinalkan_pada = timezone.now()
    laporan.isi_beku = isi_html(laporan)
    laporan.html_beku = dokumen_html(laporan, laporan.isi_beku)
    laporan.sidik_beku = sidik(laporan.html_beku)
    laporan._change_reason = "Difinalkan"
    laporan._history_user = oleh
    laporan.save()  # the lock reads the stored row, still a draft
    return _siapkan(laporan, laporan.html_beku) if cetak else None


@transaction.atomic
def laporan_versi_baru(*, laporan: LaporanKinerja, alasan: str, oleh: User) -> LaporanKinerja:
    """A new draft after a final version (a correction of the data or of the text), with its reason.
    Narratives carry over; the review statement does not (the new version is reviewed again)."""
    laporan = _kunci(laporan)
    if not laporan.final:
        raise ValidationError(_("Versi baru hanya dapat diterbitkan dari LKjIP yang sudah final."))
    if not alasan.strip():
        raise ValidationError(_("Tuliskan alasan penerbitan versi baru."))
    terakhir = LaporanKinerja.objects.filter(pemda=laporan.pemda, opd=laporan.opd, tahun=laporan.tahun)
    if terakhir.filter(versi__gt=laporan.versi).exists():
        raise ValidationError(_("Sudah ada versi yang lebih baru dari LKjIP ini."))
    baru = LaporanKinerja(
        pemda=laporan.pemda,
        opd=laporan.opd,
        tahun=laporan.tahun,
        versi=laporan.versi + 1,
        alasan_versi=alasan.strip(),
        dibuat_oleh=oleh,
        narasi_sasaran=dict(laporan.narasi_sasaran),
        **{name: getattr(laporan, name) for name in NARASI_FIELDS},
    )
    baru._change_reason = f"Versi baru: {alasan.strip()}"
    baru._history_user = oleh
    try:
        with transaction.atomic():
            baru.save()
    except IntegrityError as exc:
        raise ValidationError(_("Sudah ada versi yang lebih baru dari LKjIP ini.")) from exc
    return baru


# --- The PDF -------------------------------------------------------------------------------------


def html_terkini(laporan: LaporanKinerja, isi: str | None = None) -> str:
    """The printable document as it stands: frozen when final, from the data now when a draft."""
    from evaluasi.lkjip_dokumen import dokumen_html, isi_html

    if laporan.final:
        return laporan.html_beku
    return dokumen_html(laporan, isi if isi is not None else isi_html(laporan))


def berkas_terkini(laporan: LaporanKinerja, html: str | None = None) -> BerkasLkjip | None:
    """The rendering of the report as it stands, if one was asked for (ready, running or failed)."""
    key = laporan.sidik_beku if laporan.final else sidik(html if html is not None else html_terkini(laporan))
    return BerkasLkjip.objects.filter(laporan=laporan, sidik=key).first()


def pdf_siapkan(laporan: LaporanKinerja, html: str | None = None, *, ulang: bool = True) -> BerkasLkjip:
    """The current PDF of the report: the cached one when its HTML has not changed, otherwise a
    render is started in the background. The caller shows its progress (``berkas.progres``).
    ``ulang=False`` (a download link, a GET) does not retry a render that failed: only the button does."""
    return _siapkan(laporan, html if html is not None else html_terkini(laporan), ulang=ulang)


def _siapkan(laporan: LaporanKinerja, html: str, *, ulang: bool = True) -> BerkasLkjip:
    key = sidik(html)
    with transaction.atomic():
        berkas, created = BerkasLkjip.objects.select_for_update().get_or_create(
            laporan=laporan, sidik=key, defaults={"html": html}
        )
        lost = berkas.berjalan and berkas.dibuat_pada < timezone.now() - RENDER_HILANG
        # A file lost from storage (a restore without media, say) prints again.
        missing = berkas.status == BerkasLkjip.Status.SELESAI and not (
            berkas.berkas and berkas.berkas.storage.exists(berkas.berkas.name)
        )
        if (ulang and berkas.status == BerkasLkjip.Status.GAGAL) or lost or missing:
            berkas.status, berkas.progres, berkas.pesan = BerkasLkjip.Status.ANTRI, 0, ""
            berkas.dibuat_pada = timezone.now()
            berkas.save(update_fields=["status", "progres", "pesan", "dibuat_pada"])
            created = True
        if created:
            kirim(berkas.pk)
    return berkas


def kirim(berkas_id: int) -> None:
    """Start the render once the transaction that asked for it has committed."""
    transaction.on_commit(lambda: _jalankan(berkas_id))


def _jalankan(berkas_id: int) -> None:
    from evaluasi.tasks import render_lkjip

    if settings.CELERY_BROKER_URL:
        try:
            render_lkjip.delay(berkas_id)
        except Exception as exc:  # noqa: BLE001 - the broker is down: say so on the page, don't fail the request
            logger.exception("LKjIP render %s could not be queued", berkas_id)
            BerkasLkjip.objects.filter(pk=berkas_id).update(
                status=BerkasLkjip.Status.GAGAL, pesan=_("Antrean cetak tidak dapat dihubungi: %(err)s") % {"err": exc}
            )
    elif settings.LKJIP_RENDER_LOKAL == "inline":
        render_lkjip.apply(args=(berkas_id,))
    else:
        threading.Thread(target=_di_thread, args=(berkas_id,), name=f"lkjip-{berkas_id}", daemon=True).start()


# Without a broker, at most this many reports print at once in the web process; others wait their turn.
_CETAK_SERENTAK = threading.BoundedSemaphore(2)


def _di_thread(berkas_id: int) -> None:
    from evaluasi.tasks import render_lkjip

    try:
        with _CETAK_SERENTAK:
            render_lkjip.apply(args=(berkas_id,))
    finally:
        # The thread's own database connections are not closed by any request cycle.
        connections.close_all()


def render(berkas_id: int) -> None:
    """The body of the task: print the saved HTML, store the PDF, its SHA-256 and page count; on a
    final report's own rendering, record the SHA-256 on the report; drop the report's older draft
    renderings (each stands for data that no longer exists)."""
    from evaluasi.lkjip_dokumen import cetak

    berkas = BerkasLkjip.objects.select_related("laporan").filter(pk=berkas_id).first()
    if berkas is None or berkas.siap:
        return
    rows = BerkasLkjip.objects.filter(pk=berkas.pk)
    # Claimed once: a task sent twice (a lost render asked again) prints once.
    if not rows.filter(status=BerkasLkjip.Status.ANTRI).update(status=BerkasLkjip.Status.PROSES, progres=10):
        return
    mulai = time.perf_counter()
    try:
        pdf, halaman = cetak(berkas.html, progres=lambda nilai: rows.update(progres=nilai))
    except Exception as exc:  # noqa: BLE001 - any failure is reported on the page, then logged
        logger.exception("LKjIP %s could not be rendered", berkas.laporan_id)
        rows.update(status=BerkasLkjip.Status.GAGAL, pesan=str(exc)[:500])
        return
    berkas.berkas.save(berkas.laporan.nama_berkas(), ContentFile(pdf), save=False)
    rows.update(
        berkas=berkas.berkas.name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        halaman=halaman,
        ukuran=len(pdf),
        durasi_ms=int((time.perf_counter() - mulai) * 1000),
        status=BerkasLkjip.Status.SELESAI,
        progres=100,
        selesai_pada=timezone.now(),
    )
    laporan = berkas.laporan
    if laporan.final and laporan.sidik_beku == berkas.sidik:
        # The first print's fingerprint is the one published; a later reprint (a lost file, a newer
        # WeasyPrint) keeps it.
        LaporanKinerja.objects.filter(pk=laporan.pk, pdf_sha256="").update(pdf_sha256=hashlib.sha256(pdf).hexdigest())
    _buang_lama(laporan, keep=berkas.pk)


def _buang_lama(laporan: LaporanKinerja, *, keep: int) -> None:
    old = BerkasLkjip.objects.filter(laporan=laporan, pk__lt=keep).exclude(sidik=laporan.sidik_beku)
    for item in old.exclude(status__in=[BerkasLkjip.Status.ANTRI, BerkasLkjip.Status.PROSES]):
        if item.berkas:
            item.berkas.delete(save=False)
        item.delete()


# --- Several reports -----------------------------------------------------------------------------


def laporan_terakhir(queryset) -> tuple[list[LaporanKinerja], dict[tuple, LaporanKinerja]]:
    """The latest version of each report (per OPD or pemda and year) in ``queryset``, and the latest
    final version of each, keyed by (pemda, OPD, year): while version 2 is being written, version 1
    is still the report in force. One query."""
    latest: dict[tuple, LaporanKinerja] = {}
    final: dict[tuple, LaporanKinerja] = {}
    for item in queryset.select_related("pemda", "opd").order_by("pemda_id", "opd_id", "tahun", "versi"):
        key = (item.pemda_id, item.opd_id, item.tahun)
        latest[key] = item
        if item.final:
            final[key] = item
    return list(latest.values()), final


def berkas_siap(laporan: list[LaporanKinerja]) -> dict[int, BerkasLkjip]:
    """The newest ready PDF of each report (for a final one: its own). One query."""
    hasil: dict[int, BerkasLkjip] = {}
    by_pk = {item.pk: item for item in laporan}
    for berkas in (
        BerkasLkjip.objects.filter(laporan_id__in=by_pk, status=BerkasLkjip.Status.SELESAI)
        .exclude(berkas="")
        .defer("html")
        .order_by("selesai_pada", "pk")
    ):
        report = by_pk[berkas.laporan_id]
        if report.final and berkas.sidik != report.sidik_beku:
            continue
        hasil[berkas.laporan_id] = berkas
    return hasil


def zip_lkjip(laporan: list[LaporanKinerja], siap: dict[int, BerkasLkjip]) -> bytes:
    """Every listed report's PDF in one ZIP, with DAFTAR.txt saying what each file is: a final
    version, or a draft printed at a time its data may since have changed."""
    buffer = io.BytesIO()
    daftar = [_("Laporan Kinerja Instansi Pemerintah (LKjIP)"), ""]
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in laporan:
            berkas = siap.get(item.pk)
            nama = item.opd.nama if item.opd_id else item.pemda.nama_lengkap
            if berkas is None:
                daftar.append(_("%(nama)s: PDF belum dicetak") % {"nama": nama})
                continue
            try:
                with berkas.berkas.open("rb") as handle:
                    archive.writestr(item.nama_berkas(), handle.read())
            except FileNotFoundError:
                daftar.append(
                    _("%(nama)s: berkas PDF hilang dari penyimpanan; cetak ulang dari halamannya") % {"nama": nama}
                )
                continue
            waktu = timezone.localtime(berkas.selesai_pada).strftime("%d-%m-%Y %H.%M") if berkas.selesai_pada else ""
            if item.final:
                keterangan = _("final, versi %(versi)s, SHA-256 %(sha)s") % {"versi": item.versi, "sha": berkas.sha256}
            else:
                keterangan = _("draf, dicetak %(waktu)s; datanya mungkin sudah berubah") % {"waktu": waktu}
            daftar.append(f"{item.nama_berkas()}: {nama} ({keterangan})")
        archive.writestr("DAFTAR.txt", "\n".join(daftar) + "\n")
    return buffer.getvalue()
