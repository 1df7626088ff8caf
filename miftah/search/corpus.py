"""Bulk-load news articles from JSON Lines (plain or .gz) into live ArticlePages, then index them.

Each line: ``docno`` (→ ArticlePage.external_id; loading is idempotent by it), ``title``, ``text`` (paragraphs
separated by newlines), ``abstract`` (→ dek), ``time`` (RFC 822 or ISO 8601 → first_published_at), ``author``
(→ desk byline), ``cat`` (→ the site's section with that slug or name, created if there is none), ``url`` (→ source
link).

Creating pages one by one through Wagtail (save, revision, publish) runs at a few pages a second; here the
tree rows are written in bulk by the shared page writer (miftah.news.bulk: materialised path, depth, url_path,
numchild exactly as Wagtail writes them), no revisions, live, and the whole batch is indexed at once. A load ends
by refreshing the planner's statistics and queueing the rest of what follows a new article for every article it
wrote (miftah.news.pipeline: dossier mentions, related articles, the page cache; not the search entries, already
written). Bad lines are reported with their line number and
skipped; the good ones are kept.
"""

from __future__ import annotations

import gzip
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone as dt_timezone
from email.utils import parsedate_to_datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import slugify

from miftah.news.text import reading_minutes
from miftah.news.bulk import RESERVED_ROOT_SLUGS, PageWriter, matching_section
from miftah.news.pipeline import article_changed

BATCH = 1000
MAX_TITLE = 255
MAX_SLUG = 80


@dataclass
class LoadReport:
    read: int = 0
    created: int = 0
    skipped_existing: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    sections_created: list[str] = field(default_factory=list)
    sections_reused: list[str] = field(default_factory=list)   # categories filed under a section already there
    queued: int = 0   # articles whose follow-up work was handed to the pipeline
    follow_up_seconds: float = 0.0   # spent handing it over (running it, with the immediate task backend)


class BadLine(ValueError):
    pass


def open_lines(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8", errors="replace")


def parse_time(value):
    value = (value or "").strip()
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        parsed = None
    if parsed is None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as error:
            raise BadLine(f"unreadable time {value!r}") from error
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=dt_timezone.utc)
    return parsed


