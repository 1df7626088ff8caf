"""Latency of the site search on an already loaded database: the query itself and the whole /search/ page.

    MIFTAH_DATA_DIR=/path/with/loaded/db .venv/bin/python bench/search_latency.py [--queries 300]
    (or DATABASE_URL=postgres://… for PostgreSQL; load it first with `miftah load-corpus`)

A bigger corpus from the same texts (100,000 = the 31,525 ANT articles + copies; copies get a docno suffix,
a slightly altered headline and a date a year later per copy), sorted by publication time so that ids grow
with time as on a real site, written to a temporary file, never into the repository:

    .venv/bin/python bench/search_latency.py --grow /tmp/ant-100k.jsonl --repeat 3 --total 100000 --chronological
    MIFTAH_DATA_DIR=… .venv/bin/python manage.py load_corpus /tmp/ant-100k.jsonl --no-related

or in one step, into a dedicated database that later runs reuse (it builds only when that database holds fewer
articles; slow — 5–25 minutes at 100k on a shared machine — so run it once, in the background, outside any bench
lock):

    MIFTAH_DATA_DIR=/tmp/miftah-100k .venv/bin/python bench/search_latency.py --build 100000
    DATABASE_URL=postgres://…/miftah_search_100k .venv/bin/python bench/search_latency.py --build 100000

Queries are 1–3 words drawn from the loaded headlines (seeded), plus a few very common words (the worst case:
thousands of matches to rank). The page cache is off so every request runs the search. Prints p50/p95 in ms.
"""

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
os.environ["MIFTAH_PAGE_CACHE"] = "0"
os.environ.setdefault("MIFTAH_PLAIN_STATIC", "1")


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


HEADLINE_PREFIXES = ["تحديث: ", "متابعة: ", "عاجل: ", "تقرير: "]


