"""The text of articles and StreamField bodies, computed one way for everybody, and reading time.

* ``article_text(article)``: title, dek and body as plain text, one per line — what entity mentions are found in
  (their offsets index it) and what the optional semantic signal embeds.
* ``stream_plain_text(body)``: a body as a reader reads it, one line a block (feeds, reading time, related articles).
  ``lead_text(body, limit)`` is the first ``limit`` characters of the same text with its white space folded, for
  search snippets, and stops reading the body there.
* ``stream_searchable_content(stream_block, raw)``: exactly Wagtail's ``get_searchable_content`` (a list of strings,
  what the search index is built from), for bulk writers that hold only raw data.
* ``text_for_indexing(html)``: rich text as plain text, Wagtail's ``get_text_for_indexing`` without its HTML parser
  for ordinary markup.

All of them read the body's raw JSON with its block definitions: no block value is built (image choosers would
query the database) and the HTML of rich text is stripped by one function. The reader's text and the searchable
content are the same walk over the blocks and differ in one thing only: Wagtail indexes the label of a choice
(a heading's "H2", a media block's "فيديو"), which is not prose and is left out of the reader's text — the search
index must keep it to stay what normal indexing writes.

Arabic readers average about 180 words a minute (``reading_minutes``).
"""

from __future__ import annotations

import json
import math
import re
from functools import cache
from html import unescape

from django.utils.encoding import force_str
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.rich_text import get_text_for_indexing

WORDS_PER_MINUTE = 180
WORD_RE = re.compile(r"\w+", re.UNICODE)


def reading_minutes(text):
    return max(1, math.ceil(len(WORD_RE.findall(text)) / WORDS_PER_MINUTE))


# ---------------------------------------------------------------- articles and bodies


def article_text(article):
    """Title, dek and body of an article as plain text, one per line (empty parts left out)."""
    return "\n".join(part for part in (article.title, article.dek, stream_plain_text(article.body)) if part)


def stream_plain_text(body):
    """A StreamField body (its value, raw JSON data or the JSON text) as a reader reads it: one line per block,
    the texts within a block separated by spaces, markup removed and entities decoded."""
    stream_block, raw = _stream(body)
    lines = []
    for child in raw:
        text = " ".join(piece for piece in _child_texts(stream_block, child) if piece.strip())
        if text:
            lines.append(text)
    return "\n".join(lines)


def lead_text(body, limit):
    """The first ``limit`` characters of ``stream_plain_text(body)`` with its white space folded to single spaces,
    reading no further into the body than that (search snippets: plain text, which callers escape)."""
    stream_block, raw = _stream(body)
    parts, size = [], 0
    for child in raw:
        for piece in _child_texts(stream_block, child):
            folded = " ".join(piece.split())
            if folded:
                parts.append(folded)
                size += len(folded) + 1
                if size >= limit:
                    return " ".join(parts)[:limit]
    return " ".join(parts)[:limit]


@cache
def _body_block():
    """The block of article and standard page bodies, for raw data that comes without its StreamValue."""
    from .blocks import body_blocks

    return blocks.StreamBlock(body_blocks())


def _stream(body):
    """(stream block, raw data) of a body given as a StreamValue, raw data, its JSON text or None."""
    if body is None:
        return _body_block(), []
    if hasattr(body, "raw_data"):
        return body.stream_block, body.raw_data
    if isinstance(body, str):
        body = json.loads(body) if body.strip() else []
    if isinstance(body, str):  # a column holding JSON text as a JSON string: read twice, as StreamBlock.to_python does
        body = json.loads(body) if body.strip() else []
    return _body_block(), body


def _child_texts(stream_block, child):
    """The reader's texts of one top-level block of raw stream data."""
    block = stream_block.child_blocks.get(child["type"])
    if block is None:   # unknown types are dropped when the stream is read, as here
        return []
    try:
        return list(_texts(block, child["value"], reader=True))
    except NotRaw:   # a block only its value can answer for
        return block.get_searchable_content(block.to_python(child["value"]))


# ---------------------------------------------------------------- searchable content of raw data


class NotRaw(Exception):
    """A block whose searchable text cannot be computed from raw data here (use the block value instead)."""


