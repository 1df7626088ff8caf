"""Benchmark: dossiers entity matcher throughput (words/s) over real ANT news articles.

Reports the median of several runs over the same articles, with normalize() alone as the
baseline (the matcher normalises every chunk, so this is the floor of its cost), and the
trigger-based suggester for comparison.

    .venv/bin/python bench/entity_matcher.py [--articles 3000] [--runs 5]

Data: ANT corpus v2.1 (Chouigui, Ben Khiroun, Elayeb), read from ../shared/data; not copied.
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

from miftah.arabic.normalize import normalize  # noqa: E402
from miftah.dossiers.matching import EntityMatcher, load_entities  # noqa: E402
from miftah.dossiers.triggers import suggest_entities  # noqa: E402


def shared_data() -> Path:
    return Path(os.environ.get("MIFTAH_SHARED_DATA") or Path(__file__).resolve().parents[1] / ".." / "shared" / "data")


def load_articles(limit: int, category: str | None = None) -> list[str]:
    path = shared_data() / "corpus" / "ant-v2.1.jsonl.gz"
    if not path.exists():
        sys.exit(f"ANT corpus not found at {path} (set MIFTAH_SHARED_DATA)")
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["text"] and (category is None or record["cat"] == category):
                texts.append(record["title"] + "\n" + record["text"])
                if len(texts) >= limit:
                    break
    return texts


def words_per_second(function, texts: list[str], words: int, runs: int) -> float:
    rates = []
    for _ in range(runs):
        started = time.perf_counter()
        for text in texts:
            function(text)
        rates.append(words / (time.perf_counter() - started))
    return statistics.median(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    texts = load_articles(args.articles)
    words = sum(len(text.split()) for text in texts)
    started = time.perf_counter()
    matcher = EntityMatcher(load_entities())
    build_ms = (time.perf_counter() - started) * 1000

    baseline = words_per_second(normalize, texts, words, args.runs)
    matching = words_per_second(matcher.find, texts, words, args.runs)
    with_ambiguous = words_per_second(lambda t: matcher.find(t, include_ambiguous=True), texts, words, args.runs)
    triggers = words_per_second(lambda t: suggest_entities(t, matcher), texts, words, max(1, args.runs // 2))
    mentions = sum(len(matcher.find(text)) for text in texts)

    print(f"command: .venv/bin/python bench/entity_matcher.py --articles {args.articles} --runs {args.runs}")
    print(f"{len(texts)} ANT articles, {words:,} words; {len(matcher)} entities; build {build_ms:.0f} ms; {mentions:,} mentions")
    print(f"{'step':<36}{'median words/s':>16}{'vs normalize':>14}")
    for label, rate in [
        ("normalize() alone (baseline)", baseline),
        ("EntityMatcher.find", matching),
        ("EntityMatcher.find(include_ambiguous)", with_ambiguous),
        ("suggest_entities (includes find)", triggers),
    ]:
        print(f"{label:<36}{rate:>16,.0f}{rate / baseline:>14.2f}")


if __name__ == "__main__":
    main()
