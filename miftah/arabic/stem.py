"""Light stemming of normalised Arabic words (Larkey's light10, as in Lucene's ArabicStemmer).

Input is one word already passed through ``miftah.arabic.normalize`` (so ة is ه, أ is ا, no
harakat). Light stemming strips clitics and a few inflectional suffixes; it does not find roots
and does not join broken plurals (see ``synonyms``).

On top of light10:

* stacked clitics: conjunction و/ف, then preposition ب/ك, then the article (وال بال كال فال
  وبال فبال وكال فكال) or ل + article (لل ولل فلل), longest first, each leaving ≥ 2 letters;
* a bare و or ف is stripped only from words of ≥ 4 letters that are not in a corpus-derived
  list of words whose first letter is radical (وزير is not و + زير, فصائل is not ف + صائل);
  the same list guards the و/ف-initial article prefixes (والده is not وال + ده);
* plural and dual pronoun suffixes (هم هما هن كم) are stripped before light10's suffixes when a ت
  (feminine or plural) or at least four letters remain (مفاوضاتهم → مفاوض, أسعارهم → اسعار; تفاهم, متهم
  and مساهم keep theirs); "their" (هم هما) also when three letters remain that no ا closes (دولهم,
  عملهم → دول, عمل; تفاهم, يساهم, كلاهما keep theirs);
* sound plural and dual endings (ان ون ين) must leave three letters, so short stems are not cut to
  two (بيان, مكان, أمين, عيون stay whole; لاعبين → لاعب);
* a ت left by stripping a possessive, a dual ending or a plural pronoun from a feminine noun is
  dropped, as the ة of the bare noun is (حكومتها, حكومتين, حكومتهم → حكوم, like الحكومة → حكوم;
  الأمريكيتين → امريك, like الأمريكية); not after ات/وت, which are plural endings or part of the
  stem (انتخاباتها, سكوتها), nor in the verbal nouns of ``RADICAL_TA_WORDS`` (تصويتها); the ا
  before a ة or possessive goes with it when three letters remain (مباراة, مباراته, مباريات → مبار;
  مستواها → مستو, like مستوى);
* a noun in اة of ``ALEF_TA_NOUNS`` keeps its ا before a pronoun (حياتها, حياتهم → حيا, like الحياة;
  without the table ات would be read as a plural ending and cut them to حي, "district");
* protected names (places, people, organisations) are never stemmed; only a single clitic
  letter (و ب ل ف ك) or an article form (ال وال بال فال كال لل ولل) before them is removed,
  and a name's own ال is dropped so that العراق and للعراق both give عراق; a word of the radical-و/ف
  list is not read as و/ف + a name (ورقة "paper" is not و + الرقة, فاسد not ف + الأسد);
* a protected name that is a plural nisba (الحوثيون), or a nisba in ي whose base or other nisba form is
  protected too (الإيراني and إيران, السعودي and السعودية), stands for every nisba form of its base (حوثية, الحوثيين, حوثيتان), and they all give the term unprotected nisbas get, the base (حوث; the
  base's own term when the base is a name too: الإيراني → ايران) — otherwise protection would split the
  family that stemming joins (الحوثيون → حوثيون but حوثية → حوث);
* the stem is iterated to a fixed point, so stemming a stem changes nothing (analysis output
  can be fed back in as a query).

The clitic and suffix tables are ``miftah.arabic.lexicon``'s; this module holds the rules that read them.
"""

from __future__ import annotations

from collections.abc import Iterable

from miftah.arabic.lexicon import (
    ALEF_TA_NOUNS,
    ARTICLE,
    ARTICLE_PREFIXES,
    CONJUNCTIONS,
    FEMININE_TA_BEFORE,
    NAME_PREFIXES,
    NISBA_ENDINGS,
    NISBA_NAME_ENDINGS,
    PLURAL_PRONOUN_SUFFIXES,
    POSSESSIVE_SUFFIXES,
    PRONOUN_SUFFIXES,
    PROCLITICS,
    RADICAL_TA_WORDS,
    SHORT_STEM_PLURAL_PRONOUNS,
    SOUND_PLURAL_SUFFIXES,
    SUFFIXES,
    load_word_list,
)
from miftah.arabic.normalize import normalize

__all__ = ["Stemmer", "stem", "protect_names", "default_stemmer", "load_word_list"]

# A ت before a possessive suffix is the feminine ending unless it closes one of these (plural or stem letters).
NOT_FEMININE_TA_ENDINGS = ("ات", "وت")

