"""The live article as readers get it: the article on top, updates newest first with links to each, the pinned
ones first, the key events listed, LiveBlogPosting structured data; after the end, an ordinary article."""

import json
import re

import pytest
from django.test import Client

from .conftest import post

pytestmark = pytest.mark.django_db


def ld_of_type(html, kind):
    blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    return [b for b in blocks if b.get("@type") == kind]


def update_ids_in_order(html):
    return [int(i) for i in re.findall(r'<article class="live-update[^"]*" id="update-(\d+)"', html)]


def test_live_page_shows_article_then_updates_newest_first_pinned_on_top(story):
    html = Client().get(story["article"].url).content.decode()
    first, key_event, pinned = story["updates"]
    assert html.index("ناقشت الحكومة خطة لضبط الحدود.") < html.index('id="live"')  # the article's summary on top
    assert update_ids_in_order(html) == [pinned.pk, key_event.pk, first.pk]
    assert '<span class="live-badge">مباشر</span>' in html
    assert f'href="#update-{first.pk}"' in html  # a link to each update
    key_events = html.split('class="live-key-events"', 1)[1].split("</nav>", 1)[0]
    assert f'href="#update-{key_event.pk}"' in key_events and f"#update-{first.pk}" not in key_events
    assert 'src="/static/live/live.js"' in html
    assert 'data-latest="%d"' % pinned.pk in html
    assert "<h3 class=\"live-update-headline\">اجتماع طارئ</h3>" in html


def test_live_blog_posting_structured_data(story):
    html = Client().get(story["article"].url).content.decode()
    [data] = ld_of_type(html, "LiveBlogPosting")
    assert data["headline"] == story["article"].title
    assert data["coverageStartTime"] == story["coverage"].started_at.isoformat()
    assert "coverageEndTime" not in data
    assert data["url"] == story["article"].full_url
    updates = data["liveBlogUpdate"]
    assert [u["articleBody"] for u in updates] == [u.body.removeprefix("<p>").removesuffix("</p>")
                                                  for u in reversed(story["updates"])]
    assert updates[-1]["headline"] == "اجتماع طارئ"
    assert all(u["@type"] == "BlogPosting" and u["url"].startswith(story["article"].full_url + "#update-")
               for u in updates)


def test_text_cannot_break_out_of_the_structured_data(story):
    post(story["coverage"], "نص </script><script>alert(1)</script> انتهى", headline="</script><b>x</b>")
    html = Client().get(story["article"].url).content.decode()
    assert "<script>alert(1)" not in html
    [data] = ld_of_type(html, "LiveBlogPosting")
    assert data["liveBlogUpdate"][0]["headline"] == "</script><b>x</b>"


def test_ending_the_coverage_turns_the_page_into_an_ordinary_article(story, django_capture_on_commit_callbacks):
    from miftah.live.coverage import end_coverage

    with django_capture_on_commit_callbacks(execute=True):
        end_coverage(story["coverage"])
    html = Client().get(story["article"].url).content.decode()
    assert "live-badge" not in html and "live.js" not in html and "data-live-url" not in html
    assert "مباشر:" not in html  # nor in the ticker
    assert "سجل التغطية" in html and len(update_ids_in_order(html)) == 3  # the updates stay as the record
    [data] = ld_of_type(html, "LiveBlogPosting")
    assert data["coverageEndTime"] == story["coverage"].ended_at.isoformat()


def test_an_article_without_coverage_is_unchanged(newsroom):
    html = Client().get(newsroom["articles"][0].url).content.decode()
    assert 'id="live"' not in html and "LiveBlogPosting" not in html


def test_ticker_shows_the_live_badge_on_every_page(story):
    for path in ("/", story["sections"]["economy"].url, story["articles"][3].url):
        html = Client().get(path).content.decode()
        ticker = html.split('class="ticker"', 1)[1].split("</section>", 1)[0]
        item = [li for li in ticker.split("<li>") if story["article"].title in li][0]
        assert '<span class="breaking-label live-label-ticker">مباشر:</span>' in item, path
    assert "live-label-ticker" not in [li for li in ticker.split("<li>") if "أسعار الطاقة" in li][0]


def test_queries_do_not_grow_with_the_number_of_updates(story):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from miftah.news.tests.factories import make_image

    image = make_image()

    def count(path):
        client = Client()
        client.get(path, HTTP_COOKIE="sessionid=none")  # warm renditions and the site root
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, HTTP_COOKIE="sessionid=none")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    url = story["article"].url
    post(story["coverage"], "صورة من الموقع", image=image, image_caption="الموقع", author=story["updates"][0].author)
    small, html = count(url)
    assert len(update_ids_in_order(html)) == 4 and "live-older" not in html
    for n in range(60):
        post(story["coverage"], f"تحديث رقم {n}", image=image if n % 3 == 0 else None, is_key_event=n == 59,
             minutes_ago=n + 1)
    large, html = count(url)
    every, html_all = count(url + "?updates=all")
    assert large == small == every, f"{small} queries with 4 updates, {large} with 64, {every} showing all 64"
    # The pinned one and the newest 50 others; the older ones behind a link, and a key event among them links there.
    assert len(update_ids_in_order(html)) == 51 and len(update_ids_in_order(html_all)) == 64
    assert '<a href="?updates=all#live">عرض التحديثات الأقدم (13)</a>' in html
    oldest_key_event = story["coverage"].updates.get(body="<p>تحديث رقم 59</p>")
    assert f'href="?updates=all#update-{oldest_key_event.pk}"' in html
    assert f'id="update-{oldest_key_event.pk}"' in html_all and "live-older" not in html_all
    assert f'data-latest="{oldest_key_event.pk}"' in html  # polls start after the highest id, whatever is shown


def test_embeds_come_from_wagtails_store_and_unknown_links_stay_links(story, django_capture_on_commit_callbacks):
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    video = "https://www.youtube.com/watch?v=live-test-1"
    Embed.objects.create(url=video, hash=get_embed_hash(video), type="video", width=560, height=315,
                         html='<iframe src="https://www.youtube-nocookie.com/embed/live-test-1" title="فيديو"></iframe>')
    with django_capture_on_commit_callbacks(execute=True):
        post(story["coverage"], "مقطع من الجلسة", embed_url=video)
        post(story["coverage"], "تقرير الوكالة", embed_url="https://example.org/report")  # no provider knows it
    html = Client().get(story["article"].url).content.decode()
    assert '<div class="live-update-embed"><iframe src="https://www.youtube-nocookie.com/embed/live-test-1"' in html
    assert '<a href="https://example.org/report" rel="noopener nofollow">https://example.org/report</a>' in html