def stream_searchable_content(stream_block, raw_data):
    """``StreamField.get_searchable_content`` of a stream's raw data; raises :class:`NotRaw` for unknown blocks."""
    return list(_texts(stream_block, raw_data, reader=False))


_CONTAINER_METHODS = {
    blocks.StructBlock: blocks.StructBlock.get_searchable_content,
    blocks.ListBlock: blocks.ListBlock.get_searchable_content,
    blocks.StreamBlock: blocks.StreamBlock.get_searchable_content,
}
# Blocks whose value is their raw data (or built from it without a query) and whose own method reads it.
_LEAF_BLOCKS = (blocks.CharBlock, blocks.TextBlock, blocks.ChoiceBlock, blocks.MultipleChoiceBlock, TableBlock)
_LEAF_METHODS = {block.get_searchable_content for block in _LEAF_BLOCKS}
# Indexed by Wagtail as the chosen option's label; not part of what a reader reads.
_CHOICE_BLOCKS = (blocks.ChoiceBlock, blocks.MultipleChoiceBlock)


def _texts(block, raw, *, reader):
    """The texts of one block's raw value in order: its searchable content, less choice labels for a reader."""
    if reader and isinstance(block, _CHOICE_BLOCKS):
        return
    method = type(block).get_searchable_content
    if method is blocks.Block.get_searchable_content:
        return   # no text whatever the value (choosers, URLs, embeds, booleans…)
    if isinstance(block, blocks.RichTextBlock) and method is blocks.RichTextBlock.get_searchable_content:
        if block.search_index:
            yield text_for_indexing(force_str(raw or ""))
        return
    for container, stock_method in _CONTAINER_METHODS.items():
        if isinstance(block, container):
            if method is not stock_method:
                raise NotRaw(block)
            if block.search_index:
                yield from _container_texts(block, raw, reader)
            return
    if isinstance(block, _LEAF_BLOCKS) and method in _LEAF_METHODS:
        yield from block.get_searchable_content(block.to_python(raw))
        return
    raise NotRaw(block)


def _container_texts(block, raw, reader):
    if isinstance(block, blocks.StreamBlock):
        for child in raw or []:
            child_block = block.child_blocks.get(child["type"])
            if child_block is not None:   # unknown types are dropped when the stream is read, as here
                yield from _texts(child_block, child["value"], reader=reader)
    elif isinstance(block, blocks.ListBlock):
        for item in raw or []:
            value = item["value"] if block._item_is_in_block_format(item) else item
            yield from _texts(block.child_block, value, reader=reader)
    else:
        raw = raw or {}
        for name, child_block in block.child_blocks.items():
            if name in raw:
                yield from _texts(child_block, raw[name], reader=reader)
            elif not (reader and isinstance(child_block, _CHOICE_BLOCKS)):
                # the default is already a value: the block's own method
                yield from child_block.get_searchable_content(child_block.get_default())


# ---------------------------------------------------------------- rich text

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# A tag that ends a block (</p>, </h2>, </li>, </blockquote>) or breaks a line (<br/>, <hr />): Wagtail puts a space
# after it, so the words on either side stay apart.
_BLOCK_END = re.compile(r"(?:</(?:p|h\d|li|blockquote)|<(?:br|hr)\s*/)>\Z", flags=re.IGNORECASE)
# What HTMLParser treats otherwise than as a plain tag or text: comments, declarations, processing
# instructions, raw-text elements, and an & that does not open a complete character reference.
_NOT_PLAIN = re.compile(r"<[!?]|<(script|style)\b|&(?!(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);)",
                        flags=re.IGNORECASE)


def _tag_gap(tag, block_end=_BLOCK_END.search):
    return " " if block_end(tag.group()) else ""


def text_for_indexing(html):
    """``wagtail.rich_text.get_text_for_indexing`` (the same result) without an HTML parser for plain markup.

    Sanitised rich text (tags with attributes, escaped text) is stripped in one pass of a regular expression, each
    tag giving way to a space or to nothing as Wagtail's function has it; anything else — or any < or > left over,
    as from a quoted > inside an attribute — goes to Wagtail's own function.
    """
    if _NOT_PLAIN.search(html):
        return get_text_for_indexing(html)
    stripped = _TAG.sub(_tag_gap, html)
    if "<" in stripped or ">" in stripped:
        return get_text_for_indexing(html)
    return unescape(stripped.strip())
