"""Pass 2's conversion: each post or page of the export turned into everything the writer needs, without a database.

:meth:`Converter.prepare` converts one item: the body's HTML to StreamField blocks (:mod:`miftah.wordpress.content`,
sanitised), dates, the featured image, the excerpt as plain text, the slugs of its categories and tags, the lookup
keys of every URL WordPress served it under, its comments as plain text, a fingerprint of the source data, and —
when the search backend takes them — its texts analysed for search. The result is a picklable :class:`Prepared`.

:func:`converted_items` yields the file's items converted, in file order. With ``workers`` (where ``fork`` exists
and there is a second CPU) the conversion runs in a forked process while the importing process writes: converted
items travel in batches through a queue of at most ``QUEUE_BATCHES`` batches (memory stays flat whatever the speed
of either side), and an error there is raised in the importing process, inside its transaction, so nothing is
written. The conversion process never touches the database; it reads the terms and media maps it inherited.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
import queue
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from django.utils import timezone
from django.utils.text import slugify

from miftah.news.models import ArticlePage, Author, NewsTag
from miftah.news.text import NotRaw, reading_minutes, stream_plain_text, stream_searchable_content
from miftah.search.backends.indexing import analyse_values

from . import legacy_urls, wxr
from .content import convert
from .inventory import SKIPPED_STATUSES, Inventory, item_key, meta_int
from .media import Media
from .records import fingerprint
from .sanitize import plain_text, safe_url
from .terms import Terms

BATCH_SIZE = 250    # items per batch, through the queue and into the database
QUEUE_BATCHES = 4   # converted batches waiting for the writer at most (bounded memory)
ARTICLE_BODY = ArticlePage._meta.get_field("body")


@dataclass(slots=True)
class Prepared:
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
    owner: Author | None = None                          # resolved by the writer (pages.PageImport.absorb)
    tags: list[NewsTag] = field(default_factory=list)


class Converter:
    """Converts the items of one export; holds only what the run knew before the first post (terms, media)."""

    def __init__(self, path: Path, inventory: Inventory, terms: Terms, media: Media, base: str,
                 analyse_for_search: bool) -> None:
        self.path = path
        self.inventory = inventory
        self.terms = terms
        self.media = media
        self.base = base   # the old site's path prefix, for the old URLs
        self.analyse = analyse_for_search

    def convert_all(self) -> Iterator[tuple[str, Any]]:
        """("post" | "page", Prepared) or ("skipped", status) for each post and page of the file, in file order."""
        self.attachment_urls = {i: a.url for i, a in self.inventory.attachments.items()}
        for record in wxr.parse(self.path):
            if not isinstance(record, wxr.Item) or record.post_type not in ("post", "page"):
                continue
            if record.status in SKIPPED_STATUSES:
                yield "skipped", record.status
                continue
            yield record.post_type, self.prepare(record.post_type, record, item_key(record))

    def prepare(self, kind: str, item: wxr.Item, key: str) -> Prepared:
        """Everything about one post or page that needs no database.

        Warnings are kept on the result and reported by the writer; the item's content is dropped once converted
        (the fingerprint has it), so less travels between the processes.
        """
        messages: list[str] = []
        result = convert(item.content, attachment_urls=self.attachment_urls)
        messages.extend(f"{kind} {item.post_id}: {message}" for message in result.warnings)
        body = self.stream(result.blocks, item, messages)
        published = as_aware(item.post_date_gmt, item.post_date) or item.pub_date
        modified = as_aware(item.post_modified_gmt, item.post_modified)
        thumbnail = meta_int(item.postmeta.get("_thumbnail_id"))
        hero = self.media.image_for(thumbnail, "") if thumbnail else None
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
        prepared = Prepared(item=item, key=key, fingerprint=fp, title=title[:255], body=body, dek=dek,
                            reading_time=reading_minutes(stream_plain_text(result.blocks)), published=published,
                            modified=modified, hero=hero, tag_slugs=tag_slugs, section_slugs=section_slugs,
                            redirect_keys=self.old_url_keys(item, published), comment_texts=comment_texts,
                            messages=messages, unknown_shortcodes=result.unknown_shortcodes)
        if kind == "post" and self.analyse:
            prepared.search_analysed = self.analyse_for_search(prepared)
        return prepared

    def analyse_for_search(self, prepared: Prepared) -> dict:
        """The article's texts analysed for search, here rather than in the writing process (which has the other
        CPU's work): what indexing the written page the normal way gives, field by field. The section is left to
        the writer when it is the fallback section, which may not exist yet."""
        terms = self.terms
        values: dict[str, Any] = {"title": prepared.title, "dek": prepared.dek, "desk_byline": "",
                                  "tags": [terms.tags[slug].name for slug in prepared.tag_slugs if slug in terms.tags]}
        owner = terms.authors.get(prepared.item.creator)
        values["authors"] = [str(owner)] if owner else []
        section = next((terms.sections[slug] for slug in prepared.section_slugs if slug in terms.sections), None)
        if section is not None:
            values["section"] = str(section)
        try:
            values["body"] = stream_searchable_content(ARTICLE_BODY.stream_block, prepared.body)
        except NotRaw:
            pass   # a block only its value can answer for: the writer reads the body
        return analyse_values(ArticlePage, values)

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
        image_id = self.media.image_for(value.get("attachment_id"), value.get("src", ""))
        if image_id is None:
            messages.append(f"{item.post_type} {item.post_id}: image {value.get('src') or value.get('attachment_id')}"
                              " is not among the imported media; dropped")
            return None
        caption, alt = self.media.image_text.get(image_id, ("", ""))
        return {"image": image_id, "caption": (value.get("caption") or caption)[:255],
                "credit": (value.get("credit") or "")[:255], "alt": (value.get("alt") or alt)[:255]}


# ---------------------------------------------------------------- the conversion process

def converted_items(converter: Converter, workers: int) -> Iterator[tuple[str, Any]]:
    """``converter.convert_all()``, run in a forked process when ``workers`` (see the module docstring)."""
    if not workers:
        yield from converter.convert_all()
        return
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=QUEUE_BATCHES)
    gc.freeze()   # the child's collector leaves the inherited objects alone: fewer pages copied on write
    try:
        worker = context.Process(target=_produce, args=(converter, channel), name="miftah-wordpress-convert",
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


def _produce(converter: Converter, channel: Any) -> None:
    """In the forked process: convert every item and send them in batches (never touches the database)."""
    try:
        chunk: list[tuple[str, Any]] = []
        for event in converter.convert_all():
            chunk.append(event)
            if len(chunk) >= BATCH_SIZE:
                channel.put(("items", chunk))
                chunk = []
        channel.put(("items", chunk))
        channel.put(("done", None))
    except BaseException as exc:  # noqa: BLE001 - sent to the writing process, which raises it
        channel.put(("error", _error_payload(exc)))


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


# ---------------------------------------------------------------- helpers

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


def body_ids(body: list[dict[str, Any]]) -> list[Any]:
    """The body without its random block ids, for fingerprints."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value
    return strip(body)


def _block_id() -> str:
    return str(uuid.uuid4())
