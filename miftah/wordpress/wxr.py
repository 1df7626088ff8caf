"""Streaming reader for WordPress eXtended RSS (WXR) export files.

``parse(path)`` yields typed records in file order — :class:`Site`,
:class:`Author`, :class:`Category`, :class:`Tag`, :class:`Term`,
:class:`Item` — holding only one ``<item>`` in memory at a time, so a
2 GB export costs what one post costs.  ``validate(path)`` makes the same
pass without keeping anything and raises :class:`WxrError` on malformed XML:
the importer calls it *before* writing to the database, because a streaming
parse can only discover a broken closing tag at the end of the file.

Safety: the XML parser never resolves entities, never loads a DTD and never
touches the network; a document whose prolog declares entities is refused
outright (billion laughs, XXE).  Exports accepted: WXR 1.0, 1.1, 1.2, with the
``wp``/``excerpt`` namespaces spelled with http or https.  Elements in any
other namespace (including a redefined ``wp:`` prefix) are ignored.

Titles and names are cleaned with :mod:`miftah.wordpress.text` (bidi
overrides and zero-width characters removed); logins, creators and slugs with
its stricter slug policy so ``dc:creator`` still matches ``author_login``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterator, NamedTuple, Union

from lxml import etree

from .phpserialize import maybe_unserialize, is_serialized
from .text import clean_slug, clean_title, decoded_slug

__all__ = [
    "WxrError", "Site", "Author", "Category", "Tag", "Term", "Comment", "ItemCategory", "Item",
    "WxrExport", "WxrSummary", "WxrReader", "parse", "read_wxr", "validate", "SUPPORTED_VERSIONS",
]

SUPPORTED_VERSIONS = ("1.0", "1.1", "1.2")
Source = Union[str, os.PathLike, IO[bytes]]

_WP_NS = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/$")
_EXCERPT_NS = re.compile(r"^https?://wordpress\.org/export/1\.[0-2]/excerpt/$")
_FIXED_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
_PROLOG_BYTES = 65536
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)
_ZERO_DATE = "0000-00-00 00:00:00"


class WxrError(Exception):
    """The file cannot be imported; ``str()`` is bilingual (Arabic, then English)."""

    def __init__(self, reason_ar: str, reason_en: str, path: str = "", line: int | None = None,
                 column: int | None = None) -> None:
        self.reason_ar, self.reason_en = reason_ar, reason_en
        self.path, self.line, self.column = path, line, column
        where_ar = f" (السطر {line}، العمود {column})" if line else ""
        where_en = f" (line {line}, column {column})" if line else ""
        message = (f"تعذّر استيراد الملف {path}: {reason_ar}{where_ar}\n"
                   f"Cannot import {path}: {reason_en}{where_en}")
        super().__init__(message)


@dataclass(slots=True)
class Site:
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""
    wxr_version: str = ""


@dataclass(slots=True)
class Author:
    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(slots=True)
class Category:
    term_id: int | None
    slug: str                 # wp:category_nicename, cleaned, still percent-encoded
    parent_slug: str = ""
    name: str = ""
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def nicename(self) -> str:
        return self.slug

    def decoded_slug(self) -> str:
        return decoded_slug(self.slug)


@dataclass(slots=True)
class Tag:
    term_id: int | None
    slug: str
    name: str = ""
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def decoded_slug(self) -> str:
        return decoded_slug(self.slug)


@dataclass(slots=True)
class Term:
    """A term of any other taxonomy (``nav_menu``, ``post_format``, custom ones)."""
    term_id: int | None
    taxonomy: str
    slug: str
    parent_slug: str = ""
    name: str = ""
    description: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    def decoded_slug(self) -> str:
        return decoded_slug(self.slug)


@dataclass(slots=True)
class Comment:
    id: int | None
    author: str = ""
    author_email: str = ""
    author_url: str = ""
    author_ip: str = ""
    date: dt.datetime | None = None          # site-local, naive
    date_gmt: dt.datetime | None = None      # aware, UTC
    content: str = ""
    approved: str = "1"                      # "1", "0", "spam", "trash"
    type: str = ""                           # "" (comment), "pingback", "trackback", ...
    parent: int = 0
    user_id: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


class ItemCategory(NamedTuple):
    domain: str      # "category", "post_tag", "nav_menu", "post_format", custom taxonomy
    nicename: str    # cleaned slug; "" when the export gave only a name (old WXR)
    name: str


@dataclass(slots=True)
class Item:
    post_id: int | None
    post_type: str = "post"          # default when wp:post_type is missing
    status: str = "draft"            # WordPress' own default when wp:status is missing
    title: str = ""
    link: str = ""
    guid: str = ""
    slug: str = ""                   # wp:post_name, cleaned, percent-encoding kept
    creator: str = ""                # dc:creator (author login)
    content: str = ""
    excerpt: str = ""
    post_date: dt.datetime | None = None        # site-local, naive
    post_date_gmt: dt.datetime | None = None    # aware UTC; None for drafts ("0000-00-00")
    post_modified: dt.datetime | None = None
    post_modified_gmt: dt.datetime | None = None
    pub_date: dt.datetime | None = None         # RSS <pubDate>, aware
    parent: int = 0
    menu_order: int = 0
    is_sticky: bool = False
    password: str = ""
    comment_status: str = ""
    ping_status: str = ""
    attachment_url: str = ""
    categories: list[ItemCategory] = field(default_factory=list)
    postmeta: dict[str, Any] = field(default_factory=dict)     # first value per key, unserialized
    postmeta_raw: list[tuple[str, str]] = field(default_factory=list)  # every pair, as exported
    comments: list[Comment] = field(default_factory=list)
    source_line: int | None = None

    def decoded_slug(self) -> str:
        return decoded_slug(self.slug)

    def terms(self, domain: str) -> list[ItemCategory]:
        return [c for c in self.categories if c.domain == domain]


Record = Union[Site, Author, Category, Tag, Term, Item]


@dataclass(slots=True)
class WxrExport:
    site: Site
    authors: list[Author]
    categories: list[Category]
    tags: list[Tag]
    terms: list[Term]
    items: list[Item]
    warnings: list[str]

    def items_of_type(self, post_type: str) -> list[Item]:
        return [item for item in self.items if item.post_type == post_type]


@dataclass(slots=True)
class WxrSummary:
    wxr_version: str
    counts: dict[str, int]          # "author", "category", "tag", "term", "item", "comment"
    post_types: dict[str, int]
    warnings: list[str]


# ---------------------------------------------------------------- helpers

_tag_keys: dict[str, str | None] = {}


def _key(tag: Any) -> str | None:
    """"{ns}local" -> "wp:local" / "content:encoded" / "local"; None for foreign namespaces."""
    if not isinstance(tag, str):
        return None  # comments, processing instructions
    cached = _tag_keys.get(tag, "")
    if cached != "":
        return cached
    if tag.startswith("{"):
        uri, local = tag[1:].split("}", 1)
        if _WP_NS.match(uri):
            key = f"wp:{local}"
        elif _EXCERPT_NS.match(uri):
            key = f"excerpt:{local}"
        elif uri in _FIXED_NAMESPACES:
            key = f"{_FIXED_NAMESPACES[uri]}:{local}"
        else:
            key = None
    else:
        key = tag
    if len(_tag_keys) < 4096:
        _tag_keys[tag] = key
    return key


def _text(elem: Any) -> str:
    return (elem.text or "").strip()


def _int(text: str) -> int | None:
    text = text.strip()
    try:
        return int(text)
    except ValueError:
        return None


def _local_datetime(text: str) -> dt.datetime | None:
    text = text.strip()
    if not text or text.startswith("0000-00-00"):
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _gmt_datetime(text: str) -> dt.datetime | None:
    value = _local_datetime(text)
    return value.replace(tzinfo=dt.timezone.utc) if value else None


def _rfc822(text: str) -> dt.datetime | None:
    if not text.strip():
        return None
    try:
        value = email.utils.parsedate_to_datetime(text.strip())
    except (TypeError, ValueError, IndexError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


def _meta_pair(elem: Any) -> tuple[str, str]:
    key = value = ""
    for child in elem:
        name = _key(child.tag)
        if name == "wp:meta_key":
            key = _text(child)
        elif name == "wp:meta_value":
            value = child.text or ""
    return key, value


def _decode_meta(raw: str) -> Any:
    value, _ok = maybe_unserialize(raw)
    return value


# ---------------------------------------------------------------- builders

def _children(elem: Any) -> dict[str, Any]:
    """First child element per key (later duplicates, e.g. a second namespace alias, lose)."""
    found: dict[str, Any] = {}
    for child in elem:
        name = _key(child.tag)
        if name and name not in found:
            found[name] = child
    return found


def _field(children: dict[str, Any], name: str) -> str:
    elem = children.get(name)
    return _text(elem) if elem is not None else ""


def _term_meta(elem: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for child in elem:
        if _key(child.tag) == "wp:termmeta":
            key, raw = _meta_pair(child)
            if key and key not in meta:
                meta[key] = _decode_meta(raw)
    return meta


def _author(elem: Any) -> Author:
    c = _children(elem)
    return Author(
        id=_int(_field(c, "wp:author_id")),
        login=clean_slug(_field(c, "wp:author_login")),
        email=_field(c, "wp:author_email"),
        display_name=clean_title(_field(c, "wp:author_display_name")),
        first_name=clean_title(_field(c, "wp:author_first_name")),
        last_name=clean_title(_field(c, "wp:author_last_name")),
    )


def _category(elem: Any) -> Category:
    c = _children(elem)
    return Category(
        term_id=_int(_field(c, "wp:term_id")),
        slug=clean_slug(_field(c, "wp:category_nicename")),
        parent_slug=clean_slug(_field(c, "wp:category_parent")),
        name=clean_title(_field(c, "wp:cat_name")),
        description=_field(c, "wp:category_description"),
        meta=_term_meta(elem),
    )


def _tag(elem: Any) -> Tag:
    c = _children(elem)
    return Tag(
        term_id=_int(_field(c, "wp:term_id")),
        slug=clean_slug(_field(c, "wp:tag_slug")),
        name=clean_title(_field(c, "wp:tag_name")),
        description=_field(c, "wp:tag_description"),
        meta=_term_meta(elem),
    )


def _term(elem: Any) -> Term:
    c = _children(elem)
    return Term(
        term_id=_int(_field(c, "wp:term_id")),
        taxonomy=_field(c, "wp:term_taxonomy"),
        slug=clean_slug(_field(c, "wp:term_slug")),
        parent_slug=clean_slug(_field(c, "wp:term_parent")),
        name=clean_title(_field(c, "wp:term_name")),
        description=_field(c, "wp:term_description"),
        meta=_term_meta(elem),
    )


def _comment(elem: Any) -> Comment:
    c = _children(elem)
    meta: dict[str, Any] = {}
    for child in elem:
        if _key(child.tag) == "wp:commentmeta":
            key, raw = _meta_pair(child)
            if key and key not in meta:
                meta[key] = _decode_meta(raw)
    return Comment(
        id=_int(_field(c, "wp:comment_id")),
        author=clean_title(_field(c, "wp:comment_author")),
        author_email=_field(c, "wp:comment_author_email"),
        author_url=_field(c, "wp:comment_author_url"),
        author_ip=_field(c, "wp:comment_author_IP"),
        date=_local_datetime(_field(c, "wp:comment_date")),
        date_gmt=_gmt_datetime(_field(c, "wp:comment_date_gmt")),
        content=(c["wp:comment_content"].text or "") if "wp:comment_content" in c else "",
        approved=_field(c, "wp:comment_approved") or "1",
        type=_field(c, "wp:comment_type"),
        parent=_int(_field(c, "wp:comment_parent")) or 0,
        user_id=_int(_field(c, "wp:comment_user_id")) or 0,
        meta=meta,
    )


def _item(elem: Any, warnings: list[str]) -> Item:
    item = Item(post_id=None, source_line=elem.sourceline)
    seen: set[str] = set()
    for child in elem:
        name = _key(child.tag)
        if name is None:
            continue
        if name == "category":
            domain = child.get("domain") or "category"
            item.categories.append(ItemCategory(domain, clean_slug(child.get("nicename") or ""),
                                                clean_title(child.text or "")))
            continue
        if name == "wp:postmeta":
            key, raw = _meta_pair(child)
            item.postmeta_raw.append((key, raw))
            if key and key not in item.postmeta:
                value, ok = maybe_unserialize(raw)
                if not ok and is_serialized(raw):
                    warnings.append(f"item {item.post_id or '?'} (line {elem.sourceline}): meta {key!r} "
                                    "looks serialized but does not decode; kept as text")
                item.postmeta[key] = value
            continue
        if name == "wp:comment":
            item.comments.append(_comment(child))
            continue
        if name in seen:
            continue
        seen.add(name)
        text = child.text or ""
        setter = _ITEM_FIELDS.get(name)
        if setter is not None:
            setter(item, text)
    if item.post_id is None and "wp:post_id" not in seen:
        warnings.append(f"item at line {elem.sourceline} has no wp:post_id")
    return item


def _set(attr: str, convert: Any = lambda t: t.strip()):
    def setter(item: Item, text: str) -> None:
        setattr(item, attr, convert(text))
    return setter


_ITEM_FIELDS = {
    "title": _set("title", clean_title),
    "link": _set("link"),
    "guid": _set("guid"),
    "pubDate": _set("pub_date", _rfc822),
    "dc:creator": _set("creator", clean_slug),
    "content:encoded": _set("content", lambda t: t.strip()),
    "excerpt:encoded": _set("excerpt", lambda t: t.strip()),
    "wp:post_id": _set("post_id", _int),
    "wp:post_date": _set("post_date", _local_datetime),
    "wp:post_date_gmt": _set("post_date_gmt", _gmt_datetime),
    "wp:post_modified": _set("post_modified", _local_datetime),
    "wp:post_modified_gmt": _set("post_modified_gmt", _gmt_datetime),
    "wp:comment_status": _set("comment_status"),
    "wp:ping_status": _set("ping_status"),
    "wp:post_name": _set("slug", clean_slug),
    "wp:status": _set("status", lambda t: t.strip() or "draft"),
    "wp:post_parent": _set("parent", lambda t: _int(t) or 0),
    "wp:menu_order": _set("menu_order", lambda t: _int(t) or 0),
    "wp:post_type": _set("post_type", lambda t: t.strip() or "post"),
    "wp:post_password": _set("password", lambda t: t),
    "wp:is_sticky": _set("is_sticky", lambda t: t.strip() == "1"),
    "wp:attachment_url": _set("attachment_url"),
}

_SITE_FIELDS = {
    "title": ("title", clean_title), "link": ("link", str.strip), "description": ("description", str.strip),
    "language": ("language", str.strip), "wp:base_site_url": ("base_site_url", str.strip),
    "wp:base_blog_url": ("base_blog_url", str.strip), "wp:wxr_version": ("wxr_version", str.strip),
}
_RECORD_BUILDERS = {"wp:author": _author, "wp:category": _category, "wp:tag": _tag, "wp:term": _term}


# ---------------------------------------------------------------- reader

def _display_name(source: Source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    return getattr(source, "name", "<stream>")


def _check_prolog(head: bytes, name: str) -> None:
    root_at = head.find(b"<rss")
    prolog = head if root_at < 0 else head[:root_at]
    if _ENTITY_DECLARATION.search(prolog):
        raise WxrError("الملف يعرّف كيانات XML، وهذا غير مسموح لأسباب أمنية",
                       "the file declares XML entities, which is refused for security reasons", name)


class WxrReader:
    """Iterate the records of one WXR file; ``warnings`` fills as iteration proceeds."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.name = _display_name(source)
        self.warnings: list[str] = []
        self.site = Site()

    def __iter__(self) -> Iterator[Record]:
        if isinstance(self.source, (str, os.PathLike)):
            with open(self.source, "rb") as handle:
                yield from self._records(handle)
        else:
            yield from self._records(self.source)

    def _records(self, handle: IO[bytes]) -> Iterator[Record]:
        head = handle.read(_PROLOG_BYTES)
        _check_prolog(head, self.name)
        stream = _Rewound(head, handle)
        context = etree.iterparse(
            stream, events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
            huge_tree=True, remove_comments=True, remove_pis=True, recover=False,
        )
        site_sent = False
        saw_channel = False
        wp_seen = False
        try:
            for _event, elem in context:
                parent = elem.getparent()
                if parent is None:
                    continue
                grandparent = parent.getparent()
                if grandparent is None:
                    if elem.tag == "channel":
                        saw_channel = True
                    continue
                if grandparent.getparent() is not None:
                    continue  # nested deeper: handled when its channel-level ancestor ends
                # elem is a direct child of <channel>
                if parent.tag != "channel" or grandparent.tag != "rss":
                    raise WxrError("ليس ملف تصدير ووردبريس (لا يوجد rss/channel)",
                                   "not a WordPress export (no rss/channel element)",
                                   self.name, elem.sourceline, 0)
                key = _key(elem.tag)
                if key in _SITE_FIELDS:
                    attr, convert = _SITE_FIELDS[key]
                    if key.startswith("wp:"):
                        wp_seen = True
                    setattr(self.site, attr, convert(elem.text or ""))
                else:
                    record: Record | None = None
                    if key == "item":
                        record = _item(elem, self.warnings)
                    elif key in _RECORD_BUILDERS:
                        wp_seen = True
                        record = _RECORD_BUILDERS[key](elem)
                    if record is not None:
                        if not site_sent:
                            site_sent = True
                            self._check_version()
                            yield self.site
                        yield record
                elem.clear()
                while elem.getprevious() is not None:
                    del parent[0]
        except etree.XMLSyntaxError as exc:
            line, column = exc.position if exc.position else (None, None)
            raise WxrError("بنية XML تالفة: " + _short(exc.msg),
                           "malformed XML: " + _short(exc.msg), self.name, line, column) from None
        root = context.root
        if root is None or root.tag != "rss" or not saw_channel:
            raise WxrError("ليس ملف تصدير ووردبريس (لا يوجد rss/channel)",
                           "not a WordPress export (no rss/channel element)", self.name)
        if not wp_seen and not self.site.wxr_version:
            self.warnings.append("no WordPress (wp:) namespace elements found: plain RSS?")
        if not site_sent:
            self._check_version()
            yield self.site

    def _check_version(self) -> None:
        version = self.site.wxr_version
        if not version:
            self.warnings.append("wp:wxr_version is missing; parsing as WXR 1.2")
        elif version not in SUPPORTED_VERSIONS:
            self.warnings.append(f"unsupported wp:wxr_version {version!r}; parsing as WXR 1.2")


