"""Plain text of StreamField bodies and reading time (Arabic readers average about 180 words a minute)."""

import html
import json
import math
import re

from django.utils.html import strip_tags

WORDS_PER_MINUTE = 180
WORD_RE = re.compile(r"\w+", re.UNICODE)


def stream_plain_text(body):
    parts = []
    for block in body or []:
        parts.append(_block_text(block.block_type, block.value))
    return "\n".join(p for p in parts if p)


TAG_RE = re.compile(r"<[^>]*>")
NON_TEXT_KEYS = frozenset(("image", "url", "level", "ordered", "kind"))  # struct fields that are not prose


def lead_text(body, limit):
    """About the first `limit` characters of a StreamField's text, read from its raw JSON (no block objects).

    For excerpts (search snippets): converting every block of a long body to Python values and stripping its
    HTML with a parser cost more than the rest of a results card. Tags are removed with a regular expression and
    entities decoded — the result is plain text that callers escape, never HTML.
    """
    raw = getattr(body, "raw_data", body) or []
    if isinstance(raw, str):
        raw = json.loads(raw)
    parts, size = [], 0
    stack = [list(raw)]
    while stack and size < limit:
        value = stack.pop()
        if isinstance(value, str):
            text = " ".join(html.unescape(TAG_RE.sub(" ", value)).split())
            if text:
                parts.append(text)
                size += len(text) + 1
        elif isinstance(value, dict):
            if "value" in value and "type" in value:
                stack.append(value["value"])
            else:
                stack.extend(reversed([v for k, v in value.items() if k not in NON_TEXT_KEYS]))
        elif isinstance(value, (list, tuple)):
            stack.extend(reversed(value))
    return " ".join(parts)[:limit]


def _block_text(block_type, value):
    if value is None:
        return ""
    if hasattr(value, "source"):  # RichText
        return strip_tags(value.source)
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        return " ".join(_block_text(k, v) for k, v in value.items() if k not in NON_TEXT_KEYS)
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return " ".join(_block_text(block_type, v) for v in value)
    return ""


def reading_minutes(text):
    return max(1, math.ceil(len(WORD_RE.findall(text)) / WORDS_PER_MINUTE))
