"""The site's vocabulary, imported before any post: authors, categories (as sections, with the main menu), tags,
and afterwards the sticky posts featured on the home page.

:class:`Terms` keeps what the posts are then filed under — ``authors`` (login -> Author), ``sections`` (category
slug -> SectionPage), ``tags`` (slug -> NewsTag) and ``menu_pages`` (WordPress page id -> menu position) — so the
conversion and the page writer never query them per post. Sections are made through Wagtail's API (a revision each,
published): there are few of them, and each must be a normal page editors can change.

A category is filed under a section the site already has, rather than a second one, when ``--map-category`` names
that section, or when a section has the slug the category would get or its name
(:func:`miftah.news.bulk.matching_section`; never a section another category of the same WordPress site already
owns). Such a section is the site's: the import never renames it, and the summary lists every category matched this
way (``matched_sections``).
"""

from __future__ import annotations

import re
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils.text import slugify
from wagtail.models import Page

from miftah.news.bulk import RESERVED_ROOT_SLUGS, PageWriter, matching_section
from miftah.news.models import Author, HomeFeatured, NewsTag, SectionPage

from .inventory import Inventory, MenuItemInfo
from .models import ImportedObject
from .records import Records, fingerprint
from .sanitize import plain_text
from .summary import ImportSummary
from .text import decoded_slug, new_slug

MAX_FEATURED = 6
UNCATEGORIZED = "__uncategorized__"   # the key of the section for posts without a category
MATCHED = "matched"   # the fingerprint of a category filed under an existing section: the import never changes it


class CategoryMapError(ValueError):
    """A --map-category option that names no category of the export or no single section of the site."""

    def __init__(self, reason_ar: str, reason_en: str) -> None:
        super().__init__(f"{reason_ar} — {reason_en}")