class _Rewound:
    """A file-like object that replays the already-read head before the rest."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head, self.rest = head, rest

    def read(self, size: int = -1) -> bytes:
        if self.head:
            chunk, self.head = (self.head, b"") if size < 0 or size >= len(self.head) else \
                (self.head[:size], self.head[size:])
            return chunk
        return self.rest.read(size)


def _short(message: str) -> str:
    return message.split("\n", 1)[0][:200]


def parse(source: Source) -> Iterator[Record]:
    """Yield records in file order (the :class:`Site` comes first)."""
    return iter(WxrReader(source))


def read_wxr(source: Source) -> WxrExport:
    """Read a whole export into memory (fine for tests and exports of a few thousand posts)."""
    reader = WxrReader(source)
    export = WxrExport(site=reader.site, authors=[], categories=[], tags=[], terms=[], items=[],
                       warnings=reader.warnings)
    buckets = {Author: export.authors, Category: export.categories, Tag: export.tags,
               Term: export.terms, Item: export.items}
    for record in reader:
        if isinstance(record, Site):
            export.site = record
        else:
            buckets[type(record)].append(record)
    return export


def validate(source: Source) -> WxrSummary:
    """Full streaming pass: raise :class:`WxrError` if the file cannot be imported, else count."""
    reader = WxrReader(source)
    counts = {"author": 0, "category": 0, "tag": 0, "term": 0, "item": 0, "comment": 0}
    post_types: dict[str, int] = {}
    names = {Author: "author", Category: "category", Tag: "tag", Term: "term", Item: "item"}
    for record in reader:
        if isinstance(record, Site):
            continue
        counts[names[type(record)]] += 1
        if isinstance(record, Item):
            counts["comment"] += len(record.comments)
            post_types[record.post_type] = post_types.get(record.post_type, 0) + 1
    return WxrSummary(wxr_version=reader.site.wxr_version, counts=counts, post_types=post_types,
                      warnings=reader.warnings)