def grow(path, repeat, total=None, chronological=False):
    """Write copies of the ANT corpus (docno-r2…, headline prefixed, dated a year later per copy).

    With `total`, the original articles come first and copies are added until `total` articles are written; with
    `chronological`, the file is sorted by publication time, the order in which a real site's articles get their
    ids (the ANT file itself is grouped by category).
    """
    import gzip
    import json
    from datetime import timedelta

    from miftah.search.corpus import parse_time

    source = Path(os.environ.get("MIFTAH_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    records = []
    first_copy = 1 if total else 2
    for copy in range(first_copy, repeat + 2):
        with gzip.open(source / "corpus" / "ant-v2.1.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                if total and len(records) >= total:
                    break
                record = json.loads(line)
                try:
                    when = parse_time(record.get("time"))
                except ValueError:
                    when = None
                if copy > 1:
                    record["docno"] = f"{record['docno']}-r{copy}"
                    record["title"] = HEADLINE_PREFIXES[(copy + len(records)) % len(HEADLINE_PREFIXES)] + record["title"]
                    if when is not None:
                        when = when + timedelta(days=365 * (copy - 1))
                        record["time"] = when.isoformat()
                records.append((when.isoformat() if when else "", record))
    if chronological:
        records.sort(key=lambda item: item[0])
    with open(path, "w", encoding="utf-8") as out:
        for _, record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} articles to {path}")


def build(total):
    """Migrate the configured database and fill it with `total` articles by the bulk loader (skipped when full)."""
    import tempfile

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from miftah.news.models import ArticlePage
    from miftah.news.tests.factories import make_home

    have = ArticlePage.objects.count()
    if have >= total:
        print(f"already {have} articles: nothing to build")
        return
    make_home()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "corpus.jsonl"
        grow(path, repeat=(total // 31_525) + 1, total=total, chronological=True)
        started = time.perf_counter()
        call_command("load_corpus", str(path), "--no-progress", "--no-related")
        print(f"loaded in {time.perf_counter() - started:.0f} s: {ArticlePage.objects.count()} articles")


def filtered(engine, rounds):
    """Searches narrowed by a section (the four with the fewest articles, then … the most) or a date range."""
    from datetime import date

    from miftah.news.models import ArticlePage, SectionPage

    sections = sorted(SectionPage.objects.all(), key=lambda s: ArticlePage.objects.descendant_of(s).count())
    cases = [(s.title, engine.SearchFilters(section_path=s.path)) for s in sections[:2] + sections[-2:]]
    newest = ArticlePage.objects.order_by("-first_published_at").values_list("first_published_at", flat=True).first()
    cases += [("six months, a year before the newest", engine.SearchFilters(
                  date_from=date(newest.year - 1, 1, 1), date_to=date(newest.year - 1, 6, 30))),
              ("the newest year", engine.SearchFilters(date_from=date(newest.year, 1, 1)))]
    words = ["الرئيس", "مصر", "ليبيا", "كرة القدم", "الذهب الدولار", "الموانئ"]
    timings = []
    for word in words:
        for label, filters in cases:
            runs = []
            for _ in range(rounds):
                started = time.perf_counter()
                page = engine.search(word, filters)
                runs.append((time.perf_counter() - started) * 1000)
            timings.append(statistics.median(runs))
            print(f"  {word} / {label}: {page.total} results, {timings[-1]:.1f} ms")
    print(f"filtered searches ({len(timings)} cases, median of {rounds} each): median {statistics.median(timings):.1f} ms, "
          f"p90 {percentile(timings, 0.9):.1f} ms, worst {max(timings):.1f} ms; load average {os.getloadavg()[0]:.1f}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--grow", metavar="PATH", help="write copies of the ANT corpus to PATH and stop")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--total", type=int, help="with --grow: originals first, then copies, up to this many")
    parser.add_argument("--chronological", action="store_true", help="with --grow: sort by publication time")
    parser.add_argument("--rounds", type=int, default=3, help="times each query is run (its median is kept)")
    parser.add_argument("--no-page", action="store_true", help="skip the whole-page measurement")
    parser.add_argument("--filtered", action="store_true",
                        help="instead: searches narrowed by each of four sections and two date ranges")
    parser.add_argument("--build", type=int, metavar="N",
                        help="migrate the configured database and load N articles (originals, then copies, "
                             "chronological) when it holds fewer, then stop")
    args = parser.parse_args()
    if args.build:
        build(args.build)
        return
    if args.grow:
        import django

        django.setup()
        grow(args.grow, args.repeat, args.total, args.chronological)
        return
    import django

    django.setup()
    from django.test import Client

    from miftah.news.models import ArticlePage
    from miftah.search import engine

    rng = random.Random(11)
    # The same headlines for the same database on every run (order_by("?") made each run a different query set).
    titles = rng.sample(list(ArticlePage.objects.order_by("id").values_list("title", flat=True)), 2000)
    queries = ["السعودية", "الرئيس", "مصر", "كرة القدم", "الولايات المتحدة"]
    while len(queries) < args.queries:
        words = [w for w in re.findall(r"[\u0621-\u064a]+", rng.choice(titles)) if len(w) > 3]
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.randint(1, 3)))))
    print(f"articles: {ArticlePage.objects.count()}, queries: {len(queries)}")
    if args.filtered:
        filtered(engine, args.rounds)
        return
    for query in queries[:20]:
        engine.search(query)  # warm caches
    # Every query runs `--rounds` times (the whole set, round after round); a query's time is its median over the
    # rounds, which keeps a scheduler hiccup on this shared machine from passing for the query's cost. The p95
    # over every single run is printed too.
    per_query, per_query_cpu, every_run = [[] for _ in queries], [[] for _ in queries], []
    for _ in range(args.rounds):
        for index, query in enumerate(queries):
            started, started_cpu = time.perf_counter(), time.process_time()
            engine.search(query, limit=10)
            elapsed = (time.perf_counter() - started) * 1000
            per_query[index].append(elapsed)
            per_query_cpu[index].append((time.process_time() - started_cpu) * 1000)
            every_run.append(elapsed)
    timings = [statistics.median(runs) for runs in per_query]
    cpu = [statistics.median(runs) for runs in per_query_cpu]
    print(f"query (capped count + ranked page), median of {args.rounds} rounds per query: "
          f"p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms wall "
          f"(p95 of all {len(every_run)} single runs {percentile(every_run, 0.95):.1f} ms); "
          f"this process's CPU p50 {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 0.95):.1f} ms"
          f" (SQLite runs in-process; on PostgreSQL the server's time is not in it); load average {os.getloadavg()[0]:.1f}")
    if args.no_page:
        return
    client = Client(HTTP_HOST="localhost")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    page_timings, page_cpu, query_counts = [], [], set()
    for query in queries:
        started, started_cpu = time.perf_counter(), time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query})
        page_timings.append((time.perf_counter() - started) * 1000)
        page_cpu.append((time.process_time() - started_cpu) * 1000)
        query_counts.add(len(captured.captured_queries))
        assert response.status_code == 200
    print(f"/search/ page (query + cards + snippets + render): p50 {statistics.median(page_timings):.1f} ms, "
          f"p95 {percentile(page_timings, 0.95):.1f} ms wall, CPU p50 {statistics.median(page_cpu):.1f} ms, "
          f"{1000 / statistics.mean(page_timings):.0f} req/s single thread; SQL queries per page: {sorted(query_counts)}")


if __name__ == "__main__":
    main()