MIN_STEM = 2
MIN_SOUND_PLURAL_STEM = 3  # letters left by ان ون ين
MIN_PRONOUN_STEM = 4  # letters left by هم هما هن كم when no ت precedes them
MIN_SHORT_PRONOUN_STEM = 3  # letters هم هما may leave, when no ا closes them (دولهم; not تفاهم)
MIN_LENGTH_FOR_BARE_CONJUNCTION = 4
MIN_NAME_LENGTH = 3
MIN_FEMININE_STEM = 3  # letters left before the ت for it to be dropped
MAX_PASSES = 4
CACHE_LIMIT = 200_000


def _name_term(normalised_name: str) -> str:
    if normalised_name.startswith(ARTICLE) and len(normalised_name) - len(ARTICLE) >= MIN_NAME_LENGTH:
        return normalised_name[len(ARTICLE) :]
    return normalised_name


class Stemmer:
    """A light10 stemmer with stacked clitics, a radical-و/ف word list and protected names.

    ``Stemmer(protected=names)`` where names are in any spelling (they are normalised);
    ``radical_waw_fa`` defaults to the shipped ``waw_fa_words.txt``.
    """

    def __init__(self, protected: Iterable[str] = (), radical_waw_fa: Iterable[str] | None = None):
        if radical_waw_fa is None:
            radical_waw_fa = load_word_list("waw_fa_words.txt")
        listed = {normalize(word) for word in radical_waw_fa}
        # Stems of listed words count too: stemming is iterated, and وزاره → وزار must not
        # then lose its و on the next pass.
        # light10's endings only: the list holds conjunction forms too (وتنظيماتهم), whose stems
        # after a plural pronoun is stripped (وتنظيم) must not join it.
        self._radical_waw_fa = frozenset(listed | {self._strip_suffixes(word, light=True) for word in listed})
        self._protected: dict[str, str] = {}  # spelling seen in text -> index term
        self._cache: dict[str, str] = {}
        self.generation = 0  # changes whenever a stem may change (caches built on stems check it)
        self.protect(protected)

    def protect(self, names: Iterable[str]) -> None:
        """Add names that must not be stemmed (single words; multi-word names are ignored)."""
        for name in names:
            normalised = normalize(name.strip())
            if " " in normalised or len(normalised) < MIN_NAME_LENGTH or not normalised.isalpha():
                continue
            term = _name_term(normalised)
            self._protected[normalised] = term
            self._protected[term] = term
        self._join_nisba_families()
        self._cache.clear()
        self.generation += 1

    def _join_nisba_families(self) -> None:
        """Give every nisba form of a protected nisba name one term (see the module doc)."""
        protected = self._protected
        family_terms: dict[str, str] = {}  # term a name had -> its family's term
        for term in set(protected.values()):
            for ending in NISBA_NAME_ENDINGS:
                base = term[: -len(ending)]
                if not (term.endswith(ending) and len(base) >= MIN_NAME_LENGTH):
                    continue
                # A plural is a nisba; a name in ي only when the list holds its base or another of its nisba forms
                # (الإيراني and إيران, السعودي and السعودية), not كوباني or الثاني alone.
                if ending == "ي" and not any(base + other in protected for other in ("", *NISBA_ENDINGS[1:])):
                    continue
                family_term = protected.get(base, base)
                for form_ending in NISBA_ENDINGS:
                    family_terms[base + form_ending] = family_term
                family_terms[base] = family_term
                break
        for spelling, term in list(protected.items()):
            protected[spelling] = family_terms.get(term, term)
        for form, family_term in family_terms.items():
            protected[form] = family_term
            protected.setdefault(family_term, family_term)

    @property
    def protected_terms(self) -> frozenset[str]:
        return frozenset(self._protected.values())

    def __call__(self, word: str) -> str:
        return self.stem(word)

    def stem(self, word: str) -> str:
        """Return the stem of one normalised word (unchanged if it is not Arabic letters)."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        result = word
        for _ in range(MAX_PASSES):
            stemmed = self._stem_once(result)
            if stemmed == result:
                break
            result = stemmed
        if len(self._cache) >= CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = result
        return result

    def _stem_once(self, word: str) -> str:
        name = self._protected_name(word)
        if name is not None:
            return name
        if len(word) <= MIN_STEM:
            return word
        return self._strip_suffixes(self._strip_prefix(word))

    def _protected_name(self, word: str) -> str | None:
        protected = self._protected
        term = protected.get(word)
        if term is not None:
            return term
        for clitic in NAME_PREFIXES:
            if word.startswith(clitic):
                term = protected.get(word[len(clitic) :])
                if term is not None:
                    if clitic[0] in CONJUNCTIONS and self._has_radical_waw_fa(word):
                        continue  # ورقة is not و + الرقة, فاسد not ف + الأسد, وجيزة not و + الجيزة
                    return term
        return None

    def _strip_prefix(self, word: str) -> str:
        radical_first_letter = word[0] in CONJUNCTIONS and self._has_radical_waw_fa(word)
        for prefix in ARTICLE_PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM:
                if radical_first_letter and prefix[0] in CONJUNCTIONS:
                    break
                return word[len(prefix) :]
        if word[0] in CONJUNCTIONS and len(word) >= MIN_LENGTH_FOR_BARE_CONJUNCTION and not radical_first_letter:
            return word[1:]
        return word

    def _has_radical_waw_fa(self, word: str) -> bool:
        listed = self._radical_waw_fa
        if word in listed:
            return True
        for suffix in (*SUFFIXES, *PRONOUN_SUFFIXES):
            if word.endswith(suffix):
                base = word[: -len(suffix)]
                if base in listed or (base.endswith("ت") and base[:-1] + "ه" in listed):
                    return True
        return False

    @staticmethod
    def _strip_suffixes(word: str, light: bool = False) -> str:
        """Strip endings; ``light``: light10's table and the feminine ت only."""
        for suffix in () if light else PLURAL_PRONOUN_SUFFIXES:
            if word.endswith(suffix):
                rest = word[: -len(suffix)]
                noun = None if light else _alef_ta_noun(rest)
                if noun is not None:
                    return noun  # حياتهم → حيا
                if (
                    len(rest) >= MIN_PRONOUN_STEM
                    or (rest.endswith("ت") and len(rest) > MIN_FEMININE_STEM)
                    or (suffix in SHORT_STEM_PLURAL_PRONOUNS and len(rest) == MIN_SHORT_PRONOUN_STEM
                        and not rest.endswith("ا"))
                ):
                    word = _without_feminine_ta(rest)
                break
        for suffix in SUFFIXES:
            least = MIN_SOUND_PLURAL_STEM if suffix in SOUND_PLURAL_SUFFIXES else MIN_STEM
            if word.endswith(suffix) and len(word) - len(suffix) >= least:
                word = word[: -len(suffix)]
                noun = _alef_ta_noun(word) if not light and suffix in POSSESSIVE_SUFFIXES else None
                if noun is not None:
                    return noun  # حياتها, بحياته → حيا
                if suffix in FEMININE_TA_BEFORE:
                    word = _without_feminine_ta(word)
                if not light and suffix in ("ه", "ها") and word.endswith("ا") and len(word) - 1 >= MIN_FEMININE_STEM:
                    word = word[:-1]  # مباراة → مبار, as مباراته → مبارات and مباريات → مبار
        return word


