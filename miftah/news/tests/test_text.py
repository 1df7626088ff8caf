"""Plain text of bodies and articles: one walk over the blocks for the reader's text, the search snippet's lead and
the searchable content, which differ only where they must."""

import json

import pytest

from miftah.news.models import ArticlePage
from miftah.news.text import article_text, lead_text, stream_plain_text, stream_searchable_content

pytestmark = pytest.mark.django_db

BODY = ArticlePage._meta.get_field("body")

EVERY_BLOCK = [
    {"type": "heading", "value": {"text": "عنوان فرعي", "level": "3"}, "id": "1"},
    {"type": "paragraph", "value": "<p>فقرة <b>أولى</b> &amp; <a href=\"https://example.org\">رابط</a></p>"
                                   "<p>فقرة ثانية</p><ul><li>بند</li><li>آخر</li></ul>", "id": "2"},
    {"type": "quote", "value": {"text": "قول مأثور", "attribution": "مصدر مطّلع"}, "id": "3"},
    {"type": "pull_quote", "value": "اقتباس بارز", "id": "4"},
    {"type": "list", "value": {"items": ["بند أول", {"type": "item", "value": "<b>بند</b> ثان", "id": "i"}],
                               "ordered": False}, "id": "5"},
    {"type": "image", "value": {"image": 12345, "caption": "تعليق", "credit": "وكالة", "alt": "بديل"}, "id": "6"},
    {"type": "table", "value": {"data": [["خلية", None], ["أخرى", ""]], "first_row_is_table_header": True,
                                "table_header_choice": "row", "cell": [{"row": 0, "col": 0, "className": "htLeft"}]},
     "id": "7"},
    {"type": "embed", "value": "https://www.youtube.com/watch?v=x", "id": "8"},
    {"type": "media", "value": {"kind": "video", "url": "https://example.com/v.mp4"}, "id": "9"},
    {"type": "sources", "value": [{"type": "item", "value": {"title": "مصدر", "url": "https://a.example"}, "id": "s"}],
     "id": "10"},
    {"type": "no_such_block", "value": "يُسقط", "id": "11"},
]
READER_LINES = [
    "عنوان فرعي",
    "فقرة أولى & رابط فقرة ثانية بند آخر",   # paragraphs and list items are not glued together
    "قول مأثور مصدر مطّلع",
    "اقتباس بارز",
    "بند أول بند ثان",
    "تعليق وكالة بديل",
    "خلية أخرى",
    "مصدر",
]


def test_the_reader_text_of_every_kind_of_block(db):
    # One line a block; markup, entities, URLs, image ids, table settings and choice labels (H3, video) are not prose.
    assert stream_plain_text(BODY.to_python(EVERY_BLOCK)).split("\n") == READER_LINES
    # The same from the raw data and from its JSON text (what values_list gives to search snippets).
    assert stream_plain_text(EVERY_BLOCK) == stream_plain_text(json.dumps(EVERY_BLOCK)) == "\n".join(READER_LINES)
    assert stream_plain_text(None) == stream_plain_text("[]") == ""


def test_the_reader_text_is_the_searchable_content_less_choice_labels(db):
    searchable = stream_searchable_content(BODY.stream_block, EVERY_BLOCK)
    assert searchable == BODY.get_searchable_content(BODY.to_python(EVERY_BLOCK))   # Wagtail's, exactly
    from django.utils.translation import pgettext

    heading_level = pgettext("heading level", "H3")  # the choice label as editors read it («عنوان فرعي (H3)»)
    labels = [text for text in searchable if text in (heading_level, "فيديو")]
    assert labels == [heading_level, "فيديو"]
    assert " ".join(text for text in searchable if text and text not in labels).split() == \
        stream_plain_text(EVERY_BLOCK).split()


def test_lead_text_is_the_start_of_the_reader_text(home):
    from miftah.news.tests.factories import make_article, make_section

    article = make_article(make_section(home, "سياسة"), "خبر", body=())
    ArticlePage.objects.filter(pk=article.pk).update(body=json.dumps(EVERY_BLOCK, ensure_ascii=False))
    stored = ArticlePage.objects.values_list("body", flat=True).get(pk=article.pk)
    folded = " ".join(" ".join(READER_LINES).split())
    assert lead_text(stored, 10_000) == folded
    for limit in (1, 12, 40, 41, 70):
        assert lead_text(stored, limit) == folded[:limit]
    assert lead_text(None, 100) == "" and lead_text("[]", 100) == ""


def test_lead_text_reads_no_further_than_it_needs(db):
    body = [{"type": "pull_quote", "value": "بداية طويلة بما يكفي", "id": "1"},
            {"type": "heading", "value": 5, "id": "x"}]   # not a heading's data: reading it raises
    with pytest.raises(TypeError):
        stream_plain_text(body)
    assert lead_text(body, 10) == "بداية طويل"


def test_article_text_is_title_dek_and_body_one_per_line(home):
    from miftah.news.tests.factories import make_article, make_section

    section = make_section(home, "سياسة")
    article = make_article(section, "العنوان", dek="الموجز", body=("فقرة &amp; أخرى",))
    assert article_text(article) == "العنوان\nالموجز\nفقرة & أخرى"
    assert article_text(make_article(section, "بلا موجز", body=())) == "بلا موجز"
