"""Bring a WordPress export into Miftah: posts, pages, sections, tags, authors, media, comments and old links.

``import_wordpress(path, media_dir=..., dry_run=..., site_url=..., progress=...)`` returns an
:class:`~miftah.wordpress.summary.ImportSummary`. :class:`Importer` runs the steps in order; each concern is a
module of its own:

1. ``inventory`` — pass 1: :func:`scan` validates the whole file (malformed XML raises
   :class:`~miftah.wordpress.wxr.WxrError` with line and column before anything is written) and keeps a small
   inventory: authors, terms, attachments, menu items, the page tree. Post bodies are not kept.
2. Inside one database transaction: ``terms`` makes the authors, sections (with the main menu) and tags, ``media``
   the images and documents; then pass 2 reads the file again, ``conversion`` turns each post and page into
   StreamField data and everything else the writer needs (in a second process when there is a CPU for it), and
   ``pages`` writes them in batches in bulk through :class:`miftah.news.bulk.PageWriter` (tree rows, specific rows,
   one revision each, authors, tags, comments, search index), pages after posts, parents first. Sticky posts are
   featured, and ``redirects`` adds the old URLs of terms and attachments to those of the posts.
3. The run ends by queueing what follows a change to articles for every article it wrote or updated
   (:func:`miftah.news.pipeline.article_changed`: dossier mentions, related articles, the page cache — and their
   search entries only when the import did not write them itself), to run once the transaction commits.

Any error rolls the whole run back; ``dry_run`` runs everything and rolls back, and never writes media files.
Re-running is safe (``records``): each WordPress object is keyed in :class:`~miftah.wordpress.models.ImportedObject`
on (site, kind, id) with its GUID and a fingerprint of the source data; unchanged objects are skipped, changed ones
get a new revision on the same page, nothing is duplicated. Redirect rows are unique per path and inserted with
conflicts ignored, so the first object to claim an old path keeps it.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from typing import Any, Callable

from django.db import transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site as WagtailSite
from wagtail.search.backends import get_search_backend

from miftah.news.bulk import PageWriter
from miftah.news.pipeline import article_changed
from miftah.search.backends.indexing import title_norms_deferred

from . import legacy_urls, wxr
from .conversion import Converter, body_ids, converted_items
from .inventory import Inventory, scan
from .media import Media, upload_path, url_key
from .models import ImportRun
from .pages import PageImport
from .records import Records
from .redirects import Redirects
from .summary import COUNT_KEYS, ImportSummary
from .terms import CategoryMapError, Terms
from .text import new_slug

__all__ = ["ImportSummary", "Importer", "Inventory", "scan", "import_wordpress", "COUNT_KEYS", "WxrError",
           "CategoryMapError", "body_ids", "new_slug", "upload_path", "url_key"]

WxrError = wxr.WxrError
IMPORTED_TYPES = {"post", "page", "attachment", "nav_menu_item"}
# WordPress' own bookkeeping types: never content, skipped without a warning.
SILENT_TYPES = {"revision", "customize_changeset", "oembed_cache", "custom_css", "user_request", "wp_global_styles",
                "wp_template", "wp_template_part", "wp_navigation", "wp_font_family", "wp_font_face"}


class Importer:
    def __init__(self, path: str | Path, *, media_dir: str | Path | None = None, dry_run: bool = False,
                 site_url: str | None = None, progress: Callable[[int, int], None] | None = None,
                 search_index: bool = True, workers: int | None = None,
                 category_map: dict[str, str] | None = None) -> None:
        self.search_index = search_index
        # Texts analysed beside the writer only for a backend that takes them (Miftah's SQLite and PostgreSQL ones).
        self.analyse_in_conversion = search_index and getattr(get_search_backend(), "accepts_analysed", False)
        # One conversion process beside the writer, where fork exists and there is a second CPU to run it.
        if workers is None:
            workers = int("fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1)
        self.workers = workers
        self.path = Path(path)
        self.media_dir = Path(media_dir) if media_dir else None
        self.dry_run = dry_run
        self.site_url_override = site_url
        self.progress = progress or (lambda done, total: None)
        self.category_map = dict(category_map or {})   # WordPress category slug -> slug or path of a section
        self.summary = ImportSummary(file=str(path), dry_run=dry_run)

    def run(self) -> ImportSummary:
        started = timezone.now()
        summary = self.summary
        inventory = scan(self.path)
        for message in inventory.warnings:
            summary.warn(message)
        site = inventory.site
        source = (site.base_blog_url or site.link or site.base_site_url or self.path.name).rstrip("/")[:200]
        base = legacy_urls.base_path(self.site_url_override or site.base_blog_url or site.link)
        for post_type, count in inventory.post_types.items():
            if post_type not in IMPORTED_TYPES:
                summary.skipped[f"type:{post_type}"] += count
                if post_type not in SILENT_TYPES:
                    summary.warn(f"post type {post_type!r} is not imported ({count} items skipped)")
        with transaction.atomic():
            wagtail_site = self._site()
            home = wagtail_site.root_page.specific
            redirects_before = Redirect.objects.filter(site=wagtail_site).count()
            records = Records(source)
            writer = PageWriter()
            redirects = Redirects(wagtail_site.pk, base)

            terms = Terms(inventory, records, summary, home, writer, self.category_map)  # checks the map first
            terms.import_authors()
            terms.import_sections()
            terms.import_tags()
            media = Media(inventory, records, summary, self.media_dir, self.dry_run)
            media.import_attachments()

            converter = Converter(self.path, inventory, terms, media, base, self.analyse_in_conversion)
            pages = PageImport(inventory=inventory, records=records, summary=summary, terms=terms,
                               image_text=media.image_text, redirects=redirects, writer=writer, home=home,
                               started=started, search_index=self.search_index, progress=self.progress)
            with title_norms_deferred():   # once after all the batches, not a scan of the index per batch
                pages.import_items(converted_items(converter, self.workers))

            terms.feature_sticky(pages.sticky)
            redirects.for_terms(inventory, terms.sections, terms.tags, terms.authors, home)
            redirects.for_attachments(inventory, records, pages.page_ids)
            summary.counts["redirects"] = Redirect.objects.filter(site=wagtail_site).count()
            summary.created["redirects"] = summary.counts["redirects"] - redirects_before
            summary.seconds = (timezone.now() - started).total_seconds()
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                ImportRun.objects.create(source=source, file_name=str(self.path)[:500],
                                         finished_at=timezone.now(), summary=summary.as_dict())
                if pages.articles:
                    # Search entries are written with the pages (unless --no-search-index); the pipeline does the
                    # rest, and its last step retires the page cache.
                    article_changed(pages.articles, skip=("search",) if self.search_index else ())
                elif summary.changed_anything:
                    # Only pages, sections, media or redirects changed: no pipeline run to retire the cache.
                    from miftah.core.cache import bump_generation

                    transaction.on_commit(bump_generation)
        return summary

    def _site(self) -> WagtailSite:
        wagtail_site = WagtailSite.objects.filter(is_default_site=True).select_related("root_page").first() \
            or WagtailSite.objects.select_related("root_page").first()
        if wagtail_site is None:
            raise wxr.WxrError("لا يوجد موقع في قاعدة البيانات؛ أنشئ الصفحة الرئيسية أولاً",
                               "no Wagtail site exists; create the home page first", str(self.path))
        return wagtail_site


def import_wordpress(path: str | Path, **options: Any) -> ImportSummary:
    """Import one WXR file (see module docstring); raises WxrError for a file that cannot be imported."""
    return Importer(path, **options).run()
