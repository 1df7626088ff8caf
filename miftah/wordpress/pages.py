"""The import's page writer: converted posts and pages into the site, in batches.

For each batch (:meth:`PageImport.write_batch`) the ImportedObject rows say which items were imported before: an
unchanged one is skipped, a changed one gets a new revision on the same page (through Wagtail's API, published when
it is published in WordPress), and new ones are written together by :class:`miftah.news.bulk.PageWriter` — tree and
specific rows, author and tag links, one revision each, their ImportedObject rows and, unless turned off, their
search index entries (from the texts analysed in the conversion process). Then, per page: view restrictions
(private and password-protected posts), the moderation workflow (pending posts), stickiness, comments (archived as
plain text) and the old URLs' redirects.

Posts go under the section of their first category («غير مصنف» without one); pages keep their hierarchy and are
written after the posts, parents first, so each finds its parent already written.
"""

from __future__ import annotations

import datetime as dt
from array import array
from typing import Any, Callable, Iterable, Iterator

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend

from miftah.news.bulk import RESERVED_ROOT_SLUGS, PageWriter, insert, padded
from miftah.news.models import ArticleAuthor, ArticlePage, ArticleTag, StandardPage

from . import wxr
from .conversion import BATCH_SIZE, Prepared, as_aware
from .inventory import Inventory
from .models import ImportedComment, ImportedObject
from .records import Records
from .redirects import Redirects
from .sanitize import safe_url
from .summary import ImportSummary
from .terms import Terms
from .text import new_slug

_COUNT_KEY = {"post": "articles", "page": "pages"}


