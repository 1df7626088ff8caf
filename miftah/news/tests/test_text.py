"""Plain text of bodies: the full text (feeds, indexing) and the fast lead used for search snippets."""

import json

import pytest

from miftah.news.models import ArticlePage
from miftah.news.text import lead_text, stream_plain_text

pytestmark = pytest.mark.django_db


def _body(blocks):
    return json.dumps(blocks, ensure_ascii=False)


def test_lead_text_reads_every_kind_of_block_in_order_without_markup(home):
    from miftah.news.tests.factories import make_article, make_section

    section = make_section(home, "سياسة")
    body = _body([
        {"type": "heading", "value": {"text": "عنوان فرعي", "level": "h2"}, "id": "1"},
        {"type": "paragraph", "value": "<p>فقرة <b>أولى</b> &amp; <a href=\"https://example.org\">رابط</a></p>", "id": "2"},
        {"type": "quote", "value": {"text": "قول مأثور", "attribution": "مصدر مطّلع"}, "id": "3"},
        {"type": "pull_quote", "value": "اقتباس بارز", "id": "4"},
        {"type": "list", "value": {"items": ["بند أول", "بند ثان"], "ordered": False}, "id": "5"},
    ])
    article = make_article(section, "خبر", body=())
    ArticlePage.objects.filter(pk=article.pk).update(body=body)
    stored = ArticlePage.objects.values_list("body", flat=True).get(pk=article.pk)
    lead = lead_text(stored, 10_000)
    assert lead == "عنوان فرعي فقرة أولى & رابط قول مأثور مصدر مطّلع اقتباس بارز بند أول بند ثان"
    assert "<" not in lead and "https://" not in lead and "h2" not in lead
    # Same words as the full plain text, and cut to the limit asked for.
    full = ArticlePage.objects.get(pk=article.pk).body
    assert lead.split() == " ".join(stream_plain_text(full).replace("&amp;", "&").split()).split()
    assert lead_text(stored, 12) == lead[:12]
    assert lead_text(None, 100) == "" and lead_text("[]", 100) == ""
