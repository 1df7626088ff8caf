"""Old WordPress URLs kept alive: every URL WordPress served answers a 301 to the new page, as a Wagtail redirect.

Posts and pages hand their old URLs' lookup keys over as they are written (computed in the conversion process,
:func:`miftah.wordpress.legacy_urls.post_paths`); after the posts, :meth:`Redirects.for_terms` adds the category, tag
and author archives (and their feeds) and :meth:`Redirects.for_attachments` the attachment pages. Rows are written
in bulk with ``ON CONFLICT DO NOTHING``: an old path is unique, and the first object to claim it keeps it.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from miftah.news.bulk import powers_of_two

from . import legacy_urls
from .inventory import AttachmentInfo, Inventory
from .records import Records
from .text import decoded_slug


class Redirects:
    """Redirects of one Wagtail site waiting to be written (old path key, page id, route below the page)."""

    def __init__(self, site_id: int, base: str) -> None:
        self.site_id = site_id
        self.base = base      # the old site's path prefix ("" or "/blog")
        self.pending: list[tuple[str, int, str]] = []

    def add(self, raw_path: str, page_id: int, route: str = "") -> None:
        """An old URL (path and query as WordPress served it) that leads to ``page_id`` (and ``route`` below it)."""
        for key in legacy_urls.lookup_keys(raw_path):
            self.pending.append((key, page_id, route))

    def add_keys(self, keys: list[str], page_id: int) -> None:
        """Lookup keys already computed (a post's, by the conversion process) that lead to ``page_id``."""
        self.pending.extend((key, page_id, "") for key in keys)

    def flush(self) -> None:
        if self.pending:
            insert_redirects(self.pending, self.site_id)
            self.pending = []

    def for_terms(self, inventory: Inventory, sections: dict[str, Page], tags: dict, authors: dict,
                  home: Page) -> None:
        """Category archives to their sections; tag and author archives to Miftah's own (routes of the home page)."""
        for slug, section in sections.items():
            category = inventory.categories.get(slug)
            if category is None:
                continue
            for path in legacy_urls.category_paths(self.base, category.term_id, inventory.category_chain(slug)):
                self.add(path, section.pk)
        for slug, tag in tags.items():
            same = decoded_slug(slug) == tag.slug
            for path in legacy_urls.archive_paths(self.base, "tag", slug, same, f"tag={slug}"):
                self.add(path, home.pk, f"/tag/{tag.slug}/")
        for login, author in authors.items():
            wp_author = inventory.authors[login]
            query = f"author={wp_author.id}" if wp_author.id is not None else ""
            for path in legacy_urls.archive_paths(self.base, "author", login, login == author.slug, query):
                self.add(path, home.pk, f"/author/{author.slug}/")
        self.flush()

    def for_attachments(self, inventory: Inventory, records: Records, page_ids: dict[int, int]) -> None:
        """Attachment pages to the post (or page) they belong to."""
        attachments = [(attachment_id, info) for attachment_id, info in inventory.attachments.items()
                       if info.parent]
        for start in range(0, len(attachments), 500):
            chunk = attachments[start:start + 500]
            posts = records.known("post", {str(info.parent) for _id, info in chunk})
            for attachment_id, info in chunk:
                post = posts.get(str(info.parent))
                self._attachment(attachment_id, info, post.object_id if post else page_ids.get(info.parent))
        self.flush()

    def _attachment(self, attachment_id: int, info: AttachmentInfo, target: int | None) -> None:
        if target is not None:
            paths = [f"{self.base}/?attachment_id={attachment_id}", f"{self.base}/?p={attachment_id}"]
            link_path = legacy_urls.path_of(info.link)
            if link_path:
                paths.append(link_path)
            for path in paths:
                self.add(path, target)


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
