"""Benchmark: full WordPress import (database writes included) of large Arabic exports, and old-URL lookup cost.

Builds exports of N posts in a temporary directory from the ANT-derived Arabic sample (the generator of
bench/wxr_parse.py: its 300 posts repeated with fresh ids and slugs; with ``--distinct``, every post gets the title and
text of a different ANT article, so caches of analysed words see text as varied as a real site's), then, in a fresh subprocess per run with its own SQLite database, migrates, creates the home page
and times ``import_wordpress``. Prints posts/s (median), peak RSS of the process and its growth during the import
(flat between sizes is the point: nothing kept per post), the machine's load average, and for an imported old URL:
the SQLite query plan of the redirect lookup and the number of queries the 301 costs. Article text: ANT corpus
(Chouigui, Ben Khiroun, Elayeb).

Conversion runs in a second process beside the writer (see docs/wordpress.md); its peak RSS is printed too, and
"peak PSS" is the most memory both processes held together (pages they share counted once), sampled every 0.2 s.
``--compare DIR`` runs the import code of another checkout (e.g. ``git worktree add /tmp/wp-baseline HEAD~3``)
alternately with this one on the same exports and prints both tables and the ratio of rates: on a machine whose
load changes, the ratio is the figure to trust. ``--repo DIR`` runs only another checkout's code.

    .venv/bin/python bench/wordpress_import.py [--sizes 5000 30000] [--repeats 3] [--search-index] [--distinct]
        [--compare DIR] [--repo DIR] [--keep-exports DIR]
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import re
import threading
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "bench"))
from wxr_parse import _ITEM, SAMPLE, build_export  # noqa: E402

CORPUS = SAMPLE.parents[2] / "corpus" / "ant-v2.1.jsonl.gz"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")   # a few ANT texts hold control characters


def _cdata(text: str) -> str:
    return "<![CDATA[" + _NOT_XML.sub("", text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def build_distinct_export(target: Path, posts: int) -> None:
    """Like ``build_export``, but post n has the title and text of ANT article n (paragraphs as <p>)."""
    text = SAMPLE.read_text(encoding="utf-8")
    items = _ITEM.findall(text)
    head, tail = text[: text.index("<item>")], text[text.rindex("</item>") + len("</item>"):]
    with gzip.open(CORPUS, "rt", encoding="utf-8") as corpus, target.open("w", encoding="utf-8") as out:
        out.write(head)
        for n in range(posts):
            article = json.loads(next(corpus))
            body = "\n\n".join(f"<p>{html.escape(line.strip(), quote=False)}</p>"
                                for line in article["text"].splitlines() if line.strip())
            item = items[n % len(items)]
            item = re.sub(r"<wp:post_id>\d+</wp:post_id>", f"<wp:post_id>{n + 1}</wp:post_id>", item, count=1)
            item = re.sub(r"(<wp:post_name><!\[CDATA\[)(.*?)(\]\]>)",
                          lambda m: f"{m.group(1)}{m.group(2)[:180]}-{n + 1}{m.group(3)}", item, count=1)
            item = re.sub(r"<title>.*?</title>", lambda m: f"<title>{_cdata(article['title'])}</title>", item,
                          count=1, flags=re.S)
            item = re.sub(r"<content:encoded>.*?</content:encoded>",
                          lambda m: f"<content:encoded>{_cdata(body)}</content:encoded>", item, count=1, flags=re.S)
            out.write(item)
            out.write("\n")
        out.write(tail)


def _pss_kb(pid: int | str) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            return next(int(line.split()[1]) for line in rollup if line.startswith("Pss:"))
    except (OSError, StopIteration):
        return 0


def _children() -> list[str]:
    pids = []
    for task in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{task}/children") as children:
                pids.extend(children.read().split())
        except OSError:
            pass
    return pids


class PssSampler(threading.Thread):
    """The largest sum of PSS over this process and its children, sampled every 0.2 s."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            self.peak_kb = max(self.peak_kb, _pss_kb("self") + sum(_pss_kb(pid) for pid in _children()))


