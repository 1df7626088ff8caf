"""`miftah run`: migrate, collect static files when needed, then serve production-style with granian (DEBUG off)."""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "يطبّق الترحيلات ثم يشغّل الموقع عبر granian وعاملاً للمهام في الخلفية (Migrate, then serve with granian and a worker)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=None,
                            help="Worker processes (default: 1 with the in-process cache, else the number of cores).")
        parser.add_argument("--threads", type=int, default=int(os.environ.get("MIFTAH_THREADS", "4")))
        parser.add_argument("--no-migrate", action="store_true")
        parser.add_argument("--no-worker", action="store_true",
                            help="Do not start a background worker beside the server (run `miftah worker` elsewhere).")

    def handle(self, *args, **options):
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        from miftah.core.site_address import sync_configured_site_address

        sync_configured_site_address()  # the Wagtail Site's address follows MIFTAH_BASE_URL, --no-migrate or not
        ensure_static_collected(self.stdout)
        workers = options["workers"] or default_workers()
        server = [
            sys.executable, "-m", "granian", "--interface", "wsgi", "miftah.wsgi:application",
            "--host", options["host"], "--port", str(options["port"]),
            "--workers", str(workers), "--blocking-threads", str(options["threads"]),
            "--no-ws", "--log-level", "warning",
        ]
        with_worker = not options["no_worker"] and settings.MIFTAH_TASKS != "immediate"
        self.stdout.write(f"Miftah يعمل على http://{options['host']}:{options['port']}/ (workers={workers}"
                          f"{', background worker' if with_worker else ''})")
        sys.stdout.flush()
        if not with_worker:
            os.execv(sys.executable, server)
        worker = [sys.executable, "-m", "miftah.cli", "worker"]
        workers = [worker]
        if settings.WAGTAILFRONTENDCACHE:
            # A proxy or CDN to purge (miftah.edge): its purges have their own queue, so that one never waits behind
            # the article pipeline; a second worker takes it, as miftah-worker-edge.service does in production.
            workers.append([*worker, "--queue", settings.MIFTAH_PURGE_QUEUE, "--interval", "0.1", "--no-periodic"])
        sys.exit(Supervisor(server, *workers).run())


class Supervisor:
    """The web server and the background workers as child processes of `miftah run`.

    SIGTERM or SIGINT stops them all (a worker finishes the task at hand); a worker that dies is started again after
    a short pause (its unfinished task is queued again by the next worker, see miftah.worker.housekeeping); when the
    server ends, the workers are stopped and `miftah run` exits with the server's status.
    """

    RESTART_DELAYS = (1, 2, 5, 10, 30)

    def __init__(self, server_command, *worker_commands):
        self.server_command = server_command
        self.worker_commands = worker_commands
        self.stopping = False

    def run(self):
        import signal
        import subprocess
        import time

        def stop(signum, frame):
            self.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        server = subprocess.Popen(self.server_command)
        workers = [subprocess.Popen(command) for command in self.worker_commands]
        restarts = [0] * len(workers)
        restart_at = [None] * len(workers)
        while not self.stopping and server.poll() is None:
            for index, worker in enumerate(workers):
                if worker is None and time.monotonic() >= restart_at[index]:
                    workers[index] = subprocess.Popen(self.worker_commands[index])
                elif worker is not None and worker.poll() is not None:
                    delay = self.RESTART_DELAYS[min(restarts[index], len(self.RESTART_DELAYS) - 1)]
                    sys.stderr.write(f"miftah run: the background worker ended (status {worker.returncode}); "
                                     f"starting it again in {delay}s\n")
                    restarts[index] += 1
                    restart_at[index], workers[index] = time.monotonic() + delay, None
            time.sleep(0.2)
        for child in (*workers, server):
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)
        status = 0
        for child in (*workers, server):
            if child is None:
                continue
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        if server.returncode not in (0, None, -signal.SIGTERM) and not self.stopping:
            status = server.returncode
        return status


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
