import time

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from iku_manual.imports import UPLOAD_DIR


class Command(BaseCommand):
    help = "Delete Excel uploads that were never applied or cancelled (older than --jam hours)."

    def add_arguments(self, parser):
        parser.add_argument("--jam", type=int, default=24, help="Age in hours after which an upload is removed.")

    def handle(self, *args, jam: int, **options):
        limit = time.time() - jam * 3600
        removed = 0
        if default_storage.exists(UPLOAD_DIR):
            _dirs, files = default_storage.listdir(UPLOAD_DIR)
            for name in files:
                path = f"{UPLOAD_DIR}/{name}"
                if default_storage.get_modified_time(path).timestamp() < limit:
                    default_storage.delete(path)
                    removed += 1
        self.stdout.write(f"{removed} berkas impor lama dihapus.")
