"""The one bulk page writer (miftah.news.bulk): the rows it writes are the rows Wagtail writes, mixed freely with pages
added through Wagtail's own API, and the existing section a bulk writer reuses."""

import pytest
from wagtail.models import Page

from miftah.news.bulk import RESERVED_ROOT_SLUGS, PageWriter, matching_section
from miftah.news.models import ArticlePage, StandardPage

from .factories import make_article, make_section, paragraphs


def _article(title, slug, **fields):
    return ArticlePage(title=title, slug=slug, dek="موجز", body=paragraphs("نص المقال."), live=True,
                       has_unpublished_changes=False, **fields)


def test_bulk_pages_are_wagtail_pages_between_pages_added_through_wagtail(home, client):
    section = make_section(home, "اقتصاد", slug="economy")
    first = make_article(section, "مقال أول", slug="first")
    writer = PageWriter()
    slugs = writer.unique_slugs(section, ["first", "bulk", "bulk"])
    assert slugs == ["first-2", "bulk", "bulk-2"]
    pages = [writer.place(_article(f"مقال {n}", slug), section) for n, slug in enumerate(slugs)]
    writer.write(pages)

    section.refresh_from_db()
    assert section.numchild == 4
    for page in pages:
        stored = ArticlePage.objects.get(pk=page.pk)
        parent = stored.get_parent()
        assert (parent.pk, stored.depth, stored.url_path) == (section.pk, section.depth + 1,
                                                             f"{section.url_path}{page.slug}/")
        assert stored.locale_id == section.locale_id and stored.draft_title == stored.title
        assert client.get(stored.url).status_code == 200
    # Wagtail's add_child after bulk writes, then the writer again (told about it): paths never collide.
    later = make_article(section, "مقال لاحق", slug="later")
    writer.forget(section)
    again = writer.place(_article("مقال أخير", "last"), section)
    writer.write([again])
    paths = list(Page.objects.filter(pk__in=[first.pk, *[p.pk for p in pages], later.pk, again.pk])
                 .order_by("path").values_list("pk", flat=True))
    assert paths == [first.pk, *[p.pk for p in pages], later.pk, again.pk]
    assert Page.objects.get(pk=section.pk).numchild == 6
    assert Page.find_problems() == ([], [], [], [], [])


def test_standard_pages_and_reserved_root_slugs(home):
    writer = PageWriter()
    slugs = writer.unique_slugs(home, ["search", "about"], RESERVED_ROOT_SLUGS)
    assert slugs == ["search-2", "about"]
    pages = [writer.place(StandardPage(title=slug, slug=slug, body="[]"), home) for slug in slugs]
    before = Page.objects.get(pk=home.pk).numchild
    writer.write(pages)
    assert Page.objects.get(pk=home.pk).numchild == before + 2
    assert sorted(StandardPage.objects.child_of(home).values_list("url_path", flat=True)) == [
        "/home/about/", "/home/search-2/"]
    assert Page.find_problems() == ([], [], [], [], [])


def test_write_refuses_unplaced_or_mixed_pages(home):
    writer = PageWriter()
    with pytest.raises(ValueError):
        writer.write([_article("بلا مكان", "nowhere")])
    placed = writer.place(_article("مقال", "one"), home)
    with pytest.raises(ValueError):
        writer.write([placed, writer.place(StandardPage(title="صفحة", slug="page", body="[]"), home)])
    assert not ArticlePage.objects.exists()


def test_matching_section_slug_first_then_title_then_place(home):
    economy = make_section(home, "اقتصاد", slug="economy")
    nested = make_section(economy, "economy", slug="markets")
    world = make_section(home, "العالم", slug="world")
    world_economy = make_section(world, "اقتصاد عالمي", slug="economy")
    assert matching_section(home, slug="economy", title="economy").pk == economy.pk   # slug, shallowest
    assert matching_section(home, slug="economy", parent=world).pk == world_economy.pk   # under the parent first
    assert matching_section(home, slug="nothing", title="economy").pk == nested.pk   # then the title
    assert matching_section(home, slug="economy", title="economy", exclude=[economy.pk, world_economy.pk]).pk \
        == nested.pk
    assert matching_section(home, slug="sport", title="رياضة") is None
    assert matching_section(economy, slug="economy") is None   # below the given home page only
