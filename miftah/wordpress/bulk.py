"""Bulk writers for the WordPress import: the few rows written once per post, without the ORM's per-object cost.

A large import writes, per post, one revision, two revision ids on the page row and about a dozen redirect rows.
Going through model instances (``serializable_data()``, ``bulk_update``'s ``Case``/``When`` expressions, one
``Redirect`` object per old URL) cost more than the posts' own rows, so these three are written here directly:

- :func:`revision_content` gives what ``page.serializable_data()`` gives for a page that has just been written in
  bulk (its child relations are the ones assigned in memory; nothing is queried);
- :func:`set_revision_ids` points each page at its revision in one ``UPDATE … CASE`` per batch;
- :func:`insert_redirects` writes Wagtail redirect rows with ``ON CONFLICT DO NOTHING`` (SQLite and PostgreSQL),
  so the first object to claim an old path keeps it.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from typing import Any, Iterable

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
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


def set_revision_ids(rows: Iterable[tuple[int, int, bool]]) -> None:
    """Point pages at their first revision: rows of (page id, revision id, live)."""
    rows = list(rows)
    if not rows:
        return
    quote = connection.ops.quote_name
    latest = " ".join(f"WHEN {int(page)} THEN {int(revision)}" for page, revision, _live in rows)
    live = " ".join(f"WHEN {int(page)} THEN {int(revision)}" for page, revision, is_live in rows if is_live)
    ids = ",".join(str(int(page)) for page, _revision, _live in rows)
    live_sql = f"CASE {quote('id')} {live} ELSE NULL END" if live else "NULL"
    sql = (f"UPDATE {quote(Page._meta.db_table)} SET {quote('latest_revision_id')} = CASE {quote('id')} {latest} END, "
           f"{quote('live_revision_id')} = {live_sql} WHERE {quote('id')} IN ({ids})")
    with connection.cursor() as cursor:
        cursor.execute(sql)


_REDIRECT_COLUMNS = ("old_path", "site_id", "is_permanent", "redirect_page_id", "redirect_page_route_path",
                     "redirect_link", "automatically_created", "created_at")
_ROWS_PER_INSERT = 400


def insert_redirects(rows: list[tuple[str, int, str]], site_id: int) -> None:
    """Permanent redirects, rows of (old_path already normalised, page id, route); existing paths are kept."""
    if not rows:
        return
    quote = connection.ops.quote_name
    created = connection.ops.adapt_datetimefield_value(timezone.now())
    columns = ", ".join(quote(column) for column in _REDIRECT_COLUMNS)
    placeholder = "(" + ", ".join(["%s"] * len(_REDIRECT_COLUMNS)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _ROWS_PER_INSERT):
            chunk = rows[start:start + _ROWS_PER_INSERT]
            params: list[Any] = []
            for old_path, page_id, route in chunk:
                params.extend((old_path, site_id, True, page_id, route, "", False, created))
            cursor.execute(f"INSERT INTO {quote(Redirect._meta.db_table)} ({columns}) VALUES "
                           f"{', '.join([placeholder] * len(chunk))} ON CONFLICT DO NOTHING", params)
