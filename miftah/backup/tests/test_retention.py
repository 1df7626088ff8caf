"""Retention (keep N daily, M weekly), table-driven; pruning a backup folder; the daily job of the worker."""

from datetime import datetime, timedelta, timezone

import pytest

from miftah.backup.retention import backups_to_keep
from miftah.backup.schedule import archives, prune, scheduled_backup
from miftah.worker.periodic import PERIODIC_JOBS, ScheduledBackup


def at(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)


def daily(start, days, hour="03:00"):
    first = at(f"{start} {hour}")
    return [first + timedelta(days=n) for n in range(days)]


# (what is there, keep daily, keep weekly, what is kept); 2026-11-30 is a Monday.
CASES = [
    ("nothing", [], 7, 4, []),
    ("one backup is always kept", [at("2026-12-06 03:00")], 1, 0, [at("2026-12-06 03:00")]),
    ("the newest of a day", [at("2026-12-06 03:00"), at("2026-12-06 15:00"), at("2026-12-05 03:00")], 1, 0,
     [at("2026-12-06 15:00")]),
    ("two days, newest of each", [at("2026-12-06 03:00"), at("2026-12-06 15:00"), at("2026-12-05 03:00"),
                                  at("2026-12-04 03:00")], 2, 0, [at("2026-12-06 15:00"), at("2026-12-05 03:00")]),
    ("7 daily of 30 days, no weekly", daily("2026-11-07", 30), 7, 0, daily("2026-11-30", 7)),
    ("7 daily and 4 weekly of 30 days: the Sundays of three earlier weeks", daily("2026-11-07", 30), 7, 4,
     daily("2026-11-30", 7) + [at("2026-11-29 03:00"), at("2026-11-22 03:00"), at("2026-11-15 03:00")]),
    ("days without a backup do not use up the count",
     [at("2026-12-06 03:00"), at("2026-11-20 03:00"), at("2026-11-01 03:00")], 2, 0,
     [at("2026-12-06 03:00"), at("2026-11-20 03:00")]),
    ("weekly reaches further back than daily",
     [at("2026-12-06 03:00"), at("2026-12-05 03:00"), at("2026-11-28 03:00"), at("2026-11-21 03:00"),
      at("2026-11-14 03:00")], 1, 3,
     [at("2026-12-06 03:00"), at("2026-11-28 03:00"), at("2026-11-21 03:00")]),
    ("order of the input does not matter", [at("2026-12-01 03:00"), at("2026-12-06 03:00"), at("2026-12-03 03:00")],
     2, 0, [at("2026-12-06 03:00"), at("2026-12-03 03:00")]),
]


@pytest.mark.parametrize("there, keep_daily, keep_weekly, kept", [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_retention(there, keep_daily, keep_weekly, kept):
    assert backups_to_keep(there, keep_daily, keep_weekly) == set(kept)


def test_prune_deletes_only_old_archives_of_ours(tmp_path):
    names = [f"miftah-backup-{moment:%Y%m%d-%H%M%S}.tar" for moment in daily("2026-11-07", 30)]
    names += ["miftah-backup-20261001-030000.tar.sealed", "notes.txt", "miftah-backup-20261206-030000.tar.part"]
    for name in names:
        (tmp_path / name).write_text("x")
    deleted = {path.name for path in prune(tmp_path, 7, 4)}
    assert len(archives(tmp_path)) == 10
    assert "miftah-backup-20261001-030000.tar.sealed" in deleted and "notes.txt" not in deleted
    assert (tmp_path / "miftah-backup-20261206-030000.tar.part").exists()  # maybe still being written


def test_the_worker_backs_up_daily_when_a_folder_is_set(committed_newsroom, tmp_path, settings):
    (job,) = [job for job in PERIODIC_JOBS if isinstance(job, ScheduledBackup)]
    assert job.every == timedelta(days=1)
    settings.MIFTAH_BACKUP_DIR = ""
    assert scheduled_backup() is None and job.run() is None
    settings.MIFTAH_BACKUP_DIR = str(tmp_path)
    settings.MIFTAH_BACKUP_KEEP_DAILY, settings.MIFTAH_BACKUP_KEEP_WEEKLY = 2, 0
    for old in ("20261101-030000", "20261102-030000", "20261103-030000"):
        (tmp_path / f"miftah-backup-{old}.tar").write_text("x")
    path = scheduled_backup()
    assert path.exists() and path.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["miftah-backup-20261103-030000.tar", path.name]
