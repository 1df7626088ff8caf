"""Periodic jobs, declared like Django's sitemaps: a small class with an interval and a `run()`.

Every worker process ticks them from a thread; a job runs on at most one worker per period (the lease in
`PeriodicRun`). Later features add their own jobs with `register(job)` (newsletters, analytics roll-up, …).
"""

import io
import logging
from datetime import timedelta

from django.core.management import call_command
from django.db import close_old_connections
from django.utils import timezone

from .models import PeriodicRun

logger = logging.getLogger(__name__)


class PeriodicJob:
    name = None
    every = timedelta(minutes=1)

    def run(self):
        raise NotImplementedError

    def claim(self, now=None):
        """True when this process got the job for the current period (one conditional UPDATE, any database)."""
        now = now or timezone.now()
        PeriodicRun.objects.get_or_create(name=self.name, defaults={"due_at": now})
        return bool(PeriodicRun.objects.filter(name=self.name, due_at__lte=now).update(
            due_at=now + self.every, last_started_at=now))

    def tick(self):
        if not self.claim():
            return False
        error = ""
        try:
            self.run()
        except Exception as exc:  # noqa: BLE001 - a periodic job must never stop the worker
            logger.exception("periodic job %s failed", self.name)
            error = repr(exc)[:2000]
        finally:
            PeriodicRun.objects.filter(name=self.name).update(last_finished_at=timezone.now(), last_error=error)
            close_old_connections()
        return True


class PublishScheduled(PeriodicJob):
    """Wagtail's scheduled publishing ("go live at") and expiry ("expire at")."""

    name = "publish_scheduled"
    every = timedelta(minutes=1)

    def run(self):
        call_command("publish_scheduled", stdout=io.StringIO())


PERIODIC_JOBS = [PublishScheduled()]


def register(job):
    """Add `job` to what the worker runs (once, however often an app's ready() runs)."""
    if not any(type(existing) is type(job) for existing in PERIODIC_JOBS):
        PERIODIC_JOBS.append(job)


class ScheduledBackup(PeriodicJob):
    """A daily backup into MIFTAH_BACKUP_DIR with retention (miftah.backup.schedule); nothing when it is not set."""

    name = "backup"
    every = timedelta(days=1)

    def run(self):
        from miftah.backup.schedule import start_scheduled_backup

        start_scheduled_backup()


register(ScheduledBackup())
