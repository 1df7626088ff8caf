"""Search quality: recall@10 and MRR for Miftah's search and the stock Wagtail database backend, side by side.

    .venv/bin/python bench/search_quality.py [--db sqlite|postgres] [--set arcd|ant-variants|morphology…]

Builds a throwaway database (SQLite in a temp folder, or the PostgreSQL database named by BENCH_DATABASE_URL),
loads the passages/articles with `load-corpus`, indexes them with the chosen backend and runs every query:
* arcd: ../shared/data/search-eval/arcd (465 passages, 1,395 questions, qrels);
* ant-variants: the first 3,000 ANT articles and queries made from their headlines rewritten into each variant
  kind (clitics, hamza, ta marbuta, diacritics, tatweel, Arabic-Indic digits, alef maqsura) — the target is
  the article the headline came from.
* morphology, morphology-tuning, morphology-heldout: the whole ANT corpus (31,525 articles) and the known-item
  queries of bench/data/search_morphology_eval.jsonl (bench/make_morphology_eval.py says how they were made),
  per half and per kind; `--data-dir DIR` keeps the loaded SQLite database there (PostgreSQL: `--reuse` keeps
  the database) so that the next run only searches — reuse a database only with the analysis it was indexed with.
Stock = Wagtail's `wagtail.search.backends.database` on raw text, AND (its default) and OR; on PostgreSQL
with SEARCH_CONFIG "arabic" (PostgreSQL's Snowball Arabic stemmer), on SQLite with its default FTS5 setup.
The PostgreSQL database is dropped and rebuilt: BENCH_DATABASE_URL (default …/miftah_bench_quality).
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MIFTAH_SHARED_DATA", REPO.parent / "shared" / "data"))
sys.path.insert(0, str(REPO))


def setup(backend, db, options=None, data_dir=None, reuse=False):
    """Configure Django; a fresh database unless `reuse` (then an existing one is kept as it is)."""
    if data_dir:
        Path(data_dir).mkdir(parents=True, exist_ok=True)
    os.environ["MIFTAH_DATA_DIR"] = data_dir or tempfile.mkdtemp(prefix="miftah-bench-")
    if db == "postgres":
        os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL",
                                                   "postgres://postgres@127.0.0.1:5432/miftah_bench_quality")
    os.environ["DJANGO_SETTINGS_MODULE"] = "miftah.settings"
    from django.conf import settings

    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": backend, **(options or {})}}
    import django

    django.setup()
    from django.core.management import call_command

    if reuse:
        from miftah.news.models import ArticlePage

        call_command("migrate", verbosity=0)
        if ArticlePage.objects.exists():
            return
    if db == "postgres":
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    from miftah.news.tests.factories import make_home

    make_home()


VARIANT_RULES = [
    ("hamza dropped", lambda w: w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا")),
    ("ta marbuta as ha", lambda w: re.sub("ة$", "ه", w)),
    ("article removed", lambda w: w[2:] if w.startswith("ال") and len(w) > 4 else w),
    ("conjunction added", lambda w: "و" + w),
    ("diacritics", lambda w: "\u064e".join(w)),
    ("tatweel", lambda w: w[: len(w) // 2] + "ـــ" + w[len(w) // 2 :] if len(w) > 3 else w),
]


def ant_records(limit):
    path = SHARED / "corpus" / "ant-v2.1.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for i, line in enumerate(handle):
            if i >= limit:
                break
            yield json.loads(line)


MORPHOLOGY_SET = REPO / "bench" / "data" / "search_morphology_eval.jsonl"
MORPHOLOGY_KINDS = ("feminine-ta", "sound-plural", "nisba", "pronoun-plural", "short-stem", "ranking",
                    "hamza", "ta-marbuta", "diacritics", "tatweel", "exact")


def build_set(name, tmp):
    """(jsonl path, [(query, relevant ids, kind)]); morphology queries carry (half, kind) as their kind."""
    if name.startswith("morphology"):
        half = name.partition("-")[2]
        rows = [json.loads(line) for line in open(MORPHOLOGY_SET, encoding="utf-8")]
        # ANT holds some articles twice (1,180 URLs under two categories): a copy with the same URL or headline
        # is the same known item.
        same = {}
        with gzip.open(SHARED / "corpus" / "ant-v2.1.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                rec = json.loads(line)
                for key in (("url", rec.get("url")), ("title", rec.get("title"))):
                    if key[1]:
                        same.setdefault(key, set()).add(rec["docno"])
        copies = {}
        for group in same.values():
            for docno in group:
                copies.setdefault(docno, set()).update(group)
        queries = [(row["query"], copies.get(row["docno"], {row["docno"]}), (row["half"], row["kind"])) for row in rows
                   if not half or row["half"] == half]
        return SHARED / "corpus" / "ant-v2.1.jsonl.gz", queries
    if name == "arcd":
        base = SHARED / "search-eval" / "arcd"
        path = Path(tmp) / "arcd.jsonl"
        with open(path, "w", encoding="utf-8") as out:
            for line in open(base / "corpus.jsonl", encoding="utf-8"):
                rec = json.loads(line)
                out.write(json.dumps({"docno": rec["id"], "title": rec["title"], "text": rec["text"], "cat": "arcd"},
                                     ensure_ascii=False) + "\n")
        qrels = {}
        for line in open(base / "qrels.txt", encoding="utf-8"):
            qid, _, doc, rel = line.split()
            if int(rel) > 0:
                qrels.setdefault(qid, set()).add(doc)
        queries = []
        for line in open(base / "queries.tsv", encoding="utf-8"):
            qid, _, text = line.rstrip("\n").partition("\t")
            if qid in qrels:
                queries.append((text.strip(" -"), qrels[qid], "question"))
        return path, queries
    path = Path(tmp) / "ant.jsonl"
    rng = random.Random(7)
    queries = []
    with open(path, "w", encoding="utf-8") as out:
        for rec in ant_records(3000):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            words = [w for w in re.findall(r"[\u0621-\u064a]+", rec["title"]) if len(w) > 3]
            if len(words) >= 3 and rng.random() < 0.1:
                kind, rule = VARIANT_RULES[len(queries) % len(VARIANT_RULES)]
                picked = rng.sample(words, 3)
                queries.append((" ".join(rule(w) for w in picked), {rec["docno"]}, kind))
    return path, queries


def evaluate(queries, run, known_item=False):
    """(recall@10, MRR, number of queries that raised) — a query that raises counts as no results."""
    from django.db import connection

    recall = mrr = 0.0
    errors = 0
    for query, relevant, _ in queries:
        try:
            ids = run(query)
        except Exception:  # the stock SQLite backend raises on a query with an unbalanced quote
            errors += 1
            ids = []
            if connection.vendor == "postgresql" and not connection.get_autocommit():
                connection.rollback()
        ranks = [i for i, doc in enumerate(ids, 1) if doc in relevant]
        if known_item:  # one article, whichever of its copies is found
            recall += 1.0 if set(ids[:10]) & relevant else 0.0
        else:
            recall += len(set(ids[:10]) & relevant) / len(relevant)
        mrr += 1 / ranks[0] if ranks else 0
    return recall / len(queries), mrr / len(queries), errors


def print_morphology_table(queries, run, misses=False):
    """recall@10 / MRR and hits@10 per half and kind, as a Markdown table."""
    halves = sorted({kind[0] for _, _, kind in queries}, reverse=True)
    print("| kind | " + " | ".join(f"{half} n, hits@10, recall@10 / MRR" for half in halves) + " |")
    print("|---|" + "---|" * len(halves))
    for kind in (*MORPHOLOGY_KINDS, "all"):
        cells = []
        for half in halves:
            subset = [q for q in queries if q[2][0] == half and kind in (q[2][1], "all")]
            r, m, _ = evaluate(subset, run, known_item=True)
            cells.append(f"{len(subset)}, {round(r * len(subset))}, {r:.3f} / {m:.3f}")
        print(f"| {kind} | " + " | ".join(cells) + " |")
    if misses:
        for query, relevant, (half, kind) in queries:
            ids = run(query)
            rank = next((i for i, doc in enumerate(ids, 1) if doc in relevant), None)
            if rank != 1:
                print(f"  miss {half} {kind}: {query} -> rank {rank}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--set", default="arcd", choices=[
        "arcd", "ant-variants", "morphology", "morphology-tuning", "morphology-heldout"])
    parser.add_argument("--backend", choices=["miftah", "stock"], default="miftah")
    parser.add_argument("--data-dir", help="SQLite: keep (and reuse) the loaded database in this folder")
    parser.add_argument("--reuse", action="store_true", help="PostgreSQL: keep a database already loaded")
    parser.add_argument("--misses", action="store_true", help="print the queries whose target is not first")
    args = parser.parse_args()
    reuse = args.reuse or bool(args.data_dir)
    if args.backend == "miftah":
        setup("miftah.search.backends", args.db, data_dir=args.data_dir, reuse=reuse)
    else:
        setup("wagtail.search.backends.database", args.db, {"SEARCH_CONFIG": "arabic"} if args.db == "postgres" else {},
              data_dir=args.data_dir, reuse=reuse)
    import io

    from django.core.management import call_command

    from miftah.news.models import ArticlePage

    tmp = tempfile.mkdtemp()
    path, queries = build_set(args.set, tmp)
    from miftah.news.models import ArticlePage as _Article

    if not (reuse and _Article.objects.filter(external_id__isnull=False).exists()):
        call_command("load_corpus", str(path), "--no-progress", "--no-related", stdout=io.StringIO())
    if args.backend == "stock" and not reuse:
        call_command("update_index", verbosity=0)  # the stock indexer, raw text
    external = dict(ArticlePage.objects.values_list("pk", "external_id"))
    results = {}
    if args.backend == "miftah":
        from miftah.search import engine

        results["miftah (all words, then any)"] = lambda q: [external[pk] for pk, _ in engine.search(q, limit=10).hits]
    else:
        for operator in ("and", "or"):
            results[f"stock {operator}"] = (
                lambda q, op=operator: [p.external_id for p in ArticlePage.objects.live().search(q, operator=op)[:10]]
            )
    for label, run in results.items():
        recall, mrr, errors = evaluate(queries, run, known_item=args.set.startswith("morphology"))
        print(f"{args.set} {args.db} {label}: queries {len(queries)} recall@10 {recall:.3f} MRR {mrr:.3f}"
              f" ({errors} raised an error)")
        if args.set.startswith("morphology"):
            print_morphology_table(queries, run, args.misses)
        if args.set == "ant-variants":
            for kind, _ in VARIANT_RULES:
                subset = [q for q in queries if q[2] == kind]
                r, m, _ = evaluate(subset, run)
                print(f"    {kind:20} n={len(subset):3} recall@10 {r:.3f} MRR {m:.3f}")


if __name__ == "__main__":
    main()
