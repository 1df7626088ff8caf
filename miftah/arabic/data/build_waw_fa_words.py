"""Rebuild ``waw_fa_words.txt``: real words that begin with و or ف, derived from a corpus.

A bare و ("and") or ف ("so") prefix can only be stripped safely from words where that letter is
not part of the word itself (وزير "minister" is not و + زير). A word ``w`` is taken to start with
a radical و/ف when either

* the corpus also has ``ال`` + ``w`` (the article attaches to the word, not to a conjunction:
  الوزير, الفصائل), or
* ``w`` is common and ``w`` without its first letter is at least ten times rarer (a conjunction
  is added to words that also stand alone; this catches names and verbs that never take the
  article: فرنسا, واشنطن, وصلت). Forms like و + ال… are left out of this test, since there the
  bare form is often just another rare inflection.

Only the derived word list is written, never article text.

Usage (offline, from the repository root)::

    python -m miftah.arabic.data.build_waw_fa_words ../shared/data/corpus/ant-v2.1.jsonl.gz

The corpus is JSON lines, optionally gzipped, with ``title``, ``abstract`` and ``text`` fields.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path

from miftah.arabic.normalize import normalize
from miftah.arabic.tokenize import TOKEN_PATTERN

OUTPUT = Path(__file__).with_name("waw_fa_words.txt")
MIN_ARTICLE_FORM_COUNT = 2  # ال+w seen at least this often: one sighting may be a typo
MIN_WORD_LENGTH = 4  # shorter words never lose a bare و/ف in the stemmer anyway
MIN_COUNT_WITHOUT_ARTICLE = 5
RARITY_RATIO = 10


def count_words(corpus: Path) -> Counter[str]:
    counts: Counter[str] = Counter()
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            text = "\n".join(article.get(field) or "" for field in ("title", "abstract", "text"))
            counts.update(
                match.group() for match in TOKEN_PATTERN.finditer(normalize(text)) if match.lastgroup == "arabic"
            )
    return counts


def _takes_article(word: str, counts: Counter[str]) -> bool:
    return counts["ال" + word] >= MIN_ARTICLE_FORM_COUNT


def _rarely_stands_without_first_letter(word: str, counts: Counter[str]) -> bool:
    remainder = word[1:]
    if remainder.startswith("ال") and counts[remainder]:
        return False
    return counts[word] >= MIN_COUNT_WITHOUT_ARTICLE and counts[remainder] * RARITY_RATIO <= counts[word]


def waw_fa_words(counts: Counter[str]) -> list[str]:
    return sorted(
        word
        for word in counts
        if word[0] in "وف"
        and len(word) >= MIN_WORD_LENGTH
        and (_takes_article(word, counts) or _rarely_stands_without_first_letter(word, counts))
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    words = waw_fa_words(count_words(args.corpus))
    write_word_list(words, args.output)
    print(f"{len(words)} words written to {args.output}")


def write_word_list(words: list[str], output: Path = OUTPUT) -> None:
    header = (
        "# Words that begin with a radical و or ف (not the conjunction), normalised.\n"
        "# Derived by miftah/arabic/data/build_waw_fa_words.py from the ANT news corpus v2.1\n"
        "# (Chouigui, Ben Khiroun, Elayeb): w is listed when ال+w occurs at least "
        f"{MIN_ARTICLE_FORM_COUNT} times,\n"
        f"# or w occurs at least {MIN_COUNT_WITHOUT_ARTICLE} times and w minus its first letter "
        f"is {RARITY_RATIO}x rarer.\n"
        "# A word list only; no article text.\n"
    )
    output.write_text(header + "\n".join(words) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
