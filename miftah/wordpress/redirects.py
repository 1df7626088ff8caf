"""Old WordPress URLs as Wagtail redirects, written in bulk."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from miftah.news.bulk import powers_of_two

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


