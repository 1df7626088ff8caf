"""Orthographic normalisation of Arabic (and mixed) text for search and matching.

A normaliser is a table and a loop, in the manner of Lucene's ``ArabicNormalizer``:
NFKC first (which also unfolds presentation forms and ligatures such as ﻻ and ﷺ), then one
``str.translate`` table that deletes or folds single characters.

What the table does:

* deletes harakat (U+064B–U+065F, U+0670), Quranic annotation marks (U+0610–U+061A,
  U+06D6–U+06ED), tatweel (U+0640), and invisible controls: zero-width and directional marks
  (U+200B–U+200F, U+202A–U+202E, U+2066–U+2069, U+2060, U+FEFF, U+061C) and the soft hyphen;
* folds the alef variants أ إ آ ٱ ٲ ٳ → ا, ى → ي, ة → ه, Persian ی ک → ي ك;
* maps Arabic-Indic (٠–٩) and Persian (۰–۹) digits to ASCII, the Arabic decimal and thousands
  separators ٫ ٬ to ``.`` ``,``;
* lowercases cased letters (Latin and any other cased script).

Hamza on a carrier, ؤ and ئ, is kept, as Lucene's ``ArabicNormalizer`` keeps it: folding it to
و / ي merges unrelated words (e.g. سؤال "question" with سوال) and gains little, because the
spelling of these is stable in news text, unlike the hamza on alef, which is routinely dropped.
ء is kept for the same reason.

``normalize_with_offsets`` returns the same string plus, for every output character, the index
of the original character it came from, so that spans found in normalised text (highlights,
entity matches) can be mapped back onto the text the reader sees.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["normalize", "normalize_with_offsets", "NORMALIZATION_TABLE"]


def _char_range(first: int, last: int) -> range:
    return range(first, last + 1)


_DELETED_CODEPOINTS = [
    *_char_range(0x064B, 0x065F),  # harakat: tanwin, short vowels, shadda, sukun, extra marks
    0x0670,  # superscript (dagger) alef
    *_char_range(0x0610, 0x061A),  # Quranic honorifics and small marks
    *_char_range(0x06D6, 0x06ED),  # Quranic annotation signs
    0x0640,  # tatweel (kashida), purely typographic elongation
    *_char_range(0x200B, 0x200F),  # ZWSP, ZWNJ, ZWJ, LRM, RLM
    *_char_range(0x202A, 0x202E),  # bidi embeddings and overrides
    *_char_range(0x2066, 0x2069),  # bidi isolates
    0x2060,  # word joiner
    0xFEFF,  # BOM / zero-width no-break space
    0x061C,  # Arabic letter mark
    0x00AD,  # soft hyphen: invisible, splits words copied from web pages
]

_FOLDED_CHARACTERS = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",  # alef wasla
    "ٲ": "ا",  # alef with wavy hamza above
    "ٳ": "ا",  # alef with wavy hamza below
    "ى": "ي",  # alef maqsura: written for final ya in Egyptian usage and vice versa
    "ة": "ه",  # ta marbuta: often typed as ha
    "ی": "ي",  # Persian yeh (keyboard layouts produce it in Arabic text)
    "ک": "ك",  # keheh
    "٫": ".",  # Arabic decimal separator
    "٬": ",",  # Arabic thousands separator
    **{chr(0x0660 + d): str(d) for d in range(10)},  # Arabic-Indic digits
    **{chr(0x06F0 + d): str(d) for d in range(10)},  # Persian (extended Arabic-Indic) digits
}


def _lowercase_entries() -> dict[int, str]:
    # Only characters that can survive NFKC need an entry; the Basic Multilingual Plane and
    # the Deseret/Adlam/etc. planes are where cased letters live.
    entries: dict[int, str] = {}
    for codepoint in (*range(0x10000), *range(0x10400, 0x1E960)):
        char = chr(codepoint)
        lower = char.lower()
        if lower != char and unicodedata.normalize("NFKC", char) == char:
            entries[codepoint] = lower
    return entries


def _build_table() -> dict[int, str | None]:
    table: dict[int, str | None] = _lowercase_entries()
    table.update({codepoint: None for codepoint in _DELETED_CODEPOINTS})
    table.update({ord(source): target for source, target in _FOLDED_CHARACTERS.items()})
    return table


NORMALIZATION_TABLE: dict[int, str | None] = _build_table()

# A fold whose result is folded again would make the normaliser depend on how often it runs.
assert all(
    value is None or value.translate(NORMALIZATION_TABLE) == value
    for value in NORMALIZATION_TABLE.values()
)

_MAX_PASSES = 4


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form used for indexing, querying and matching."""
    result = unicodedata.normalize("NFKC", text).translate(NORMALIZATION_TABLE)
    # Deleting an invisible control can bring a base letter and a combining mark together,
    # which NFKC would then compose: repeat until stable so normalize is idempotent.
    passes = 1
    while passes < _MAX_PASSES and not unicodedata.is_normalized("NFKC", result):
        result = unicodedata.normalize("NFKC", result).translate(NORMALIZATION_TABLE)
        passes += 1
    return result


@lru_cache(maxsize=4096)
def _normalize_char(char: str) -> str:
    return normalize(char)


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and map every output character back to its source character.

    Returns ``(normalised, offsets)`` where ``normalised == normalize(text)``,
    ``len(offsets) == len(normalised) + 1``, ``offsets[i]`` is the index in ``text`` of the
    character that produced ``normalised[i]`` and ``offsets[-1] == len(text)``. A span
    ``normalised[a:b]`` therefore corresponds to ``text[offsets[a]:offsets[b]]`` (up to the
    deleted marks that trail it).

    The text is cut into the smallest segments that normalise independently: a base character
    with its combining marks (and any invisible characters that normalise to nothing), and
    longer runs only where NFKC composes across characters. Every output character of a
    segment maps to the segment's first character; a ligature such as ﻻ → لا maps both
    letters to the ligature.
    """
    segments: list[tuple[int, str]] = []  # (start index in text, segment text)
    start = 0
    for index, char in enumerate(text):
        if index == start:
            continue
        segment = text[start:index]
        if not _starts_new_segment(segment, char):
            continue
        segments.append((start, segment))
        start = index
    if start < len(text):
        segments.append((start, text[start:]))

    pieces: list[str] = []
    offsets: list[int] = []
    for segment_start, segment in segments:
        normalised_segment = normalize(segment)
        pieces.append(normalised_segment)
        offsets.extend([segment_start] * len(normalised_segment))
    normalised = "".join(pieces)

    whole = normalize(text)
    if normalised != whole:
        # Not seen in practice; rather than return offsets that lie, attribute everything
        # to the start of the text.
        return whole, [0] * len(whole) + [len(text)]
    offsets.append(len(text))
    return normalised, offsets


def _starts_new_segment(segment: str, char: str) -> bool:
    if unicodedata.combining(char):
        return False  # a mark belongs to its base (it may compose with it or be deleted)
    if not _normalize_char(char):
        return False  # an invisible character stays with the base before it, which may
        # still compose with a mark that follows once the invisible character is deleted
    normalised_segment = normalize(segment)
    if not normalised_segment:
        return False  # keep invisible characters with what follows until something shows
    return normalize(segment + char) == normalised_segment + _normalize_char(char)
