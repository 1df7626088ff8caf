"""Search indexing during the import: each article's texts are analysed in the conversion process and handed to the
search backend (``search_analysed``); the index rows must be exactly those that indexing the article the normal way,
from the database, writes — on SQLite and PostgreSQL.

Also the two pieces that make the hand-over possible without a database: the searchable text of a StreamField
computed from its raw data, and rich text stripped for indexing without an HTML parser."""

import random

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.conf import get_app_config
from wagtail import blocks
from wagtail.rich_text import get_text_for_indexing
from wagtail.search.backends import get_search_backend

from miftah.news.models import ArticlePage
from miftah.search.backends import indexing
from miftah.news.text import NotRaw, stream_searchable_content, text_for_indexing
from miftah.wordpress.importer import import_wordpress

from .conftest import FIXTURES, wordpress_data
from .test_importer import SITE, make_uploads

BODY = ArticlePage._meta.get_field("body")


def _entries():
    IndexEntry = get_app_config().get_model("IndexEntry")
    rows = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ArticlePage))
    fields = ["object_id", "title", "autocomplete", "body", "title_norm"]
    if connection.vendor == "postgresql":
        fields += ["title_text", "body_text"]
    return sorted(tuple(round(value, 9) if isinstance(value, float) else value for value in row)
                  for row in rows.values_list(*fields))


def _export(name):
    if name == "site":
        return SITE
    if name == "arabic":
        return wordpress_data("arabic-sample", "ant_ar_sample.wxr.xml")
    return wordpress_data("theme-unit-test", "themeunittestdata.wordpress.xml")


@pytest.mark.parametrize("name", ["site", "arabic", "theme"])
@pytest.mark.parametrize("workers", [0, 1])
def test_imported_index_rows_are_those_of_normal_indexing(home, tmp_path, monkeypatch, name, workers):
    """Every text of an imported article comes analysed from the conversion process (the writer reads none of its
    fields, bar the section of an uncategorised post), and reindexing each article from the database, field by
    field, writes the very same rows."""
    from miftah.wordpress.importer import Importer

    read = []
    field_values = indexing.field_values

    def spy(obj, fields):
        if isinstance(obj, ArticlePage):
            read.extend(field.field_name for field in fields)
        return field_values(obj, fields)

    monkeypatch.setattr(indexing, "field_values", spy)
    summary = Importer(_export(name), media_dir=make_uploads(tmp_path) if name == "site" else None,
                       workers=workers).run()
    imported = _entries()
    assert len(imported) == ArticlePage.objects.count() == summary.counts["articles"] > 0
    assert set(read) <= {"section"}
    assert len(read) <= summary.counts["articles"] // 2
    monkeypatch.undo()

    backend = get_search_backend()
    for page in ArticlePage.objects.all():
        backend.add(page)
    assert _entries() == imported


def test_imported_article_is_found_as_a_reindexed_one(home, tmp_path):
    """The same search gives the same articles in the same order, with the same scores, before and after every
    article is indexed again the normal way."""
    import_wordpress(SITE, media_dir=make_uploads(tmp_path))

    def results(query):
        return [(page.pk, round(page.score or 0, 6))
                for page in ArticlePage.objects.live().search(query).annotate_score("score")]

    queries = ["الانتخابات", "سياسة", "خبر", "نتائج الانتخابات"]
    before = {query: results(query) for query in queries}
    assert any(before.values())
    backend = get_search_backend()
    for page in ArticlePage.objects.all():
        backend.add(page)
    assert {query: results(query) for query in queries} == before


def test_a_failed_import_leaves_no_index_rows(home, tmp_path, monkeypatch):
    """Title norms are computed once after the batches; an error after them rolls everything back."""
    from miftah.wordpress.terms import Terms

    before = _entries()

    def fail(self, page_ids):
        raise RuntimeError("stop")

    monkeypatch.setattr(Terms, "feature_sticky", fail)
    with pytest.raises(RuntimeError):
        import_wordpress(SITE, media_dir=make_uploads(tmp_path))
    assert _entries() == before and ArticlePage.objects.count() == 0


# ---------------------------------------------------------------- raw StreamField data, rich text


def _bodies():
    """Raw bodies of every article of the fixture exports, as imported."""
    return [page.body.raw_data for page in ArticlePage.objects.all()]


@pytest.mark.parametrize("name", ["site", "arabic", "theme"])
def test_searchable_content_of_raw_bodies_is_the_streamfields(home, tmp_path, name):
    import_wordpress(_export(name), media_dir=make_uploads(tmp_path) if name == "site" else None,
                     search_index=False)
    bodies = _bodies()
    assert bodies
    for raw in bodies:
        assert stream_searchable_content(BODY.stream_block, list(raw)) == \
            BODY.get_searchable_content(BODY.to_python(list(raw)))


