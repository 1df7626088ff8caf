"""Importing into a site that already has sections: a category whose slug or name is a section's goes to that section
(never a second one, never renamed), ``--map-category`` names the section explicitly, the summary says which
categories were matched, and running the import again changes nothing."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Page

from miftah.news.models import ArticlePage, SectionPage
from miftah.news.tests.factories import make_section
from miftah.wordpress.importer import CategoryMapError, import_wordpress
from miftah.wordpress.models import ImportedObject

from .test_importer import SITE

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>أقسام</title><link>https://sections.example</link>
<wp:wxr_version>1.2</wp:wxr_version>"""
INTELLIGENCE = "المفتاح الاستخباراتي"
INTELLIGENCE_ENCODED = "%d8%a7%d9%84%d9%85%d9%81%d8%aa%d8%a7%d8%ad"   # «المفتاح», as WordPress stores a slug


def category(term_id, slug, name, parent=""):
    return (f"<wp:category><wp:term_id>{term_id}</wp:term_id><wp:category_nicename>{slug}</wp:category_nicename>"
            f"<wp:category_parent>{parent}</wp:category_parent><wp:cat_name><![CDATA[{name}]]></wp:cat_name>"
            "</wp:category>")


def post(post_id, slug):
    return (f"<item><title>خبر {post_id}</title><guid isPermaLink=\"false\">https://sections.example/?p={post_id}</guid>"
            f"<wp:post_id>{post_id}</wp:post_id><wp:post_name>post-{post_id}</wp:post_name>"
            "<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>"
            f"<category domain=\"category\" nicename=\"{slug}\"><![CDATA[{slug}]]></category>"
            "<content:encoded><![CDATA[<p>نص المقال</p>]]></content:encoded></item>")


def export(tmp_path, categories, posts, name="sections.xml"):
    path = tmp_path / name
    path.write_text(HEAD + "".join(categories) + "".join(posts) + "</channel></rss>", encoding="utf-8")
    return path


def parent_of(wp_id, source="https://sections.example"):
    obj = ImportedObject.objects.get(source=source, kind="post", key=str(wp_id))
    return ArticlePage.objects.get(pk=obj.object_id).get_parent().specific


def test_category_with_a_sections_slug_goes_to_it(home, client):
    politics = make_section(home, "السياسة", slug="politics")
    summary = import_wordpress(SITE)
    assert summary.matched_sections == {"politics": {"section": "السياسة", "path": "/politics/", "by": "slug"}}
    assert not SectionPage.objects.filter(slug="politics-2").exists()
    assert SectionPage.objects.get(pk=politics.pk).title == "السياسة"          # the site's section, not renamed
    assert parent_of(10, "https://old.example").pk == politics.pk
    gulf = SectionPage.objects.get(title="الخليج")                              # a child category under it
    assert gulf.get_parent().pk == politics.pk
    assert summary.created["sections"] == 3 and summary.counts["sections"] == 4   # gulf, sport, «غير مصنف»
    response = client.get("/category/politics/")
    assert (response.status_code, response["Location"]) == (301, "/politics/")
    assert Page.find_problems() == ([], [], [], [], [])


def test_category_with_a_sections_name_goes_to_it(home, tmp_path):
    # The demo's «المفتاح الاستخباراتي» under another slug: an import used to make a second one.
    intelligence = make_section(home, INTELLIGENCE, slug="intelligence-key")
    path = export(tmp_path, [category(3, INTELLIGENCE_ENCODED, INTELLIGENCE)], [post(1, INTELLIGENCE_ENCODED)])
    summary = import_wordpress(path)
    assert SectionPage.objects.filter(title=INTELLIGENCE).count() == 1
    assert parent_of(1).pk == intelligence.pk
    assert summary.matched_sections == {
        INTELLIGENCE_ENCODED: {"section": INTELLIGENCE, "path": "/intelligence-key/", "by": "name"}}
    assert summary.created["sections"] == 0


def test_categories_of_one_site_never_share_a_section(home, tmp_path):
    """Two categories of one WordPress site with the same name are two sections, in this run and in a later one."""
    path = export(tmp_path, [category(3, "world", "العالم"), category(4, "news", "أخبار", "world"),
                             category(5, "local", "محلي"), category(6, "news-local", "أخبار", "local")],
                  [post(1, "news"), post(2, "news-local")])
    summary = import_wordpress(path)
    assert summary.matched_sections == {} and summary.created["sections"] == 4
    assert parent_of(1).pk != parent_of(2).pk
    later = export(tmp_path, [category(7, "more-news", "أخبار")], [post(3, "more-news")], "later.xml")
    summary = import_wordpress(later)
    assert summary.matched_sections == {} and SectionPage.objects.filter(title="أخبار").count() == 3


