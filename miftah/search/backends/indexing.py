"""Value preparation shared by the SQLite and PostgreSQL indexers: every field's value is read once and analysed.

The stock indexers evaluate every search field three times (title, body, autocomplete), which for related
fields means three rounds of queries per object; here each field is read once per object.

Two ways for a bulk loader to spare the indexer work, both per search field:

* ``obj.search_values = {field name: raw text}``: texts it already holds (nothing read back from the database);
* ``obj.search_analysed = analyse_values(Model, {field name: raw text})``: texts already *analysed*, e.g. in another
  process (the WordPress import's conversion process). The result is exactly what indexing the object the normal
  way gives for those fields; fields missing from it are read and analysed as usual.

A StreamField's searchable content computed from its raw JSON data is ``miftah.news.text.stream_searchable_content``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from django.db.models import Manager
from django.utils.encoding import force_str
from modelsearch.index import AutocompleteField, RelatedFields, SearchField

from miftah.search.editions import language_of
from miftah.search.text import autocomplete_text, index_text


class _BulkLoad:
    """Title-norm bookkeeping of one ``title_norms_deferred`` block."""

    def __init__(self):
        self.refresh: dict[type, Any] = {}              # index class -> an index to refresh on leaving
        self.lengths: dict[type, list[int] | None] = {}  # index class -> [sum, count] of title lengths


_bulk_load: ContextVar[_BulkLoad | None] = ContextVar("title_norms_deferred", default=None)


@contextmanager
def title_norms_deferred():
    """Bulk loading: no scan of the whole index per ``add_items`` for title norms.

    The stock indexers recompute the average title length over the whole index after every ``add_items`` and
    write it into the new entries: a load that adds a few hundred objects at a time scans the index once per
    batch, its cost growing with the index (quadratic over the load). Inside this block, PostgreSQL's norms are
    computed once on leaving (from the final average, as reindexing would give them); SQLite's are written with
    the rows, from the average kept up to date here, the very values the stock per-batch refresh gives (updating
    the rows afterwards would make SQLite rewrite each row's full-text entry). Nothing is done on leaving if the
    block raises (its transaction is rolled back).
    """
    load = _BulkLoad()
    token = _bulk_load.set(load)
    try:
        yield
    finally:
        _bulk_load.reset(token)
    for index in load.refresh.values():
        index._refresh_title_norms()


def refresh_title_norms(index) -> None:
    """What ``add_items`` ends with: the title norms of new entries, now or when ``title_norms_deferred`` ends."""
    load = _bulk_load.get()
    if load is None:
        index._refresh_title_norms()
    else:
        load.refresh.setdefault(type(index), index)


def title_norms_with_rows(index, titles: list[str], *, others_changed: bool) -> list[float] | None:
    """Inside ``title_norms_deferred``, the norms of new entries with these analysed ``titles``, as the stock
    refresh after inserting them computes them (the index's average title length over its length); else None.

    ``others_changed``: existing entries were rewritten just before, so the running sums are read again."""
    load = _bulk_load.get()
    if load is None:
        return None
    sums = load.lengths.get(type(index))
    if sums is None or others_changed:
        from django.db.models import Count, Sum
        from django.db.models.functions import Length

        totals = index.entries.annotate(title_length=Length("title")).filter(title_length__gt=0).aggregate(
            total=Sum("title_length"), count=Count("pk"))
        sums = load.lengths[type(index)] = [totals["total"] or 0, totals["count"]]
    lengths = [len(title) for title in titles]
    sums[0] += sum(lengths)
    sums[1] += sum(1 for length in lengths if length)
    if not sums[1]:
        return [1.0] * len(titles)
    average = sums[0] / sums[1]
    return [average / length if length else 1.0 for length in lengths]


def plain_value(value):
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)):
        return " ".join(plain_value(item) for item in value)
    if isinstance(value, dict):
        return " ".join(plain_value(item) for item in value.values())
    return force_str(value)


def field_values(obj, fields):
    """Yield (field, raw text) for every SearchField/AutocompleteField of obj, following RelatedFields.

    A bulk loader that already holds the texts can put them in ``obj.search_values`` ({field name: text}) so
    nothing is read back from the database.
    """
    known = getattr(obj, "search_values", None) or {}
    for field in fields:
        if field.field_name in known:
            if isinstance(field, RelatedFields):
                for sub_field in field.fields:
                    yield sub_field, plain_value(known[field.field_name])
            else:
                yield field, plain_value(known[field.field_name])
        elif isinstance(field, (SearchField, AutocompleteField)):
            yield field, plain_value(field.get_value(obj))
        elif isinstance(field, RelatedFields):
            sub_obj = field.get_value(obj)
            if sub_obj is None:
                continue
            if isinstance(sub_obj, Manager):
                sub_objs = sub_obj.all()
            else:
                sub_objs = [sub_obj() if callable(sub_obj) else sub_obj]
            for item in sub_objs:
                yield from field_values(item, field.fields)


class Part(NamedTuple):
    """One analysed text of an object: where it goes (title, body, autocomplete) and its boost."""

    autocomplete: bool
    title: bool
    boost: float
    text: str


def _part(field, raw: str, language: str | None = None) -> Part | None:
    if not raw.strip():
        return None
    if isinstance(field, AutocompleteField):
        return Part(True, False, 1.0, autocomplete_text(raw, language))
    return Part(False, field.field_name == "title", field.boost, index_text(raw, language))


def _key(field) -> tuple[str, str]:
    # A field name alone is ambiguous: title is both a SearchField and an AutocompleteField.
    return type(field).__name__, field.field_name


def _indexed(field) -> bool:
    return isinstance(field, (SearchField, AutocompleteField, RelatedFields))


def analysed_parts(obj) -> list[Part]:
    """Every analysed text of obj in search-field order, taking those given in ``obj.search_analysed``.

    Texts are analysed in the language of the object's locale (``miftah.search.editions``)."""
    given = getattr(obj, "search_analysed", None) or {}
    language = language_of(obj)
    parts: list[Part] = []
    for field in obj.get_search_fields():
        if not _indexed(field):
            continue
        known = given.get(_key(field))
        if known is not None:
            parts.extend(known)
            continue
        for sub_field, raw in field_values(obj, [field]):
            part = _part(sub_field, raw, language)
            if part is not None:
                parts.append(part)
    return parts


def analyse_values(model, values: dict[str, Any], language: str | None = None) -> dict[tuple[str, str], list[Part]]:
    """The analysed parts of ``model``'s search fields whose raw values are in ``values``, for ``search_analysed``.

    ``values`` maps a field name to what the indexer would read: a text, a list of texts (joined, as a list of
    objects is), or for a ``RelatedFields`` the list of the related objects' texts, one per object. Needs no
    database, so it can run in a process that has none. ``language``: the objects' edition (default: Arabic).
    """
    analysed: dict[tuple[str, str], list[Part]] = {}
    for field in model.get_search_fields():
        if not _indexed(field) or field.field_name not in values:
            continue
        value = values[field.field_name]
        if isinstance(field, RelatedFields):
            raws = [(sub_field, plain_value(item)) for item in value for sub_field in field.fields]
        else:
            raws = [(field, plain_value(value))]
        analysed[_key(field)] = [part for part in (_part(f, raw, language) for f, raw in raws) if part is not None]
    return analysed


class AnalysedFields:
    """The analysed title, body and autocomplete texts of one object, with the boost of each body part."""

    def __init__(self, obj, *, title_in_body=False):
        self.title_parts, self.body_parts, self.autocomplete_parts = [], [], []
        for part in analysed_parts(obj):
            if part.autocomplete:
                self.autocomplete_parts.append(part.text)
                continue
            if part.title:
                self.title_parts.append((part.text, part.boost))
                if title_in_body:
                    self.body_parts.append((part.text, part.boost))
            else:
                self.body_parts.append((part.text, part.boost))
        self.title = " ".join(text for text, _ in self.title_parts)
        self.body = " ".join(text for text, _ in self.body_parts)
        self.autocomplete = " ".join(self.autocomplete_parts)
