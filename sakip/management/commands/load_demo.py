from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sakip import demo

# Each app adds its part of the demo here, in dependency order; each part's load() is idempotent.
DEMO_PARTS = [
    "sakip.demo",
    "iku_manual.demo",
    "perjanjian.demo",
    "evaluasi.demo",
    "evaluasi.demo_lkjip",
    "pemantauan.demo",
    "instruksi.demo",
    "notifikasi.demo",
]


class Command(BaseCommand):
    help = "Load the fictional demo pemda (Kota Contoh, Kabupaten Teladan) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even with DEBUG off (the demo users have a published password).",
        )

    def handle(self, *args, allow_production: bool = False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off: the demo creates users with a published password. "
                "Pass --allow-production to load it anyway."
            )
        with transaction.atomic():
            logins = []
            for part in DEMO_PARTS:
                logins.extend(import_module(part).load() or [])
        width = max(len(login.username) for login in logins)
        self.stdout.write(self.style.SUCCESS("Demo siap. Masuk di http://127.0.0.1:8000/ dengan:"))
        self.stdout.write(f"  {'nama pengguna'.ljust(width)}  kata sandi  peran (lingkup)")
        for login in logins:
            self.stdout.write(f"  {login.username.ljust(width)}  {demo.DEMO_PASSWORD}   {login.role} ({login.scope})")