class PageImport:
    def __init__(self, *, inventory: Inventory, records: Records, summary: ImportSummary, terms: Terms,
                 image_text: dict[int, tuple[str, str]], redirects: Redirects, writer: PageWriter, home: Page,
                 started: dt.datetime, search_index: bool, progress: Callable[[int, int], None]) -> None:
        self.inventory = inventory
        self.records = records
        self.summary = summary
        self.terms = terms
        self.image_text = image_text      # image id -> (caption, alt), for hero images
        self.redirects = redirects
        self.writer = writer
        self.home = home
        self.started = started
        self.search_index = search_index
        self.progress = progress
        self.types = {model: ContentType.objects.get_for_model(model) for model in (ArticlePage, StandardPage)}
        self.pending_comments: list[ImportedComment] = []
        self.page_ids: dict[int, int] = {}    # WordPress page id -> page id (pages only: posts are looked up)
        self.sticky: list[int] = []           # page ids of sticky published posts, in file order
        self.articles = array("q")            # ids of the articles written or updated (8 bytes each)
        self.done = 0

    def import_items(self, items: Iterator[tuple[str, Any]]) -> None:
        """Write the converted items (see conversion.converted_items): posts in batches as they come, pages after."""
        batch: list[Prepared] = []
        pages: list[Prepared] = []
        total = self.inventory.content_items
        for kind, payload in items:
            if kind == "skipped":
                self.summary.skipped[f"status:{payload}"] += 1
            elif kind == "page":
                pages.append(payload)
            else:
                batch.append(payload)
                if len(batch) >= BATCH_SIZE:
                    self.write_batch("post", batch)
                    batch = []
                    self.progress(self.done, total)
        if batch:
            self.write_batch("post", batch)
        # Pages parent-first, so a child page finds its parent already written.
        depth = lambda prepared: len(self.inventory.page_chain(prepared.item.post_id or 0))  # noqa: E731
        for depth_group in _group_by(pages, depth):
            for start in range(0, len(depth_group), BATCH_SIZE):
                self.write_batch("page", depth_group[start:start + BATCH_SIZE])
        self.progress(self.done, total)

    def write_batch(self, kind: str, batch: list[Prepared]) -> None:
        keys = [prepared.key for prepared in batch]
        known = self.records.known(kind, keys)
        missing_guids = [prepared.item.guid for prepared in batch if prepared.key not in known and prepared.item.guid]
        # A GUID identifies a post whose id changed between exports, never one whose id is also in this file; so
        # never one imported by this run either (its key is in the file): without that bound, an export that repeats
        # GUIDs would read back every post already written with them, batch after batch.
        by_guid = {obj.guid: obj for obj in ImportedObject.objects.filter(
            source=self.records.source, kind=kind, guid__in=padded(missing_guids), imported_at__lt=self.started)
            if not self.inventory.has_key(obj.key)} if missing_guids else {}
        new: list[Prepared] = []
        for prepared in batch:
            self.done += 1
            self.absorb(prepared)
            item = prepared.item
            existing = known.get(prepared.key) or by_guid.pop(item.guid, None)
            if existing is not None and not Page.objects.filter(pk=existing.object_id).exists():
                ImportedObject.objects.filter(pk=existing.pk).delete()  # the page was deleted since: import again
                existing = None
            if existing is None:
                new.append(prepared)
                continue
            if kind == "page":
                self.page_ids[item.post_id or 0] = existing.object_id
            if existing.fingerprint == prepared.fingerprint:
                self.summary.unchanged[_COUNT_KEY[kind]] += 1
            else:
                self.update_page(existing, prepared)
                self.summary.updated[_COUNT_KEY[kind]] += 1
                self.after_write(prepared, existing.object_id)
                if kind == "post":
                    self.articles.append(existing.object_id)
            self._count(kind)
        if new:
            self.create_pages(kind, new)
        self.flush()

    def flush(self) -> None:
        """Write the comments and redirects gathered so far."""
        if self.pending_comments:
            insert(ImportedComment, self.pending_comments, ignore_conflicts=True)
            self.pending_comments = []
        self.redirects.flush()

    def _count(self, kind: str) -> None:
        self.summary.counts[_COUNT_KEY[kind]] += 1

    def absorb(self, prepared: Prepared) -> None:
        """Report a converted item's warnings and resolve its author and tags (in the writing process)."""
        for message in prepared.messages:
            self.summary.warn(message)
        for name in prepared.unknown_shortcodes:
            self.summary.unknown_shortcodes[name] += 1
        prepared.owner = self.terms.authors.get(prepared.item.creator)
        prepared.tags = [self.terms.tags[slug] for slug in prepared.tag_slugs if slug in self.terms.tags]

    def parent_for(self, kind: str, prepared: Prepared) -> Page:
        if kind == "page":
            parent_id = self.page_ids.get(prepared.item.parent)
            return Page.objects.get(pk=parent_id) if parent_id else self.home
        for slug in prepared.section_slugs:
            if slug in self.terms.sections:
                return self.terms.sections[slug]
        return self.terms.fallback_section()

    # ------------------------------------------------------------ new pages, in bulk

    def create_pages(self, kind: str, batch: list[Prepared]) -> None:
        model = ArticlePage if kind == "post" else StandardPage
        parents = [self.parent_for(kind, prepared) for prepared in batch]
        slugs: list[str] = [""] * len(batch)
        for parent_id, indexes in _group_indexes(parent.pk for parent in parents).items():
            parent = parents[indexes[0]]
            wanted = [new_slug(batch[i].item.slug, batch[i].title, f"{kind}-{batch[i].item.post_id}") for i in indexes]
            reserved = RESERVED_ROOT_SLUGS if parent.pk == self.home.pk else ()
            for i, slug in zip(indexes, self.writer.unique_slugs(parent, wanted, reserved)):
                slugs[i] = slug
        pages = [self.writer.place(self.build(kind, prepared, slug), parent)
                 for prepared, parent, slug in zip(batch, parents, slugs)]
        self.writer.write(pages)
        if kind == "post":
            self.articles.extend(page.pk for page in pages)
        children: list[dict[str, list]] = []
        for page, prepared in zip(pages, batch):
            if kind == "post":
                children.append({
                    "article_authors": [ArticleAuthor(page_id=page.pk, author=prepared.owner, sort_order=0)]
                    if prepared.owner else [],
                    "tagged_items": [ArticleTag(content_object_id=page.pk, tag=tag) for tag in prepared.tags]})
            else:
                children.append({})
        if kind == "post":   # their ids are in the revisions' content
            insert(ArticleAuthor, [link for relations in children for link in relations["article_authors"]],
                   return_ids=True)
            insert(ArticleTag, [link for relations in children for link in relations["tagged_items"]],
                   return_ids=True)
        self.writer.write_revisions(pages, children)
        insert(ImportedObject, [
            ImportedObject(source=self.records.source, kind=kind, key=prepared.key, guid=prepared.item.guid[:500],
                           content_type=self.types[model], object_id=page.pk, fingerprint=prepared.fingerprint)
            for page, prepared in zip(pages, batch)])
        if self.search_index:
            if kind == "post":  # relations in memory, so indexing tags and authors queries nothing per page
                for page, relations, parent in zip(pages, children, parents):
                    page.article_authors = relations["article_authors"]
                    page.tagged_items = relations["tagged_items"]
                    page.corrections = []
                    # The indexer's text for `section` (the parent page, as a string) without get_parent()'s query.
                    page.search_values = {"section": str(parent)}
                for page, prepared in zip(pages, batch):
                    if prepared.search_analysed is not None:
                        page.search_analysed = prepared.search_analysed
            get_search_backend().add_bulk(model, pages)
        for page, prepared in zip(pages, batch):
            if kind == "page":
                self.page_ids[prepared.item.post_id or 0] = page.pk
            self.summary.created[_COUNT_KEY[kind]] += 1
            self._count(kind)
            self.after_write(prepared, page.pk, new_page=page)

    def build(self, kind: str, prepared: Prepared, slug: str) -> Page:
        """The new page of a post (ArticlePage) or page (StandardPage), not yet placed in the tree."""
        item = prepared.item
        status = item.status
        live = status in ("publish", "private")
        common = dict(
            title=prepared.title, draft_title=prepared.title, slug=slug, content_type=self.types[
                ArticlePage if kind == "post" else StandardPage], live=live,
            has_unpublished_changes=not live, first_published_at=prepared.published if live else None,
            last_published_at=(prepared.modified or prepared.published) if live else None,
            latest_revision_created_at=prepared.modified or prepared.published or timezone.now(),
            go_live_at=prepared.published if status == "future" else None,
            owner_id=prepared.owner.user_id if prepared.owner else None,
            show_in_menus=kind == "page" and (item.post_id in self.terms.menu_pages),
            search_description=prepared.dek[:1000] if kind == "page" else "",
        )
        if status == "future" and prepared.published and prepared.published <= timezone.now():
            self.summary.warn(f"{kind} {item.post_id}: scheduled for a date already past; kept as scheduled")
        if kind == "page":
            return StandardPage(body=prepared.body, **common)
        return ArticlePage(
            dek=prepared.dek, body=prepared.body, hero_image_id=prepared.hero,
            hero_caption=self.image_text.get(prepared.hero, ("", ""))[0][:300] if prepared.hero else "",
            hero_alt=self.image_text.get(prepared.hero, ("", ""))[1][:300] if prepared.hero else "",
            updated_at=prepared.modified if prepared.modified and prepared.published and
            prepared.modified > prepared.published + dt.timedelta(minutes=1) else None,
            reading_time=prepared.reading_time, source_url=source_url(item), **common)

    # ------------------------------------------------------------ changed pages, through Wagtail

    def update_page(self, existing: ImportedObject, prepared: Prepared) -> None:
        page = Page.objects.get(pk=existing.object_id).specific
        item = prepared.item
        page.title = page.draft_title = prepared.title
        page.body = prepared.body
        if isinstance(page, ArticlePage):
            page.dek = prepared.dek
            page.hero_image_id = prepared.hero
            page.source_url = source_url(item)
            page.article_authors = [ArticleAuthor(author=prepared.owner, sort_order=0)] if prepared.owner else []
            page.tags.set(prepared.tags)
            if prepared.modified and prepared.published and prepared.modified > prepared.published:
                page.updated_at = prepared.modified
        revision = page.save_revision(user=prepared.owner.user if prepared.owner else None, log_action=False,
                                      clean=False)
        if item.status in ("publish", "private"):
            revision.publish(log_action=False)
            Page.objects.filter(pk=page.pk).update(first_published_at=prepared.published,
                                                   last_published_at=prepared.modified or prepared.published)
        ImportedObject.objects.filter(pk=existing.pk).update(fingerprint=prepared.fingerprint,
                                                             imported_at=timezone.now())

    # ------------------------------------------------------------ what is keyed on the written page

    def after_write(self, prepared: Prepared, page_id: int, new_page: Page | None = None) -> None:
        """Everything keyed on the written page: access, workflow, stickiness, comments, old URLs."""
        item = prepared.item
        if item.status == "private" or item.password:
            PageViewRestriction.objects.get_or_create(
                page_id=page_id, defaults={"restriction_type": "password" if item.password and item.status != "private"
                                           else "login", "password": item.password[:255]})
        if item.status == "pending" and new_page is not None:
            self._start_review(page_id, prepared)
        if item.is_sticky and item.post_type == "post" and item.status == "publish":
            self.sticky.append(page_id)
        self._comments(prepared, page_id)
        self.redirects.add_keys(prepared.redirect_keys, page_id)

    def _start_review(self, page_id: int, prepared: Prepared) -> None:
        page = Page.objects.get(pk=page_id).specific
        workflow = page.get_workflow()
        if workflow is None:
            self.summary.warn(f"post {prepared.item.post_id}: pending review, but no workflow applies; kept as draft")
            return
        workflow.start(page, prepared.owner.user if prepared.owner else None)

    def _comments(self, prepared: Prepared, page_id: int) -> None:
        rows = []
        for comment, text in zip(prepared.item.comments, prepared.comment_texts):
            self.summary.counts["comments"] += 1
            if comment.approved in ("spam", "trash") or comment.id is None:
                self.summary.skipped[f"comment:{comment.approved or 'no id'}"] += 1
                continue
            rows.append(ImportedComment(
                page_id=page_id, wp_id=comment.id, parent_wp_id=comment.parent, author_name=comment.author[:255],
                author_url=safe_url(comment.author_url)[:500], date=as_aware(comment.date_gmt, comment.date),
                text=text, approved=comment.approved[:20], comment_type=comment.type[:40]))
        self.pending_comments.extend(rows)


def source_url(item: wxr.Item) -> str:
    url = item.postmeta.get("source_url")
    return safe_url(url)[:500] if isinstance(url, str) and url.startswith("http") else ""


def _group_indexes(keys: Iterable[Any]) -> dict[Any, list[int]]:
    groups: dict[Any, list[int]] = {}
    for index, key in enumerate(keys):
        groups.setdefault(key, []).append(index)
    return groups


def _group_by(items: list, key: Callable) -> list[list]:
    groups: dict[Any, list] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return [groups[k] for k in sorted(groups)]
