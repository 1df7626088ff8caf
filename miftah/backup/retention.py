"""Which backups to keep: the newest of each of the last N days and of each of the last M ISO weeks that have one.

A pure function of the backups' times, like restic's --keep-daily/--keep-weekly: days or weeks without a backup do not
use up the count, so a stopped worker does not make the next run delete everything old. The newest backup is always
kept.
"""


def backups_to_keep(moments, keep_daily, keep_weekly):
    """The subset of `moments` (datetimes) to keep."""
    keep = set()
    newest_first = sorted(moments, reverse=True)
    for count, bucket_of in ((keep_daily, lambda m: m.date()), (keep_weekly, lambda m: m.isocalendar()[:2])):
        buckets = []
        for moment in newest_first:
            bucket = bucket_of(moment)
            if bucket in buckets:
                continue
            if len(buckets) >= count:
                break
            buckets.append(bucket)
            keep.add(moment)
    if newest_first:
        keep.add(newest_first[0])
    return keep
