"""Value preparation shared by the SQLite and PostgreSQL indexers: every field's value is read once and analysed.

The stock indexers evaluate every search field three times (title, body, autocomplete), which for related
fields means three rounds of queries per object; here each field is read once per object.

Two ways for a bulk loader to spare the indexer work, both per search field:

* ``obj.search_values = {field name: raw text}``: texts it already holds (nothing read back from the database);
* ``obj.search_analysed = analyse_values(Model, {field name: raw text})``: texts already *analysed*, e.g. in another
  process (the WordPress import's conversion process). The result is exactly what indexing the object the normal
  way gives for those fields; fields missing from it are read and analysed as usual.

``stream_searchable_content(stream_block, raw_data)`` is a StreamField's ``get_searchable_content`` computed from the
raw JSON data, with no block value built and no database query (image choosers are never looked up: they have no
searchable text).
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from html import unescape
from typing import Any, NamedTuple

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.rich_text import get_text_for_indexing

from miftah.search.text import autocomplete_text, index_text


class _BulkLoad:
    """Title-norm bookkeeping of one ``title_norms_deferred`` block."""

    def __init__(self):
        self.refresh: dict[type, Any] = {}              # index class -> an index to refresh on leaving
        self.lengths: dict[type, list[int] | None] = {}  # index class -> [sum, count] of title lengths


_bulk_load: ContextVar[_BulkLoad | None] = ContextVar("title_norms_deferred", default=None)


@contextmanager
def title_norms_deferred():
    """Bulk loading: no scan of the whole index per ``add_items`` for title norms.

    The stock indexers recompute the average title length over the whole index after every ``add_items`` and
    write it into the new entries: a load that adds a few hundred objects at a time scans the index once per
    batch, its cost growing with the index (quadratic over the load). Inside this block, PostgreSQL's norms are
    computed once on leaving (from the final average, as reindexing would give them); SQLite's are written with
    the rows, from the average kept up to date here, the very values the stock per-batch refresh gives (updating
    the rows afterwards would make SQLite rewrite each row's full-text entry). Nothing is done on leaving if the
    block raises (its transaction is rolled back).
    """
    load = _BulkLoad()
    token = _bulk_load.set(load)
    try:
        yield
    finally:
        _bulk_load.reset(token)
    for index in load.refresh.values():
        index._refresh_title_norms()


def refresh_title_norms(index) -> None:
    """What ``add_items`` ends with: the title norms of new entries, now or when ``title_norms_deferred`` ends."""
    load = _bulk_load.get()
    if load is None:
        index._refresh_title_norms()
    else:
        load.refresh.setdefault(type(index), index)


def title_norms_with_rows(index, titles: list[str], *, others_changed: bool) -> list[float] | None:
    """Inside ``title_norms_deferred``, the norms of new entries with these analysed ``titles``, as the stock
    refresh after inserting them computes them (the index's average title length over its length); else None.

    ``others_changed``: existing entries were rewritten just before, so the running sums are read again."""
    load = _bulk_load.get()
    if load is None:
        return None
    sums = load.lengths.get(type(index))
    if sums is None or others_changed:
        from django.db.models import Count, Sum
        from django.db.models.functions import Length

        totals = index.entries.annotate(title_length=Length("title")).filter(title_length__gt=0).aggregate(
            total=Sum("title_length"), count=Count("pk"))
        sums = load.lengths[type(index)] = [totals["total"] or 0, totals["count"]]
    lengths = [len(title) for title in titles]
    sums[0] += sum(lengths)
    sums[1] += sum(1 for length in lengths if length)
    if not sums[1]:
        return [1.0] * len(titles)
    average = sums[0] / sums[1]
    return [average / length if length else 1.0 for length in lengths]


def plain_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(plain_value(item) for item in value)
    if isinstance(value, dict):
        return " ".join(plain_value(item) for item in value.values())
    return force_str(value)


def field_values(obj, fields):
    """Yield (field, raw text) for every SearchField/AutocompleteField of obj, following RelatedFields.

    A bulk loader that already holds the texts can put them in ``obj.search_values`` ({field name: text}) so
    nothing is read back from the database.
    """
    known = getattr(obj, "search_values", None) or {}
    for field in fields:
        if field.field_name in known:
            if isinstance(field, RelatedFields):
                for sub_field in field.fields:
                    yield sub_field, plain_value(known[field.field_name])
            else:
                yield field, plain_value(known[field.field_name])
        elif isinstance(field, (SearchField, AutocompleteField)):
            yield field, plain_value(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            sub_obj = field.get_value(obj)
            if sub_obj is None:
                continue
            if isinstance(sub_obj, Manager):
                sub_objs = sub_obj.all()
            else:
                sub_objs = [sub_obj() if callable(sub_obj) else sub_obj]
            for item in sub_objs:
                yield from field_values(item, field.fields)


class Part(NamedTuple):
    """One analysed text of an object: where it goes (title, body, autocomplete) and its boost."""

    autocomplete: bool
    title: bool
    boost: float
    text: str


def _part(field, raw: str) -> Part | None:
    if not raw.strip():
        return None
    if isinstance(field, AutocompleteField):
        return Part(True, False, 1.0, autocomplete_text(raw))
    return Part(False, field.field_name == "title", field.boost, index_text(raw))


def _key(field) -> tuple[str, str]:
    # A field name alone is ambiguous: title is both a SearchField and an AutocompleteField.
    return type(field).__name__, field.field_name


def _indexed(field) -> bool:
    return isinstance(field, (SearchField, AutocompleteField, RelatedFields))


def analysed_parts(obj) -> list[Part]:
    """Every analysed text of obj in search-field order, taking those given in ``obj.search_analysed``."""
    given = getattr(obj, "search_analysed", None) or {}
    parts: list[Part] = []
    for field in obj.get_search_fields():
        if not _indexed(field):
            continue
        known = given.get(_key(field))
        if known is not None:
            parts.extend(known)
            continue
        for sub_field, raw in field_values(obj, [field]):
            part = _part(sub_field, raw)
            if part is not None:
                parts.append(part)
    return parts


def analyse_values(model, values: dict[str, Any]) -> dict[tuple[str, str], list[Part]]:
    """The analysed parts of ``model``'s search fields whose raw values are in ``values``, for ``search_analysed``.

    ``values`` maps a field name to what the indexer would read: a text, a list of texts (joined, as a list of
    objects is), or for a ``RelatedFields`` the list of the related objects' texts, one per object. Needs no
    database, so it can run in a process that has none.
    """
    analysed: dict[tuple[str, str], list[Part]] = {}
    for field in model.get_search_fields():
        if not _indexed(field) or field.field_name not in values:
            continue
        value = values[field.field_name]
        if isinstance(field, RelatedFields):
            raws = [(sub_field, plain_value(item)) for item in value for sub_field in field.fields]
        else:
            raws = [(field, plain_value(value))]
        analysed[_key(field)] = [part for part in (_part(f, raw) for f, raw in raws) if part is not None]
    return analysed


class AnalysedFields:
    """The analysed title, body and autocomplete texts of one object, with the boost of each body part."""

    def __init__(self, obj, *, title_in_body=False):
        self.title_parts, self.body_parts, self.autocomplete_parts = [], [], []
        for part in analysed_parts(obj):
            if part.autocomplete:
                self.autocomplete_parts.append(part.text)
                continue
            if part.title:
                self.title_parts.append((part.text, part.boost))
                if title_in_body:
                    self.body_parts.append((part.text, part.boost))
            else:
                self.body_parts.append((part.text, part.boost))
        self.title = " ".join(text for text, _ in self.title_parts)
        self.body = " ".join(text for text, _ in self.body_parts)
        self.autocomplete = " ".join(self.autocomplete_parts)


# ---------------------------------------------------------------- searchable text of raw StreamField data

_AFTER_CLOSING = re.compile(r"(</(p|h\d|li|blockquote)>)", flags=re.IGNORECASE)
_AFTER_BREAK = re.compile(r"(<(br|hr)\s*/>)", flags=re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# What HTMLParser treats otherwise than as a plain tag or text: comments, declarations, processing
# instructions, raw-text elements, and an & that does not open a complete character reference.
_NOT_PLAIN = re.compile(r"<[!?]|<(script|style)\b|&(?!(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)",
                        flags=re.IGNORECASE)


def text_for_indexing(html: str) -> str:
    """``wagtail.rich_text.get_text_for_indexing`` (the same result) without an HTML parser for plain markup.

    Sanitised rich text (tags with attributes, escaped text) is stripped with one regular expression; anything
    else — or any < or > left over, as from a quoted > inside an attribute — goes to Wagtail's own function.
    """
    if _NOT_PLAIN.search(html):
        return get_text_for_indexing(html)
    spaced = _AFTER_BREAK.sub(r"\1 ", _AFTER_CLOSING.sub(r"\1 ", html))
    stripped = _TAG.sub("", spaced)
    if "<" in stripped or ">" in stripped:
        return get_text_for_indexing(html)
    return unescape(stripped.strip())


class NotRaw(Exception):
    """A block whose searchable text cannot be computed from raw data here (use the block value instead)."""


_CONTAINER_METHODS = {
    blocks.StructBlock: blocks.StructBlock.get_searchable_content,
    blocks.ListBlock: blocks.ListBlock.get_searchable_content,
    blocks.StreamBlock: blocks.StreamBlock.get_searchable_content,
}
# Blocks whose value is their raw data (or built from it without a query) and whose own method reads it.
_LEAF_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.ChoiceBlock, blocks.MultipleChoiceBlock, TableBlock)
_LEAF_METHODS = {block.get_searchable_content for block in _LEAF_BLOCKS}


def stream_searchable_content(stream_block, raw_data: list[dict]) -> list[str]:
    """``StreamField.get_searchable_content`` of a stream's raw data; raises :class:`NotRaw` for unknown blocks."""
    return _searchable(stream_block, raw_data)


def _searchable(block, raw) -> list[str]:
    method = type(block).get_searchable_content
    if method is blocks.Block.get_searchable_content:
        return []   # no searchable text whatever the value (choosers, URLs, embeds, booleans…)
    if isinstance(block, blocks.RichTextBlock) and method is blocks.RichTextBlock.get_searchable_content:
        return [text_for_indexing(force_str(raw or ""))] if block.search_index else []
    for container, stock_method in _CONTAINER_METHODS.items():
        if isinstance(block, container):
            if method is not stock_method:
                raise NotRaw(block)
            return _container_searchable(block, raw) if block.search_index else []
    if isinstance(block, _LEAF_BLOCKS) and method in _LEAF_METHODS:
        return block.get_searchable_content(block.to_python(raw))
    raise NotRaw(block)


def _container_searchable(block, raw) -> list[str]:
    content: list[str] = []
    if isinstance(block, blocks.StreamBlock):
        for child in raw or []:
            child_block = block.child_blocks.get(child["type"])
            if child_block is not None:   # unknown types are dropped when the stream is read, as here
                content.extend(_searchable(child_block, child["value"]))
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            value = item["value"] if block._item_is_in_block_format(item) else item
            content.extend(_searchable(block.child_block, value))
    else:
        raw = raw or {}
        for name, child_block in block.child_blocks.items():
            if name in raw:
                content.extend(_searchable(child_block, raw[name]))
            else:   # the default is already a value: the block's own method
                content.extend(child_block.get_searchable_content(child_block.get_default()))
    return content