def test_map_category_option(home, tmp_path):
    economy = make_section(home, "اقتصاد", slug="economy")
    world = make_section(home, "العالم", slug="world")
    world_economy = make_section(world, "اقتصاد عالمي", slug="economy")
    path = export(tmp_path, [category(3, "money", "مال"), category(4, "markets", "أسواق")],
                  [post(1, "money"), post(2, "markets")])
    out = io.StringIO()
    call_command("import_wordpress", str(path), "--map-category", "money=world/economy", "--map-category",
                 "markets=world", "--json", "--no-progress", stdout=out)
    data = json.loads(out.getvalue())
    assert data["matched_sections"] == {
        "money": {"section": "اقتصاد عالمي", "path": "/world/economy/", "by": "map"},
        "markets": {"section": "العالم", "path": "/world/", "by": "map"}}
    assert (parent_of(1).pk, parent_of(2).pk) == (world_economy.pk, world.pk)
    assert data["created"].get("sections", 0) == 0 and economy.get_children().count() == 0


@pytest.mark.parametrize("option, reason", [
    ("nothing=economy", "no category with the slug 'nothing'"),
    ("money=nowhere", "no section 'nowhere'"),
    ("money=economy", "several sections have the slug 'economy'"),
])
def test_map_category_errors_write_nothing(home, tmp_path, option, reason):
    make_section(home, "اقتصاد", slug="economy")
    make_section(make_section(home, "العالم", slug="world"), "اقتصاد عالمي", slug="economy")
    path = export(tmp_path, [category(3, "money", "مال")], [post(1, "money")])
    pages = Page.objects.count()
    with pytest.raises(CategoryMapError) as error:
        import_wordpress(path, category_map=dict([option.split("=")]))
    assert reason in str(error.value)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_wordpress", str(path), "--map-category", option, "--json", "--no-progress", stdout=out)
    assert failed.value.returncode == 1 and reason in json.loads(out.getvalue())["errors"][0]
    assert Page.objects.count() == pages and not ImportedObject.objects.exists()
    with pytest.raises(CommandError):
        call_command("import_wordpress", str(path), "--map-category", "money", stdout=io.StringIO())


def test_summary_lists_matched_categories(home, tmp_path):
    make_section(home, "اقتصاد", slug="economy")
    make_section(home, INTELLIGENCE, slug="intelligence-key")
    path = export(tmp_path, [category(3, "economy", "Economy"), category(4, INTELLIGENCE_ENCODED, INTELLIGENCE),
                             category(5, "money", "مال")],
                  [post(1, "economy"), post(2, INTELLIGENCE_ENCODED), post(3, "money")])
    out = io.StringIO()
    call_command("import_wordpress", str(path), "--map-category", "money=economy", "--no-progress", stdout=out)
    text = out.getvalue()
    assert "categories filed under existing sections" in text
    assert "economy → اقتصاد /economy/ (by slug)" in text
    assert f"{INTELLIGENCE_ENCODED} → {INTELLIGENCE} /intelligence-key/ (by name)" in text
    assert "money → اقتصاد /economy/ (by map)" in text


def test_second_run_with_matched_sections_changes_nothing(home, tmp_path):
    politics = make_section(home, "السياسة", slug="politics")
    sport = make_section(home, "الرياضة", slug="sports")
    first = import_wordpress(SITE, category_map={"sport": "sports"})
    before = (Page.objects.count(), list(SectionPage.objects.order_by("path").values_list("path", "title", "slug")))
    again = import_wordpress(SITE)   # the mapping is remembered: no need to give it again
    assert not again.changed_anything, (again.created, again.updated)
    assert (Page.objects.count(), list(SectionPage.objects.order_by("path").values_list("path", "title", "slug"))) \
        == before
    assert first.matched_sections == {"politics": {"section": "السياسة", "path": "/politics/", "by": "slug"},
                                      "sport": {"section": "الرياضة", "path": "/sports/", "by": "map"}}
    assert again.matched_sections == {"politics": {"section": "السياسة", "path": "/politics/", "by": "earlier run"},
                                      "sport": {"section": "الرياضة", "path": "/sports/", "by": "earlier run"}}
    assert first.counts["sections"] == 4
    assert SectionPage.objects.get(pk=politics.pk).title == "السياسة" and sport.get_children().count() == 0


def test_section_deleted_since_the_last_import_is_made_again(home, tmp_path):
    path = export(tmp_path, [category(3, "economy", "اقتصاد")], [post(1, "economy")])
    import_wordpress(path)
    SectionPage.objects.get(slug="economy").delete()
    summary = import_wordpress(path)
    assert (summary.created["sections"], summary.created["articles"]) == (1, 1)   # its article went with it
    assert parent_of(1).slug == "economy"
