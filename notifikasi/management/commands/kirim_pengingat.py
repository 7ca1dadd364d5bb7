import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifikasi.pengingat import kirim_pengingat


class Command(BaseCommand):
    help = (
        "Send deadline reminders (recommendation follow-ups, IKP tasks, quarterly realisation entry): "
        "approaching at 7 and 1 day(s), passed once; close IKP tasks past their deadline; retry the e-mail "
        "of recent notifications that did not go out. Idempotent; run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--tanggal", help="Run as if today were this date (YYYY-MM-DD, not after today); default: today."
        )
        parser.add_argument(
            "--coba",
            action="store_true",
            help="Dry run: count what would be sent, closed and mailed again; create, close and send nothing.",
        )

    def handle(self, *args, tanggal: str | None = None, coba: bool = False, **options):
        today = timezone.localdate()
        if tanggal:
            try:
                hari = datetime.date.fromisoformat(tanggal)
            except ValueError as exc:
                raise CommandError(f"Tanggal tidak sah: {tanggal!r}; tulis sebagai YYYY-MM-DD.") from exc
            if hari > today:
                raise CommandError(
                    f"Tanggal {hari.isoformat()} belum tiba (hari ini {today.isoformat()}): pengingat dan penutupan "
                    "tugas IKP tidak dijalankan untuk tanggal mendatang."
                )
            today = hari
        hasil = kirim_pengingat(today, coba=coba)
        self.stdout.write(hasil.ringkasan())
