"""Bring a WordPress export into Miftah: posts, pages, sections, tags, authors, media, comments and old links.

``import_wordpress(path, media_dir=..., dry_run=..., site_url=..., progress=...)`` returns an
:class:`ImportSummary`. It works in two streaming passes over the file:

1. :func:`scan` validates the whole file (malformed XML raises :class:`~miftah.wordpress.wxr.WxrError` with line
   and column before anything is written) and keeps a small inventory: authors, terms, attachments, menu items,
   the page tree. Post bodies are not kept.
2. Inside one database transaction, authors, sections, tags and media are created, then posts stream through in
   batches written in bulk (tree rows, specific rows, one revision each, authors, tags, redirects, comments, search
   index), then pages (parents first), sticky posts, menus and the redirects of terms and attachments. Any error
   rolls the whole run back; ``dry_run`` runs everything and rolls back, and never writes media files.

Re-running is safe: each WordPress object is keyed in :class:`~miftah.wordpress.models.ImportedObject` on (site,
kind, id) with its GUID and a fingerprint of the source data; unchanged objects are skipped, changed ones get a new
revision on the same page, nothing is duplicated. Redirect rows are unique per path and inserted with conflicts
ignored, so the first object to claim an old path keeps it.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import os
import queue
import traceback
from array import array
from bisect import bisect_left
import hashlib
import json
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image as PILImage
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.models import Site as WagtailSite
from wagtail.search.backends import get_search_backend

from miftah.news.models import (ArticleAuthor, ArticlePage, ArticleTag, HomeFeatured, NewsTag, SectionPage,
                                StandardPage)
from miftah.news.models import Author as NewsAuthor
from miftah.news.text import reading_minutes
from miftah.search.backends.indexing import NotRaw, analyse_values, stream_searchable_content, title_norms_deferred

from miftah.news import bulk
from miftah.news.bulk import RESERVED_ROOT_SLUGS, PageWriter

from . import legacy_urls, wxr
from .content import convert
from .models import ImportedComment, ImportedObject, ImportRun
from .redirects import insert_redirects
from .sanitize import plain_text, safe_url
from .text import decoded_slug

__all__ = ["ImportSummary", "Inventory", "scan", "import_wordpress", "COUNT_KEYS", "WxrError"]

WxrError = wxr.WxrError
COUNT_KEYS = ("articles", "pages", "sections", "tags", "authors", "images", "documents", "redirects", "comments",
              "menu_items")
IMPORTED_TYPES = {"post", "page", "attachment", "nav_menu_item"}
# WordPress' own bookkeeping types: never content, skipped without a warning.
SILENT_TYPES = {"revision", "customize_changeset", "oembed_cache", "custom_css", "user_request", "wp_global_styles",
                "wp_template", "wp_template_part", "wp_navigation", "wp_font_family", "wp_font_face"}
SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".bmp", ".tif", ".tiff", ".heic"}
BATCH_SIZE = 250
QUEUE_BATCHES = 4   # converted batches waiting for the writer at most (bounded memory)
_COUNT_KEY = {"post": "articles", "page": "pages"}
MAX_FEATURED = 6
_SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
_UPLOADS = "/wp-content/uploads/"
ARTICLE_BODY = ArticlePage._meta.get_field("body")


# ---------------------------------------------------------------- summary

@dataclass
class ImportSummary:
    file: str
    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)
    skipped: Counter = field(default_factory=Counter)
    unknown_shortcodes: Counter = field(default_factory=Counter)
    missing_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    @property
    def changed_anything(self) -> bool:
        return bool(sum(self.created.values()) or sum(self.updated.values()))

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: self.counts.get(key, 0) for key in COUNT_KEYS}
        data.update(
            file=self.file, dry_run=self.dry_run, created=dict(self.created), updated=dict(self.updated),
            unchanged=dict(self.unchanged), skipped=dict(self.skipped),
            unknown_shortcodes=dict(self.unknown_shortcodes.most_common()), missing_files=self.missing_files,
            warnings=self.warnings, errors=self.errors, seconds=round(self.seconds, 2),
        )
        return data


# ---------------------------------------------------------------- pass 1: inventory

@dataclass(slots=True)
class AttachmentInfo:
    post_id: int
    title: str
    url: str
    file: str
    parent: int
    alt: str
    caption: str
    link: str
    guid: str
    slug: str
    date: dt.datetime | None


@dataclass(slots=True)
class MenuItemInfo:
    post_id: int
    menu: str
    order: int
    parent: int
    type: str
    object: str
    object_id: int | None
    title: str


@dataclass(slots=True)
class PageInfo:
    post_id: int
    slug: str
    parent: int


@dataclass
class Inventory:
    site: wxr.Site = field(default_factory=wxr.Site)
    authors: dict[str, wxr.Author] = field(default_factory=dict)
    categories: dict[str, wxr.Category] = field(default_factory=dict)
    tags: dict[str, wxr.Tag] = field(default_factory=dict)
    menus: dict[str, str] = field(default_factory=dict)
    menu_items: list[MenuItemInfo] = field(default_factory=list)
    attachments: dict[int, AttachmentInfo] = field(default_factory=dict)
    pages: dict[int, PageInfo] = field(default_factory=dict)
    post_types: Counter = field(default_factory=Counter)
    content_items: int = 0
    # WordPress ids of every post and page in the file, sorted (8 bytes each: a 30k-post file is 240 kB).
    content_ids: array = field(default_factory=lambda: array("q"))
    keyless: set[str] = field(default_factory=set)   # "guid:…" keys of the rare items without an id
    warnings: list[str] = field(default_factory=list)

    def page_chain(self, post_id: int) -> list[str]:
        """Encoded slugs from the top-level ancestor down to this page (cycles cut)."""
        chain, seen = [], set()
        while post_id in self.pages and post_id not in seen:
            seen.add(post_id)
            info = self.pages[post_id]
            chain.append(info.slug)
            post_id = info.parent
        return list(reversed(chain))

    def has_key(self, key: str) -> bool:
        """Whether a post or page of this file has this ImportedObject key."""
        if not key.lstrip("-").isdigit():
            return key in self.keyless
        index = bisect_left(self.content_ids, int(key))
        return index < len(self.content_ids) and self.content_ids[index] == int(key)

    def category_chain(self, slug: str) -> list[str]:
        chain, seen = [], set()
        while slug and slug in self.categories and slug not in seen:
            seen.add(slug)
            chain.append(slug)
            slug = self.categories[slug].parent_slug
        return list(reversed(chain))


def _meta_int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def scan(path: str | Path) -> Inventory:
    """Pass 1: validate the whole file and keep what pass 2 needs before posts arrive (never post bodies)."""
    inventory = Inventory()
    reader = wxr.WxrReader(path)
    for record in reader:
        if isinstance(record, wxr.Site):
            inventory.site = record
        elif isinstance(record, wxr.Author):
            if record.login:
                inventory.authors.setdefault(record.login, record)
        elif isinstance(record, wxr.Category):
            if record.slug:
                inventory.categories.setdefault(record.slug, record)
        elif isinstance(record, wxr.Tag):
            if record.slug:
                inventory.tags.setdefault(record.slug, record)
        elif isinstance(record, wxr.Term):
            _scan_term(inventory, record)
        elif isinstance(record, wxr.Item):
            _scan_item(inventory, record)
    inventory.warnings.extend(reader.warnings)
    inventory.content_ids = array("q", sorted(inventory.content_ids))
    return inventory


def _scan_term(inventory: Inventory, term: wxr.Term) -> None:
    if not term.slug:
        return
    if term.taxonomy == "category":
        inventory.categories.setdefault(term.slug, wxr.Category(term.term_id, term.slug, term.parent_slug, term.name,
                                                                term.description, term.meta))
    elif term.taxonomy == "post_tag":
        inventory.tags.setdefault(term.slug, wxr.Tag(term.term_id, term.slug, term.name, term.description, term.meta))
    elif term.taxonomy == "nav_menu":
        inventory.menus[term.slug] = term.name or term.slug


def _scan_item(inventory: Inventory, item: wxr.Item) -> None:
    inventory.post_types[item.post_type] += 1
    post_id = item.post_id if item.post_id is not None else -(item.source_line or 0)
    if item.post_type == "attachment":
        meta = item.postmeta
        inventory.attachments[post_id] = AttachmentInfo(
            post_id, item.title, item.attachment_url or item.guid, str(meta.get("_wp_attached_file") or ""),
            item.parent, str(meta.get("_wp_attachment_image_alt") or ""), plain_text(item.excerpt), item.link,
            item.guid, item.slug, item.post_date)
        return
    if item.post_type == "nav_menu_item":
        meta = item.postmeta
        menu = next((c.nicename or c.name for c in item.terms("nav_menu")), "")
        inventory.menu_items.append(MenuItemInfo(
            post_id, menu, item.menu_order, _meta_int(meta.get("_menu_item_menu_item_parent")) or 0,
            str(meta.get("_menu_item_type") or ""), str(meta.get("_menu_item_object") or ""),
            _meta_int(meta.get("_menu_item_object_id")), item.title))
        return
    if item.post_type not in ("post", "page"):
        return
    if item.post_id is not None:
        inventory.content_ids.append(item.post_id)
    else:
        inventory.keyless.add(Importer._key(item))
    if item.post_type == "page":
        inventory.pages[post_id] = PageInfo(post_id, item.slug, item.parent)
    if item.status not in SKIPPED_STATUSES:
        inventory.content_items += 1
    if item.creator and item.creator not in inventory.authors:
        inventory.authors[item.creator] = wxr.Author(id=None, login=item.creator)
    for term in item.categories:
        slug = term.nicename or slugify(term.name, allow_unicode=True)
        if not slug:
            continue
        if term.domain == "category" and slug not in inventory.categories:
            inventory.categories[slug] = wxr.Category(None, slug, "", term.name)
        elif term.domain == "post_tag" and slug not in inventory.tags:
            inventory.tags[slug] = wxr.Tag(None, slug, term.name)


# ---------------------------------------------------------------- helpers

def fingerprint(*parts: Any) -> str:
    return hashlib.sha256(json.dumps(parts, default=str, ensure_ascii=False).encode()).hexdigest()


def as_aware(gmt: dt.datetime | None, local: dt.datetime | None) -> dt.datetime | None:
    """GMT when the export has it; otherwise the site-local time read in the configured time zone."""
    if gmt is not None:
        return gmt
    if local is None:
        return None
    try:
        return timezone.make_aware(local)
    except Exception:  # non-existent or ambiguous local time around a DST change
        return local.replace(tzinfo=dt.timezone.utc)


def new_slug(encoded: str, fallback_text: str, fallback: str) -> str:
    """A Wagtail slug (Unicode letters, digits, hyphens) from WordPress' percent-encoded post_name."""
    slug = slugify(decoded_slug(encoded), allow_unicode=True) if encoded else ""
    if not slug:
        slug = slugify(fallback_text, allow_unicode=True)[:80].strip("-")
    return (slug or fallback)[:200].strip("-") or fallback