def measure(path: str, search_index: bool, repo: str) -> dict:
    import resource

    sys.path.insert(0, repo)
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
    import miftah.wordpress.importer as importer_module

    assert importer_module.__file__.startswith(os.path.realpath(repo)), importer_module.__file__
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sampler = PssSampler()
    sampler.start()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    summary = import_wordpress(path, search_index=search_index)
    elapsed = time.perf_counter() - started
    sampler.stopped.set()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    worker_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    cpu_after, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    writer_cpu = cpu_after.ru_utime + cpu_after.ru_stime - cpu_before.ru_utime - cpu_before.ru_stime
    from wagtail.contrib.redirects.models import Redirect

    old = Redirect.objects.filter(old_path__regex=r"^/\d{4}/\d\d/\d\d/").values_list("old_path", flat=True).first()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN SELECT * FROM wagtailredirects_redirect WHERE old_path = %s", [old])
        plan = [row[-1] for row in cursor.fetchall()]
    client = Client()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(old, HTTP_HOST="localhost").status_code
    return {"posts": summary.counts["articles"], "seconds": elapsed, "redirects": summary.counts["redirects"],
            "baseline_mb": baseline_kb / 1024, "peak_mb": peak_kb / 1024, "worker_mb": worker_kb / 1024,
            "writer_cpu": writer_cpu, "worker_cpu": children.ru_utime + children.ru_stime,
            "pss_mb": sampler.peak_kb / 1024, "plan": plan, "status": status,
            "queries": len(queries), "redirect_queries": sum("wagtailredirects_redirect" in q["sql"]
                                                              for q in queries.captured_queries)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 30000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--search-index", action="store_true", help="also index every article for search")
    parser.add_argument("--distinct", action="store_true",
                        help="every post a different ANT article (default: the sample's 300 posts repeated)")
    parser.add_argument("--repo", default=str(REPO_ROOT), help="checkout whose import code runs (default: this one)")
    parser.add_argument("--compare", help="another checkout, run alternately with this one on the same exports")
    parser.add_argument("--keep-exports", help="build the exports in this folder and reuse them if present")
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.search_index, args.repo)))
        return
    if not SAMPLE.exists():
        sys.exit(f"Arabic sample not found at {SAMPLE} (set MIFTAH_SHARED_DATA)")
    codes = [args.repo] + ([args.compare] if args.compare else [])
    runs: dict[tuple[str, int], list[dict]] = {}
    loads: dict[int, list[float]] = {}
    files: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="miftah-wp-import-bench-") as tmp:
        for size in args.sizes:
            export = Path(args.keep_exports or tmp) / f"arabic{'-distinct' if args.distinct else ''}-{size}.xml"
            if not export.exists():
                (build_distinct_export if args.distinct else build_export)(export, size)
            files[size] = export.stat().st_size / 2**20
            for n in range(args.repeats):
                for number, code in enumerate(codes):   # interleaved, so both see the same load
                    data_dir = Path(tmp) / f"data-{size}-{n}-{number}"
                    env = {**os.environ, "MIFTAH_DATA_DIR": str(data_dir), "DATABASE_URL": "",
                           "MIFTAH_PLAIN_STATIC": "1"}
                    command = [sys.executable, __file__, "--measure", str(export), "--repo", code] + (
                        ["--search-index"] if args.search_index else [])
                    result = subprocess.run(command, check=True, capture_output=True, text=True, env=env)
                    runs.setdefault((code, size), []).append(json.loads(result.stdout.strip().splitlines()[-1]))
                    shutil.rmtree(data_dir, ignore_errors=True)
                    loads.setdefault(size, []).append(os.getloadavg()[0])
    rates_of = {key: sorted(run["posts"] / run["seconds"] for run in value) for key, value in runs.items()}
    for code in codes:
        print(f"code: {code}")
        print(f"{'posts':>7} {'file MB':>8} {'posts/s (median)':>17} {'runs':>17} {'peak RSS MB':>12} "
              f"{'RSS growth MB':>14} {'worker RSS MB':>14} {'peak PSS MB':>12} {'CPU ms/post':>13} "
              f"{'redirects':>10} {'load':>5}")
        peaks = []
        for size in args.sizes:
            done = runs[(code, size)]
            assert all(run["posts"] == size for run in done), done
            rates = rates_of[(code, size)]
            peak = statistics.median(run["peak_mb"] for run in done)
            peaks.append(peak)
            growth = statistics.median(run["peak_mb"] - run["baseline_mb"] for run in done)
            worker = statistics.median(run.get("worker_mb", 0) for run in done)
            pss = statistics.median(run.get("pss_mb", 0) for run in done)
            cpu = (statistics.median(1000 * run["writer_cpu"] / size for run in done),
                   statistics.median(1000 * run["worker_cpu"] / size for run in done))
            print(f"{size:>7} {files[size]:>8.1f} {statistics.median(rates):>17.0f} "
                  f"{'/'.join(f'{rate:.0f}' for rate in rates):>17} {peak:>12.1f} {growth:>14.1f} {worker:>14.1f} "
                  f"{pss:>12.1f} {f'{cpu[0]:.2f}+{cpu[1]:.2f}':>13} {done[0]['redirects']:>10} "
                  f"{statistics.median(loads[size]):>5.1f}")
        if len(peaks) > 1:
            print(f"peak RSS {args.sizes[-1]} vs {args.sizes[0]} posts: {peaks[-1] - peaks[0]:+.1f} MB")
    if args.compare:
        print("posts/s ratio, this code / compared: " + ", ".join(
            f"{size}: {statistics.median(rates_of[(codes[0], size)]) / statistics.median(rates_of[(codes[1], size)]):.2f}x"
            for size in args.sizes))
    last = runs[(codes[0], args.sizes[-1])][0]
    print(f"old URL -> {last['status']} in {last['queries']} queries ({last['redirect_queries']} on the redirect "
          f"table); SQLite plan: {'; '.join(last['plan'])}")
    print(f"texts: {'a different ANT article per post' if args.distinct else 'the 300 sample posts repeated'}; "
          f"search index during import: {'yes' if args.search_index else 'no (run update_index afterwards)'}; "
          f"{args.repeats} run(s) per size and code, interleaved, medians; load = median 1-minute load average "
          f"after each run ({os.cpu_count()} CPUs); CPU ms/post = writing process + conversion process")


if __name__ == "__main__":
    main()
