"""The worker's newsletter job (miftah.worker.periodic): every minute, send the lists that are due and the issues
whose send time has come (miftah.newsletters.issues.run_schedule)."""

from datetime import timedelta

from miftah.worker.periodic import PeriodicJob


class SendNewsletters(PeriodicJob):
    name = "newsletters"
    every = timedelta(minutes=1)

    def run(self):
        from .issues import run_schedule

        run_schedule()
