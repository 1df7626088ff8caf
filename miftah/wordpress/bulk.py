"""Bulk writers for the WordPress import: the few rows written once per post, without the ORM's per-object cost.

A large import writes, per post, one revision, two revision ids on the page row and about a dozen redirect rows.
Going through model instances (``serializable_data()``, ``bulk_update``'s ``Case``/``When`` expressions, one
``Redirect`` object per old URL) cost more than the posts' own rows, so these three are written here directly:

- :func:`revision_content` gives what ``page.serializable_data()`` gives for a page that has just been written in
  bulk (its child relations are the ones assigned in memory; nothing is queried);
- :func:`set_revision_ids` points each page at its revision in one ``UPDATE … CASE`` per batch;
- :func:`insert_redirects` writes Wagtail redirect rows with ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL),
  so the first object to claim an old path keeps it;
- :func:`insert` is ``bulk_create`` (or ``QuerySet._insert``) for the rows written per post — tree rows, articles,
  revisions, links, index entries: the statement is built once per shape, and values whose Python type is already
  what the database takes (a str for a text field, an int for an integer or a foreign key, a bool for a boolean) are
  passed as they are instead of through the field's conversion chain, which cost more than executing the insert.

Every statement of a batch has one of a few fixed shapes (row counts and ``IN`` lists in powers of two, values as
parameters): SQLite keeps each distinct statement compiled in the connection's statement cache (128 by default), and
statements whose text changed with every batch made memory grow with the file.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.fields import Field
from django.utils import timezone
from django.utils.encoding import is_protected_type
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations, get_serializable_data_for_fields
from wagtail.contrib.redirects.models import Redirect
from wagtail.fields import StreamField
from wagtail.models import Page

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


_REDIRECT_COLUMNS = ("old_path", "site_id", "is_permanent", "redirect_page_id", "redirect_page_route_path",
                     "redirect_link", "automatically_created", "created_at")


def insert_redirects(rows: list[tuple[str, int, str]], site_id: int) -> None:
    """Permanent redirects, rows of (old_path already normalised, page id, route); existing paths are kept."""
    if not rows:
        return
    quote = connection.ops.quote_name
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(quote(column) for column in _REDIRECT_COLUMNS)
    placeholder = "(" + ", ".join(["%s"] * len(_REDIRECT_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for chunk in powers_of_two(rows):
            params: list[Any] = []
            for old_path, page_id, route in chunk:
                params.extend((old_path, site_id, True, page_id, route, "", False, created))
            cursor.execute(f"INSERT INTO {quote(Redirect._meta.db_table)} ({columns}) VALUES "
                           f"{', '.join([placeholder] * len(chunk))} ON CONFLICT DO NOTHING", params)


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
