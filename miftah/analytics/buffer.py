"""Beacon views held in the process for up to MIFTAH_ANALYTICS_BUFFER_SECONDS and written in one bulk insert by a
background thread, so a beacon request opens no database connection at all (on SQLite, opening one is most of a
request's cost; see docs/analytics.md for the figures). With 0 each view is inserted in its request.

What a buffer holds is lost if the process is killed outright (at most that many seconds of views); a normal exit
writes it first.
"""

import atexit
import logging
import threading

from django.conf import settings
from django.db import connection

from .models import PageView

logger = logging.getLogger(__name__)
MAX_HELD = 50_000  # beyond this (a database that does not answer), new views are dropped rather than memory grown


class ViewBuffer:
    def __init__(self):
        self.views = []
        self.lock = threading.Lock()
        self.thread = None
        self.stopping = threading.Event()

    def add(self, view):
        seconds = settings.MIFTAH_ANALYTICS_BUFFER_SECONDS
        if seconds <= 0:
            view.save(force_insert=True)
            return
        with self.lock:
            if len(self.views) < MAX_HELD:
                self.views.append(view)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, args=(seconds,), name="miftah-beacon-buffer",
                                               daemon=True)
                self.thread.start()

    def flush(self):
        """Write what is held; returns how many views were written."""
        with self.lock:
            views, self.views = self.views, []
        if not views:
            return 0
        try:
            PageView.objects.bulk_create(views, batch_size=500)
        except Exception:  # noqa: BLE001 - put them back for the next round (a locked or restarting database)
            logger.exception("could not write %d beacon views; trying again", len(views))
            with self.lock:
                self.views[:0] = views[:MAX_HELD - len(self.views)]
            return 0
        return len(views)

    def _run(self, seconds):
        while not self.stopping.wait(seconds):
            try:
                self.flush()
            finally:
                connection.close()  # this thread's own connection: nothing holds it open between rounds

    def stop(self):
        """Write what is held and end the background thread (tests; at exit the thread simply ends with the process)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join()
        self.flush()


views = ViewBuffer()
atexit.register(views.flush)
