import json
import time
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, connections

from sakip import skala
from sakip.numbers import format_decimal


class Command(BaseCommand):
    help = (
        "Fill a database with national-scale fictional data (pemda with code prefix S.) for load and page "
        "tests; see sakip/skala.py. Every generated user has the password printed at the end."
    )

    def add_arguments(self, parser):
        default = skala.Ukuran()
        parser.add_argument("--pemda", type=int, default=default.pemda, help="Jumlah pemda (bawaan 20).")
        parser.add_argument("--opd", type=int, default=default.opd, help="Perangkat daerah per pemda (bawaan 40).")
        parser.add_argument("--indikator", type=int, default=default.indikator, help="Indikator per OPD (bawaan 25).")
        parser.add_argument("--tahun", type=int, default=default.tahun, help="Tahun dalam periode (bawaan 5).")
        parser.add_argument("--tahun-awal", type=int, default=default.tahun_awal, help="Tahun awal periode (2025).")
        parser.add_argument("--seed", type=int, default=default.seed, help="Benih acak; sama benih, sama data.")
        parser.add_argument("--database", default="default", help="Alias basis data (bawaan 'default').")
        parser.add_argument("--hapus", action="store_true", help="Hapus data skala sebelumnya (kode S.) dahulu.")
        parser.add_argument("--hapus-saja", action="store_true", help="Hanya hapus data skala, tanpa membuat baru.")
        parser.add_argument("--ya", action="store_true", help="Jalankan juga bila DEBUG mati.")
        parser.add_argument("--json", metavar="PATH", help="Tulis ringkasan yang dapat dibaca mesin ke berkas ini.")

    def handle(self, *args, **options):
        using = options["database"]
        if using not in connections:
            raise CommandError(f"Alias basis data '{using}' tidak dikenal.")
        if not settings.DEBUG and not options["ya"]:
            raise CommandError(
                "DEBUG mati: perintah ini menulis banyak data palsu dengan kata sandi yang diketahui. "
                "Tambahkan --ya bila memang dikehendaki."
            )
        try:
            ukuran = skala.Ukuran(
                pemda=options["pemda"],
                opd=options["opd"],
                indikator=options["indikator"],
                tahun=options["tahun"],
                tahun_awal=options["tahun_awal"],
                seed=options["seed"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        removed = {}
        if options["hapus"] or options["hapus_saja"]:
            start = time.perf_counter()
            try:
                removed = skala.hapus(using=using)
            except IntegrityError as exc:  # a table that sakip/skala.py does not know yet points at the data
                raise CommandError(
                    f"Data skala tidak dapat dihapus: tabel lain masih merujuknya ({exc}). "
                    "Tambahkan tabel itu ke sakip/skala.py (_scoped)."
                ) from exc
            seconds = format_decimal(Decimal(time.perf_counter() - start), 1)
            self.stdout.write(f"Data skala lama dihapus: {_angka(sum(removed.values()))} baris dalam {seconds} detik.")
            if options["hapus_saja"]:
                self._json(options["json"], {"removed": removed})
                return
        elif skala.scale_pemda(using).exists():
            raise CommandError("Data skala sudah ada di basis data ini; tambahkan --hapus untuk menggantinya.")

        self.stdout.write(
            f"Membuat {ukuran.pemda} pemda × {ukuran.opd} OPD × {ukuran.indikator} indikator × "
            f"{ukuran.tahun} tahun ({ukuran.years[0]}–{ukuran.years[-1]}) di basis data '{using}'..."
        )
        hasil = skala.generate(ukuran, using=using, progress=self.stdout.write)
        hasil.removed = removed

        width = max(len(label) for label in [*hasil.rows, "(commit: pemeriksaan foreign key)"])
        self.stdout.write("")
        self.stdout.write(f"{'tabel'.ljust(width)}  {'baris':>10}  {'detik':>7}")
        for label, rows in hasil.rows.items():
            seconds = format_decimal(Decimal(hasil.seconds[label]), 1)
            self.stdout.write(f"{label.ljust(width)}  {_angka(rows):>10}  {seconds:>7}")
        commit = format_decimal(Decimal(hasil.commit_seconds), 1)
        self.stdout.write(f"{'(commit: pemeriksaan foreign key)'.ljust(width)}  {'':>10}  {commit:>7}")
        total = format_decimal(Decimal(hasil.total_seconds), 1)
        self.stdout.write(f"{'jumlah'.ljust(width)}  {_angka(sum(hasil.rows.values())):>10}  {total:>7}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Selesai dalam {total} detik. Masuk sebagai admin.s001, evaluator.s001, pimpinan.s001, "
                f"perencana.s001.o001 atau kepala.s001.o001 dengan kata sandi {skala.PASSWORD}."
            )
        )
        self._json(options["json"], hasil.as_dict(ukuran))

    def _json(self, path: str | None, data: dict) -> None:
        if path:
            Path(path).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
            self.stdout.write(f"Ringkasan ditulis ke {path}")


def _angka(n: int) -> str:
    return format_decimal(Decimal(n), 0)
