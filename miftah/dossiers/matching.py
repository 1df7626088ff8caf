"""Find the people, organisations and places of the dossiers knowledge base in Arabic text.

A gazetteer matcher, not a statistical tagger (no Arabic NER model works offline here; see
``docs/arabic-notes.md``). Every alias of every entity is normalised with
``miftah.arabic.normalize`` (hamza/alef, ya, ta marbuta folding; harakat and tatweel removed) and
expanded with the proclitics that can attach to a name; all the expansions go into ONE
Aho–Corasick automaton. The text is normalised chunk by chunk, split into word and punctuation
tokens, joined with single spaces, and scanned once. Keys are written `` <clitic><alias> `` with a
space on each side, so a hit is always a run of whole tokens: no hit inside a word.

Rules, each one a table below:

* proclitics: و ف ب ل ك and their stacks (وب ول فب …) may precede a name; before a name that
  starts with ال the preposition ل merges with the article (للعراق, وللعراق). The reported
  span excludes the clitic (for لل the whole لل, as ل + ال with the alef elided);
* an alias written ``(ال)ناتو`` matches with and without the article; otherwise the article is
  part of the name as written (العراق does not match عراق, مالي does not match المالي);
* the longest match wins, then the leftmost: المقاومة الإسلامية في العراق, not العراق;
* an alias that is also a common word (``?`` after it in the alias list, or the canonical name
  of an entity flagged ``ambiguous``, or one spelling shared by two entities such as عمان) is
  reported only with supporting evidence. An entity that has context words needs one of them
  somewhere in the text (for مالي a nearby country is weak evidence: "دعم مالي للسعودية");
  an entity without context words needs an unambiguous mention of a related type within
  ``context_window`` tokens. Unsupported ones are returned only by
  ``find(text, include_ambiguous=True)``, flagged ``ambiguous=True``.

Offsets are into the original text: ``text[m.start:m.end] == m.surface``.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import ahocorasick

from miftah.arabic.lexicon import ARTICLE, LAM_ARTICLE, PROCLITICS, PROCLITICS_BEFORE_ARTICLE
from miftah.arabic.normalize import normalize, normalize_with_offsets

__all__ = [
    "ENTITY_TYPES",
    "STARTER_ENTITIES_CSV",
    "Entity",
    "EntityMatcher",
    "Mention",
    "alias_forms",
    "load_entities",
    "parse_aliases",
]

ENTITY_TYPES = ("person", "organisation", "place")

STARTER_ENTITIES_CSV = Path(__file__).resolve().parent / "data" / "starter_entities.csv"

OPTIONAL_ARTICLE_MARK = "(ال)"
AMBIGUOUS_ALIAS_MARK = "?"

# A name stands bare or after one of the lexicon's proclitics (miftah.arabic.lexicon): a name that begins with
# the article takes the conjunctions, ب and ك as they are, and ل only in the merged form لل (LAM_ARTICLE).
NAME_PROCLITICS = ("", *PROCLITICS)
NAME_PROCLITICS_BEFORE_ARTICLE = ("", *PROCLITICS_BEFORE_ARTICLE)
# Short names collide with common words once clitics are peeled off (قم → لقم "morsels"),
# so they only take a single conjunction or preposition.
SHORT_NAME_LENGTH = 3
PROCLITICS_FOR_SHORT_NAMES = ("", "و", "ب", "ل")

# Which unambiguous neighbours make an ambiguous name plausible.
RELATED_TYPES = {
    "place": frozenset({"place"}),
    "person": frozenset({"person", "organisation"}),
    "organisation": frozenset({"organisation", "person"}),
}

_CHUNK = re.compile(r"\S+")
_TOKEN = re.compile(r"\w+|[^\w\s]")

_ALIAS_KIND = 0
_CONTEXT_KIND = 1


@dataclass(frozen=True, slots=True)
class Entity:
    """One knowledge-base entry. ``aliases`` may use the ``(ال)`` prefix and ``?`` suffix."""

    id: Hashable
    canonical: str
    type: str
    aliases: tuple[str, ...] = ()
    ambiguous: bool = False
    context: tuple[str, ...] = ()
    english: str = ""
    wikidata: str = ""

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"entity type must be one of {ENTITY_TYPES}, not {self.type!r}")


@dataclass(frozen=True, slots=True)
class Mention:
    """An occurrence of an entity; ``start``/``end`` index the original text."""

    entity_id: Hashable
    canonical: str
    type: str
    surface: str
    start: int
    end: int
    ambiguous: bool = False


def parse_aliases(field_value: str) -> tuple[str, ...]:
    """Split a ``|``-separated alias field, dropping blanks and duplicates, keeping order."""
    seen: dict[str, None] = {}
    for alias in field_value.split("|"):
        alias = alias.strip()
        if alias:
            seen.setdefault(alias, None)
    return tuple(seen)


def _tokens_of_normalised(text: str) -> list[str]:
    return _TOKEN.findall(text)


def alias_forms(alias: str) -> tuple[list[str], bool]:
    """Return the normalised spellings of an alias (as space-joined tokens) and its ambiguity.

    ``(ال)ناتو`` gives ``["الناتو", "ناتو"]``; a trailing ``?`` marks the alias ambiguous.
    """
    alias = alias.strip()
    ambiguous = alias.endswith(AMBIGUOUS_ALIAS_MARK) or alias.endswith("؟")
    if ambiguous:
        alias = alias[:-1].rstrip()
    spellings = [alias]
    if alias.startswith(OPTIONAL_ARTICLE_MARK):
        bare = alias[len(OPTIONAL_ARTICLE_MARK):].strip()
        spellings = [ARTICLE + bare, bare]
    forms = []
    for spelling in spellings:
        tokens = _tokens_of_normalised(normalize(spelling))
        if tokens:
            forms.append(" ".join(tokens))
    return forms, ambiguous


def _clitic_variants(form: str) -> list[tuple[str, int]]:
    """(text as it appears after the clitics, clitic length in characters) for one form."""
    first_token = form.split(" ", 1)[0]
    if " " not in form and len(form) <= SHORT_NAME_LENGTH:
        return [(clitic + form, len(clitic)) for clitic in PROCLITICS_FOR_SHORT_NAMES]
    if first_token.startswith(ARTICLE) and len(first_token) > len(ARTICLE) + 1:
        variants = [(clitic + form, len(clitic)) for clitic in NAME_PROCLITICS_BEFORE_ARTICLE]
        without_article = form[len(ARTICLE):]
        variants += [(merged + without_article, len(merged)) for merged in LAM_ARTICLE]
        return variants
    return [(clitic + form, len(clitic)) for clitic in NAME_PROCLITICS]


@lru_cache(maxsize=1 << 16)
def _chunk_tokens(chunk: str) -> tuple[tuple[str, int, int], ...]:
    normalised = normalize(chunk)
    return tuple((m.group(), m.start(), m.end()) for m in _TOKEN.finditer(normalised))


@lru_cache(maxsize=1 << 14)
def _chunk_offsets(chunk: str) -> list[int]:
    return normalize_with_offsets(chunk)[1]


def _original_span(chunk: str, normalised_start: int, normalised_end: int) -> tuple[int, int]:
    """Map a span of the normalised chunk back onto the chunk (relative offsets)."""
    offsets = _chunk_offsets(chunk)
    start = offsets[normalised_start]
    last = offsets[normalised_end - 1]
    # A ligature or an NFKC expansion gives several output characters one source character:
    # the span ends where the next source character begins, taking trailing marks with it.
    index = normalised_end
    while index < len(offsets) - 1 and offsets[index] <= last:
        index += 1
    end = max(offsets[index], last + 1)
    # Invisible controls (RLM, ZWJ, BOM) after the last letter are not part of the name.
    while end - 1 > start and unicodedata.category(chunk[end - 1]) == "Cf":
        end -= 1
    return start, end


@dataclass(slots=True)
class _Analysed:
    tokens: list[str]
    token_chunk: list[int]
    chunk_first_token: list[int]
    chunk_spans: list[tuple[int, int]]
    joined: str
    token_positions: list[int] = field(default_factory=list)


def _analyse(text: str) -> _Analysed:
    tokens: list[str] = []
    token_chunk: list[int] = []
    chunk_first_token: list[int] = []
    chunk_spans: list[tuple[int, int]] = []
    for chunk_index, match in enumerate(_CHUNK.finditer(text)):
        chunk_tokens = _chunk_tokens(match.group())
        chunk_first_token.append(len(tokens))
        chunk_spans.append(match.span())
        tokens.extend([token[0] for token in chunk_tokens])
        token_chunk.extend([chunk_index] * len(chunk_tokens))
    joined = " " + " ".join(tokens) + " "
    # Position in ``joined`` of the first character of each token.
    positions = list(accumulate(map((1).__add__, map(len, tokens)), initial=1))
    return _Analysed(tokens, token_chunk, chunk_first_token, chunk_spans, joined, positions)


def _token_span(text: str, analysed: _Analysed, first_token: int, end_token: int, clitic_length: int = 0) -> tuple[int, int]:
    """Original-text offsets of tokens ``[first_token, end_token)``, minus a leading clitic."""
    first_chunk = analysed.token_chunk[first_token]
    last_chunk = analysed.token_chunk[end_token - 1]
    first_chunk_start, first_chunk_end = analysed.chunk_spans[first_chunk]
    last_chunk_start, last_chunk_end = analysed.chunk_spans[last_chunk]
    first_chunk_text = text[first_chunk_start:first_chunk_end]
    last_chunk_text = text[last_chunk_start:last_chunk_end]
    first_local = _chunk_tokens(first_chunk_text)[first_token - analysed.chunk_first_token[first_chunk]]
    last_local = _chunk_tokens(last_chunk_text)[end_token - 1 - analysed.chunk_first_token[last_chunk]]
    start_in_chunk, _ = _original_span(first_chunk_text, first_local[1] + clitic_length, first_local[2])
    _, end_in_chunk = _original_span(last_chunk_text, last_local[1], last_local[2])
    return first_chunk_start + start_in_chunk, last_chunk_start + end_in_chunk


@dataclass(slots=True)
class _Candidate:
    first_token: int
    end_token: int  # exclusive
    clitic_length: int
    key_length: int
    entity_indexes: tuple[int, ...]
    ambiguous: bool


class EntityMatcher:
    """Matches a fixed list of entities; build once, call ``find`` many times (thread-safe)."""

    def __init__(
        self,
        entities: Iterable[Entity],
        *,
        context_words: Mapping[Hashable, Iterable[str]] | None = None,
        context_window: int = 15,
    ) -> None:
        self.entities: tuple[Entity, ...] = tuple(entities)
        self.context_window = context_window
        extra_context = context_words or {}
        self._context_by_entity: list[tuple[str, ...]] = [
            tuple(entity.context) + tuple(extra_context.get(entity.id, ())) for entity in self.entities
        ]
        self._forms_by_entity: list[list[tuple[str, bool]]] = []
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        self._build()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        entities_by_form: dict[str, set[int]] = {}
        for index, entity in enumerate(self.entities):
            forms: dict[str, bool] = {}
            canonical_forms, canonical_marked = alias_forms(entity.canonical)
            for form in canonical_forms:
                forms[form] = entity.ambiguous or canonical_marked
            for alias in entity.aliases:
                alias_spellings, marked = alias_forms(alias)
                for form in alias_spellings:
                    # A spelling listed twice is ambiguous only if every listing says so.
                    forms[form] = forms.get(form, True) and marked
            self._forms_by_entity.append(list(forms.items()))
            for form in forms:
                entities_by_form.setdefault(form, set()).add(index)

        payloads: dict[str, list[tuple]] = {}
        for index, forms in enumerate(self._forms_by_entity):
            for form, ambiguous in forms:
                shared = len(entities_by_form[form]) > 1
                n_tokens = form.count(" ") + 1
                for written, clitic_length in _clitic_variants(form):
                    key = f" {written} "
                    payloads.setdefault(key, []).append(
                        (_ALIAS_KIND, index, clitic_length, n_tokens, len(key), ambiguous or shared)
                    )
        for index, words in enumerate(self._context_by_entity):
            for word in words:
                for form in alias_forms(word)[0]:
                    for written, clitic_length in _clitic_variants(form):
                        key = f" {written} "
                        payloads.setdefault(key, []).append(
                            (_CONTEXT_KIND, index, clitic_length, form.count(" ") + 1, len(key), False)
                        )
        for key, values in payloads.items():
            self._automaton.add_word(key, tuple(values))
        self._empty = not payloads
        if not self._empty:
            self._automaton.make_automaton()

    # -- matching ---------------------------------------------------------------------------

    def find(self, text: str, *, include_ambiguous: bool = False) -> list[Mention]:
        """Return the mentions in ``text`` ordered by position.

        Ambiguous names without support are left out unless ``include_ambiguous`` is true, in
        which case they are returned too, with ``ambiguous=True`` (one per candidate entity
        when a spelling is shared).
        """
        if self._empty or not text:
            return []
        analysed = _analyse(text)
        candidates, context_hits = self._scan(analysed)
        chosen = self._longest_non_overlapping(candidates, len(analysed.tokens))

        mentions: list[Mention] = []
        confirmed: list[tuple[int, str]] = []  # (first token, type) of unambiguous mentions
        pending: list[_Candidate] = []
        for candidate in chosen:
            if candidate.ambiguous:
                pending.append(candidate)
                continue
            entity = self.entities[candidate.entity_indexes[0]]
            confirmed.append((candidate.first_token, entity.type))
            mentions.append(self._mention(text, analysed, candidate, entity, ambiguous=False))

        confirmed.sort()
        confirmed_tokens = [token for token, _ in confirmed]
        for candidate in pending:
            supported = self._supported_entity(candidate, context_hits, confirmed, confirmed_tokens)
            if supported is not None:
                mentions.append(self._mention(text, analysed, candidate, self.entities[supported], ambiguous=False))
            elif include_ambiguous:
                for index in candidate.entity_indexes:
                    mentions.append(self._mention(text, analysed, candidate, self.entities[index], ambiguous=True))
        mentions.sort(key=lambda mention: (mention.start, mention.end))
        return mentions

    def _scan(self, analysed: _Analysed) -> tuple[list[_Candidate], set[int]]:
        positions = analysed.token_positions
        by_span: dict[tuple[int, int, int], _Candidate] = {}
        context_hits: set[int] = set()
        for end_index, payload in self._automaton.iter(analysed.joined):
            for kind, index, clitic_length, n_tokens, key_length, ambiguous in payload:
                if kind == _CONTEXT_KIND:
                    context_hits.add(index)
                    continue
                first_token = bisect_right(positions, end_index - key_length + 2) - 1
                span = (first_token, clitic_length, n_tokens)
                existing = by_span.get(span)
                if existing is None:
                    by_span[span] = _Candidate(
                        first_token, first_token + n_tokens, clitic_length, key_length, (index,), ambiguous
                    )
                elif index not in existing.entity_indexes:
                    existing.entity_indexes += (index,)
                    existing.ambiguous = existing.ambiguous or ambiguous
                else:
                    existing.ambiguous = existing.ambiguous and ambiguous
        return list(by_span.values()), context_hits

    @staticmethod
    def _longest_non_overlapping(candidates: list[_Candidate], n_tokens: int) -> list[_Candidate]:
        candidates.sort(
            key=lambda c: (-(c.end_token - c.first_token), -(c.key_length - c.clitic_length), c.first_token)
        )
        taken = bytearray(n_tokens)
        chosen = []
        for candidate in candidates:
            if any(taken[candidate.first_token : candidate.end_token]):
                continue
            taken[candidate.first_token : candidate.end_token] = b"\x01" * (candidate.end_token - candidate.first_token)
            chosen.append(candidate)
        return chosen

    def _supported_entity(
        self,
        candidate: _Candidate,
        context_hits: set[int],
        confirmed: list[tuple[int, str]],
        confirmed_tokens: list[int],
    ) -> int | None:
        low = bisect_right(confirmed_tokens, candidate.first_token - self.context_window - 1)
        high = bisect_right(confirmed_tokens, candidate.end_token + self.context_window)
        nearby_types = {entity_type for _, entity_type in confirmed[low:high]}
        for index in candidate.entity_indexes:
            if self._context_by_entity[index]:
                if index in context_hits:
                    return index
            elif nearby_types & RELATED_TYPES[self.entities[index].type]:
                # A shared spelling (عمان) cannot be settled by a neighbour alone.
                if len(candidate.entity_indexes) == 1:
                    return index
        return None

    def _mention(
        self, text: str, analysed: _Analysed, candidate: _Candidate, entity: Entity, *, ambiguous: bool
    ) -> Mention:
        start, end = _token_span(text, analysed, candidate.first_token, candidate.end_token, candidate.clitic_length)
        return Mention(entity.id, entity.canonical, entity.type, text[start:end], start, end, ambiguous)

    # -- helpers for other modules ----------------------------------------------------------

    def lookup(self, name: str) -> list[Entity]:
        """Entities with an alias spelled like ``name`` after normalisation (no clitics)."""
        forms, _ = alias_forms(name)
        wanted = set(forms)
        return [
            entity
            for entity, entity_forms in zip(self.entities, self._forms_by_entity)
            if wanted.intersection(form for form, _ in entity_forms)
        ]

    def protected_names(self) -> set[str]:
        """Normalised name tokens a stemmer should leave alone (after stripping one clitic).

        Every single-word alias, with and without its article, and every word of a multi-word
        person's name; not the words of multi-word organisation and place names (حزب, مجلس,
        البحر, الأبيض are ordinary words that must stem) and not ambiguous aliases (مالي is
        also "financial").
        """
        protected: set[str] = set()
        for entity, forms in zip(self.entities, self._forms_by_entity):
            for form, ambiguous in forms:
                if ambiguous:
                    continue
                words = form.split(" ")
                if len(words) > 1 and entity.type != "person":
                    continue
                for word in words:
                    if len(word) < 3 or not word.isalpha():
                        continue
                    protected.add(word)
                    if word.startswith(ARTICLE) and len(word) > len(ARTICLE) + 2:
                        protected.add(word[len(ARTICLE):])
        return protected

    def __len__(self) -> int:
        return len(self.entities)


def load_entities(path: str | Path = STARTER_ENTITIES_CSV) -> list[Entity]:
    """Read a knowledge-base CSV (columns as in ``data/starter_entities.csv``).

    The entity id is the canonical name, which is unique within a file.
    """
    entities = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            canonical = row["canonical"].strip()
            entities.append(
                Entity(
                    id=canonical,
                    canonical=canonical,
                    type=row["type"].strip(),
                    aliases=parse_aliases(row.get("aliases") or ""),
                    ambiguous=(row.get("ambiguous") or "0").strip().lower() in {"1", "true", "yes"},
                    context=parse_aliases(row.get("context") or ""),
                    english=(row.get("english") or "").strip(),
                    wikidata=(row.get("wikidata") or "").strip(),
                )
            )
    return entities
