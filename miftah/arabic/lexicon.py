"""The closed-class words of Arabic that the analysers strip or stop at: clitics and stop words, one table each.

In the manner of Lucene's analysis/ar (``ArabicStemmer``'s PREFIXES and SUFFIXES): every table is written out in
the normal form of ``miftah.arabic.normalize`` (أ إ آ → ا, ة → ه, ى → ي, no harakat) and whoever uses it reads it
with a plain loop. The tables, and who reads them:

* ``ARTICLE``, ``CONJUNCTIONS`` (و ف), ``PREPOSITIONS`` (ب ل ك): the letters everything below is made of;
* ``PROCLITICS``: what may stand glued before a word without the article — a conjunction, a preposition, or a
  conjunction then a preposition (names in ``miftah.dossiers.matching``, trigger words in
  ``miftah.dossiers.triggers``, month names in ``miftah.arabic.dates``);
* ``PROCLITICS_BEFORE_ARTICLE`` and ``LAM_ARTICLE``: the same before ال, where ل merges with the article and
  loses its alef (ل + العراق → للعراق); ``ARTICLE_PREFIXES`` is the article with each of them, longest first
  (light stemming in ``miftah.arabic.stem``, which drops them whole);
* ``NAME_PREFIXES``: what ``miftah.arabic.stem`` removes before a protected name;
* ``GLUED_PREPOSITIONS``: ب or ل glued to a word without the article, which a query may read off as a second
  reading (``miftah.arabic.analysis.analyze_query``);
* ``SUFFIXES`` (light10's, in its order), ``POSSESSIVE_SUFFIXES``, ``PRONOUN_SUFFIXES``: the endings light
  stemming strips or looks behind; ``PLURAL_PRONOUN_SUFFIXES`` (هم هما هن كم, stripped before light10's;
  ``SHORT_STEM_PLURAL_PRONOUNS`` the ones that may leave three letters),
  ``SOUND_PLURAL_SUFFIXES`` (which leave at least three letters), ``FEMININE_TA_BEFORE`` (after which a ت is
  the feminine ending) and ``RADICAL_TA_WORDS`` (verbal nouns whose final يت is radical);
* ``STOPWORDS``: Savoy's list as Lucene ships it (``data/stopwords_ar.txt``), dropped from search terms
  (``miftah.arabic.analysis``); ``NAME_STOP_WORDS``: those and the reporting verbs, time words and
  adjectives that end a name (``miftah.dossiers.triggers``).

Pure Python, no Django. ``load_word_list`` reads the word lists shipped in ``data/``.
"""

from __future__ import annotations

from pathlib import Path

from miftah.arabic.normalize import normalize

__all__ = [
    "ARTICLE",
    "ARTICLE_PREFIXES",
    "CONJUNCTIONS",
    "LAM_ARTICLE",
    "NAME_PREFIXES",
    "GLUED_PREPOSITIONS",
    "MIN_GLUED_STEM",
    "NAME_STOP_WORDS",
    "POSSESSIVE_SUFFIXES",
    "PREPOSITIONS",
    "PROCLITICS",
    "PROCLITICS_BEFORE_ARTICLE",
    "PRONOUN_SUFFIXES",
    "PLURAL_PRONOUN_SUFFIXES",
    "SHORT_STEM_PLURAL_PRONOUNS",
    "RADICAL_TA_WORDS",
    "ALEF_TA_NOUNS",
    "NISBA_ENDINGS",
    "NISBA_NAME_ENDINGS",
    "SOUND_PLURAL_SUFFIXES",
    "FEMININE_TA_BEFORE",
    "STOPWORDS",
    "SUFFIXES",
    "is_stopword",
    "load_word_list",
]

DATA_DIR = Path(__file__).with_name("data")


