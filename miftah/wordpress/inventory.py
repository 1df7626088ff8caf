"""Pass 1 of an import: read the whole export once, validate it, and keep the small inventory pass 2 needs.

:func:`scan` streams the file (malformed XML raises :class:`~miftah.wordpress.wxr.WxrError` with its line and column
before anything is written) and keeps what must be known before the first post arrives: the site, authors,
categories, tags, menus and their items, attachments, the page tree, and the ids of every post and page (one sorted
array of integers, 8 bytes a post). Post bodies are never kept; pass 2 reads the file again.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.text import slugify

from . import wxr
from .sanitize import plain_text

SKIPPED_STATUSES = {"trash", "auto-draft", "inherit"}


def item_key(item: wxr.Item) -> str:
    """The ImportedObject key of a post or page: its WordPress id, or its GUID for the rare item without one."""
    return str(item.post_id) if item.post_id is not None else f"guid:{item.guid}"[:255]


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


def meta_int(value: Any) -> int | None:
    """A postmeta value as an integer (None when it is not one)."""
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
            post_id, menu, item.menu_order, meta_int(meta.get("_menu_item_menu_item_parent")) or 0,
            str(meta.get("_menu_item_type") or ""), str(meta.get("_menu_item_object") or ""),
            meta_int(meta.get("_menu_item_object_id")), item.title))
        return
    if item.post_type not in ("post", "page"):
        return
    if item.post_id is not None:
        inventory.content_ids.append(item.post_id)
    else:
        inventory.keyless.add(item_key(item))
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