def upload_path(url: str, attached_file: str) -> str:
    """The attachment's path below wp-content/uploads ("2008/06/canola2.jpg")."""
    if attached_file and not attached_file.startswith(("/", "http")):
        return attached_file
    path = unquote(urlsplit(url).path)
    if _UPLOADS in path:
        return path.split(_UPLOADS, 1)[1]
    return path.lstrip("/")


def url_key(url: str) -> str:
    """How an image URL is matched to an attachment: its path, size suffix (-300x200) removed, lower case."""
    path = unquote(urlsplit(url.strip()).path)
    return _SIZE_SUFFIX.sub("", path).lower()


def _block_id() -> str:
    return str(uuid.uuid4())


def _plain_of_blocks(blocks: list[dict[str, Any]]) -> str:
    texts = []
    for block in blocks:
        value = block["value"]
        if isinstance(value, str):
            texts.append(plain_text(value))
        elif block["type"] == "list":
            texts.extend(plain_text(item) for item in value["items"])
        elif block["type"] in ("heading", "quote"):
            texts.append(value.get("text", ""))
        elif block["type"] == "table":
            texts.extend(" ".join(row) for row in value["rows"])
    return " ".join(texts)


# ---------------------------------------------------------------- the importer

class Importer:
    def __init__(self, path: str | Path, *, media_dir: str | Path | None = None, dry_run: bool = False,
                 site_url: str | None = None, progress: Callable[[int, int], None] | None = None,
                 search_index: bool = True, workers: int | None = None) -> None:
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
        self.summary = ImportSummary(file=str(path), dry_run=dry_run)
        self.Image = get_image_model()
        self.Document = get_document_model()

    # ------------------------------------------------------------ run

    def run(self) -> ImportSummary:
        self.started = started = timezone.now()
        self.inventory = inventory = scan(self.path)
        for message in inventory.warnings:
            self.summary.warn(message)
        site = inventory.site
        self.source = (site.base_blog_url or site.link or site.base_site_url or self.path.name).rstrip("/")[:200]
        self.base = legacy_urls.base_path(self.site_url_override or site.base_blog_url or site.link)
        for post_type, count in inventory.post_types.items():
            if post_type not in IMPORTED_TYPES:
                self.summary.skipped[f"type:{post_type}"] += count
                if post_type not in SILENT_TYPES:
                    self.summary.warn(f"post type {post_type!r} is not imported ({count} items skipped)")
        with transaction.atomic():
            self._prepare_site()
            self.import_authors()
            self.import_sections()
            self.import_tags()
            self.import_attachments()
            with title_norms_deferred():   # once after all the batches, not a scan of the index per batch
                self.import_items()
            self.import_sticky()
            self.term_redirects()
            self.attachment_redirects()
            self.summary.counts["redirects"] = Redirect.objects.filter(site=self.wagtail_site).count()
            self.summary.created["redirects"] = self.summary.counts["redirects"] - self.redirects_before
            self.summary.seconds = (timezone.now() - started).total_seconds()
            if self.dry_run:
                transaction.set_rollback(True)
            else:
                ImportRun.objects.create(source=self.source, file_name=str(self.path)[:500],
                                         finished_at=timezone.now(), summary=self.summary.as_dict())
                if self.summary.changed_anything:
                    from miftah.core.cache import bump_generation

                    transaction.on_commit(bump_generation)
        return self.summary

    def _prepare_site(self) -> None:
        self.wagtail_site = WagtailSite.objects.filter(is_default_site=True).select_related("root_page").first() \
            or WagtailSite.objects.select_related("root_page").first()
        if self.wagtail_site is None:
            raise wxr.WxrError("لا يوجد موقع في قاعدة البيانات؛ أنشئ الصفحة الرئيسية أولاً",
                               "no Wagtail site exists; create the home page first", str(self.path))
        self.home = self.wagtail_site.root_page.specific
        self.redirects_before = Redirect.objects.filter(site=self.wagtail_site).count()
        self.types = {model: ContentType.objects.get_for_model(model)
                      for model in (ArticlePage, StandardPage, SectionPage, NewsTag, NewsAuthor, self.Image,
                                    self.Document)}
        self.writer = PageWriter()
        self.pending_redirects: list[tuple[str, int, str]] = []   # (old_path key, page id, route)
        self.pending_comments: list[ImportedComment] = []
        self.page_ids: dict[int, int] = {}    # WordPress page id -> page id (pages only: posts are looked up)
        self.sticky: list[int] = []
        self.menu_pages: dict[int, int] = {}  # WordPress post id -> menu position

    # ------------------------------------------------------------ bookkeeping

    def known(self, kind: str, keys: Iterable[str]) -> dict[str, ImportedObject]:
        keys = list(keys)
        found: dict[str, ImportedObject] = {}
        for start in range(0, len(keys), 500):
            for obj in ImportedObject.objects.filter(source=self.source, kind=kind,
                                                     key__in=bulk.padded(keys[start:start + 500])):
                found[obj.key] = obj
        return found

    def remember(self, kind: str, key: str, obj: Any, fp: str, guid: str = "", existing: ImportedObject | None = None):
        if existing is not None:
            if existing.fingerprint != fp or existing.object_id != obj.pk:
                ImportedObject.objects.filter(pk=existing.pk).update(fingerprint=fp, object_id=obj.pk,
                                                                     imported_at=timezone.now())
            return
        ImportedObject.objects.create(source=self.source, kind=kind, key=key, guid=guid[:500],
                                      content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
                                      fingerprint=fp)

    def redirect(self, raw_path: str, page_id: int, route: str = "") -> None:
        for key in legacy_urls.lookup_keys(raw_path):
            self.pending_redirects.append((key, page_id, route))

    def flush_redirects(self) -> None:
        if self.pending_comments:
            bulk.insert(ImportedComment, self.pending_comments, ignore_conflicts=True)
            self.pending_comments = []
        if self.pending_redirects:
            insert_redirects(self.pending_redirects, self.wagtail_site.pk)
            self.pending_redirects = []

    def unique_slugs(self, parent: Page, wanted: list[str]) -> list[str]:
        reserved = RESERVED_ROOT_SLUGS if parent.pk == self.home.pk else ()
        return self.writer.unique_slugs(parent, wanted, reserved)

    # ------------------------------------------------------------ authors

    def import_authors(self) -> None:
        User = get_user_model()
        self.authors: dict[str, NewsAuthor] = {}
        known = self.known("author", self.inventory.authors)
        for login, wp_author in self.inventory.authors.items():
            name = wp_author.display_name or " ".join(
                part for part in (wp_author.first_name, wp_author.last_name) if part) or login
            fp = fingerprint(name, wp_author.email, wp_author.first_name, wp_author.last_name)
            existing = known.get(login)
            author = NewsAuthor.objects.filter(pk=existing.object_id).first() if existing else None
            if author is not None:
                if existing.fingerprint != fp:
                    author.name = name[:120]
                    author.save(update_fields=["name"])
                    self.summary.updated["authors"] += 1
                else:
                    self.summary.unchanged["authors"] += 1
            else:
                username = (login or f"wp-{wp_author.id}")[:150]
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(username=username, email=wp_author.email[:254], first_name=wp_author.first_name[:150],
                                last_name=wp_author.last_name[:150])
                    user.set_unusable_password()
                    user.save()
                author = NewsAuthor.objects.filter(user=user).first()
                if author is None:
                    slug = self._unique_author_slug(slugify(login, allow_unicode=True) or f"author-{wp_author.id}")
                    author = NewsAuthor.objects.create(name=name[:120], slug=slug, user=user)
                self.summary.created["authors"] += 1
            self.remember("author", login, author, fp, existing=existing if author.pk == getattr(
                existing, "object_id", None) else None)
            self.authors[login] = author
            self.summary.counts["authors"] += 1

    @staticmethod
    def _unique_author_slug(base: str) -> str:
        slug, n = base[:110], 1
        while NewsAuthor.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base[:110]}-{n}"
        return slug

    # ------------------------------------------------------------ menus and sections

    def primary_menu(self) -> list[MenuItemInfo]:
        """Top-level items of the site's main menu: one named primary/main/header, else the largest."""
        by_menu: dict[str, list[MenuItemInfo]] = defaultdict(list)
        for item in self.inventory.menu_items:
            if item.parent == 0:
                by_menu[item.menu].append(item)
        if not by_menu:
            return []
        named = [m for m in by_menu if re.search(r"primary|main|header|top|رئيس", m + self.inventory.menus.get(m, ""),
                                                 re.I)]
        menu = named[0] if named else max(by_menu, key=lambda m: len(by_menu[m]))
        return sorted(by_menu[menu], key=lambda item: item.order)

    def import_sections(self) -> None:
        inventory = self.inventory
        menu = self.primary_menu()
        term_slugs = {cat.term_id: slug for slug, cat in inventory.categories.items() if cat.term_id is not None}
        menu_categories: dict[str, int] = {}
        for position, item in enumerate(menu):
            if item.object == "category" and item.object_id in term_slugs:
                menu_categories.setdefault(term_slugs[item.object_id], position)
            elif item.object == "page" and item.object_id is not None:
                self.menu_pages.setdefault(item.object_id, position)
            else:
                self.summary.warn(f"menu item {item.title or item.post_id!r} ({item.type} {item.object}) has no place "
                                  "in the site navigation; not imported")
        self.summary.counts["menu_items"] = len(menu_categories) + len(self.menu_pages)
        has_menu = bool(menu)
        order = {slug: n for n, slug in enumerate(inventory.categories)}
        ordered = sorted(inventory.categories, key=lambda s: (len(inventory.category_chain(s)),
                                                              menu_categories.get(s, 10**6), order[s]))
        known = self.known("category", inventory.categories)
        self.sections: dict[str, SectionPage] = {}
        for slug in ordered:
            category = inventory.categories[slug]
            parent = self.sections.get(category.parent_slug) or self.home
            title = (category.name or decoded_slug(slug) or slug)[:255]
            intro = plain_text(category.description)
            fp = fingerprint(title, intro, category.parent_slug)
            existing = known.get(slug)
            section = SectionPage.objects.filter(pk=existing.object_id).first() if existing else None
            if section is not None:
                if existing.fingerprint != fp:
                    section.title, section.draft_title, section.intro = title, title, intro
                    section.save_revision(log_action=False).publish(log_action=False)
                    self.summary.updated["sections"] += 1
                else:
                    self.summary.unchanged["sections"] += 1
            else:
                existing = None
                in_menu = slug in menu_categories if has_menu else parent.pk == self.home.pk
                section = self._add_section(parent, title, new_slug(slug, title, f"section-{category.term_id}"),
                                            intro, in_menu)
                self.summary.created["sections"] += 1
            self.remember("category", slug, section, fp, existing=existing)
            self.sections[slug] = section
            self.summary.counts["sections"] += 1

    def _add_section(self, parent: Page, title: str, slug: str, intro: str, in_menu: bool) -> SectionPage:
        parent = Page.objects.get(pk=parent.pk)  # fresh numchild: bulk writes below may have moved it
        section = SectionPage(title=title, slug=self.unique_slugs(parent, [slug])[0], intro=intro,
                              show_in_menus=in_menu)
        parent.add_child(instance=section)
        section.save_revision(log_action=False).publish(log_action=False)
        self.writer.forget(parent)
        return section

    def fallback_section(self) -> SectionPage:
        if "__uncategorized__" not in self.sections:
            existing = self.known("category", ["__uncategorized__"]).get("__uncategorized__")
            section = SectionPage.objects.filter(pk=existing.object_id).first() if existing else None
            if section is None:
                section = self._add_section(self.home, "غير مصنف", "uncategorized", "", False)
                self.remember("category", "__uncategorized__", section, "")
                self.summary.created["sections"] += 1
                self.summary.counts["sections"] += 1
            self.sections["__uncategorized__"] = section
        return self.sections["__uncategorized__"]

    # ------------------------------------------------------------ tags

    def import_tags(self) -> None:
        self.tags: dict[str, NewsTag] = {}
        known = self.known("tag", self.inventory.tags)
        for slug, wp_tag in self.inventory.tags.items():
            wanted = new_slug(slug, wp_tag.name, f"tag-{wp_tag.term_id}")[:100]
            name = (wp_tag.name or wanted)[:100]
            existing = known.get(slug)
            tag = NewsTag.objects.filter(pk=existing.object_id).first() if existing else None
            if tag is not None:
                self.summary.unchanged["tags"] += 1
            else:
                existing = None
                tag = NewsTag.objects.filter(slug=wanted).first() or NewsTag.objects.filter(name=name).first()
                if tag is None:
                    tag = NewsTag.objects.create(name=name, slug=wanted)
                self.summary.created["tags"] += 1
            self.remember("tag", slug, tag, "", existing=existing)
            self.tags[slug] = tag
            self.summary.counts["tags"] += 1

    # ------------------------------------------------------------ media

    def import_attachments(self) -> None:
        self.images: dict[int, int] = {}          # attachment id -> image id
        self.documents: dict[int, Any] = {}
        self.image_by_url: dict[str, int] = {}
        self.image_text: dict[int, tuple[str, str]] = {}   # image id -> (caption, alt)
        attachments = self.inventory.attachments
        known = self.known("attachment", [str(i) for i in attachments])
        missing = 0
        for attachment_id, info in attachments.items():
            relative = upload_path(info.url, info.file)
            is_image = PurePosixPath(relative).suffix.lower() in IMAGE_EXTENSIONS
            model = self.Image if is_image else self.Document
            existing = known.get(str(attachment_id))
            obj = model.objects.filter(pk=existing.object_id).first() if existing else None
            if obj is not None:
                self.summary.unchanged["images" if is_image else "documents"] += 1
            else:
                existing = None
                source = self._media_file(relative)
                if source is None:
                    missing += 1
                    self.summary.missing_files.append(relative)
                    continue
                obj = self._store_media(model, info, source, is_image)
                if obj is None:
                    continue
                self.summary.created["images" if is_image else "documents"] += 1
            self.remember("attachment", str(attachment_id), obj, "", guid=info.guid, existing=existing)
            self.summary.counts["images" if is_image else "documents"] += 1
            if is_image:
                self.images[attachment_id] = obj.pk
                self.image_text[obj.pk] = (info.caption, info.alt)
                for url in (info.url, info.guid, relative):
                    if url:
                        self.image_by_url[url_key(url if "/" in url else "/" + url)] = obj.pk
            else:
                self.documents[attachment_id] = obj
        if missing:
            where = f"in {self.media_dir}" if self.media_dir else "(no --media-dir given)"
            self.summary.warn(f"{missing} attachment file(s) not found {where}; listed in missing_files")

    def _media_file(self, relative: str) -> Path | None:
        if self.media_dir is None or not relative:
            return None
        candidate = (self.media_dir / relative).resolve()
        try:
            candidate.relative_to(self.media_dir.resolve())  # "../" in an export must not read outside the folder
        except ValueError:
            return None
        return candidate if candidate.is_file() else None

    def _store_media(self, model: Any, info: AttachmentInfo, source: Path, is_image: bool) -> Any:
        title = (info.title or source.stem)[:255]
        obj = model(title=title)
        if is_image:
            try:
                with PILImage.open(source) as probe:
                    obj.width, obj.height = probe.size
            except Exception:
                self.summary.warn(f"attachment {info.post_id}: {source.name} is not a readable image; skipped")
                return None
            obj.description = info.caption[:255] if hasattr(obj, "description") else ""
        obj.file_size = source.stat().st_size
        if self.dry_run:
            obj.file.name = f"dry-run/{source.name}"   # nothing is written to storage in a dry run
            obj.save()
        else:
            with source.open("rb") as handle:
                obj.file.save(source.name, File(handle), save=False)
            obj.save()
        return obj

    def image_for(self, attachment_id: int | None, src: str) -> int | None:
        if attachment_id is not None and attachment_id in self.images:
            return self.images[attachment_id]
        return self.image_by_url.get(url_key(src)) if src else None

    # ------------------------------------------------------------ posts and pages

    def import_items(self) -> None:
        batch: list[_Prepared] = []
        pages: list[_Prepared] = []
        self.done = 0
        total = self.inventory.content_items
        for kind, payload in self.converted_items():
            if kind == "skipped":
                self.summary.skipped[f"status:{payload}"] += 1
            elif kind == "page":
                pages.append(payload)
            else:
                batch.append(payload)
                if len(batch) >= BATCH_SIZE:
                    self.write_batch("post", batch)
                    batch = []
                    self.progress(self.done, total)
        if batch:
            self.write_batch("post", batch)
        # Pages parent-first, so a child page finds its parent already written.
        depth = lambda prepared: len(self.inventory.page_chain(prepared.item.post_id or 0))  # noqa: E731
        for depth_group in _group_by(pages, depth):
            for start in range(0, len(depth_group), BATCH_SIZE):
                self.write_batch("page", depth_group[start:start + BATCH_SIZE])
        self.progress(self.done, total)

    # ------------------------------------------------------------ conversion (in a worker process when possible)

    def converted_items(self) -> Iterator[tuple[str, Any]]:
        """Pass 2's posts and pages, converted: ("post" | "page", _Prepared) or ("skipped", status), in file order.

        Reading the XML and converting each body (HTML parsing, sanitising, old-URL keys) needs no database, so
        with ``workers`` it runs in a forked process while this one writes: batches travel through a bounded queue
        (memory stays flat), and any error there is raised here, inside the transaction, so nothing is written.
        """
        if not self.workers:
            yield from self._convert_all()
            return
        context = multiprocessing.get_context("fork")
        channel = context.Queue(maxsize=QUEUE_BATCHES)
        gc.freeze()   # the child's collector leaves the inherited objects alone: fewer pages copied on write
        try:
            worker = context.Process(target=self._produce, args=(channel,), name="miftah-wordpress-convert",
                                     daemon=True)
            worker.start()
        finally:
            gc.unfreeze()
        try:
            while True:
                try:
                    tag, payload = channel.get(timeout=1.0)
                except queue.Empty:
                    if not worker.is_alive():
                        raise RuntimeError(f"the conversion process stopped (exit code {worker.exitcode})") from None
                    continue
                if tag == "items":
                    yield from payload
                elif tag == "error":
                    raise _worker_error(payload)
                else:
                    break
        finally:
            if worker.is_alive():
                worker.kill()
            worker.join()
            channel.close()
            channel.join_thread()

    def _produce(self, channel: Any) -> None:
        """In the forked process: convert every item and send them in batches (never touches the database)."""
        try:
            chunk: list[tuple[str, Any]] = []
            for event in self._convert_all():
                chunk.append(event)
                if len(chunk) >= BATCH_SIZE:
                    channel.put(("items", chunk))
                    chunk = []
            channel.put(("items", chunk))
            channel.put(("done", None))
        except BaseException as exc:  # noqa: BLE001 - sent to the writing process, which raises it
            channel.put(("error", _error_payload(exc)))

    def _convert_all(self) -> Iterator[tuple[str, Any]]:
        self.attachment_urls = {i: a.url for i, a in self.inventory.attachments.items()}
        for record in wxr.parse(self.path):
            if not isinstance(record, wxr.Item) or record.post_type not in ("post", "page"):
                continue
            if record.status in SKIPPED_STATUSES:
                yield "skipped", record.status
                continue
            yield record.post_type, self.prepare(record.post_type, record, self._key(record))

    # ------------------------------------------------------------ writing

    def write_batch(self, kind: str, batch: list["_Prepared"]) -> None:
        keys = [prepared.key for prepared in batch]
        known = self.known(kind, keys)
        missing_guids = [prepared.item.guid for prepared in batch if prepared.key not in known and prepared.item.guid]
        # A GUID identifies a post whose id changed between exports, never one whose id is also in this file; so
        # never one imported by this run either (its key is in the file): without that bound, an export that repeats
        # GUIDs would read back every post already written with them, batch after batch.
        by_guid = {obj.guid: obj for obj in ImportedObject.objects.filter(
            source=self.source, kind=kind, guid__in=bulk.padded(missing_guids), imported_at__lt=self.started)
            if not self.inventory.has_key(obj.key)} if missing_guids else {}
        new: list[_Prepared] = []
        for prepared in batch:
            self.done += 1
            self.absorb(prepared)
            item = prepared.item
            existing = known.get(prepared.key) or by_guid.pop(item.guid, None)
            if existing is not None and not Page.objects.filter(pk=existing.object_id).exists():
                ImportedObject.objects.filter(pk=existing.pk).delete()  # the page was deleted since: import again
                existing = None
            if existing is None:
                new.append(prepared)
                continue
            if kind == "page":
                self.page_ids[item.post_id or 0] = existing.object_id
            if existing.fingerprint == prepared.fingerprint:
                self.summary.unchanged[_COUNT_KEY[kind]] += 1
            else:
                self.update_page(existing, prepared)
                self.summary.updated[_COUNT_KEY[kind]] += 1
                self.after_write(prepared, existing.object_id)
            self._count(kind)
        if new:
            self.create_pages(kind, new)
        self.flush_redirects()

    def _count(self, kind: str) -> None:
        self.summary.counts[_COUNT_KEY[kind]] += 1

    @staticmethod
    def _key(item: wxr.Item) -> str:
        return str(item.post_id) if item.post_id is not None else f"guid:{item.guid}"[:255]

    def prepare(self, kind: str, item: wxr.Item, key: str) -> "_Prepared":
        """Everything about one post or page that needs no database (runs in the conversion process).

        Warnings are kept on the result and reported by :meth:`absorb`; the item's content is dropped once
        converted (the fingerprint has it), so less travels between the processes.
        """
        messages: list[str] = []
        result = convert(item.content, attachment_urls=self.attachment_urls)
        messages.extend(f"{kind} {item.post_id}: {message}" for message in result.warnings)
        body = self.stream(result.blocks, item, messages)
        published = as_aware(item.post_date_gmt, item.post_date) or item.pub_date
        modified = as_aware(item.post_modified_gmt, item.post_modified)
        thumbnail = _meta_int(item.postmeta.get("_thumbnail_id"))
        hero = self.image_for(thumbnail, "") if thumbnail else None
        if thumbnail and hero is None:
            messages.append(f"{kind} {item.post_id}: featured image {thumbnail} was not imported")
        dek = plain_text(item.excerpt)
        title = item.title or dek[:80] or f"بلا عنوان ({item.post_id})"
        tag_slugs = [t.nicename for t in item.terms("post_tag")]
        section_slugs = [t.nicename or slugify(t.name, allow_unicode=True) for t in item.terms("category")]
        fp = fingerprint(item.title, item.slug, item.content, item.excerpt, item.status, published, modified,
                         item.creator, section_slugs, tag_slugs, hero, body_ids(body),
                         item.is_sticky, item.password, item.parent, item.menu_order, len(item.comments))
        comment_texts = [plain_text(comment.content) if comment.approved not in ("spam", "trash")
                         and comment.id is not None else "" for comment in item.comments]
        item.content = ""
        prepared = _Prepared(item=item, key=key, fingerprint=fp, title=title[:255], body=body, dek=dek,
                             reading_time=reading_minutes(_plain_of_blocks(result.blocks)), published=published,
                             modified=modified, hero=hero, tag_slugs=tag_slugs, section_slugs=section_slugs,
                             redirect_keys=self.old_url_keys(item, published), comment_texts=comment_texts,
                             messages=messages, unknown_shortcodes=result.unknown_shortcodes)
        if kind == "post" and self.analyse_in_conversion:
            prepared.search_analysed = self.analyse_for_search(prepared)
        return prepared

    def analyse_for_search(self, prepared: "_Prepared") -> dict:
        """The article's texts analysed for search, here rather than in the writing process (which has the other
        CPU's work): what indexing the written page the normal way gives, field by field. The section is left to
        the writer when it is the fallback section, which may not exist yet."""
        values: dict[str, Any] = {"title": prepared.title, "dek": prepared.dek, "desk_byline": "",
                                  "tags": [self.tags[slug].name for slug in prepared.tag_slugs if slug in self.tags]}
        owner = self.authors.get(prepared.item.creator)
        values["authors"] = [str(owner)] if owner else []
        section = next((self.sections[slug] for slug in prepared.section_slugs if slug in self.sections), None)
        if section is not None:
            values["section"] = str(section)
        try:
            values["body"] = stream_searchable_content(ARTICLE_BODY.stream_block, prepared.body)
        except NotRaw:
            pass   # a block only its value can answer for: the writer reads the body
        return analyse_values(ArticlePage, values)

    def absorb(self, prepared: "_Prepared") -> None:
        """Report a converted item's warnings and resolve its author and tags (in the writing process)."""
        for message in prepared.messages:
            self.summary.warn(message)
        for name in prepared.unknown_shortcodes:
            self.summary.unknown_shortcodes[name] += 1
        prepared.owner = self.authors.get(prepared.item.creator)
        prepared.tags = [self.tags[slug] for slug in prepared.tag_slugs if slug in self.tags]

    def old_url_keys(self, item: wxr.Item, published: dt.datetime | None) -> list[str]:
        """Redirect lookup keys of every URL WordPress served the item under."""
        local_date = item.post_date or (published.replace(tzinfo=None) if published else None)
        if item.post_type == "page":
            paths = legacy_urls.post_paths(self.base, item.post_id, item.slug, item.link, item.guid, None,
                                           query_key="page_id")
            tree = legacy_urls.page_tree_path(self.base, self.inventory.page_chain(item.post_id or 0))
            if tree:
                paths.append(tree)
        else:
            paths = legacy_urls.post_paths(self.base, item.post_id, item.slug, item.link, item.guid,
                                           local_date if item.status in ("publish", "private") else None)
        return [key for path in paths for key in legacy_urls.lookup_keys(path)]

    def stream(self, blocks: list[dict[str, Any]], item: wxr.Item, messages: list[str]) -> list[dict[str, Any]]:
        """Content blocks (miftah.wordpress.content) as raw StreamField data of ArticlePage/StandardPage bodies."""
        out = []
        for block in blocks:
            kind, value = block["type"], block["value"]
            if kind == "paragraph":
                data: Any = f"<p>{value}</p>" if value else None
            elif kind == "heading":
                data = {"text": value["text"][:255], "level": str(value["level"])}
            elif kind == "image":
                data = self._image_value(value, item, messages)
            elif kind == "quote":
                data = {"text": value["text"], "attribution": value.get("attribution", "")[:255]}
            elif kind == "list":
                data = {"ordered": bool(value["ordered"]),
                        "items": [{"type": "item", "value": text, "id": _block_id()} for text in value["items"]]}
            elif kind == "table":
                data = {"data": value["rows"], "first_row_is_table_header": bool(value.get("header")),
                        "first_col_is_header": False, "table_caption": ""}
            elif kind == "embed":
                data = safe_url(value["url"]) or None
            elif kind == "gallery":
                images = [self._image_value(image, item, messages) for image in value["images"]]
                images = [image for image in images if image]
                data = {"images": [{"type": "item", "value": image, "id": _block_id()} for image in images]} \
                    if images else None
            elif kind == "media":
                data = {"kind": value["kind"], "url": value["src"]} if value.get("src") else None
            else:
                messages.append(f"post {item.post_id}: block {kind!r} has no Miftah equivalent; dropped")
                data = None
            if data is not None:
                out.append({"type": kind, "value": data, "id": _block_id()})
        return out

    def _image_value(self, value: dict[str, Any], item: wxr.Item, messages: list[str]) -> dict[str, Any] | None:
        image_id = self.image_for(value.get("attachment_id"), value.get("src", ""))
        if image_id is None:
            messages.append(f"{item.post_type} {item.post_id}: image {value.get('src') or value.get('attachment_id')}"
                              " is not among the imported media; dropped")
            return None
        caption, alt = self.image_text.get(image_id, ("", ""))
        return {"image": image_id, "caption": (value.get("caption") or caption)[:255],
                "credit": (value.get("credit") or "")[:255], "alt": (value.get("alt") or alt)[:255]}

    def parent_for(self, kind: str, prepared: "_Prepared") -> Page:
        if kind == "page":
            parent_id = self.page_ids.get(prepared.item.parent)
            return Page.objects.get(pk=parent_id) if parent_id else self.home
        for slug in prepared.section_slugs:
            if slug in self.sections:
                return self.sections[slug]
        return self.fallback_section()

    def build(self, kind: str, prepared: "_Prepared", parent: Page, slug: str) -> Page:
        item = prepared.item
        status = item.status
        live = status in ("publish", "private")
        common = dict(
            title=prepared.title, draft_title=prepared.title, slug=slug, content_type=self.types[
                ArticlePage if kind == "post" else StandardPage], live=live,
            has_unpublished_changes=not live, first_published_at=prepared.published if live else None,
            last_published_at=(prepared.modified or prepared.published) if live else None,
            latest_revision_created_at=prepared.modified or prepared.published or timezone.now(),
            go_live_at=prepared.published if status == "future" else None,
            owner_id=prepared.owner.user_id if prepared.owner else None, locale_id=parent.locale_id,
            show_in_menus=kind == "page" and (item.post_id in self.menu_pages),
            search_description=prepared.dek[:1000] if kind == "page" else "",
        )
        if status == "future" and prepared.published and prepared.published <= timezone.now():
            self.summary.warn(f"{kind} {item.post_id}: scheduled for a date already past; kept as scheduled")
        if kind == "page":
            return self.writer.place(StandardPage(body=prepared.body, **common), parent)
        page = ArticlePage(
            dek=prepared.dek, body=prepared.body, hero_image_id=prepared.hero,
            hero_caption=self.image_text.get(prepared.hero, ("", ""))[0][:300] if prepared.hero else "",
            hero_alt=self.image_text.get(prepared.hero, ("", ""))[1][:300] if prepared.hero else "",
            updated_at=prepared.modified if prepared.modified and prepared.published and
            prepared.modified > prepared.published + dt.timedelta(minutes=1) else None,
            reading_time=prepared.reading_time, source_url=_source_url(item), **common)
        return self.writer.place(page, parent)

    def create_pages(self, kind: str, batch: list["_Prepared"]) -> None:
        model = ArticlePage if kind == "post" else StandardPage
        parents = [self.parent_for(kind, prepared) for prepared in batch]
        slugs: list[str] = [""] * len(batch)
        for parent_id, indexes in _group_indexes(parent.pk for parent in parents).items():
            wanted = [new_slug(batch[i].item.slug, batch[i].title, f"{kind}-{batch[i].item.post_id}") for i in indexes]
            for i, slug in zip(indexes, self.unique_slugs(parents[indexes[0]], wanted)):
                slugs[i] = slug
        pages = [self.build(kind, prepared, parent, slug) for prepared, parent, slug in zip(batch, parents, slugs)]
        self.writer.write(pages)
        children: list[dict[str, list]] = []
        for page, prepared in zip(pages, batch):
            if kind == "post":
                children.append({
                    "article_authors": [ArticleAuthor(page_id=page.pk, author=prepared.owner, sort_order=0)]
                    if prepared.owner else [],
                    "tagged_items": [ArticleTag(content_object_id=page.pk, tag=tag) for tag in prepared.tags]})
            else:
                children.append({})
        if kind == "post":   # their ids are in the revisions' content
            bulk.insert(ArticleAuthor, [link for relations in children for link in relations["article_authors"]],
                        return_ids=True)
            bulk.insert(ArticleTag, [link for relations in children for link in relations["tagged_items"]],
                        return_ids=True)
        self.writer.write_revisions(pages, children)
        bulk.insert(ImportedObject, [
            ImportedObject(source=self.source, kind=kind, key=prepared.key, guid=prepared.item.guid[:500],
                           content_type=self.types[model], object_id=page.pk, fingerprint=prepared.fingerprint)
            for page, prepared in zip(pages, batch)])
        if self.search_index:
            if kind == "post":  # relations in memory, so indexing tags and authors queries nothing per page
                for page, relations, parent in zip(pages, children, parents):
                    page.article_authors = relations["article_authors"]
                    page.tagged_items = relations["tagged_items"]
                    page.corrections = []
                    # The indexer's text for `section` (the parent page, as a string) without get_parent()'s query.
                    page.search_values = {"section": str(parent)}
                for page, prepared in zip(pages, batch):
                    if prepared.search_analysed is not None:
                        page.search_analysed = prepared.search_analysed
            get_search_backend().add_bulk(model, pages)
        for page, prepared in zip(pages, batch):
            if kind == "page":
                self.page_ids[prepared.item.post_id or 0] = page.pk
            self.summary.created[_COUNT_KEY[kind]] += 1
            self._count(kind)
            self.after_write(prepared, page.pk, new_page=page)

    def update_page(self, existing: ImportedObject, prepared: "_Prepared") -> None:
        page = Page.objects.get(pk=existing.object_id).specific
        item = prepared.item
        page.title = page.draft_title = prepared.title
        page.body = prepared.body
        if isinstance(page, ArticlePage):
            page.dek = prepared.dek
            page.hero_image_id = prepared.hero
            page.source_url = _source_url(item)
            page.article_authors = [ArticleAuthor(author=prepared.owner, sort_order=0)] if prepared.owner else []
            page.tags.set(prepared.tags)
            if prepared.modified and prepared.published and prepared.modified > prepared.published:
                page.updated_at = prepared.modified
        revision = page.save_revision(user=prepared.owner.user if prepared.owner else None, log_action=False,
                                      clean=False)
        if item.status in ("publish", "private"):
            revision.publish(log_action=False)
            Page.objects.filter(pk=page.pk).update(first_published_at=prepared.published,
                                                   last_published_at=prepared.modified or prepared.published)
        ImportedObject.objects.filter(pk=existing.pk).update(fingerprint=prepared.fingerprint,
                                                             imported_at=timezone.now())

    def after_write(self, prepared: "_Prepared", page_id: int, new_page: Page | None = None) -> None:
        """Everything keyed on the written page: access, workflow, stickiness, comments, old URLs."""
        item = prepared.item
        if item.status == "private" or item.password:
            PageViewRestriction.objects.get_or_create(
                page_id=page_id, defaults={"restriction_type": "password" if item.password and item.status != "private"
                                           else "login", "password": item.password[:255]})
        if item.status == "pending" and new_page is not None:
            self._start_review(page_id, prepared)
        if item.is_sticky and item.post_type == "post" and item.status == "publish":
            self.sticky.append(page_id)
        self._comments(prepared, page_id)
        self.pending_redirects.extend((key, page_id, "") for key in prepared.redirect_keys)

    def _start_review(self, page_id: int, prepared: "_Prepared") -> None:
        page = Page.objects.get(pk=page_id).specific
        workflow = page.get_workflow()
        if workflow is None:
            self.summary.warn(f"post {prepared.item.post_id}: pending review, but no workflow applies; kept as draft")
            return
        workflow.start(page, prepared.owner.user if prepared.owner else None)

    def _comments(self, prepared: "_Prepared", page_id: int) -> None:
        rows = []
        for comment, text in zip(prepared.item.comments, prepared.comment_texts):
            self.summary.counts["comments"] += 1
            if comment.approved in ("spam", "trash") or comment.id is None:
                self.summary.skipped[f"comment:{comment.approved or 'no id'}"] += 1
                continue
            rows.append(ImportedComment(
                page_id=page_id, wp_id=comment.id, parent_wp_id=comment.parent, author_name=comment.author[:255],
                author_url=safe_url(comment.author_url)[:500], date=as_aware(comment.date_gmt, comment.date),
                text=text, approved=comment.approved[:20], comment_type=comment.type[:40]))
        self.pending_comments.extend(rows)

    # ------------------------------------------------------------ after the pages

    def import_sticky(self) -> None:
        if not self.sticky:
            return
        present = set(HomeFeatured.objects.filter(page=self.home).values_list("article_id", flat=True))
        order = HomeFeatured.objects.filter(page=self.home).count()
        for page_id in self.sticky:
            if page_id in present:
                continue
            if order >= MAX_FEATURED:
                self.summary.warn(f"more than {MAX_FEATURED} sticky posts: only the first are featured on the home page")
                break
            HomeFeatured.objects.create(page=self.home, article_id=page_id, sort_order=order)
            order += 1

    def term_redirects(self) -> None:
        for slug, section in self.sections.items():
            category = self.inventory.categories.get(slug)
            if category is None:
                continue
            for path in legacy_urls.category_paths(self.base, category.term_id, self.inventory.category_chain(slug)):
                self.redirect(path, section.pk)
        for slug, tag in self.tags.items():
            same = decoded_slug(slug) == tag.slug
            for path in legacy_urls.archive_paths(self.base, "tag", slug, same, f"tag={slug}"):
                self.redirect(path, self.home.pk, f"/tag/{tag.slug}/")
        for login, author in self.authors.items():
            wp_author = self.inventory.authors[login]
            query = f"author={wp_author.id}" if wp_author.id is not None else ""
            for path in legacy_urls.archive_paths(self.base, "author", login, login == author.slug, query):
                self.redirect(path, self.home.pk, f"/author/{author.slug}/")
        self.flush_redirects()

    def attachment_redirects(self) -> None:
        attachments = [(attachment_id, info) for attachment_id, info in self.inventory.attachments.items()
                       if info.parent]
        for start in range(0, len(attachments), 500):
            chunk = attachments[start:start + 500]
            posts = self.known("post", {str(info.parent) for _id, info in chunk})
            for attachment_id, info in chunk:
                post = posts.get(str(info.parent))
                self.attachment_redirect(attachment_id, info, post.object_id if post else
                                         self.page_ids.get(info.parent))
        self.flush_redirects()

    def attachment_redirect(self, attachment_id: int, info: AttachmentInfo, target: int | None) -> None:
        if target is not None:
            paths = [f"{self.base}/?attachment_id={attachment_id}", f"{self.base}/?p={attachment_id}"]
            link_path = legacy_urls.path_of(info.link)
            if link_path:
                paths.append(link_path)
            for path in paths:
                self.redirect(path, target)


