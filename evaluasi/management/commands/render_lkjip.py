"""Render an LKjIP to a PDF file, without the web server:

    python manage.py render_lkjip --opd DINKES --year 2025 --output lkjip-dinkes-2025.pdf
    python manage.py render_lkjip --pemda 99.71 --year 2025 --output lkjip-kota-2025.pdf

The report printed is the year's latest version: a final one exactly as frozen, a draft with the data
as it stands. Without any report yet, a draft is printed from the data alone (no narratives), and
nothing is stored. ``--opd`` takes the OPD's code; add ``--pemda`` when several pemda share it.
"""

from __future__ import annotations

import hashlib
import time
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluasi.lkjip_services import html_terkini
from evaluasi.models_lkjip import LaporanKinerja
from sakip.models import Pemda, PerangkatDaerah
from sakip.numbers import format_decimal


class Command(BaseCommand):
    help = "Cetak LKjIP perangkat daerah (--opd) atau pemda (--pemda) untuk satu tahun ke berkas PDF."

    def add_arguments(self, parser):
        parser.add_argument("--opd", help="Kode perangkat daerah (LKjIP perangkat daerah).")
        parser.add_argument("--pemda", help="Kode wilayah pemda (LKjIP pemda, atau untuk memilih OPD-nya).")
        parser.add_argument("--year", type=int, required=True, help="Tahun laporan.")
        parser.add_argument("--output", required=True, help="Berkas PDF yang ditulis.")

    def handle(self, *args, opd=None, pemda=None, year: int, output: str, **options):
        from evaluasi.lkjip_dokumen import cetak

        laporan = self._laporan(opd_kode=opd, pemda_kode=pemda, tahun=year)
        mulai = time.perf_counter()
        pdf, halaman = cetak(html_terkini(laporan))
        path = Path(output)
        try:
            path.write_bytes(pdf)
        except OSError as exc:
            raise CommandError(f"Tidak dapat menulis {path}: {exc.strerror}") from exc
        status = laporan.get_status_display().lower() if laporan.pk else "draf (belum disimpan)"
        self.stdout.write(
            f"{laporan.judul()}, versi {laporan.versi} ({status}): {halaman} halaman, "
            f"{format_decimal(len(pdf))} bita, {format_decimal(Decimal(time.perf_counter() - mulai), 2)} detik, "
            f"SHA-256 {hashlib.sha256(pdf).hexdigest()} -> {path}"
        )

    def _laporan(self, *, opd_kode: str | None, pemda_kode: str | None, tahun: int) -> LaporanKinerja:
        if not opd_kode and not pemda_kode:
            raise CommandError("Sebutkan --opd KODE atau --pemda KODE.")
        pemda = None
        if pemda_kode:
            pemda = Pemda.objects.filter(kode=pemda_kode).first()
            if pemda is None:
                raise CommandError(f"Pemda dengan kode {pemda_kode} tidak ada.")
        opd = None
        if opd_kode:
            candidates = PerangkatDaerah.objects.filter(kode=opd_kode).select_related("pemda")
            if pemda is not None:
                candidates = candidates.filter(pemda=pemda)
            found = list(candidates[:2])
            if not found:
                raise CommandError(f"Perangkat daerah dengan kode {opd_kode} tidak ada.")
            if len(found) > 1:
                raise CommandError(f"Kode {opd_kode} dipakai di beberapa pemda; tambahkan --pemda KODE.")
            opd = found[0]
            pemda = opd.pemda
        latest = (
            LaporanKinerja.objects.filter(pemda=pemda, opd=opd, tahun=tahun)
            .select_related("pemda", "opd")
            .order_by("-versi")
            .first()
        )
        return latest or LaporanKinerja(pemda=pemda, opd=opd, tahun=tahun)
