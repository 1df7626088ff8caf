"""Benchmark: dossier reader pages, queries and median latency (page cache bypassed), on a loaded site.

Measures /dossiers/, /dossiers/network/ and the dossiers of the most and least covered entities
(page 1 and a deep page), with an article page as the baseline, through Django's test client
(no HTTP server: rendering and SQL only). Run against a site with content, e.g.:

    export MIFTAH_DATA_DIR=/tmp/dossiers-ant MIFTAH_PLAIN_STATIC=1
    .venv/bin/python manage.py migrate && <create a home page> \
      && .venv/bin/python manage.py load_corpus ../shared/data/corpus/ant-v2.1.jsonl.gz --limit 3000 \
      && .venv/bin/python manage.py entities reindex
    .venv/bin/python bench/dossier_page.py [--runs 15]

Data: ANT corpus v2.1 (Chouigui, Ben Khiroun, Elayeb), loaded from ../shared/data; not copied.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
os.environ.setdefault("MIFTAH_PLAIN_STATIC", "1")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from miftah.dossiers.models import ArticleEntity  # noqa: E402
from miftah.dossiers.queries import coverage_counts  # noqa: E402
from miftah.news.models import ArticlePage  # noqa: E402


def measure(client, path, runs):
    client.get(path, HTTP_COOKIE="sessionid=none")  # warm renditions and Wagtail's caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_COOKIE="sessionid=none")
    assert response.status_code == 200, (path, response.status_code)
    query_count = len(queries)  # read now: the next request resets Django's query log
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        client.get(path, HTTP_COOKIE="sessionid=none")  # a session cookie bypasses the page cache
        times.append((time.perf_counter() - started) * 1000)
    return query_count, statistics.median(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    covered = coverage_counts()
    if not covered:
        sys.exit("no entity has coverage: load content and run `miftah entities reindex` first")
    top, bottom = covered[0], covered[-1]
    articles = ArticlePage.objects.live().count()
    article = ArticlePage.objects.live().filter(dossier_entities__entity=top).first()
    deep = max(1, top.n_articles // 12)
    pages = [
        ("article page (baseline)", article.url),
        ("/dossiers/", "/dossiers/"),
        ("/dossiers/network/", "/dossiers/network/"),
        (f"dossier, most covered ({top.n_articles} articles)", top.get_absolute_url()),
        (f"same, page {deep}", f"{top.get_absolute_url()}?page={deep}"),
        (f"dossier, least covered ({bottom.n_articles})", bottom.get_absolute_url()),
    ]
    client = Client(HTTP_HOST="localhost")
    print(f"{articles} live articles, {ArticleEntity.objects.count()} entity links, {len(covered)} entities with coverage;"
          f" {connection.vendor}; median of {args.runs} runs")
    baseline = None
    print(f"{'page':45} {'queries':>8} {'median ms':>10} {'× article':>10}")
    for label, path in pages:
        n, ms = measure(client, path, args.runs)
        baseline = baseline or ms
        print(f"{label:45} {n:>8} {ms:>10.1f} {ms / baseline:>10.2f}")


if __name__ == "__main__":
    main()
