"""Cleaning of short WordPress strings: titles, names and slugs.

Exports carry invisible characters that spoof or break Arabic text: bidi
overrides (RLO flips "Not" into "toN"), zero-width spaces, byte-order marks,
invisible operators.  The cleaners below are tables and a loop.

Policy (decided here, tested in ``tests/test_text.py``):

* Bidi *overrides, embeddings and isolates* (U+202A-202E, U+2066-2069) are
  always removed: they reorder what a reader sees.
* Bidi *marks* (LRM U+200E, RLM U+200F, ALM U+061C) are kept in titles because
  editors use them to place punctuation around Latin words inside Arabic
  headlines; they are removed from slugs.
* ZWSP, word joiner, BOM/ZWNBSP, soft hyphen, invisible operators, Mongolian
  vowel separator and C0/C1 controls are always removed.
* ZWNJ/ZWJ are kept in titles only *between two non-space characters* (Persian
  and Urdu words, emoji sequences need them); at edges or next to spaces they
  are noise and go.  Slugs drop them entirely: a URL must be typeable.
* Line and paragraph separators and NBSP become ordinary spaces in titles;
  runs of whitespace collapse; the result is NFC-normalised.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote_to_bytes

from django.utils.text import slugify

__all__ = ["clean_title", "clean_slug", "decoded_slug", "new_slug", "strip_invisible"]

BIDI_CONTROLS = {
    "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO",
    "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI",
}
BIDI_MARKS = {"\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}
ALWAYS_INVISIBLE = {
    "\u200b": "ZWSP", "\u2060": "WJ", "\ufeff": "BOM/ZWNBSP", "\u00ad": "SHY", "\u180e": "MVS",
    "\u2061": "function application", "\u2062": "invisible times",
    "\u2063": "invisible separator", "\u2064": "invisible plus", "\ufffe": "noncharacter",
}
JOINERS = {"\u200c": "ZWNJ", "\u200d": "ZWJ"}
SPACE_LIKE = {"\u00a0": "NBSP", "\u2028": "LSEP", "\u2029": "PSEP", "\t": "TAB", "\n": "LF", "\r": "CR"}

_CONTROL_CHARS = "".join(chr(c) for c in [*range(0x00, 0x20), *range(0x7f, 0xa0)] if chr(c) not in SPACE_LIKE)

_TITLE_DROP = str.maketrans({ch: None for ch in [*BIDI_CONTROLS, *ALWAYS_INVISIBLE, *_CONTROL_CHARS]})
_TITLE_SPACES = str.maketrans({ch: " " for ch in SPACE_LIKE})
_SLUG_DROP = str.maketrans({ch: None for ch in [*BIDI_CONTROLS, *BIDI_MARKS, *ALWAYS_INVISIBLE, *JOINERS,
                                                 *_CONTROL_CHARS, *SPACE_LIKE]})
_STRAY_JOINER = re.compile(r"(?:(?<=\s)|^)[\u200c\u200d]+|[\u200c\u200d]+(?=\s|$)")
_SPACES = re.compile(r"\s+")
_PARTIAL_ESCAPE = re.compile(r"%[0-9A-Fa-f]?$")


def strip_invisible(text: str) -> str:
    """Remove bidi controls, zero-width characters and controls (keeps ZWJ/ZWNJ, marks)."""
    return text.translate(_TITLE_DROP)


def clean_title(text: str | None) -> str:
    """A title or display name as a reader should see it (see module policy)."""
    if not text:
        return ""
    text = text.translate(_TITLE_DROP).translate(_TITLE_SPACES)
    text = _STRAY_JOINER.sub("", text)
    text = _SPACES.sub(" ", text).strip()
    return unicodedata.normalize("NFC", text)


def clean_slug(slug: str | None) -> str:
    """A WordPress ``post_name``/nicename with every invisible character removed.

    Percent-encoding is preserved (WordPress stores non-ASCII slugs encoded);
    use :func:`decoded_slug` for the human-readable form.
    """
    if not slug:
        return ""
    return slug.translate(_SLUG_DROP).strip()


def decoded_slug(slug: str | None) -> str:
    """Percent-decode a WordPress slug into Unicode and clean it.

    WordPress caps ``post_name`` at 200 characters *of the encoded form*, so a
    slug may end in the middle of an escape or a UTF-8 sequence; that tail is
    dropped instead of producing U+FFFD.  Encoded bidi controls (``%e2%80%ae``)
    are removed after decoding.
    """
    if not slug:
        return ""
    encoded = _PARTIAL_ESCAPE.sub("", clean_slug(slug))
    raw = unquote_to_bytes(encoded)
    text = raw.decode("utf-8", errors="ignore")
    return unicodedata.normalize("NFC", clean_slug(text)).lower().strip("-")


def new_slug(encoded: str, fallback_text: str, fallback: str) -> str:
    """A Wagtail slug (Unicode letters, digits, hyphens) from WordPress' percent-encoded post_name."""
    slug = slugify(decoded_slug(encoded), allow_unicode=True) if encoded else ""
    if not slug:
        slug = slugify(fallback_text, allow_unicode=True)[:80].strip("-")
    return (slug or fallback)[:200].strip("-") or fallback
