"""`miftah worker`: run queued background tasks and the periodic jobs (scheduled publishing, …).

Several workers may run at once, on one machine or several: the database queue hands each task to one worker
(row locks on PostgreSQL, an exclusive transaction on SQLite), and each periodic job runs once per period.
"""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks import task_backends

from miftah.worker.housekeeping import Housekeeper

logger = logging.getLogger("miftah.worker")


class Command(BaseCommand):
    help = "يشغّل المهام في الخلفية والمهام الدورية (Run background tasks and periodic jobs)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0,
                            help="seconds between looks at an empty queue (database queue)")
        parser.add_argument("--batch", action="store_true",
                            help="run what is queued now, then exit (no periodic jobs)")
        parser.add_argument("--no-periodic", action="store_true", help="do not run the periodic jobs in this worker")
        parser.add_argument("--queue", default="default")

    def handle(self, *args, interval, batch, no_periodic, queue, **options):
        self.configure_logging(options.get("verbosity", 1))
        backend = task_backends["default"]
        kind = type(backend).__module__
        worker_id = get_random_string(32)
        if kind.startswith("django_tasks_db"):
            housekeeper = Housekeeper(worker_id, periodic=not (batch or no_periodic), requeue=True)
            run = lambda: self.run_database_worker(worker_id, interval, batch, queue)  # noqa: E731
        elif kind.startswith("django_tasks_rq"):
            if batch:
                raise CommandError("--batch works with the database queue only (MIFTAH_TASKS=database)")
            housekeeper = Housekeeper(worker_id, periodic=not no_periodic, requeue=False)
            run = lambda: self.run_rq_worker(queue)  # noqa: E731
        else:
            raise CommandError(
                f"لا طابور للمهام: الإعداد الحالي {type(backend).__name__} ينفّذ المهام فوراً. "
                "(No queue: this task backend runs tasks at once; set MIFTAH_TASKS=database or rq.)"
            )
        housekeeper.once()  # announce this worker and put back what a dead one left before taking work
        if not batch:
            housekeeper.start()
        self.stdout.write(f"miftah worker {worker_id[:8]} ({kind.split('.')[0]}, queue {queue})")
        self.stdout.flush()
        try:
            run()
        finally:
            housekeeper.stop()

    def run_database_worker(self, worker_id, interval, batch, queue):
        from django_tasks_db.management.commands.db_worker import Worker

        worker = Worker(queue_names=[queue], interval=interval, batch=batch, backend_name="default",
                        startup_delay=not batch, max_tasks=None, worker_id=worker_id, excluded_queue_names=[])
        if not batch:
            worker.configure_signals()
        worker.run()

    def run_rq_worker(self, queue):
        from django.core.management import call_command

        call_command("rqworker", queue, job_class="django_tasks_rq.Job", with_scheduler=True,
                     worker_class="miftah.worker.rq_worker.PromptlyStoppingWorker")

    def configure_logging(self, verbosity):
        # One line per task is for debugging (-v 2); by default a worker speaks of retries, failures and requeues only.
        level = logging.ERROR if verbosity == 0 else logging.WARNING if verbosity == 1 else logging.DEBUG
        for name in ("django_tasks", "django_tasks_db", "miftah"):
            logging.getLogger(name).setLevel(level)