class Terms:
    def __init__(self, inventory: Inventory, records: Records, summary: ImportSummary, home: Page,
                 writer: PageWriter, category_map: dict[str, str] | None = None) -> None:
        self.inventory = inventory
        self.records = records
        self.summary = summary
        self.home = home
        self.writer = writer
        self.authors: dict[str, Author] = {}
        self.sections: dict[str, SectionPage] = {}
        self.tags: dict[str, NewsTag] = {}
        self.menu_pages: dict[int, int] = {}  # WordPress post id -> menu position
        # WordPress category slug (as in the export) -> the existing section it is mapped to.
        self.category_map: dict[str, SectionPage] = self._resolve_map(category_map or {})

    def _resolve_map(self, wanted: dict[str, str]) -> dict[str, SectionPage]:
        """--map-category WP_SLUG=SECTION: the category (its slug as exported or decoded) and the section (its slug,
        or its path below the home page when several sections share the slug). Raises CategoryMapError."""
        resolved = {}
        for wp_slug, section_ref in wanted.items():
            category = next((slug for slug in self.inventory.categories
                             if slug == wp_slug or decoded_slug(slug) == decoded_slug(wp_slug)), None)
            if category is None:
                raise CategoryMapError(f"لا يوجد في ملف التصدير تصنيف بالمعرّف «{wp_slug}»",
                                       f"--map-category: the export has no category with the slug {wp_slug!r}")
            resolved[category] = self._section_named(section_ref)
        return resolved

    def _section_named(self, ref: str) -> SectionPage:
        sections = SectionPage.objects.descendant_of(self.home)
        if "/" in ref.strip("/"):
            found = list(sections.filter(url_path=f"{self.home.url_path}{ref.strip('/')}/"))
        else:
            found = list(sections.filter(slug=ref.strip("/")).order_by("path"))
        if not found:
            raise CategoryMapError(f"لا يوجد في الموقع قسم «{ref}»",
                                   f"--map-category: the site has no section {ref!r}")
        if len(found) > 1:
            paths = ", ".join(self.site_path(section) for section in found)
            raise CategoryMapError(f"أكثر من قسم بالمعرّف «{ref}» ({paths})؛ اكتب مساره",
                                   f"--map-category: several sections have the slug {ref!r} ({paths}); "
                                   "give its path instead, e.g. parent/child")
        return found[0]

    def site_path(self, page: Page) -> str:
        """The page's path on the site ("/economy/")."""
        return page.url_path[len(self.home.url_path) - 1:]

    def unique_slugs(self, parent: Page, wanted: list[str]) -> list[str]:
        """Slugs no child of ``parent`` has; at the root, none of the URLs Miftah serves before Wagtail."""
        reserved = RESERVED_ROOT_SLUGS if parent.pk == self.home.pk else ()
        return self.writer.unique_slugs(parent, wanted, reserved)

    # ------------------------------------------------------------ authors

    def import_authors(self) -> None:
        User = get_user_model()
        known = self.records.known("author", self.inventory.authors)
        for login, wp_author in self.inventory.authors.items():
            name = wp_author.display_name or " ".join(
                part for part in (wp_author.first_name, wp_author.last_name) if part) or login
            fp = fingerprint(name, wp_author.email, wp_author.first_name, wp_author.last_name)
            existing = known.get(login)
            author = Author.objects.filter(pk=existing.object_id).first() if existing else None
            if author is not None:
                if existing.fingerprint != fp:
                    author.name = name[:120]
                    author.save(update_fields=["name"])
                    self.summary.updated["authors"] += 1
                else:
                    self.summary.unchanged["authors"] += 1
            else:
                username = (login or f"wp-{wp_author.id}")[:150]
                user = User.objects.filter(username=username).first()
                if user is None:
                    user = User(username=username, email=wp_author.email[:254], first_name=wp_author.first_name[:150],
                                last_name=wp_author.last_name[:150])
                    user.set_unusable_password()
                    user.save()
                author = Author.objects.filter(user=user).first()
                if author is None:
                    slug = self._unique_author_slug(slugify(login, allow_unicode=True) or f"author-{wp_author.id}")
                    author = Author.objects.create(name=name[:120], slug=slug, user=user)
                self.summary.created["authors"] += 1
            self.records.remember("author", login, author, fp, existing=existing)
            self.authors[login] = author
            self.summary.counts["authors"] += 1

    @staticmethod
    def _unique_author_slug(base: str) -> str:
        slug, n = base[:110], 1
        while Author.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base[:110]}-{n}"
        return slug

    # ------------------------------------------------------------ menus and sections

    def primary_menu(self) -> list[MenuItemInfo]:
        """Top-level items of the site's main menu: one named primary/main/header, else the largest."""
        by_menu: dict[str, list[MenuItemInfo]] = defaultdict(list)
        for item in self.inventory.menu_items:
            if item.parent == 0:
                by_menu[item.menu].append(item)
        if not by_menu:
            return []
        named = [m for m in by_menu if re.search(r"primary|main|header|top|رئيس", m + self.inventory.menus.get(m, ""),
                                                 re.I)]
        menu = named[0] if named else max(by_menu, key=lambda m: len(by_menu[m]))
        return sorted(by_menu[menu], key=lambda item: item.order)

    def import_sections(self) -> None:
        """One section per category, parents first (in menu order), hierarchy kept; shown in the navigation when
        the main menu lists the category (without a menu: the top-level ones)."""
        inventory = self.inventory
        menu = self.primary_menu()
        term_slugs = {cat.term_id: slug for slug, cat in inventory.categories.items() if cat.term_id is not None}
        menu_categories: dict[str, int] = {}
        for position, item in enumerate(menu):
            if item.object == "category" and item.object_id in term_slugs:
                menu_categories.setdefault(term_slugs[item.object_id], position)
            elif item.object == "page" and item.object_id is not None:
                self.menu_pages.setdefault(item.object_id, position)
            else:
                self.summary.warn(f"menu item {item.title or item.post_id!r} ({item.type} {item.object}) has no place "
                                  "in the site navigation; not imported")
        self.summary.counts["menu_items"] = len(menu_categories) + len(self.menu_pages)
        has_menu = bool(menu)
        order = {slug: n for n, slug in enumerate(inventory.categories)}
        ordered = sorted(inventory.categories, key=lambda s: (len(inventory.category_chain(s)),
                                                              menu_categories.get(s, 10**6), order[s]))
        known = self.records.known("category", inventory.categories)
        # Sections the categories of this WordPress site own (from earlier runs, then this one): never matched to
        # another of its categories, even one of the same name.
        owned = set(ImportedObject.objects.filter(source=self.records.source, kind="category")
                    .values_list("object_id", flat=True))
        for slug in ordered:
            category = inventory.categories[slug]
            parent = self.sections.get(category.parent_slug) or self.home
            title = (category.name or decoded_slug(slug) or slug)[:255]
            intro = plain_text(category.description)
            fp = fingerprint(title, intro, category.parent_slug)
            existing = known.get(slug)
            section = SectionPage.objects.filter(pk=existing.object_id).first() if existing else None
            mapped = self.category_map.get(slug)
            if mapped is not None:
                if section is not None and section.pk != mapped.pk:
                    self.summary.warn(f"category {slug}: mapped to {self.site_path(mapped)}; its posts imported "
                                      f"before stay in {self.site_path(section)}")
                section, fp = mapped, MATCHED
                self._matched(slug, section, "map")
            elif section is not None and existing.fingerprint == MATCHED:
                fp = MATCHED
                self._matched(slug, section, "earlier run")
            elif section is not None:
                if existing.fingerprint != fp:
                    section.title, section.draft_title, section.intro = title, title, intro
                    section.save_revision(log_action=False).publish(log_action=False)
                    self.summary.updated["sections"] += 1
                else:
                    self.summary.unchanged["sections"] += 1
            else:
                wanted_slug = new_slug(slug, title, f"section-{category.term_id}")
                section = matching_section(self.home, slug=wanted_slug, title=title, parent=parent, exclude=owned)
                if section is not None:
                    fp = MATCHED
                    self._matched(slug, section, "slug" if section.slug == wanted_slug else "name")
                else:
                    in_menu = slug in menu_categories if has_menu else parent.pk == self.home.pk
                    section = self._add_section(parent, title, wanted_slug, intro, in_menu)
                    self.summary.created["sections"] += 1
            # A row whose section was deleted since is pointed at the new one.
            self.records.remember("category", slug, section, fp, existing=existing)
            owned.add(section.pk)
            self.sections[slug] = section
            self.summary.counts["sections"] += 1

    def _matched(self, slug: str, section: SectionPage, how: str) -> None:
        """Category ``slug`` goes to the site's own ``section`` (left as it is), found by ``how``."""
        self.summary.matched_sections[slug] = {"section": section.title, "path": self.site_path(section), "by": how}
        self.summary.unchanged["sections"] += 1

    def _add_section(self, parent: Page, title: str, slug: str, intro: str, in_menu: bool) -> SectionPage:
        parent = Page.objects.get(pk=parent.pk)  # fresh numchild: bulk writes below may have moved it
        section = SectionPage(title=title, slug=self.unique_slugs(parent, [slug])[0], intro=intro,
                              show_in_menus=in_menu)
        parent.add_child(instance=section)
        section.save_revision(log_action=False).publish(log_action=False)
        self.writer.forget(parent)
        return section

    def fallback_section(self) -> SectionPage:
        """«غير مصنف», for posts without a category: made the first time a post needs it."""
        if UNCATEGORIZED not in self.sections:
            existing = self.records.known("category", [UNCATEGORIZED]).get(UNCATEGORIZED)
            section = SectionPage.objects.filter(pk=existing.object_id).first() if existing else None
            if section is None:
                section = self._add_section(self.home, "غير مصنف", "uncategorized", "", False)
                self.records.remember("category", UNCATEGORIZED, section, "", existing=existing)
                self.summary.created["sections"] += 1
                self.summary.counts["sections"] += 1
            self.sections[UNCATEGORIZED] = section
        return self.sections[UNCATEGORIZED]

    # ------------------------------------------------------------ tags

    def import_tags(self) -> None:
        """One tag per WordPress tag; a tag with the same slug or name already on the site is reused."""
        known = self.records.known("tag", self.inventory.tags)
        for slug, wp_tag in self.inventory.tags.items():
            wanted = new_slug(slug, wp_tag.name, f"tag-{wp_tag.term_id}")[:100]
            name = (wp_tag.name or wanted)[:100]
            existing = known.get(slug)
            tag = NewsTag.objects.filter(pk=existing.object_id).first() if existing else None
            if tag is not None:
                self.summary.unchanged["tags"] += 1
            else:
                tag = NewsTag.objects.filter(slug=wanted).first() or NewsTag.objects.filter(name=name).first()
                if tag is None:
                    tag = NewsTag.objects.create(name=name, slug=wanted)
                self.summary.created["tags"] += 1
            self.records.remember("tag", slug, tag, "", existing=existing)
            self.tags[slug] = tag
            self.summary.counts["tags"] += 1

    # ------------------------------------------------------------ sticky posts

    def feature_sticky(self, page_ids: list[int]) -> None:
        """Sticky posts (their page ids, in file order) featured on the home page, after what is there (six at most)."""
        if not page_ids:
            return
        present = set(HomeFeatured.objects.filter(page=self.home).values_list("article_id", flat=True))
        order = HomeFeatured.objects.filter(page=self.home).count()
        for page_id in page_ids:
            if page_id in present:
                continue
            if order >= MAX_FEATURED:
                self.summary.warn(f"more than {MAX_FEATURED} sticky posts: only the first are featured on the home page")
                break
            HomeFeatured.objects.create(page=self.home, article_id=page_id, sort_order=order)
            order += 1
