"""Split text into word and number tokens, with offsets into the original text.

Three kinds of token, tried in this order by one regular expression:

* an Arabic-script word: Arabic letters (including presentation forms and ligatures) with the
  harakat, Quranic marks, tatweel, ZWNJ and ZWJ that occur inside words;
* a word in any other script (Latin, Cyrillic, …) with its combining marks;
* a number in any digit script, with inner decimal or thousands separators (3.5, ١٬٠٠٠).

A change of script ends a token (``وCNN`` gives ``و`` and ``CNN``); punctuation, spaces,
hyphens and apostrophes separate tokens. The token text is the original text, unnormalised:
normalise it yourself, or use ``miftah.arabic.analysis``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = ["Token", "tokenize", "iter_tokens", "TOKEN_PATTERN"]


class Token(NamedTuple):
    text: str
    start: int
    end: int


_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),  # Arabic
    (0x0750, 0x077F),  # Arabic Supplement
    (0x0870, 0x089F),  # Arabic Extended-B
    (0x08A0, 0x08FF),  # Arabic Extended-A
    (0xFB50, 0xFDFF),  # Arabic Presentation Forms-A
    (0xFE70, 0xFEFF),  # Arabic Presentation Forms-B
)

_TATWEEL = 0x0640
_JOINERS = "\u200c\u200d"  # ZWNJ and ZWJ shape letters; Persian and Urdu put ZWNJ inside words

# Plane 0 and 1 hold every combining mark that matters for news text; scanning only them
# keeps the import fast.
_MARK_SCAN_LIMIT = 0x20000


def _ranges_to_class(codepoints: list[int]) -> str:
    parts: list[str] = []
    codepoints = sorted(codepoints)
    index = 0
    while index < len(codepoints):
        first = last = codepoints[index]
        while index + 1 < len(codepoints) and codepoints[index + 1] == last + 1:
            index += 1
            last = codepoints[index]
        parts.append(re.escape(chr(first)) if first == last else f"{re.escape(chr(first))}-{re.escape(chr(last))}")
        index += 1
    return "".join(parts)


def _build_pattern() -> re.Pattern[str]:
    arabic_letters: list[int] = []
    for first, last in _ARABIC_BLOCKS:
        for codepoint in range(first, last + 1):
            if codepoint != _TATWEEL and unicodedata.category(chr(codepoint)).startswith("L"):
                arabic_letters.append(codepoint)
    marks = [
        codepoint
        for codepoint in range(_MARK_SCAN_LIMIT)
        if unicodedata.category(chr(codepoint)) in ("Mn", "Mc", "Me")
    ]
    arabic_letter = f"[{_ranges_to_class(arabic_letters)}]"
    arabic_inner = f"[{_ranges_to_class(arabic_letters + marks + [_TATWEEL])}]"
    mark = f"[{_ranges_to_class(marks)}]"
    # [^\W\d_] is "a letter" (any script) in Python's re; Arabic letters are excluded so a
    # change of script splits a token.
    other_letter = f"(?:(?!{arabic_letter}|\u0640)[^\\W\\d_])"
    arabic_word = f"{arabic_letter}{arabic_inner}*(?:[{_JOINERS}]+{arabic_inner}+)*"
    other_word = f"{other_letter}(?:{other_letter}|{mark})*"
    number = r"\d+(?:[.,\u066b\u066c]\d+)*"
    return re.compile(f"(?P<arabic>{arabic_word})|(?P<other>{other_word})|(?P<number>{number})")


TOKEN_PATTERN: re.Pattern[str] = _build_pattern()


def iter_tokens(text: str):
    """Yield the tokens of ``text`` lazily (see ``tokenize``)."""
    for match in TOKEN_PATTERN.finditer(text):
        yield Token(match.group(), match.start(), match.end())


def tokenize(text: str) -> list[Token]:
    """Return the word and number tokens of ``text`` with ``start``/``end`` offsets into it."""
    return [Token(match.group(), match.start(), match.end()) for match in TOKEN_PATTERN.finditer(text)]