@dataclass(slots=True)
class _Prepared:
    """One converted post or page (picklable: it travels from the conversion process)."""
    item: wxr.Item            # content emptied after conversion
    key: str
    fingerprint: str
    title: str
    body: list[dict[str, Any]]
    dek: str                  # the excerpt as plain text
    reading_time: int
    published: dt.datetime | None
    modified: dt.datetime | None
    hero: int | None
    tag_slugs: list[str]
    section_slugs: list[str]
    redirect_keys: list[str]
    comment_texts: list[str]  # plain text of each comment ("" for the skipped ones)
    messages: list[str]
    unknown_shortcodes: list[str]
    search_analysed: dict | None = None                  # the article's texts analysed for search
    owner: NewsAuthor | None = None                      # resolved by Importer.absorb
    tags: list[NewsTag] = field(default_factory=list)


def _error_payload(exc: BaseException) -> dict[str, Any]:
    payload: dict[str, Any] = {"type": type(exc).__name__, "message": str(exc),
                               "traceback": "".join(traceback.format_exception(exc))}
    if isinstance(exc, wxr.WxrError):
        payload["wxr"] = (exc.reason_ar, exc.reason_en, exc.path, exc.line, exc.column)
    return payload


def _worker_error(payload: dict[str, Any]) -> Exception:
    """The conversion process's exception, raised again in the writing process."""
    if "wxr" in payload:
        return wxr.WxrError(*payload["wxr"])
    return RuntimeError(f"conversion failed: {payload['type']}: {payload['message']}\n{payload['traceback']}")


def _group_indexes(keys: Iterable[Any]) -> dict[Any, list[int]]:
    groups: dict[Any, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    return groups


def _group_by(items: list, key: Callable) -> list[list]:
    groups: dict[Any, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [groups[k] for k in sorted(groups)]


def body_ids(body: list[dict[str, Any]]) -> list[Any]:
    """The body without its random block ids, for fingerprints."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(body)


def _source_url(item: wxr.Item) -> str:
    url = item.postmeta.get("source_url")
    return safe_url(url)[:500] if isinstance(url, str) and url.startswith("http") else ""


def import_wordpress(path: str | Path, **options: Any) -> ImportSummary:
    """Import one WXR file (see module docstring); raises WxrError for a file that cannot be imported."""
    return Importer(path, **options).run()
