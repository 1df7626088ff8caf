"""Benchmark miftah.arabic.analysis: throughput over real news text, and conflation quality.

1. Words per second of ``analyze()`` over the first N articles of the ANT corpus v2.1
   (Chouigui, Ben Khiroun, Elayeb), median of several runs, caches cleared before each run;
   the tokenize+normalize part alone is timed as a baseline.
2. "Distinct stems per concept": for groups of surface forms of one concept (clitics, article,
   feminine/plural suffixes, spelling variants, names), the average number of distinct outputs
   per group (1.0 ideal) for: normalisation only, plain light10 (as in Lucene), Miftah's stemmer
   without names, with its shipped names list, and with synonym keys on top.

Run:  .venv/bin/python bench/arabic_analysis.py [--articles 2000] [--runs 5]
Data: ../shared/data/corpus/ant-v2.1.jsonl.gz (override with MIFTAH_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from miftah.arabic import analysis  # noqa: E402
from miftah.arabic.normalize import normalize  # noqa: E402
from miftah.arabic.stem import Stemmer, default_stemmer  # noqa: E402
from miftah.arabic.synonyms import synonym_key  # noqa: E402
from miftah.arabic.tokenize import TOKEN_PATTERN  # noqa: E402

SHARED_DATA = Path(os.environ.get("MIFTAH_SHARED_DATA", Path(__file__).resolve().parents[1] / ".." / "shared" / "data"))
CORPUS = SHARED_DATA / "corpus" / "ant-v2.1.jsonl.gz"

CONCEPT_GROUPS = {
    "militias": ["الميليشيات", "والميليشيات", "للميليشيات", "ميليشيا", "مليشيا", "الميليشيا", "ميليشيات"],
    "resistance": ["المقاومة", "مقاومة", "فالمقاومة", "المقاومه", "والمقاومة", "للمقاومة", "مقاومتها"],
    "Israel": ["إسرائيل", "اسرائيل", "لإسرائيل", "وإسرائيل", "بإسرائيل"],
    "Tehran": ["طهران", "لطهران", "وطهران", "بطهران"],
    "Beirut": ["بيروت", "لبيروت", "وبيروت", "ببيروت"],
    "Iran": ["إيران", "ايران", "وإيران", "لإيران", "بإيران"],
    "government": ["الحكومة", "حكومة", "حكومتها", "حكومته", "والحكومة", "للحكومة", "الحكومات"],
    "minister": ["الوزير", "وزير", "ووزير", "وزيرها", "والوزير", "للوزير", "وزراء", "الوزراء"],
    "factions": ["الفصائل", "فصائل", "وفصائل", "للفصائل", "الفصيل", "فصيل"],
    "elections": ["الانتخابات", "انتخابات", "انتخاباتها", "والانتخابات", "الانتخاب", "بالانتخابات"],
    "schools": ["المدرسة", "مدرسة", "المدارس", "مدارس", "والمدارس", "مدرستها"],
    "attacks": ["الهجوم", "هجوم", "هجمات", "الهجمات", "والهجمات", "هجوما"],
    "Bahrain": ["البحرين", "والبحرين", "للبحرين", "بالبحرين"],
}

LIGHT10_PREFIXES = ("وال", "بال", "كال", "فال", "ال", "لل")
LIGHT10_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")


def light10(word: str) -> str:
    """Larkey's light10 as Lucene's ArabicStemmer applies it (after normalisation)."""
    for prefix in LIGHT10_PREFIXES:
        if word.startswith(prefix) and len(word) >= len(prefix) + 2:
            word = word[len(prefix) :]
            break
    else:
        if word.startswith("و") and len(word) >= 4:
            word = word[1:]
    for suffix in LIGHT10_SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def load_articles(limit: int) -> list[str]:
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            texts.append("\n".join(article.get(field) or "" for field in ("title", "abstract", "text")))
            if len(texts) >= limit:
                break
    return texts


def clear_caches() -> None:
    analysis._pieces_cache.clear()
    default_stemmer._cache.clear()


def time_runs(function, texts: list[str], runs: int) -> list[float]:
    durations = []
    for _ in range(runs):
        clear_caches()
        started = time.perf_counter()
        for text in texts:
            function(text)
        durations.append(time.perf_counter() - started)
    return durations


def tokenize_and_normalize(text: str) -> list[str]:
    return [normalize(match.group()) for match in TOKEN_PATTERN.finditer(text)]


def throughput(articles: int, runs: int) -> None:
    if not CORPUS.exists():
        print(f"SKIP throughput: corpus not found at {CORPUS}")
        return
    texts = load_articles(articles)
    words = sum(len(analysis.analyze(text)) for text in texts)
    print(f"throughput over the first {len(texts)} ANT articles ({words:,} terms), median of {runs} runs:")
    baseline = statistics.median(time_runs(tokenize_and_normalize, texts, runs))
    full = statistics.median(time_runs(analysis.analyze, texts, runs))
    print(f"  tokenize+normalize only : {words / baseline:>12,.0f} words/s")
    print(f"  analyze()               : {words / full:>12,.0f} words/s  ({full / baseline:.2f}x the baseline's time)")
    clear_caches()
    warm_runs = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            analysis.analyze(text)
        warm_runs.append(time.perf_counter() - started)
    print(f"  analyze(), warm caches  : {words / statistics.median(warm_runs):>12,.0f} words/s")


def conflation() -> None:
    no_names = Stemmer()
    methods = {
        "normalise only": normalize,
        "light10 (Lucene)": lambda word: light10(normalize(word)),
        "miftah stemmer, no names": lambda word: no_names.stem(normalize(word)),
        "miftah stemmer + names": lambda word: default_stemmer.stem(normalize(word)),
        "+ synonym keys": synonym_key,
    }
    print(f"\ndistinct stems per concept over {len(CONCEPT_GROUPS)} groups (1.0 ideal):")
    for label, method in methods.items():
        counts = [len({method(word) for word in words}) for words in CONCEPT_GROUPS.values()]
        print(f"  {label:<26}: {statistics.mean(counts):.2f}")
    print("  per group (miftah + names + synonyms):")
    for concept, words in CONCEPT_GROUPS.items():
        print(f"    {concept:<11} {sorted({synonym_key(word) for word in words})}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Arabic analysis benchmark")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    throughput(args.articles, args.runs)
    conflation()


if __name__ == "__main__":
    main()
