"""Evaluate the dossiers gazetteer matcher as a named-entity recogniser, and the starter list's coverage.

1. ANERcorp: a knowledge base is built from the entity strings of the TRAIN side (each string
   under its majority type; optionally plus the ANERGazet gazetteers), the matcher runs on the
   TEST side (tokens joined with spaces) and mentions are scored against the gold BIO spans:
   exact token-span and type match, precision/recall/F1 per type (PERS/LOC/ORG; MISC is not a
   dossier type). This measures what a curated list can reach, not the starter list.
2. Coverage of the starter list on ANT middleEast articles: share of articles with at least one
   mention, mentions per article, most frequent entities.

    .venv/bin/python bench/ner_eval.py [--gazetteers] [--articles 7628]

Data: ANERcorp (Benajiba et al.; CAMeL Lab split) and ANT v2.1 (Chouigui, Ben Khiroun, Elayeb),
read from ../shared/data; not copied.
"""

from __future__ import annotations

import argparse
import sys
from bisect import bisect_right
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from entity_matcher import load_articles, shared_data  # noqa: E402

from miftah.dossiers.matching import Entity, EntityMatcher, load_entities  # noqa: E402

TYPES = {"PERS": "person", "LOC": "place", "ORG": "organisation"}
BACK = {value: key for key, value in TYPES.items()}


def read_bio(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        token, _, tag = line.rpartition(" ")
        rows.append((token or tag, tag if token else "O"))
    return rows


def gold_spans(rows: list[tuple[str, str]]) -> set[tuple[int, int, str]]:
    spans, start, kind = set(), None, None
    for index, (_, tag) in enumerate(rows + [("", "O")]):
        prefix, _, label = tag.partition("-")
        if start is not None and not (prefix == "I" and label == kind):
            if kind in TYPES:
                spans.add((start, index, kind))
            start, kind = None, None
        if prefix == "B" or (prefix == "I" and start is None):
            start, kind = index, label
    return spans


def knowledge_base(rows, gazetteers: bool) -> list[Entity]:
    votes: dict[str, Counter] = defaultdict(Counter)
    for start, end, kind in gold_spans(rows):
        votes[" ".join(token for token, _ in rows[start:end])][kind] += 1
    if gazetteers:
        for kind, name in (("LOC", "Loc"), ("PERS", "Pers"), ("ORG", "Org")):
            path = shared_data() / "ner" / "gazetteers" / f"ANERGazet_{name}.txt"
            for line in path.read_text(encoding="utf-8").splitlines():
                line = line.strip()
                if line and not line.startswith("="):
                    votes[line][kind] += 1
    return [
        Entity(index, name, TYPES[counts.most_common(1)[0][0]])
        for index, (name, counts) in enumerate(votes.items())
    ]


def predicted_spans(matcher: EntityMatcher, tokens: list[str]) -> set[tuple[int, int, str]]:
    text = " ".join(tokens)
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    spans = set()
    for mention in matcher.find(text):
        first = bisect_right(starts, mention.start) - 1
        last = bisect_right(starts, mention.end - 1) - 1
        spans.add((first, last + 1, BACK[mention.type]))
    return spans


def score(gold, predicted) -> list[tuple[str, int, int, int, float, float, float]]:
    table = []
    for kind in [*TYPES, "all"]:
        g = {s for s in gold if kind in ("all", s[2])}
        p = {s for s in predicted if kind in ("all", s[2])}
        tp = len(g & p)
        precision = tp / len(p) if p else 0.0
        recall = tp / len(g) if g else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        table.append((kind, len(g), len(p), tp, precision, recall, f1))
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gazetteers", action="store_true", help="add the ANERGazet lists to the train KB")
    parser.add_argument("--articles", type=int, default=7628, help="middleEast ANT articles for coverage")
    args = parser.parse_args()

    folder = shared_data() / "ner" / "anercorp"
    if not folder.exists():
        sys.exit(f"ANERcorp not found at {folder} (set MIFTAH_SHARED_DATA)")
    train, test = read_bio(folder / "train.txt"), read_bio(folder / "test.txt")
    test_tokens = [token for token, _ in test]
    gold = gold_spans(test)

    flags = " --gazetteers" if args.gazetteers else ""
    print(f"command: .venv/bin/python bench/ner_eval.py{flags} --articles {args.articles}")
    print(f"ANERcorp test: {len(test_tokens):,} tokens, {len(gold):,} gold PERS/LOC/ORG mentions")
    for label, entities in [
        ("train KB" + (" + gazetteers" if args.gazetteers else ""), knowledge_base(train, args.gazetteers)),
        ("starter list", load_entities()),
    ]:
        matcher = EntityMatcher(entities)
        table = score(gold, predicted_spans(matcher, test_tokens))
        print(f"\n{label}: {len(entities):,} entities")
        print(f"{'type':<6}{'gold':>7}{'pred':>7}{'tp':>7}{'P':>8}{'R':>8}{'F1':>8}")
        for kind, g, p, tp, precision, recall, f1 in table:
            print(f"{kind:<6}{g:>7}{p:>7}{tp:>7}{precision:>8.3f}{recall:>8.3f}{f1:>8.3f}")

    matcher = EntityMatcher(load_entities())
    articles = load_articles(args.articles, category="middleEast")
    counts, with_mention, total = Counter(), 0, 0
    for text in articles:
        mentions = matcher.find(text)
        total += len(mentions)
        with_mention += bool(mentions)
        counts.update({m.canonical for m in mentions})
    print(f"\nstarter list coverage on {len(articles):,} ANT middleEast articles:")
    print(f"  with >=1 mention: {with_mention / len(articles):.1%}; mentions per article: {total / len(articles):.1f}")
    print("  top entities (articles): " + ", ".join(f"{name} {n}" for name, n in counts.most_common(15)))


if __name__ == "__main__":
    main()
