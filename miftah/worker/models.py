"""What workers share through the database: who is alive (heartbeats) and when each periodic job last ran.

Both work on SQLite and PostgreSQL alike, with single conditional UPDATEs, so several workers on several machines
never run a periodic job twice in one period and a task held by a worker that died is put back in the queue.
"""

from django.utils.translation import gettext_lazy
from django.db import models


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = gettext_lazy("عامل في الخلفية")


class PeriodicRun(models.Model):
    """The lease of one periodic job: whoever moves `due_at` forward runs the job for that period."""

    name = models.CharField(max_length=100, primary_key=True)
    due_at = models.DateTimeField()
    last_started_at = models.DateTimeField(null=True)
    last_finished_at = models.DateTimeField(null=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = gettext_lazy("مهمة دورية")
