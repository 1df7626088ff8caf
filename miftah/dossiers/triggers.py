"""Propose new dossier entities from an article for an editor to confirm.

Arabic has no capital letters, so a name is found by what stands before it: a title
(الرئيس، وزير الخارجية، الأمين العام لـ…) announces a person, a head noun in construct
(حزب، حركة، كتائب، وزارة …) announces an organisation, and مدينة/محافظة/مخيم … a place.
What follows the trigger is read token by token from the normalised text:

* after a title, nationality and other adjectives (الأمريكي، السابق) are skipped, and so is the
  body a title belongs to (الأمين العام *للأمم المتحدة*، المتحدث باسم *الخارجية الأمريكية*);
* the name is 1–3 tokens; its first token does not carry the article, later ones may (بشار
  الأسد، نصر الله); it stops at punctuation, a stop word, a reporting verb (قال، أكد، إن …),
  a digit or another trigger (the words are ``miftah.arabic.lexicon.NAME_STOP_WORDS``, the clitics
  peeled off a trigger its ``PROCLITICS``);
* an organisation's name keeps its head (حزب الله); a place's does not (مدينة الباب → الباب);
* names the knowledge base already knows (``EntityMatcher``) are skipped.

Suggestions are aggregated by normalised name, with the number of occurrences, and ordered by
that count: they are candidates, never facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from miftah.arabic.lexicon import ARTICLE, CONJUNCTIONS, NAME_STOP_WORDS, PROCLITICS
from miftah.arabic.normalize import normalize
from miftah.dossiers.matching import EntityMatcher, _analyse, _token_span

__all__ = ["Suggestion", "suggest_entities", "PERSON_TITLES", "ORGANISATION_HEADS", "PLACE_HEADS"]

# Titles written in normalised form (ة → ه, أ/إ → ا). Longest first is handled by the matcher.
PERSON_TITLES = (
    "الرئيس", "رئيس الوزراء", "رئيس الحكومه", "رئيس الجمهوريه", "رئيس البرلمان",
    "رئيس مجلس الوزراء", "رئيس مجلس النواب", "رئيس مجلس الشيوخ", "رئيس الاركان", "نائب الرئيس",
    "وزير الخارجيه", "وزير الدفاع", "وزير الداخليه", "وزير الماليه", "وزير الاقتصاد", "وزير النفط",
    "وزير الطاقه", "وزير العدل", "وزير الاعلام", "وزير الصحه", "وزير التجاره", "وزير الخزانه",
    "وزيره الخارجيه", "وزيره الدفاع", "الزعيم", "زعيم", "القائد", "قائد", "الامين العام",
    "المتحدث باسم", "المتحدثه باسم", "الناطق باسم", "الناطق الرسمي باسم", "المتحدث الرسمي باسم",
    "الملك", "العاهل", "الامير", "ولي العهد", "السلطان", "المرشد", "المبعوث", "المبعوث الخاص",
    "السفير", "الجنرال", "المستشار", "رئيسه الوزراء", "الرئيسه",
)
# A head noun in construct: the organisation's name follows it (حزب الله، حركة النهضة).
ORGANISATION_HEADS = (
    "حزب", "حركه", "كتائب", "جيش", "ميليشيا", "ميليشيات", "مليشيا", "منظمه", "وزاره", "شركه",
    "جبهه", "تحالف", "تيار", "مجلس", "جماعه", "هيئه", "سرايا",
)
PLACE_HEADS = ("مدينه", "بلده", "قريه", "محافظه", "مخيم", "ولايه", "اقليم")

# Titles ending in one of these are followed by the body they belong to, then the name.
_BODY_INTRODUCERS = ("باسم",)
# Adjectives and common nouns that follow a trigger without being a name (بلدة *صغيرة*): data/not_actors.txt.
NOT_ACTORS = frozenset(
    normalize(line.strip())
    for line in (Path(__file__).parent / "data" / "not_actors.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
_TITLE_FIRST_WORDS = frozenset(title.split(" ")[0] for title in PERSON_TITLES) | frozenset(
    ORGANISATION_HEADS
) | frozenset(PLACE_HEADS) | frozenset({"وزير", "رئيس", "نائب", "الوزير", "مستشار"})

MAX_NAME_TOKENS = 3
MAX_SKIPPED_ADJECTIVES = 3
MAX_BODY_TOKENS = 4


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A proposed entity: its first occurrence (offsets in the original text) and a count."""

    name: str
    type: str
    trigger: str
    start: int
    end: int
    count: int
    trigger_text: str = ""  # the trigger as the article writes it (بلدة, not the normalised بلده)


def _strip_clitic(token: str, vocabulary) -> tuple[str, int]:
    """(word, clitic length) if ``token`` is a vocabulary word, possibly with a proclitic."""
    if token in vocabulary:
        return token, 0
    for clitic in PROCLITICS:
        if token.startswith(clitic):
            rest = token[len(clitic):]
            if rest in vocabulary:
                return rest, len(clitic)
            # ل before the article merges: للرئيس = ل + الرئيس
            if clitic.endswith("ل") and ARTICLE + rest[1:] in vocabulary and rest.startswith("ل"):
                return ARTICLE + rest[1:], len(clitic) + 1
    return "", 0


def _is_word(token: str) -> bool:
    return len(token) >= 2 and token.isalpha()


