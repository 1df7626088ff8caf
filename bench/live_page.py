"""Benchmark: a live article with 500 updates, render time and queries (page cache bypassed), against the same kind
of article without coverage; the page as readers get it (pinned + newest 50) and with every update (?updates=all);
and the readers' poll (cached answer, and the first answer after an update).

Builds a throwaway site (its own data folder, SQLite unless DATABASE_URL is set, migrated like a fresh install),
then renders through Django's test client (no HTTP server: rendering and SQL only). Every tenth update has an
image, every 25th is a key event, two are pinned. Usage:

    flock /tmp/bench.lock .venv/bin/python bench/live_page.py [--updates 500] [--runs 15]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ["MIFTAH_DATA_DIR"] = tempfile.mkdtemp(prefix="miftah-bench-live-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
os.environ.setdefault("MIFTAH_PLAIN_STATIC", "1")
os.environ.setdefault("MIFTAH_TASKS", "immediate")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402


def timed(client, path, runs, **headers):
    client.get(path, **headers)  # warm renditions and Wagtail's caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    query_count, size = len(queries), len(response.content)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path, **headers)
        times.append((time.perf_counter() - started) * 1000)
    return query_count, statistics.median(times), size


def build(updates):
    from miftah.live.coverage import start_coverage
    from miftah.live.models import LiveUpdate
    from miftah.news.tests.factories import make_article, make_home, make_image, make_section

    call_command("migrate", verbosity=0, interactive=False)
    section = make_section(make_home(), "سياسة", slug="politics")
    body = ("يعقد مجلس النواب جلسة طارئة لمناقشة الموازنة وسط احتجاجات أمام المبنى." * 3,) * 6
    plain = make_article(section, "مقال عادي للمقارنة", body=body, dek="موجز")
    live = make_article(section, "جلسة طارئة لمجلس النواب", body=body, dek="موجز")
    coverage = start_coverage(live)
    images = [make_image(f"صورة {n}") for n in range(5)]
    now = timezone.now()
    LiveUpdate.objects.bulk_create([
        LiveUpdate(coverage=coverage, posted_at=now - timedelta(minutes=n), author=None,
                   headline=f"تطور رقم {n}" if n % 4 == 0 else "",
                   body=f"<p>تحديث رقم {n}: تواصل الجلسة، وأعلن رئيس المجلس رفعها نصف ساعة للتشاور بين الكتل.</p>",
                   image=images[n % 5] if n % 10 == 0 else None, is_key_event=n % 25 == 0, is_pinned=n in (3, 250))
        for n in range(updates)
    ])
    return plain, live, coverage


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=500)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from miftah.live.coverage import save_update
    from miftah.live.models import LiveUpdate

    plain, live, coverage = build(args.updates)
    client = Client()
    bypass = {"HTTP_COOKIE": "sessionid=none"}  # a session cookie bypasses the page cache
    rows = [("article without coverage", *timed(client, plain.url, args.runs, **bypass)),
            (f"live article, {args.updates} updates", *timed(client, live.url, args.runs, **bypass)),
            ("the same, ?updates=all", *timed(client, live.url + "?updates=all", args.runs, **bypass))]
    latest = LiveUpdate.objects.filter(coverage=coverage).order_by("-pk").values_list("pk", flat=True).first()
    poll = f"/live/{live.pk}/updates.json?after={latest}"
    rows.append(("poll, nothing new (cached answer)", *timed(client, poll, args.runs)))
    fresh = []
    for n in range(args.runs):
        new = save_update(LiveUpdate(coverage=coverage, body=f"تحديث جديد {n}"))
        started = time.perf_counter()
        response = client.get(poll)  # a reader that had everything but this update
        poll = f"/live/{live.pk}/updates.json?after={new.pk}"
        fresh.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    rows.append(("poll, first answer after an update", "-", statistics.median(fresh), len(response.content)))
    print(f"database: {connection.vendor}; medians of {args.runs} runs")
    print(f"{'page':<40} {'queries':>7} {'median ms':>10} {'bytes':>9}")
    for label, queries, median, size in rows:
        print(f"{label:<40} {queries!s:>7} {median:>10.1f} {size:>9}")
    print(f"live page / ordinary article: {rows[1][2] / rows[0][2]:.2f}x")


if __name__ == "__main__":
    main()
