"""`miftah reindex [--related | --related-only]`: rebuild the search index (articles in bulk, then every other
indexed model); with --related also recompute every article's stored related articles in bulk."""

import time

from django.core.management.base import BaseCommand

from miftah.search.indexer import reindex_all
from miftah.search.progress import Progress


def store_related(ids=None, enabled=True):
    """Bulk-compute the related articles of `ids` (all live articles when None); a one-line summary."""
    from miftah.news.models import ArticlePage
    from miftah.search.related import store_related_bulk

    started = time.monotonic()
    live = ArticlePage.objects.live().count()
    progress = Progress(live + (live if ids is None else len(ids)), "related", enabled=enabled)
    stored = store_related_bulk(ids, progress)
    progress.close()
    return f"related articles stored for {stored} articles in {time.monotonic() - started:.1f} s"


class Command(BaseCommand):
    help = "Rebuild the search index with the Arabic analyser (and, with --related, the related articles)."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--related", action="store_true", help="also recompute every article's related articles")
        parser.add_argument("--related-only", action="store_true", help="only recompute the related articles")

    def handle(self, no_progress=False, related=False, related_only=False, **options):
        show = not no_progress and options.get("verbosity", 1) > 0
        if not related_only:
            started = time.monotonic()
            counts = reindex_all(lambda total, label: Progress(total, label, enabled=show))
            elapsed = time.monotonic() - started
            summary = ", ".join(f"{label} {count}" for label, count in counts.items())
            self.stdout.write(f"indexed {sum(counts.values())} objects ({summary}) in {elapsed:.1f} s")
        if related or related_only:
            self.stdout.write(store_related(enabled=show))
