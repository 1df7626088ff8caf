"""Benchmark: where one uncached reader page's time goes — warm in-process renders through Django's test client with
the page cache off (rendering and SQL only, no HTTP server), the mean ms per request, then a cProfile of the same
loop limited to Miftah's own functions (or all, with --all). Runs against an existing data folder (a `miftah demo`
or `load-corpus` install). Usage:

    MIFTAH_DATA_DIR=/path/to/data flock /tmp/bench.lock .venv/bin/python bench/render_profile.py [--path /a/b/] [--runs 40]

Without --path it renders the newest Arabic article. With --cold every request follows a retirement (as after a
publish: the content generation moves on, so nothing remembered per generation is reused) — the render a publish
costs. Compare two checkouts side by side in one run.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--path", help="the page to render (default: the newest Arabic article)")
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--all", action="store_true", help="profile every function, not only miftah/")
    parser.add_argument("--cold", action="store_true", help="move the content generation on before every request")
    args = parser.parse_args()

    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from miftah.core.cache import retire
    from miftah.news.models import ArticlePage

    def get(client, path):
        if args.cold:
            retire({"bench-cold"})  # a tag no page has: only the generation moves, as a publish moves it
        return client.get(path)

    path = args.path or ArticlePage.objects.live().filter(locale__language_code="ar").order_by("-first_published_at").first().url
    with override_settings(MIFTAH_PAGE_CACHE=False, ALLOWED_HOSTS=["*"]):
        client = Client(HTTP_HOST="127.0.0.1:8000")
        for _ in range(5):
            assert get(client, path).status_code == 200, path
        started = time.perf_counter()
        for _ in range(args.runs):
            get(client, path)
        kind = "cold (after a retirement)" if args.cold else "warm"
        print(f"{path}: {(time.perf_counter() - started) / args.runs * 1000:.1f} ms per request ({args.runs} {kind} renders)")
        profile = cProfile.Profile()
        profile.enable()
        for _ in range(args.runs):
            get(client, path)
        profile.disable()
    stats = pstats.Stats(profile).sort_stats("cumulative")
    stats.print_stats(60) if args.all else stats.print_stats("miftah/", 60)


if __name__ == "__main__":
    main()
