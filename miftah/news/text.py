"""Plain text of StreamField bodies and reading time (Arabic readers average about 180 words a minute)."""

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


def _block_text(block_type, value):
    if value is None:
        return ""
    if hasattr(value, "source"):  # RichText
        return strip_tags(value.source)
    if isinstance(value, str):
        return strip_tags(value)
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        return " ".join(_block_text(k, v) for k, v in value.items() if k not in ("image", "url", "level", "ordered", "kind"))
    if isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        return " ".join(_block_text(block_type, v) for v in value)
    return ""


def reading_minutes(text):
    return max(1, math.ceil(len(WORD_RE.findall(text)) / WORDS_PER_MINUTE))
