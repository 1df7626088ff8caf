"""Pages written in bulk: the one writer behind the WordPress import, the corpus loader and the scale-test factory.

Creating pages through Wagtail (``add_child``, ``save_revision``, ``publish``) costs dozens of queries a page. A bulk
writer instead writes the rows Wagtail would write, many per statement, and this module is the only one that does:

- :class:`PageWriter` places new pages under existing parents exactly as treebeard and Wagtail do — path = the
  parent's path plus the next free step (:mod:`miftah.news.tree`), depth = the parent's + 1, url_path = the parent's
  url_path + slug + "/", the parent's locale, numchild 0 — gives each a slug no sibling has, inserts the
  ``wagtailcore_page`` rows (ids returned) and the specific rows (``ArticlePage``, ``StandardPage``…), and adds the
  new children to each parent's ``numchild`` (treebeard's ``numchild + 1``, once per parent and batch);
  :meth:`PageWriter.write_revisions` gives each new page its first revision when the caller keeps revisions (the
  WordPress import does; the corpus loader and the factory write live pages without one).
- :func:`matching_section` is the existing section a bulk writer files articles under instead of creating a second
  one with the same slug or title.
- :func:`revision_content` gives what ``page.serializable_data()`` gives for a page just written in bulk (its child
  relations are the ones assigned in memory; nothing is queried); :func:`set_revision_ids` points each page at its
  revision in one ``UPDATE … CASE`` per batch.
- :func:`insert` is ``bulk_create`` (or ``QuerySet._insert``) for the rows written per page — tree rows, articles,
  revisions, links, index entries: the statement is built once per shape, and values whose Python type is already
  what the database takes (a str for a text field, an int for an integer or a foreign key, a bool for a boolean) are
  passed as they are instead of through the field's conversion chain, which cost more than executing the insert.

Every statement of a batch has one of a few fixed shapes (row counts and ``IN`` lists in powers of two, values as
parameters): SQLite keeps each distinct statement compiled in the connection's statement cache (128 by default), and
statements whose text changed with every batch made memory grow with the size of a load.

Nothing here sends Wagtail's signals or indexes for search: callers do what follows a change themselves (the import
and the corpus loader index in bulk and then queue :func:`miftah.news.pipeline.article_changed`).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import F
from django.db.models.fields import Field
from django.utils import timezone
from django.utils.encoding import is_protected_type
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations, get_serializable_data_for_fields
from wagtail.fields import StreamField
from wagtail.models import Page, Revision

from miftah.core.control_characters import strip_model_control_characters

from .tree import encode_step, next_child_number, parent_path

# Top-level URLs served before Wagtail (miftah/urls.py): a page at the root with one of these slugs would be unreachable.
RESERVED_ROOT_SLUGS = frozenset({"admin", "documents", "media", "static", "search", "healthz", "feed", "author", "tag",
                                 "sitemap.xml", "robots.txt", "tips", "newsletters", "live", "qiraa", "readyz"})
PAGE_FIELDS = [field for field in Page._meta.concrete_fields if field.attname != "id"]

_PLAIN, _RELATED, _DATETIME, _STREAM = range(4)


@lru_cache(maxsize=None)
def _plan(model: type[models.Model]) -> tuple[list[tuple[str, str, int, models.Field]], list[str], list[str]]:
    """How each serialised field of ``model`` is read, the names of its child relations and child m2m fields."""
    fields = []
    for field in model._meta.fields:
        if not field.serialize:
            continue
        if field.remote_field is not None:
            kind = _RELATED
        elif isinstance(field, StreamField):
            kind = _STREAM
        elif isinstance(field, models.DateTimeField):
            kind = _DATETIME
        else:
            kind = _PLAIN
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise NotImplementedError(f"{model.__name__}.{field.name}: auto_now fields need pre_save")
        fields.append((field.name, field.attname, kind, field))
    relations = [rel.get_accessor_name() for rel in get_all_child_relations(model)]
    m2m = [field.name for field in get_all_child_m2m_relations(model) if field.serialize]
    return fields, relations, m2m


def _utc(value: dt.datetime) -> dt.datetime:
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return value.astimezone(dt.timezone.utc)


def revision_content(page: Page, children: dict[str, list[models.Model]]) -> dict[str, Any]:
    """``page.serializable_data()`` for a page whose only child rows are ``children`` (relation name -> objects).

    The StreamField body is serialised from its raw data, as Wagtail stores it in revisions (a JSON string).
    """
    fields, relations, m2m = _plan(type(page))
    data: dict[str, Any] = {"pk": page.pk}
    use_tz = settings.USE_TZ
    for name, attname, kind, field in fields:
        if kind == _RELATED:
            data[name] = getattr(page, attname)
            continue
        value = getattr(page, attname)
        if kind == _STREAM:
            raw = value.get_prep_value() if hasattr(value, "get_prep_value") else value
            data[name] = json.dumps(raw, cls=DjangoJSONEncoder)
        elif kind == _DATETIME and value is not None and use_tz:
            data[name] = _utc(value)
        elif is_protected_type(value):
            data[name] = value
        else:
            data[name] = field.value_to_string(page)
    for name in relations:
        data[name] = [child.serializable_data() if hasattr(child, "serializable_data")
                      else get_serializable_data_for_fields(child) for child in children.get(name, ())]
    for name in m2m:
        data[name] = []
    return data


def powers_of_two(items: list, largest: int = 256) -> Iterable[list]:
    """``items`` in consecutive chunks whose sizes are powers of two (at most ``largest``)."""
    start = 0
    while start < len(items):
        size = largest
        while size > len(items) - start:
            size //= 2
        yield items[start:start + size]
        start += size


def padded(values: list) -> list:
    """``values`` repeated at the end up to a power of two (for an ``IN`` list of a fixed shape)."""
    size = 1
    while size < len(values):
        size *= 2
    return values + values[:1] * (size - len(values)) if values else values


def set_revision_ids(rows: Iterable[tuple[int, int]]) -> None:
    """Point pages at their first revision, rows of (page id, revision id); the live revision too if the page is live."""
    quote = connection.ops.quote_name
    for chunk in powers_of_two(list(rows)):
        cases = " ".join(["WHEN %s THEN CAST(%s AS BIGINT)"] * len(chunk))
        pairs = [value for page, revision in chunk for value in (page, revision)]
        ids = [page for page, _revision in chunk]
        sql = (f"UPDATE {quote(Page._meta.db_table)} SET {quote('latest_revision_id')} = CASE {quote('id')} {cases} END, "
               f"{quote('live_revision_id')} = CASE WHEN {quote('live')} THEN CASE {quote('id')} {cases} END END "
               f"WHERE {quote('id')} IN ({', '.join(['%s'] * len(ids))})")
        with connection.cursor() as cursor:
            cursor.execute(sql, pairs + pairs + ids)


_AS_IS: list[tuple[type[models.Field], tuple[type, ...]]] = [
    (models.CharField, (str,)),      # also SlugField, URLField, EmailField
    (models.TextField, (str,)),
    (models.BooleanField, (bool,)),
    (models.IntegerField, (int,)),   # also the small, positive and big ones
    (models.ForeignKey, (int,)),     # to an integer key
]


def _value_reader(field: models.Field):
    """obj -> the value ``bulk_create`` would send for ``field``, the common Python types as they are."""
    attname, prep = field.attname, field.get_db_prep_save
    as_is: tuple[type, ...] = ()
    for field_class, types in _AS_IS:
        if isinstance(field, field_class) and type(field).get_db_prep_save in (Field.get_db_prep_save,
                                                                                models.ForeignKey.get_db_prep_save):
            as_is = types
    if isinstance(field, models.ForeignKey) and not isinstance(field.target_field, (models.AutoField,
                                                                                   models.IntegerField)):
        as_is = ()
    custom_pre_save = type(field).pre_save is not Field.pre_save

    def read(obj: models.Model) -> Any:
        value = field.pre_save(obj, True) if custom_pre_save else getattr(obj, attname)
        if value is None or type(value) in as_is:
            return value
        return prep(value, connection)

    return read


@lru_cache(maxsize=None)
def _readers(model: type[models.Model], fields: tuple[models.Field, ...]) -> list:
    return [_value_reader(field) for field in fields]


@lru_cache(maxsize=256)
def _insert_sql(table: str, columns: tuple[str, ...], rows: int, ignore_conflicts: bool, returning: str) -> str:
    quote = connection.ops.quote_name
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    return (f"INSERT INTO {quote(table)} ({', '.join(quote(column) for column in columns)}) VALUES "
            f"{', '.join([placeholder] * rows)}" + (" ON CONFLICT DO NOTHING" if ignore_conflicts else "")
            + (f" RETURNING {quote(returning)}" if returning else ""))


def insert(model: type[models.Model], objects: list[models.Model], fields: list[models.Field] | None = None, *,
           return_ids: bool = False, ignore_conflicts: bool = False) -> None:
    """Insert ``objects`` (all of ``model``), ``fields`` being its local concrete fields but the automatic key by
    default; with ``return_ids`` the new keys are set on the objects, as ``bulk_create`` does."""
    if not objects:
        return
    fields = tuple(fields if fields is not None else
                   [field for field in model._meta.local_concrete_fields if field is not model._meta.auto_field])
    if any(hasattr(field, "get_placeholder") for field in fields):
        raise NotImplementedError(f"{model.__name__}: a field with its own SQL placeholder")
    readers = _readers(model, fields)
    columns = tuple(field.column for field in fields)
    key = model._meta.pk
    with connection.cursor() as cursor:
        for chunk in powers_of_two(objects):
            params = [read(obj) for obj in chunk for read in readers]
            sql = _insert_sql(model._meta.db_table, columns, len(chunk), ignore_conflicts,
                              key.column if return_ids else "")
            cursor.execute(sql, params)
            if return_ids:
                ids = [row[0] for row in cursor.fetchall()]
                if len(ids) != len(chunk):
                    raise RuntimeError(f"the database returned {len(ids)} ids for {len(chunk)} {model.__name__} rows")
                for obj, value in zip(chunk, ids):
                    setattr(obj, key.attname, value)
            for obj in chunk:
                obj._state.adding = False
                obj._state.db = connection.alias


# ---------------------------------------------------------------- pages


class PageWriter:
    """New pages under existing parents, written in bulk the way Wagtail writes them.

    For each batch: choose slugs with :meth:`unique_slugs`, build the specific pages (``ArticlePage(title=…, slug=…,
    live=…, …)``), :meth:`place` each under its parent, then :meth:`write` them (one model per call). The writer
    remembers each parent's next free path step, read from the database the first time the parent is used: after
    adding a child to a parent any other way (Wagtail's ``add_child``), call :meth:`forget`. Use one writer per
    transaction; a writer kept across transactions could hand out a step another process has taken meanwhile.
    """

    def __init__(self) -> None:
        self._next_step: dict[int, int] = {}   # parent id -> number of its next child's path step

    @staticmethod
    def children(parent: Page):
        return Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)

    def forget(self, parent: Page) -> None:
        """A child was added to ``parent`` outside this writer: read its last child again before the next one."""
        self._next_step.pop(parent.pk, None)

    def next_path(self, parent: Page) -> str:
        number = self._next_step.get(parent.pk)
        if number is None:
            last = self.children(parent).order_by("-path").values_list("path", flat=True).first()
            number = next_child_number(last)
        self._next_step[parent.pk] = number + 1
        return parent.path + encode_step(number)

    def place(self, page: Page, parent: Page) -> Page:
        """Give a new page (slug already chosen) its place as ``parent``'s next child: path, depth, url_path, locale."""
        if page.pk is not None:
            raise ValueError(f"{page!r} is already written")
        page.path = self.next_path(parent)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        if page.locale_id is None:
            page.locale_id = parent.locale_id
        if not page.draft_title:
            page.draft_title = page.title
        # Imports and corpus loads cannot be asked to correct a control character (see core.control_characters).
        strip_model_control_characters(page)
        return page

    def write(self, pages: list[Page]) -> None:
        """Insert placed pages of one specific model: their tree rows (ids set on the pages), their specific rows, and
        each parent's numchild raised by the number of its new children."""
        if not pages:
            return
        model = type(pages[0])
        if model._meta.get_parent_list() != [Page]:
            raise NotImplementedError(f"{model.__name__}: only models that inherit from Page directly")
        if any(type(page) is not model or not page.path for page in pages):
            raise ValueError("write() takes placed pages of one model")
        insert(Page, pages, PAGE_FIELDS, return_ids=True)
        for page in pages:
            page.page_ptr_id = page.id
        insert(model, pages, model._meta.local_concrete_fields)
        added: dict[str, int] = {}
        for page in pages:
            parent = parent_path(page.path)
            added[parent] = added.get(parent, 0) + 1
        for parent, count in added.items():
            Page.objects.filter(path=parent).update(numchild=F("numchild") + count)

    def write_revisions(self, pages: list[Page], children: list[dict[str, list[models.Model]]]) -> list[Revision]:
        """The first revision of each written page, as ``save_revision`` stores it (content as
        :func:`revision_content`, created at ``latest_revision_created_at``, by the page's owner), and the pages
        pointed at it (also as their live revision when live). ``children``: each page's child rows in memory."""
        page_type = _page_content_type()
        revisions = [
            Revision(content_type_id=page.content_type_id, base_content_type_id=page_type, object_id=str(page.pk),
                     created_at=page.latest_revision_created_at, user_id=page.owner_id, object_str=page.title,
                     content=revision_content(page, relations), approved_go_live_at=page.go_live_at)
            for page, relations in zip(pages, children)]
        insert(Revision, revisions, return_ids=True)
        set_revision_ids((page.pk, revision.pk) for page, revision in zip(pages, revisions))
        return revisions

    def unique_slugs(self, parent: Page, wanted: list[str], reserved: Iterable[str] = ()) -> list[str]:
        """Slugs no child of ``parent`` has (already written ones are asked of the database) and none of
        ``reserved``, in order: a repeat gets -2, -3…."""
        reserved = set(reserved)
        result: list[str] = [""] * len(wanted)
        attempt = [1] * len(wanted)
        pending = list(range(len(wanted)))
        taken_now: set[str] = set()
        while pending:
            candidates = {i: _suffixed(wanted[i], attempt[i]) for i in pending}
            values = list(set(candidates.values()))
            in_database = set()
            for start in range(0, len(values), 500):
                in_database.update(self.children(parent).filter(slug__in=padded(values[start:start + 500]))
                                   .values_list("slug", flat=True))
            still = []
            for i in pending:
                candidate = candidates[i]
                if candidate in in_database or candidate in taken_now or candidate in reserved:
                    attempt[i] += 1
                    still.append(i)
                else:
                    taken_now.add(candidate)
                    result[i] = candidate
            pending = still
        return result


def _suffixed(slug: str, attempt: int) -> str:
    if attempt == 1:
        return slug
    suffix = f"-{attempt}"
    return slug[: 200 - len(suffix)] + suffix


def _page_content_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Page).pk   # cached by Django after the first call


def matching_section(home: Page, *, slug: str = "", title: str = "", parent: Page | None = None,
                     exclude: Iterable[int] = ()):
    """The existing section below ``home`` that articles filed under this slug or title should go to, instead of a
    second section made for them; None when there is none.

    A slug match comes before a title match, then a child of ``parent`` (where a new section would be made) before
    a section elsewhere, then the shallowest. Sections whose ids are in ``exclude`` are never chosen (the import
    excludes the sections its other categories already own).
    """
    from .models import SectionPage

    wanted = models.Q(pk__in=[])
    if slug:
        wanted |= models.Q(slug=slug)
    if title:
        wanted |= models.Q(title=title)
    candidates = SectionPage.objects.descendant_of(home).filter(wanted).exclude(pk__in=list(exclude))
    parent = parent or home

    def rank(section):
        under_parent = section.depth == parent.depth + 1 and section.path.startswith(parent.path)
        return section.slug != slug, not under_parent, section.depth, section.path

    return min(candidates, key=rank, default=None)
