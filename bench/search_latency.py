"""Latency of the site search on an already loaded database: the query itself and the whole /search/ page.

    MIFTAH_DATA_DIR=/path/with/loaded/db .venv/bin/python bench/search_latency.py [--queries 300]
    (or DATABASE_URL=postgres://… for PostgreSQL; load it first with `miftah load-corpus`)

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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    import django

    django.setup()
    from django.test import Client

    from miftah.news.models import ArticlePage
    from miftah.search import engine

    rng = random.Random(11)
    titles = list(ArticlePage.objects.order_by("?").values_list("title", flat=True)[:2000])
    queries = ["السعودية", "الرئيس", "مصر", "كرة القدم", "الولايات المتحدة"]
    while len(queries) < args.queries:
        words = [w for w in re.findall(r"[\u0621-\u064a]+", rng.choice(titles)) if len(w) > 3]
        if words:
            queries.append(" ".join(rng.sample(words, min(len(words), rng.randint(1, 3)))))
    print(f"articles: {ArticlePage.objects.count()}, queries: {len(queries)}")
    for query in queries[:20]:
        engine.search(query)  # warm caches
    timings = []
    for query in queries:
        started = time.perf_counter()
        engine.search(query, limit=10)
        timings.append((time.perf_counter() - started) * 1000)
    print(f"query (count + ranked page): p50 {statistics.median(timings):.1f} ms, p95 {percentile(timings, 0.95):.1f} ms")
    client = Client(HTTP_HOST="localhost")
    page_timings = []
    for query in queries:
        started = time.perf_counter()
        response = client.get("/search/", {"q": query})
        page_timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    print(f"/search/ page (query + cards + snippets + render): p50 {statistics.median(page_timings):.1f} ms, "
          f"p95 {percentile(page_timings, 0.95):.1f} ms, {1000 / statistics.mean(page_timings):.0f} req/s single thread")


if __name__ == "__main__":
    main()