def load_word_list(name: str) -> list[str]:
    """Read a word list shipped in ``miftah/arabic/data`` (``#`` comments, one entry a line)."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


# ---------------------------------------------------------------- proclitics

ARTICLE = "ال"
CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")

# Conjunction, preposition, or conjunction + preposition.
PROCLITICS = ("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
# Before the article ل does not attach as it is (see LAM_ARTICLE); the others do.
PROCLITICS_BEFORE_ARTICLE = ("و", "ف", "ب", "ك", "وب", "وك", "فب", "فك")
# ل + ال written لل (للعراق), with a conjunction before it or not.
LAM_ARTICLE = ("لل", "ولل", "فلل")
# The article with every proclitic it can take, longest first: what light stemming drops from a word's start.
ARTICLE_PREFIXES = ("وبال", "وكال", "فبال", "فكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
# Before a protected name: one clitic letter, or an article form with at most one letter before it, shortest
# first. Stacks such as وبال are left to ordinary stemming, which reaches the name on its next pass.
NAME_PREFIXES = ("و", "ف", "ب", "ل", "ك", "ال", "لل", "وال", "بال", "فال", "كال", "ولل", "فلل")
# A preposition glued to a word without the article (بحكمه, لبنك), with a conjunction before it or not, longest
# first. Light stemming keeps these (too many words begin with a radical ب or ل: بيان, لجنة, بنوك); a query may try
# the word without them as a second reading when its first finds nothing (``analysis.analyze_query``).
GLUED_PREPOSITIONS = ("وب", "ول", "فب", "فل", "ب", "ل")
MIN_GLUED_STEM = 3  # letters a glued preposition must leave

# ---------------------------------------------------------------- enclitics and endings

# light10's suffixes (ية and ة normalised to يه and ه), in light10's order; each is stripped once.
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
# The suffixes that are possessive pronouns: a ت before them is the feminine ending (حكومتها).
POSSESSIVE_SUFFIXES = frozenset({"ها", "ه", "ي"})
# The other pronoun suffixes, which light10 does not strip.
PRONOUN_SUFFIXES = ("هم", "هما", "هن", "كم", "نا", "ك")
# Plural and dual pronouns stripped before light10's suffixes, longest first (مفاوضاتهم, حكومتهما, أسعارهم); not نا
# and ك, which end too many words (أحيانا, مجانا, ملك).
PLURAL_PRONOUN_SUFFIXES = ("هما", "هم", "هن", "كم")
# "Their" (هم, dual هما) may also leave a three-letter word (دولهم, عملهم, أرضهم → دول, عمل, ارض), unless a long ا
# closes it: then هم is part of the word (تفاهم, يساهم, مساهم) or the ا of a pronoun base (كلاهما, إياهم).
SHORT_STEM_PLURAL_PRONOUNS = ("هما", "هم")
# Sound plurals and duals: these must leave three letters (بيان, مكان, أمين are not بي + ان, مك + ان, ام + ين);
# ات may leave two (جهات, لغات, مرات).
SOUND_PLURAL_SUFFIXES = frozenset({"ان", "ون", "ين"})
# A ت left before these is the feminine ending (ة): possessives (حكومتها), duals (حكومتين) and plural pronouns.
FEMININE_TA_BEFORE = POSSESSIVE_SUFFIXES | {"ان", "ين"} | set(PLURAL_PRONOUN_SUFFIXES)
# Verbal nouns (تفعيل of roots ending in ت) whose يت is not nisba ي + feminine ت (شخصيته is شخصية + ه; تصويته is not).
RADICAL_TA_WORDS = frozenset({"تصويت", "توقيت", "تثبيت", "تفتيت", "تشتيت", "تبكيت", "تسكيت"})

# Nouns in اة on a two-letter stem (normalised: اه), whose ا belongs to the word — singulars (حياة, وفاة, قناة) and
# broken plurals (قضاة, دعاة). Before a pronoun their ة is written ت and the word looks like a sound plural in ات
# (حياتها, وفاته, قضاتهم), which would be cut to two letters (حي, وف); these keep the ا, as the bare word does
# (حياة → حيا). Sound plurals of two-letter feminine stems (قوات, لغات, جهات, فئات, بنات) are not listed: their ات
# goes (قواتها → قو, like قوة).
ALEF_TA_NOUNS = frozenset(normalize(word) for word in """
    حياة وفاة صلاة قناة نجاة زكاة فتاة نواة
    قضاة دعاة رعاة غزاة ولاة هواة رماة جناة طغاة بغاة عصاة حماة سعاة
""".split())
# Nisba endings (ي, ية, dual, plurals), normalised. A protected name that is a plural nisba or a nisba in ي
# (NISBA_NAME_ENDINGS: الحوثيون, الإيراني beside إيران) names a family whose every nisba form is the same name
# (``miftah.arabic.stem``).
NISBA_ENDINGS = ("ي", "يه", "يون", "يين", "يان", "يتان", "يتين", "يات")
NISBA_NAME_ENDINGS = ("ي", "يون", "يين")

# ---------------------------------------------------------------- stop words

STOPWORDS: frozenset[str] = frozenset(load_word_list("stopwords_ar.txt"))

# Words that end a name read after a title or a head noun, besides STOPWORDS: reporting and meeting verbs, days
# and time words, adjectives that follow a name (السابق، المعارض), and a few particles Savoy's list lacks.
# Written as in text; normalised below.
_NAME_BOUNDARY_WORDS = """
    لقد قال قالت أكد أكدت أعلن أعلنت أشار أشارت أوضح أوضحت أضاف أضافت صرح دعا طالب حذر هدد التقى
    استقبل بحث زار وصل يزور يلتقي يبحث أمس اليوم غدا اللذين هؤلاء حول عبر ضد سوف هم هما نحن عنه عنها
    إثر وفق بشأن يوم الأحد الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت مساء صباح يقول تقول يرى رأى
    أبلغ نفى اعتبر وصف رفض أمر وقع شدد لفت أفاد كشف ذكر جدد بدوره بدورها نفسه نفسها السابق الحالي
    الجديد المقبل ثانية مجددا مرة المنتهية ولايته الحاكم الحاكمة المعارض المعارضة المحظور المحظورة
    إذ لو بل سواء رغم جانب بشكل لصالح
"""
NAME_STOP_WORDS: frozenset[str] = STOPWORDS | frozenset(normalize(word) for word in _NAME_BOUNDARY_WORDS.split())


def is_stopword(token: str) -> bool:
    """True if ``token`` (raw or normalised) is one of Savoy's stop words."""
    return token in STOPWORDS or normalize(token) in STOPWORDS
