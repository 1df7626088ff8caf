"""`miftah restore FILE [--key PRIVATE_KEY_FILE] [--force]`: put a backup in place of this install's site.

Meant for an empty install (a new data folder or an empty database, before or after `migrate`); a site with content
is replaced only with --force. The archive is read and checked in full before anything is touched.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from miftah.backup.archive import restore_backup
from miftah.backup.errors import BackupError


class Command(BaseCommand):
    help = "يستعيد الموقع من نسخة احتياطية (Restore the site from a backup archive)."
    requires_system_checks = []  # the database may be empty: nothing to check yet

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the backup file (.tar or .tar.sealed)")
        parser.add_argument("--key", help="file with the private key, for a sealed backup")
        parser.add_argument("--force", action="store_true", help="replace a site that is not empty")

    def handle(self, *args, archive, key=None, force=False, **options):
        try:
            key_text = Path(key).read_text() if key else None
        except OSError as error:
            raise CommandError(f"تعذّرت قراءة ملف المفتاح (cannot read the key file): {error}") from None
        try:
            manifest = restore_backup(archive, key_text=key_text, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        counts = manifest["counts"]
        self.stdout.write(
            f"استُعيد الموقع من نسخة {manifest['created']} — الصفحات: {counts['pages']}، المستخدمون: {counts['users']}، "
            f"الصور: {counts['images']}، المستندات: {counts['documents']}\n(restored the backup of {manifest['created']})")
        from django.conf import settings

        if getattr(settings, "OPENSEARCH_URL", None):
            self.stdout.write("OpenSearch: شغّل miftah reindex لبناء الفهرس (run `miftah reindex`)")
