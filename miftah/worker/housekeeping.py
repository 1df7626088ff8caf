"""What every `miftah worker` does beside running tasks: a heartbeat, putting back tasks whose worker died, and
ticking the periodic jobs. Runs in a daemon thread of the worker process.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.db import close_old_connections
from django.utils import timezone

from .models import WorkerHeartbeat
from .periodic import PERIODIC_JOBS

logger = logging.getLogger(__name__)

BEAT_SECONDS = 5
DEAD_AFTER = timedelta(seconds=30)  # a worker not seen for this long is taken for dead


def beat(worker_id, started_at):
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(worker_id=worker_id, hostname=socket.gethostname()[:255], pid=os.getpid(),
                                       started_at=started_at, seen_at=now)


def requeue_orphaned_tasks(now=None):
    """Tasks left RUNNING by a worker that died (killed, machine lost) go back to READY; returns how many.

    Only tasks of the database queue have this state to repair; the pipeline's tasks are idempotent, so running one
    again from the start is safe.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    alive = set(WorkerHeartbeat.objects.filter(seen_at__gte=now - DEAD_AFTER).values_list("worker_id", flat=True))
    requeued = 0
    for result in DBTaskResult.objects.running().only("id", "worker_ids", "started_at"):
        owner = result.worker_ids[-1] if result.worker_ids else None
        if owner in alive or (result.started_at and result.started_at > now - DEAD_AFTER):
            continue
        requeued += DBTaskResult.objects.filter(id=result.id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None)
        logger.warning("task %s was left running by worker %s, which is gone: queued again", result.id, owner)
    WorkerHeartbeat.objects.filter(seen_at__lt=now - DEAD_AFTER * 10).delete()
    return requeued


class Housekeeper(threading.Thread):
    def __init__(self, worker_id, *, periodic=True, requeue=True):
        super().__init__(name="miftah-housekeeper", daemon=True)
        self.worker_id = worker_id
        self.periodic = periodic
        self.requeue = requeue
        self.started_at = timezone.now()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            try:
                self.once()
            except Exception:  # noqa: BLE001 - keep beating whatever a round met (a locked database, a lost connection)
                logger.exception("worker housekeeping failed; trying again")
            finally:
                close_old_connections()
            self.stopping.wait(BEAT_SECONDS)

    def once(self):
        beat(self.worker_id, self.started_at)
        if self.requeue:
            requeue_orphaned_tasks()
        if self.periodic:
            for job in PERIODIC_JOBS:
                job.tick()

    def stop(self):
        self.stopping.set()
        try:
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()
        except Exception:  # noqa: BLE001
            logger.exception("could not remove the heartbeat of worker %s", self.worker_id)
