"""English edition search quality: recall@10 and MRR on a hand-written known-item set, side by side with the baseline.

    .venv/bin/python bench/english_search_eval.py [--db sqlite|postgres] [--misses]

The set (bench/data/english_search_eval.json, written by hand for this evaluation; its "about" says how) has 40 short
English news items and 48 queries, each written in another surface form than its target's (plural/singular,
verb/noun, possessive, case, stop words, accents, an Arabic name in Arabic script) plus exact-word controls.

The same 40 items are published twice in one fresh database: in the English edition (an English locale, a
translation of the home page: indexed with miftah.search.english) and in the Arabic edition (indexed with the Arabic
analysis, which is what English text got before search per edition: lowercased, no English stemming or stop
words). Every query runs in both editions through `miftah.search.engine` (the /search/ read path), so the figures
compare the two analyses on the same text, in the same run; edition isolation is checked on the way (a hit from the
other edition is an error). SQLite in a temp folder, or PostgreSQL at BENCH_DATABASE_URL (default
…/miftah_bench_english, dropped and rebuilt).
"""

import argparse
import json
import os
import sys
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

DATA = REPO / "bench" / "data" / "english_search_eval.json"
EDITIONS = (("Arabic analysis (baseline)", "ar"), ("English analysis", "en"))
MODES = (("/search/ (OR fallback)", True), ("all words required", False))


def build(data):
    """{language: {item id: page id}}: every item published in both editions."""
    from django.utils import timezone
    from wagtail.models import Locale

    from miftah.news.models import HomePage
    from miftah.news.tests.factories import make_article, make_section

    home = HomePage.objects.first()
    english_home = home.copy_for_translation(Locale.objects.get_or_create(language_code="en")[0])
    english_home.save_revision().publish()
    sections = {"en": make_section(english_home, "World", slug="world"),
                "ar": make_section(home, "نصوص إنجليزية", slug="english-texts")}
    now = timezone.now()
    pages = defaultdict(dict)
    for number, item in enumerate(data["articles"]):
        for language, section in sections.items():
            page = make_article(section, item["title"], body=(item["body"],), when=now - timedelta(hours=number))
            pages[language][item["id"]] = page.pk
    # Outside the tests' immediate task backend the publish pipeline waits for a worker: index here, as it would.
    from miftah.search.indexer import index_articles

    index_articles([pk for ids in pages.values() for pk in ids.values()])
    return pages


def evaluate(data, pages, language, misses, fallback_to_or=True):
    from django.utils import translation

    from miftah.search import engine

    others = {pk for lang, ids in pages.items() if lang != language for pk in ids.values()}
    per_kind = defaultdict(lambda: [0, 0, 0.0])  # kind -> [queries, found in top 10, reciprocal ranks]
    leaked = 0
    with translation.override(language):
        for row in data["queries"]:
            hits = [pk for pk, _ in engine.search(row["query"], limit=10, fallback_to_or=fallback_to_or).hits]
            leaked += len(set(hits) & others)
            target = pages[language][row["target"]]
            rank = hits.index(target) + 1 if target in hits else None
            stats = per_kind[row["kind"]]
            stats[0] += 1
            if rank:
                stats[1] += 1
                stats[2] += 1.0 / rank
            elif misses:
                print(f"  miss ({language}, OR fallback {fallback_to_or}): {row['query']!r} -> {row['target']}")
    return per_kind, leaked


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--misses", action="store_true", help="list the queries whose target is not in the top 10")
    args = parser.parse_args()
    os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/miftah_bench_english")
    from search_quality import setup

    setup("miftah.search.backends", args.db)
    data = json.loads(DATA.read_text(encoding="utf-8"))
    pages = build(data)
    print(f"English known-item set: {len(data['articles'])} articles, {len(data['queries'])} queries, "
          f"database {args.db}")
    kinds = sorted({row["kind"] for row in data["queries"]})
    for mode, fallback in MODES:
        results = {language: evaluate(data, pages, language, args.misses, fallback) for _, language in EDITIONS}
        print(f"\n{mode}: recall@10 (found/n) per kind")
        print(f"{'kind':34} {'n':>3}" + "".join(f" {label[:26]:>27}" for label, _ in EDITIONS))
        for kind in kinds:
            line = f"{kind:34} {results['en'][0][kind][0]:>3}"
            for _, language in EDITIONS:
                n, found, _ = results[language][0][kind]
                line += f" {f'{found}/{n}':>27}"
            print(line)
        for label, language in EDITIONS:
            per_kind, leaked = results[language]
            n = sum(stats[0] for stats in per_kind.values())
            found = sum(stats[1] for stats in per_kind.values())
            mrr = sum(stats[2] for stats in per_kind.values()) / n
            print(f"{label:30} recall@10 {found / n:.3f} ({found}/{n})  MRR {mrr:.3f}  "
                  f"hits from the other edition: {leaked}")

if __name__ == "__main__":
    main()
