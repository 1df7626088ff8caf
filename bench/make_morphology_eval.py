"""Generate candidates for the morphology known-item set (bench/data/search_morphology_eval.jsonl).

    .venv/bin/python bench/make_morphology_eval.py [--per-kind 14] [--out FILE]

Independent of the `ant-variants` set of bench/search_quality.py, which takes the first 3,000 ANT articles (all
Al Arabiya: culture, economy, international news). This set takes its targets from the other sources:
* tuning half: Sky News Arabia (all its categories);
* held-out half: BBC, CNN, France 24 and the Al Arabiya articles after the first 3,000 (sport, technology,
  the 2013–14 international news).
Each query is words of the target's headline; the *key* word is rewritten into another inflected form of the
same word, and that form must be a real one: it must occur at least 3 times somewhere in the corpus and not at
all in the target article (so the article uses a different surface form). The other words stay as written
(the two most frequent content words of the headline, so that the key word decides). Controls (hamza, ta
marbuta, diacritics, tatweel) rewrite every word, the exact-word control none. The output was then read by
hand and the rows that are not a real form of the same word were dropped (see docs/search.md); the frozen file
is the evaluation, this script only shows how the candidates came about. Seeded: same corpus, same output.
Rows hold the target's docno, not its headline: the corpus text stays in ../shared/data, not in this repository.
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MIFTAH_SHARED_DATA", REPO.parent / "shared" / "data"))
sys.path.insert(0, str(REPO))

from miftah.arabic.lexicon import STOPWORDS  # noqa: E402
from miftah.arabic.normalize import normalize  # noqa: E402

VOCAB = set()  # surface words seen at least 3 times in the corpus, filled by main()
WORD = re.compile(r"[\u0621-\u063a\u0641-\u064a]+")
# Harakat (shadda, damma, …) and tatweel are not letters of WORD: read with them, يمدّد was cut at its shadda into
# يمد, a query word no analysis should match. They are removed before words are read.
MARKS = re.compile(r"[\u064b-\u0652\u0640]")


def words_of(text):
    """The words of ``text`` as written, without harakat and tatweel."""
    return WORD.findall(MARKS.sub("", text))
ANT_VARIANTS_ARTICLES = 3000  # bench/search_quality.py's ant-variants set uses these
ARTICLE_FORMS = ("", "ال", "وال", "بال", "لل")
FEMININE_SUFFIXES = ("تها", "ته", "تهم", "تهما", "تان", "تين", "ات")
BROKEN_PLURALS = {"قادة", "قوات", "أسعار", "أطفال", "دول", "مدن", "أحزاب", "أعضاء", "قتلى", "جنود", "أراضي",
                  "مناطق", "أسلحة", "صواريخ", "شعوب", "منازل", "بيوت", "شوارع", "أهداف", "أندية", "أسواق",
                  "بنوك", "جيوش", "مساجد", "وزراء", "رؤساء", "زعماء", "أسرى", "سجناء", "قرى", "فصائل", "لاعبين"}


def half_of(index, record):
    if index < ANT_VARIANTS_ARTICLES:
        return None
    return "tuning" if record["src"] == "skynews" else "heldout"


def content_words(title):
    return [w for w in words_of(title) if len(w) > 2 and normalize(w) not in STOPWORDS]


def bare(word):
    """The word without a leading article form (longest first)."""
    for prefix in ("وال", "بال", "لل", "فال", "ال"):
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            return prefix, word[len(prefix):]
    return "", word


def with_article_forms(stem_forms):
    return [a + s for s in stem_forms for a in ARTICLE_FORMS if not (a == "لل" and s.startswith("ل"))]


# Each rule: surface word -> candidate rewrites of the same word (only real forms survive the vocabulary check).
def feminine(word):
    _, b = bare(word)
    if b.endswith("ة") and len(b) >= 4:
        base = b[:-1]
        return [base + s for s in FEMININE_SUFFIXES] + ["ال" + base + s for s in ("تين", "تان", "ات")]
    for s in FEMININE_SUFFIXES:
        if b.endswith(s) and len(b) - len(s) >= 3 and not b[: -len(s)].endswith("ي"):
            base = b[: -len(s)]
            return [base + "ة", "ال" + base + "ة", "وال" + base + "ة", "لل" + base + "ة"]
    return []


def sound_plural(word):
    """Nouns and adjectives only: the bare form must take the article somewhere in the corpus (not a verb)."""
    _, b = bare(word)
    for s in ("ون", "ين"):
        if b.endswith(s) and len(b) - len(s) >= 3 and not b[: -len(s)].endswith("ي"):
            base = b[: -len(s)]
            other = "ين" if s == "ون" else "ون"
            return with_article_forms([base, base + other]) if "ال" + base in VOCAB else []
    if len(b) >= 3 and not b.endswith(("ة", "ي", "ا", "ات", "ون", "ين", "ان")) and "ال" + b in VOCAB:
        return with_article_forms([b + "ون", b + "ين", b + "ان"])
    return []


def nisba(word):
    _, b = bare(word)
    for s in ("يون", "يين", "ية", "ي", "يان", "يتين", "يتان"):
        if b.endswith(s) and len(b) - len(s) >= 3:
            base = b[: -len(s)]
            return with_article_forms([base + x for x in ("ي", "ية", "يون", "يين", "يان") if x != s])
    return []


def pronoun_plural(word):
    article, b = bare(word)
    if b.endswith(("اتهم", "اتها", "اتهما")):
        base = b[: b.rindex("ات") + 2]
        return ["ال" + base, base, "وال" + base]
    if b.endswith("ات") or b in BROKEN_PLURALS:
        stem = b[:-1] + "ت" if b.endswith("ة") else b
        return [stem + "هم", stem + "ها", "و" + stem + "هم", stem + "هما"]
    for broken in BROKEN_PLURALS:
        pstem = broken[:-1] + "ت" if broken.endswith("ة") else broken
        if b in (pstem + "هم", pstem + "ها"):
            return ["ال" + broken, broken, "وال" + broken]
    return []


def short_stem(word):
    article, b = bare(word)
    core = b
    for s in ("هم", "ها", "ه"):
        if core.endswith(s) and len(core) - len(s) in (2, 3):
            core = core[: -len(s)]
            break
    if len(core) not in (2, 3) or core.endswith(("ة", "ى")):
        return []
    return ["ال" + core, "وال" + core, core + "ه", core + "ها", core + "هم", "و" + core, "ب" + core, "ل" + core,
            "و" + core + "ه", "ب" + core + "ه", core]


MORPH_RULES = {
    "feminine-ta": feminine,
    "sound-plural": sound_plural,
    "nisba": nisba,
    "pronoun-plural": pronoun_plural,
    "short-stem": short_stem,
}

# Candidates read and refused: not a form of the same word (a name cut, a verb, another word), or not idiomatic;
# (word, "*") refuses every rewrite of an ambiguous word (سورية Syria or Syrian, السعودية the country, أمنية a wish).
REJECTED = {
    ("سورية", "*"),
    ("العالم", "*"),
    ("بالعالم", "*"),
    ("السعودية", "*"),
    ("الله", "*"),
    ("بأنه", "*"),
    ("أمنية", "*"),
    ("الأمنية", "*"),
    ("الأول", "*"),
    ("سورية", "سوريات"),
    ("بالعالم", "العالمين"),
    ("نار", "نارين"),
    ("مليوني", "مليونية"),
    ("الصين", "صين"),
    ("الحمد", "حمدين"),
    ("تحم", "وتحم"),
    ("ليغ", "بليغ"),
    ("السعودية", "السعوديتان"),
    ("الأمنية", "أمنيات"),
    ("العراق", "العراقين"),
    ("الأمم", "الأممين"),
    ("عبر", "العبر"),
    ("النهائية", "النهائيين"),
    ("سورية", "السوريات"),
    ("العالم", "العالمين"),
    ("بالعالم", "عالمين"),
    ("المنتخب", "المنتخبون"),
    ("السعودية", "للسعودي"),
    ("للنني", "والنني"),
    ("سبب", "بسبب"),
    ("الأول", "أولان"),
    ("الشاهد", "شاهدين"),
    ("فيفيان", "فيفي"),
    ("الله", "اللهم"),
    ("بأنه", "بأنهم"),
    ("أمنية", "الأمنيات"),
    ("الأمنية", "أمنيتها"),
    # read after the harakat fix (the words it newly reads whole): the ه of وجه is radical; تحملان is a verb
    ("وجه", "وج"),
    ("تحمل", "تحملان"),
}

CONTROLS = {
    "hamza": lambda w: w.replace("أ", "ا").replace("إ", "ا").replace("آ", "ا"),
    "ta-marbuta": lambda w: re.sub("ة$", "ه", w),
    "diacritics": lambda w: "\u0650".join(w[:3]) + w[3:],
    "tatweel": lambda w: w[:2] + "ــ" + w[2:] if len(w) > 3 else w,
    "exact": lambda w: w,
}
CONTROL_CHANGES = {"hamza": "أإآ", "ta-marbuta": "ة"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-kind", type=int, default=14, help="candidates per kind and half")
    parser.add_argument("--out", default="-")
    args = parser.parse_args()
    records = []
    vocab = Counter()
    title_df = Counter()
    with gzip.open(SHARED / "corpus" / "ant-v2.1.jsonl.gz", "rt", encoding="utf-8") as handle:
        for index, line in enumerate(handle):
            record = json.loads(line)
            text = " ".join((record.get("title") or "", record.get("abstract") or "", record.get("text") or ""))
            words = set(words_of(text))
            vocab.update(words)
            title_words = set(content_words(record.get("title") or ""))
            title_df.update(title_words)
            records.append((index, record, words, title_words))
    VOCAB.update(w for w, n in vocab.items() if n >= 3)
    titles_with = defaultdict(set)
    for index, _, _, title_words in records:
        for w in title_words:
            titles_with[w].add(index)

    rng = random.Random(16)
    order = list(records)
    rng.shuffle(order)
    out = []
    used = set()
    for half in ("tuning", "heldout"):
        pool = [r for r in order if half_of(r[0], r[1]) == half]
        for kind in [*MORPH_RULES, "ranking", *CONTROLS]:
            count = 0
            for index, record, words, title_words in pool:
                if count >= args.per_kind:
                    break
                if record["docno"] in used:
                    continue
                title = record["title"]
                cwords = [w for w in dict.fromkeys(content_words(title))]
                if len(cwords) < 3:
                    continue
                row = None
                pick = random.Random(f"{record['docno']}|{kind}")  # per article: a refusal changes no other row
                if kind in MORPH_RULES or kind == "ranking":
                    for key in pick.sample(cwords, len(cwords)):
                        forms = [f for f in dict.fromkeys(MORPH_RULES[kind](key) if kind in MORPH_RULES else
                                                           [f for rule in MORPH_RULES.values() for f in rule(key)])
                                 if f != key and vocab[f] >= 3 and f not in words and (key, f) not in REJECTED
                                 and (key, "*") not in REJECTED]
                        if not forms:
                            continue
                        form = pick.choice(forms)
                        context = sorted((w for w in cwords if w != key), key=lambda w: -title_df[w])[:2]
                        if kind == "ranking":
                            # follow-ups: other headlines holding the context words verbatim but not the key word
                            followups = (titles_with[context[0]] & titles_with[context[1]]) - {index}
                            if len(followups) < 2:
                                continue
                        row = {"query": " ".join([form, *context]), "key": key, "form": form}
                        break
                else:
                    changed = CONTROL_CHANGES.get(kind)
                    if changed and not any(c in w for w in cwords[:3] for c in changed):
                        continue
                    picked = pick.sample(cwords, 3)
                    row = {"query": " ".join(CONTROLS[kind](w) for w in picked), "key": "", "form": ""}
                if row is None:
                    continue
                used.add(record["docno"])
                count += 1
                out.append({"kind": kind, "half": half, **row, "docno": record["docno"],
                            "src": record["src"], "cat": record["cat"]})
    handle = sys.stdout if args.out == "-" else open(args.out, "w", encoding="utf-8")
    for row in out:
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
