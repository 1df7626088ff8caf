"""Benchmark: full WordPress import (database writes included) of large Arabic exports, and old-URL lookup cost.

Builds exports of N posts in a temporary directory from the ANT-derived Arabic sample (the generator of
bench/wxr_parse.py), then, in a fresh subprocess per run with its own SQLite database, migrates, creates the home page
and times ``import_wordpress``. Prints posts/s (median), peak RSS of the process and its growth during the import
(flat between sizes is the point: nothing kept per post), the machine's load average, and for an imported old URL:
the SQLite query plan of the redirect lookup and the number of queries the 301 costs. Article text: ANT corpus
(Chouigui, Ben Khiroun, Elayeb).

    .venv/bin/python bench/wordpress_import.py [--sizes 5000 30000] [--repeats 3] [--search-index]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from wxr_parse import SAMPLE, build_export  # noqa: E402


def measure(path: str, search_index: bool) -> dict:
    import resource

    sys.path.insert(0, str(REPO_ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from miftah.news.tests.factories import make_home
    from miftah.wordpress.importer import import_wordpress

    make_home()
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    summary = import_wordpress(path, search_index=search_index)
    elapsed = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from wagtail.contrib.redirects.models import Redirect

    old = Redirect.objects.filter(old_path__regex=r"^/\d{4}/\d\d/\d\d/").values_list("old_path", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN SELECT * FROM wagtailredirects_redirect WHERE old_path = %s", [old])
        plan = [row[-1] for row in cursor.fetchall()]
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(old, HTTP_HOST="localhost").status_code
    return {"posts": summary.counts["articles"], "seconds": elapsed, "redirects": summary.counts["redirects"],
            "baseline_mb": baseline_kb / 1024, "peak_mb": peak_kb / 1024, "plan": plan, "status": status,
            "queries": len(queries), "redirect_queries": sum("wagtailredirects_redirect" in q["sql"]
                                                              for q in queries.captured_queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 30000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--search-index", action="store_true", help="also index every article for search")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.search_index)))
        return
    if not SAMPLE.exists():
        sys.exit(f"Arabic sample not found at {SAMPLE} (set MIFTAH_SHARED_DATA)")
    rows = []
    with tempfile.TemporaryDirectory(prefix="miftah-wp-import-bench-") as tmp:
        for size in args.sizes:
            export = Path(tmp) / f"arabic-{size}.xml"
            build_export(export, size)
            runs = []
            for n in range(args.repeats):
                data_dir = Path(tmp) / f"data-{size}-{n}"
                env = {**os.environ, "MIFTAH_DATA_DIR": str(data_dir), "DATABASE_URL": "", "MIFTAH_PLAIN_STATIC": "1"}
                command = [sys.executable, __file__, "--measure", str(export)] + (
                    ["--search-index"] if args.search_index else [])
                result = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
                runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
            assert all(run["posts"] == size for run in runs), runs
            rates = sorted(run["posts"] / run["seconds"] for run in runs)
            peak = statistics.median(run["peak_mb"] for run in runs)
            growth = statistics.median(run["peak_mb"] - run["baseline_mb"] for run in runs)
            rows.append((size, export.stat().st_size / 2**20, rates, peak, growth, runs[0], os.getloadavg()[0]))
    print(f"{'posts':>7} {'file MB':>8} {'posts/s (median)':>17} {'runs':>17} {'peak RSS MB':>12} "
          f"{'RSS growth MB':>14} {'redirects':>10} {'load':>5}")
    for size, megabytes, rates, peak, growth, run, load in rows:
        print(f"{size:>7} {megabytes:>8.1f} {statistics.median(rates):>17.0f} "
              f"{'/'.join(f'{rate:.0f}' for rate in rates):>17} {peak:>12.1f} {growth:>14.1f} {run['redirects']:>10} "
              f"{load:>5.1f}")
    if len(rows) > 1:
        print(f"peak RSS {rows[-1][0]} vs {rows[0][0]} posts: {rows[-1][3] - rows[0][3]:+.1f} MB")
    last = rows[-1][5]
    print(f"old URL -> {last['status']} in {last['queries']} queries ({last['redirect_queries']} on the redirect "
          f"table); SQLite plan: {'; '.join(last['plan'])}")
    print(f"search index during import: {'yes' if args.search_index else 'no (run update_index afterwards)'}; "
          f"{args.repeats} run(s) per size, medians; load = 1-minute load average after the size's runs "
          f"({os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
