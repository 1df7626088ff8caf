"""`miftah run`: migrate, collect static files when needed, then serve production-style with granian (DEBUG off)."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "يطبّق الترحيلات ثم يشغّل الموقع عبر granian (Migrate, then serve with granian)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (default: 1 with the in-process cache, else the number of cores).")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("MIFTAH_THREADS", "4")))
        parser.add_argument("--no-migrate", action="store_true")

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        from miftah.core.site_address import sync_configured_site_address

        sync_configured_site_address()  # the Wagtail Site's address follows MIFTAH_BASE_URL, --no-migrate or not
        ensure_static_collected(self.stdout)
        workers = options["workers"] or default_workers()
        granian_args = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "miftah.wsgi:application",
            "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(workers), "--blocking-threads", str(options["threads"]),
            "--no-ws", "--log-level", "warning",
        ]
        self.stdout.write(f"Miftah يعمل على http://{options['host']}:{options['port']}/ (workers={workers})")
        sys.stdout.flush()
        os.execv(sys.executable, granian_args)


def default_workers():
    # The in-process cache lives in one process: more workers would each keep their own copy of the page cache.
    if "locmem" in settings.CACHES["default"]["BACKEND"].lower():
        return 1
    return max(1, os.cpu_count() or 1)


def static_fingerprint():
    """A digest of every static source file's path, size and mtime: cheap to compute, changes on any upgrade or edit."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(["CVS", ".*", "*~"]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def ensure_static_collected(stdout):
    """Collect (hash and compress) static files when they changed since the last start; compression takes a minute."""
    stamp = settings.STATIC_ROOT / ".miftah-fingerprint"
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint and (settings.STATIC_ROOT / "staticfiles.json").exists():
        return
    stdout.write("جمع الملفات الثابتة وضغطها (مرة واحدة بعد كل تحديث)… Collecting static files…")
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
