"""`miftah load-corpus FILE [--limit N] [--no-related]`: bulk-load JSON Lines articles (plain or .gz), idempotent by docno.

The loader writes and indexes the articles, refreshes the planner statistics (ANALYZE) and hands every new article
to the article pipeline (miftah.news.pipeline: dossier mentions, related articles, page cache), which runs them
through the task backend; the statistics are refreshed again once that is done. --no-related leaves out the related
articles (compute them later with `miftah reindex --related`, in bulk).
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from miftah.audit.events import record_import
from miftah.search.corpus import CorpusLoader, analyze_tables, open_lines
from miftah.search.progress import Progress

MAX_ERRORS_SHOWN = 20


class Command(BaseCommand):
    help = "Load articles from a JSON Lines file (docno, title, text, abstract, time, author, cat, url) and index them."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--limit", type=int, default=None, help="read at most N articles")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--no-related", action="store_true",
                            help="leave the related articles out of the follow-up work (later: reindex --related)")

    def handle(self, file, limit=None, no_progress=False, no_related=False, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        total = limit or self._count_lines(path)
        progress = Progress(total, "loading", enabled=not no_progress and options.get("verbosity", 1) > 0)
        started = time.monotonic()
        try:
            with open_lines(path) as lines:
                report = CorpusLoader(related=not no_related).load(lines, limit=limit, progress=progress)
        except RuntimeError as error:
            record_import("load-corpus", path, error=error)
            raise CommandError(str(error)) from error
        progress.close()
        elapsed = time.monotonic() - started - report.follow_up_seconds
        record_import("load-corpus", path, counts={"مقروءة": report.read, "جديدة": report.created,
                                                   "موجودة من قبل": report.skipped_existing,
                                                   "أسطر معيبة": len(report.errors)})
        for number, message in report.errors[:MAX_ERRORS_SHOWN]:
            self.stderr.write(f"line {number}: {message}")
        if len(report.errors) > MAX_ERRORS_SHOWN:
            self.stderr.write(f"… and {len(report.errors) - MAX_ERRORS_SHOWN} more bad lines")
        self.stdout.write(
            f"read {report.read}, created {report.created}, already loaded {report.skipped_existing}, "
            f"bad lines {len(report.errors)}, new sections {len(report.sections_created)}, "
            f"existing sections used {len(report.sections_reused)} "
            f"in {elapsed:.1f} s ({report.created / max(elapsed, 1e-6):,.0f} articles/s)"
        )
        if report.queued:
            steps = "dossier mentions, " + ("" if no_related else "related articles, ") + "page cache"
            self.stdout.write(f"follow-up work ({steps}) handed to the task queue for {report.queued} articles "
                              f"in {report.follow_up_seconds:.1f} s")
        analyze_tables()

    @staticmethod
    def _count_lines(path):
        with open_lines(path) as lines:
            return sum(1 for line in lines if line.strip())