def parse_line(line):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadLine(f"not JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(record, dict):
        raise BadLine("not a JSON object")
    docno = str(record.get("docno") or "").strip()
    title = " ".join(str(record.get("title") or "").split())
    if not docno:
        raise BadLine("no docno")
    if len(docno) > 120:
        raise BadLine("docno longer than 120 characters")
    if not title:
        raise BadLine("no title")
    return {
        "docno": docno,
        "title": title[:MAX_TITLE],
        "paragraphs": [p.strip() for p in str(record.get("text") or "").split("\n") if p.strip()],
        "dek": str(record.get("abstract") or "").strip(),
        "time": parse_time(record.get("time")),
        "author": " ".join(str(record.get("author") or "").split())[:120],
        "cat": " ".join(str(record.get("cat") or "").split())[:255] or "أخبار",
        "url": str(record.get("url") or "").strip()[:500],
    }


def body_json(paragraphs):
    return json.dumps(
        [{"type": "paragraph", "value": f"<p>{escape(p)}</p>", "id": str(uuid.uuid4())} for p in paragraphs],
        ensure_ascii=False,
    )


def analyze_tables():
    """Refresh the planner's statistics after a bulk load.

    Without them SQLite's planner walks all of wagtailcore_page through its path index to find six sections
    (20 ms on every page with the menu at 31k articles; 0.1 ms after ANALYZE), and PostgreSQL's estimates for
    the freshly filled tables are those of empty ones. Run again after related articles are stored.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # Each indexing batch rewrites every entry's title norm: the table is mostly dead rows after a load
            # (a query for «مصر» read 11k heap blocks instead of 735). VACUUM cannot run inside a transaction.
            from modelsearch.conf import get_app_config

            cursor.execute(f"VACUUM ANALYZE {get_app_config().get_model('IndexEntry')._meta.db_table}")
        cursor.execute("ANALYZE")
        if connection.vendor == "sqlite":
            # ANALYZE writes no statistics for an empty table, and SQLite then guesses it large: the empty
            # page-view-restriction table was scanned *after* every page (9 ms a page). Say "one row" instead;
            # the next ANALYZE replaces the guess once the table has rows.
            cursor.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) SELECT name, NULL, '1' FROM sqlite_master m "
                "WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%' "
                "AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 s WHERE s.tbl = m.name)"
            )
            cursor.execute("ANALYZE sqlite_schema")


class CorpusLoader:
    def __init__(self, home=None, *, related=True):
        from miftah.news.models import HomePage

        self.home = home or HomePage.objects.order_by("path").first()  # the site's own home, not an edition's
        if self.home is None:
            # A fresh site (only Wagtail's welcome page): the corpus gets a home page, as the demo would make.
            from miftah.news.demo_loader import ensure_home

            self.home = ensure_home({"name": "مفتاح"})
        self.sections = {}
        self.report = LoadReport()
        # The pipeline's steps this loader does itself (search), or that are left to `miftah reindex --related`.
        self.skip = ("search",) if related else ("search", "related")
        self.written = []   # ids of the articles written, for the pipeline

    def section(self, name):
        """The section of category `name`: the site's section with its slug or name (a demo site's «اقتصاد» has
        the slug `economy`), else a new one under the home page."""
        from miftah.news.models import SectionPage

        section = self.sections.get(name)
        if section is None:
            slug = slugify(name, allow_unicode=True)[:MAX_SLUG].strip("-")
            section = matching_section(self.home, slug=slug, title=name)
            if section is not None:
                self.report.sections_reused.append(name)
            else:
                slug = PageWriter().unique_slugs(self.home, [slug or f"section-{uuid.uuid4().hex[:8]}"],
                                                 RESERVED_ROOT_SLUGS)[0]
                section = self.home.add_child(instance=SectionPage(title=name, slug=slug, show_in_menus=True))
                section.save_revision().publish()
                self.report.sections_created.append(name)
            self.sections[name] = section
        return section

    def load(self, lines, limit=None, progress=None):
        """Write the articles of `lines` in batches (each its own transaction), then queue their follow-up work —
        also for the batches written before an error stopped the load."""
        finished = False
        try:
            batch = []
            for number, line in enumerate(lines, start=1):
                if limit is not None and self.report.read >= limit:
                    break
                if not line.strip():
                    continue
                self.report.read += 1
                try:
                    batch.append((number, parse_line(line)))
                except BadLine as error:
                    self.report.errors.append((number, str(error)))
                if len(batch) >= BATCH:
                    self._write(batch, progress)
                    batch = []
            if batch:
                self._write(batch, progress)
            finished = True
        finally:
            if self.written:
                started = time.monotonic()
                if finished:
                    analyze_tables()   # before the pipeline's queries, which may run at once
                article_changed(self.written, skip=self.skip)
                self.report.follow_up_seconds += time.monotonic() - started
                self.report.queued += len(self.written)
                self.written = []
        return self.report

    def _write(self, batch, progress):
        from miftah.news.models import ArticlePage

        from wagtail.search.backends import get_search_backend

        docnos = [record["docno"] for _, record in batch]
        existing = set(ArticlePage.objects.filter(external_id__in=docnos).values_list("external_id", flat=True))
        fresh, seen = [], set()
        for number, record in batch:
            if record["docno"] in existing or record["docno"] in seen:
                self.report.skipped_existing += 1
                continue
            seen.add(record["docno"])
            fresh.append(record)
        if fresh:
            with transaction.atomic():
                articles = self._create_pages(fresh)
                backend = get_search_backend()
                backend.get_index_for_model(ArticlePage).add_items(ArticlePage, articles)
            self.written.extend(article.pk for article in articles)
            self.report.created += len(articles)
        if progress:
            progress.advance(len(batch))

    def _create_pages(self, records):
        from miftah.news.models import ArticlePage

        by_section = {}
        for record in records:
            by_section.setdefault(record["cat"], []).append(record)
        now = timezone.now()
        writer = PageWriter()  # one per batch: each batch is its own transaction
        articles = []
        for name, group in by_section.items():
            section = self.section(name)
            slugs = writer.unique_slugs(section, [self._slug(record) for record in group])
            for record, slug in zip(group, slugs):
                when = record["time"] or now
                text = "\n".join(record["paragraphs"])
                article = ArticlePage(
                    title=record["title"], draft_title=record["title"], slug=slug, live=True,
                    has_unpublished_changes=False, first_published_at=when, last_published_at=when,
                    dek=record["dek"], body=body_json(record["paragraphs"]), desk_byline=record["author"],
                    external_id=record["docno"], source_url=record["url"], reading_time=reading_minutes(text),
                )
                writer.place(article, section)
                # The texts are in hand: the indexer need not read tags, authors, section or body back.
                article.search_values = {"body": text, "tags": "", "authors": "", "section": section.title}
                articles.append(article)
        writer.write(articles)
        return articles

    @staticmethod
    def _slug(record):
        base = slugify(record["title"], allow_unicode=True)[:60].strip("-")
        tail = slugify(record["docno"], allow_unicode=True)[-40:] or uuid.uuid4().hex[:8]
        return f"{base}-{tail}" if base else tail
