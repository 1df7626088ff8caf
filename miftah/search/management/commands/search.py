"""`miftah search QUERY [--limit N] [--json]` and `miftah search --stdin [--limit N] --json`.

Each result is ``{"id": external id if any else page id, "title", "url", "score"}``; with ``--stdin`` one query
per input line and one JSON array per output line, in order (an empty line gives ``[]``). ``--edition en`` searches
the English edition (its locale, its analysis); by default, the site's language's.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from miftah.news.models import ArticlePage
from miftah.search import engine


def run_query(query, limit):
    hits = engine.search(query, limit=limit).hits if query.strip() else []
    if not hits:
        return []
    pages = {page.pk: page for page in ArticlePage.objects.filter(pk__in=[pk for pk, _ in hits])
             .only("id", "title", "external_id", "url_path", "path", "depth")}
    results = []
    for pk, score in hits:
        page = pages.get(pk)
        if page is None:
            continue
        results.append({"id": page.external_id or page.pk, "title": page.title, "url": page.get_url() or page.url_path,
                        "score": round(score, 6)})
    return results


class Command(BaseCommand):
    help = "Search the articles as the site does; prints results (or JSON)."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default=None)
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--stdin", action="store_true", help="one query per input line, one JSON array per line")
        parser.add_argument("--edition", default=None, help="the edition's language code (en); default: the site's")

    def handle(self, query=None, limit=10, json=False, stdin=False, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1")
        if options.get("edition"):
            with translation.override(options["edition"]):
                return self.handle(query, limit, json, stdin)
        if stdin:
            if query is not None:
                raise CommandError("give a QUERY or --stdin, not both")
            for line in sys.stdin:
                self.stdout.write(_dumps(run_query(line.rstrip("\n"), limit)))
                self.stdout.flush()
            return
        if query is None:
            raise CommandError("give a QUERY (or --stdin)")
        results = run_query(query, limit)
        if json:
            self.stdout.write(_dumps(results))
            return
        if not results:
            self.stdout.write("no results")
        for rank, result in enumerate(results, start=1):
            self.stdout.write(f"{rank:>3}. {result['title']}  [{result['id']}]  {result['url']}  ({result['score']:.3f})")


def _dumps(value):
    return json.dumps(value, ensure_ascii=False)