def test_searchable_content_of_every_block_type(db):
    raw = [
        {"type": "paragraph", "value": "<p>فقرة <b>غامقة</b> &amp; <a href=\"/x?a=1&amp;b=2\">رابط</a></p>", "id": "1"},
        {"type": "heading", "value": {"text": "عنوان فرعي", "level": "3"}, "id": "2"},
        {"type": "heading", "value": {"text": "بلا مستوى"}, "id": "2b"},
        {"type": "image", "value": {"image": 12345, "caption": "تعليق", "credit": "وكالة", "alt": "بديل"}, "id": "3"},
        {"type": "quote", "value": {"text": "اقتباس", "attribution": "قائل"}, "id": "4"},
        {"type": "pull_quote", "value": "اقتباس بارز", "id": "5"},
        {"type": "list", "value": {"ordered": True, "items": [
            {"type": "item", "value": "<b>أول</b>", "id": "a"}, {"type": "item", "value": "ثانٍ", "id": "b"}]},
         "id": "6"},
        {"type": "list", "value": {"ordered": False, "items": ["<i>قديم</i>", "شكل"]}, "id": "6b"},
        {"type": "table", "value": {"data": [["خلية", None, ""], ["أخرى", "ثالثة"]],
                                    "first_row_is_table_header": True}, "id": "7"},
        {"type": "embed", "value": "https://www.youtube.com/watch?v=x", "id": "8"},
        {"type": "gallery", "value": {"images": [{"type": "item", "value": {"image": 1, "caption": "صورة"},
                                                  "id": "g"}]}, "id": "9"},
        {"type": "media", "value": {"kind": "video", "url": "https://example.com/v.mp4"}, "id": "10"},
        {"type": "sources", "value": [{"type": "item", "value": {"title": "مصدر", "url": "https://a.example"},
                                       "id": "s"}], "id": "11"},
        {"type": "no_such_block", "value": "يُسقط", "id": "12"},
    ]
    expected = BODY.get_searchable_content(BODY.to_python(raw))
    from django.utils.translation import pgettext

    assert "عنوان فرعي" in expected and pgettext("heading level", "H3") in expected and "مصدر" in expected
    assert stream_searchable_content(BODY.stream_block, raw) == expected


def test_blocks_with_their_own_searchable_content_are_not_read_raw():
    class Shouting(blocks.StructBlock):
        text = blocks.CharBlock()

        def get_searchable_content(self, value):
            return [value["text"].upper()]

    stream = blocks.StreamBlock([("shout", Shouting()), ("text", blocks.CharBlock())])
    assert stream_searchable_content(stream, [{"type": "text", "value": "a"}]) == ["a"]
    with pytest.raises(NotRaw):
        stream_searchable_content(stream, [{"type": "shout", "value": {"text": "a"}}])


HTML_CASES = [
    "<p>نص</p><p>آخر</p>", "<P>كبير</P><H2>عنوان</H2>", "سطر<br/>سطر<br />سطر<br>سطر<hr/>",
    "<ul><li>أ</li><li>ب</li></ul>", "<blockquote>قول</blockquote>بعده",
    '<a href="/x" title="a>b">رابط</a>', '<a title="a<b">x</a>', "a &amp; b &lt;c&gt; &nbsp; &#39; &#x41; &copy;",
    "&copy without semicolon", "AT&T", "a < b", "a > b", "<!-- تعليق -->نص", "<script>x<y</script>z",
    "<style>p{}</style>نص", "<?php echo 1 ?>x", "<!DOCTYPE html><p>x</p>", "<p>غير مغلق", "</p>بلا فتح",
    "<p class='x'>مفرد</p>", "<img src=x alt='صورة'>", "<p>  فراغات  </p>  ", "", "   ", "<>", "<1>", "< p>x</ p>",
    "<p>نص\nبسطرين</p>", "<textarea><b>x</b></textarea>", "<b>غامق</b><i>مائل</i>",
]


@pytest.mark.parametrize("html", HTML_CASES)
def test_text_for_indexing_is_wagtails(html):
    assert text_for_indexing(html) == get_text_for_indexing(html)


def test_text_for_indexing_on_random_markup():
    pieces = ["<p>", "</p>", "<b>", "</b>", "<br/>", "<li>", "</li>", "&amp;", "&nbsp;", "&#39;", "&", "<", ">",
              '<a href="x">', "</a>", '<a title="1>2">', "<!--", "-->", "نص", "كلمة ", " ", "\n", "x", ";"]
    generator = random.Random(5)
    for _ in range(3000):
        html = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 12)))
        assert text_for_indexing(html) == get_text_for_indexing(html), html


def test_title_norms_of_a_bulk_load(home):
    """Inside ``title_norms_deferred`` no add_items scans the index: SQLite's norms are written with the rows and
    equal the stock refresh after each batch; PostgreSQL's are computed once at the end, as a full refresh gives."""
    from miftah.search.backends.indexing import title_norms_deferred

    import_wordpress(_export("arabic"), search_index=False)
    pages = list(ArticlePage.objects.order_by("pk"))
    backend = get_search_backend()
    IndexEntry = get_app_config().get_model("IndexEntry")
    articles = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ArticlePage))

    def load():
        for start in range(0, len(pages), 100):
            backend.add_bulk(ArticlePage, pages[start:start + 100])

    load()
    stock = _entries()
    articles.delete()
    with title_norms_deferred():
        load()
    bulk = _entries()
    assert len({row[4] for row in bulk}) > 10
    if connection.vendor == "sqlite":
        assert bulk == stock
    else:
        backend.get_index_for_model(ArticlePage)._refresh_title_norms(full=True)
        assert bulk == _entries() != stock