def _alef_ta_noun(word: str) -> str | None:
    """The stem of a noun of ALEF_TA_NOUNS whose ة is written ت before a pronoun (حيات of حياتها → حيا), with a
    glued preposition read off (بحيات → حيا: the table says what the word is); else None."""
    if not word.endswith("ات"):
        return None
    for proclitic in ("", *PROCLITICS):
        if word.startswith(proclitic) and word[len(proclitic) : -1] + "ه" in ALEF_TA_NOUNS:
            return word[len(proclitic) : -2] + "ا"
    return None


def _without_feminine_ta(word: str) -> str:
    """Drop a ت that is the feminine ending (ة before a suffix); keep a radical or plural one."""
    if (
        word.endswith("ت")
        and len(word) - 1 >= MIN_FEMININE_STEM
        and not word.endswith(NOT_FEMININE_TA_ENDINGS)
        and word not in RADICAL_TA_WORDS
        and not (word.endswith("يت") and len(word) - 2 < MIN_FEMININE_STEM)  # بيت, ميت, كويت
    ):
        return word[:-1]
    return word


default_stemmer = Stemmer(protected=load_word_list("protected_names.txt"))


def stem(word: str) -> str:
    """Stem one normalised word with the shared default stemmer (see ``protect_names``)."""
    return default_stemmer.stem(word)


def protect_names(names: Iterable[str]) -> None:
    """Register names (any spelling) that the default stemmer must leave whole."""
    default_stemmer.protect(names)
