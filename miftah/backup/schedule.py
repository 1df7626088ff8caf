"""The scheduled backup the worker runs once a day (miftah.worker.periodic.ScheduledBackup): a backup into
MIFTAH_BACKUP_DIR, then the retention rule over the archives there. It runs in a thread of its own so that the
worker's heartbeat and the other periodic jobs go on during a long backup.
"""

import logging
import re
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections

from .archive import make_backup
from .retention import backups_to_keep

logger = logging.getLogger(__name__)
ARCHIVE_NAME = re.compile(r"^miftah-backup-(\d{8}-\d{6})\.tar(\.sealed)?$")
STALE_PART_SECONDS = 24 * 3600
_running = threading.Lock()


def archives(folder):
    """{path: time} of the archives in `folder` (by the UTC time in their name; other files are not ours)."""
    found = {}
    for path in Path(folder).iterdir():
        match = ARCHIVE_NAME.match(path.name)
        if match:
            found[path] = datetime.strptime(match[1], "%Y%m%d-%H%M%S").replace(tzinfo=timezone.utc)
    return found


def prune(folder, keep_daily, keep_weekly):
    """Delete the archives the retention rule does not keep, and parts left by failed runs; returns what was deleted."""
    found = archives(folder)
    keep = backups_to_keep(found.values(), keep_daily, keep_weekly)
    deleted = [path for path, moment in found.items() if moment not in keep]
    deleted += [path for path in Path(folder).glob("miftah-backup-*.part")
                if time.time() - path.stat().st_mtime > STALE_PART_SECONDS]
    for path in deleted:
        path.unlink(missing_ok=True)
    return sorted(deleted)


def scheduled_backup():
    """One backup and pruning, when MIFTAH_BACKUP_DIR is set; returns the new archive's path (or None)."""
    folder = settings.MIFTAH_BACKUP_DIR
    if not folder:
        return None
    path = make_backup(folder, public_key=settings.MIFTAH_BACKUP_PUBLIC_KEY or None)
    deleted = prune(folder, settings.MIFTAH_BACKUP_KEEP_DAILY, settings.MIFTAH_BACKUP_KEEP_WEEKLY)
    logger.warning("backup written to %s; %d old backup(s) removed", path, len(deleted))
    return path


def start_scheduled_backup():
    """Start scheduled_backup in a thread unless one is running in this process; the thread is not a daemon, so a
    worker told to stop finishes the archive it is writing."""
    if not settings.MIFTAH_BACKUP_DIR or not _running.acquire(blocking=False):
        return None

    def work():
        try:
            scheduled_backup()
        except Exception:  # noqa: BLE001 - logged; the next day's run tries again
            logger.exception("scheduled backup failed")
        finally:
            close_old_connections()
            _running.release()

    thread = threading.Thread(target=work, name="miftah-backup")
    thread.start()
    return thread
