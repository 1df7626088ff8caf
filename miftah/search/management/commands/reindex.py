"""`miftah reindex`: rebuild the search index (articles in bulk, then every other indexed model)."""

import time

from django.core.management.base import BaseCommand

from miftah.search.indexer import reindex_all
from miftah.search.progress import Progress


class Command(BaseCommand):
    help = "Rebuild the search index with the Arabic analyser."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, no_progress=False, **options):
        show = not no_progress and options.get("verbosity", 1) > 0
        started = time.monotonic()
        counts = reindex_all(lambda total, label: Progress(total, label, enabled=show))
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{label} {count}" for label, count in counts.items())
        self.stdout.write(f"indexed {sum(counts.values())} objects ({summary}) in {elapsed:.1f} s")