def _is_stop(token: str) -> bool:
    if token in NAME_STOP_WORDS or token in _TITLE_FIRST_WORDS:
        return True
    # وقال، وأكد، فإن: a conjunction before a stop word or a title
    return token[:1] in CONJUNCTIONS and (token[1:] in NAME_STOP_WORDS or token[1:] in _TITLE_FIRST_WORDS)


class _TitleTable:
    """Multi-word trigger phrases keyed by their first word, longest first."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(phrase.split(" "))
            self.by_first.setdefault(words[0], []).append(words)
        for options in self.by_first.values():
            options.sort(key=len, reverse=True)

    def match(self, tokens: list[str], index: int) -> tuple[tuple[str, ...], int] | None:
        first, clitic_length = _strip_clitic(tokens[index], self.by_first)
        if not first:
            return None
        for words in self.by_first[first]:
            if tuple(tokens[index + 1 : index + len(words)]) == words[1:]:
                return words, clitic_length
        return None


_PERSON_TABLE = _TitleTable(PERSON_TITLES)
_HEAD_TYPES = {**{head: "organisation" for head in ORGANISATION_HEADS}, **{head: "place" for head in PLACE_HEADS}}


def _read_name(tokens: list[str], index: int, *, allow_article_first: bool, end_at_article: bool) -> int:
    """Return the end index (exclusive) of a name starting at ``index``; ``index`` if none.

    With ``end_at_article`` a word with the article closes the name (حيدر العبادي | وفدا):
    personal and place names rarely go on after one, organisation names often do.
    """
    end = index
    while end < len(tokens) and end - index < MAX_NAME_TOKENS:
        token = tokens[end]
        if not _is_word(token) or _is_stop(token):
            break
        if end == index and ((token.startswith(ARTICLE) and not allow_article_first) or token in NOT_ACTORS):
            break
        end += 1
        if end_at_article and token.startswith(ARTICLE):
            break
    return end


def _skip_body(tokens: list[str], index: int) -> int:
    """Skip the body a title belongs to: لحزب الله، للأمم المتحدة، باسم الخارجية الأمريكية."""
    end = index + 1
    while end < len(tokens) and end - index < MAX_BODY_TOKENS and tokens[end].startswith(ARTICLE) and not _is_stop(tokens[end]):
        end += 1
    return end


def _person_after(tokens: list[str], index: int, title: tuple[str, ...]) -> tuple[int, int]:
    position = index
    if position < len(tokens) and _strip_clitic(tokens[position], _HEAD_TYPES)[0]:
        position = _skip_body(tokens, position)
    elif title[-1] in _BODY_INTRODUCERS or (position < len(tokens) and tokens[position][:1] == "ل"
                                          and title[-1] in ("العام", "زعيم", "قائد", "رئيس")):
        if position < len(tokens) and _is_word(tokens[position]):
            position = _skip_body(tokens, position)
    skipped = 0
    while (
        position < len(tokens)
        and skipped < MAX_SKIPPED_ADJECTIVES
        and tokens[position].startswith(ARTICLE)
        and _is_word(tokens[position])
        and not _is_stop(tokens[position])
    ):
        position += 1
        skipped += 1
    return position, _read_name(tokens, position, allow_article_first=False, end_at_article=True)


def suggest_entities(text: str, known: EntityMatcher | None = None) -> list[Suggestion]:
    """Propose people, organisations and places named in ``text`` that ``known`` lacks."""
    if not text:
        return []
    analysed = _analyse(text)
    tokens = analysed.tokens
    known_spans = [(m.start, m.end) for m in known.find(text, include_ambiguous=True)] if known else []

    found: dict[tuple[str, str], list] = {}

    def propose(kind: str, trigger: str, first: int, end: int, clitic_length: int = 0, trigger_span=None) -> None:
        start, stop = _token_span(text, analysed, first, end, clitic_length)
        if any(start < known_end and known_start < stop for known_start, known_end in known_spans):
            return
        key_tokens = list(tokens[first:end])
        key_tokens[0] = key_tokens[0][clitic_length:]
        key = " ".join(key_tokens)
        if known is not None and known.lookup(key):
            return
        entry = found.get((key, kind))
        if entry is None:
            trigger_text = text[slice(*_token_span(text, analysed, *trigger_span))] if trigger_span else trigger
            found[(key, kind)] = [text[start:stop], kind, trigger, start, stop, 1, trigger_text]
        else:
            entry[5] += 1

    index = 0
    while index < len(tokens):
        title = _PERSON_TABLE.match(tokens, index)
        if title is not None:
            words, title_clitic = title
            after = index + len(words)
            name_start, name_end = _person_after(tokens, after, words)
            if name_end > name_start:
                propose("person", " ".join(words), name_start, name_end, trigger_span=(index, after, title_clitic))
                index = name_end
                continue
            index = after
            continue
        head, clitic_length = _strip_clitic(tokens[index], _HEAD_TYPES)
        if head:
            name_end = _read_name(
                tokens, index + 1, allow_article_first=True, end_at_article=_HEAD_TYPES[head] == "place"
            )
            if name_end > index + 1:
                trigger_span = (index, index + 1, clitic_length)
                if _HEAD_TYPES[head] == "place":  # مدينة الباب: the name is الباب
                    propose("place", head, index + 1, name_end, trigger_span=trigger_span)
                else:
                    propose("organisation", head, index, name_end, clitic_length, trigger_span=trigger_span)
                index = name_end
                continue
        index += 1

    suggestions = [Suggestion(*entry) for entry in found.values()]
    suggestions.sort(key=lambda s: (-s.count, s.start))
    return suggestions
