"""`miftah backup [--to DIR] [--no-renditions]`: one archive of the database, media and data-folder settings, sealed
to MIFTAH_BACKUP_PUBLIC_KEY when it is set. `miftah backup keygen [--out FILE]` makes the newsroom's key pair.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from miftah.backup import crypto
from miftah.backup.archive import make_backup
from miftah.backup.errors import BackupError


class Command(BaseCommand):
    help = "ينشئ نسخة احتياطية من الموقع (Back up the site: database, media, settings in the data folder)."

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["keygen"],
                            help="keygen: write a new key pair (the private key stays with you, not on the server)")
        parser.add_argument("--to", help="folder for the archive (default MIFTAH_BACKUP_DIR, else the current folder)")
        parser.add_argument("--no-renditions", action="store_true",
                            help="leave out resized images (made again on demand after a restore)")
        parser.add_argument("--out", default="miftah-backup.key", help="keygen: where to write the private key")

    def handle(self, *args, action=None, to=None, no_renditions=False, out=None, **options):
        if action == "keygen":
            return self.keygen(Path(out))
        try:
            path = make_backup(to or settings.MIFTAH_BACKUP_DIR or ".", public_key=settings.MIFTAH_BACKUP_PUBLIC_KEY
                               or None, renditions=not no_renditions)
        except BackupError as error:
            raise CommandError(str(error)) from None
        except OSError as error:
            raise CommandError(f"تعذّرت كتابة النسخة الاحتياطية (cannot write the backup): {error}") from None
        sealed = "مشفّرة بمفتاح غرفة الأخبار" if settings.MIFTAH_BACKUP_PUBLIC_KEY else "غير مشفّرة (لا مفتاح عام)"
        self.stdout.write(f"{path}\nنسخة احتياطية {sealed} (backup written{'' if settings.MIFTAH_BACKUP_PUBLIC_KEY else ', not encrypted'})")

    def keygen(self, out):
        public_path = out.with_name(out.name + ".pub")
        if out.exists() or public_path.exists():
            raise CommandError(f"الملف {out} موجود ولن يُستبدل (will not overwrite {out})")
        private, public = crypto.new_key_pair()
        descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(private + "\n")
        public_path.write_text(public + "\n")
        self.stdout.write(
            f"المفتاح الخاص: {out} — احفظه بعيداً عن الخادم؛ بدونه لا تُستعاد النسخ المشفّرة.\n"
            f"(private key: {out} — keep it off the server; without it sealed backups cannot be restored)\n"
            f"ضع في بيئة الخادم (put in the server's environment):\nMIFTAH_BACKUP_PUBLIC_KEY={public}")
