"""The beacon endpoint: what it stores (and what it never stores), what it refuses, robots, the rate limit."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from miftah.analytics.models import DIRECT, INTERNAL, NEWSLETTER, OTHER, SEARCH, SOCIAL, DailySalt, PageView
from miftah.analytics.sources import classify, is_bot

pytestmark = pytest.mark.django_db
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"


def send(client=None, ua=CHROME, address="203.0.113.7", **data):
    client = client or Client()
    return client.post("/qiraa/", data, HTTP_USER_AGENT=ua, REMOTE_ADDR=address)


def test_a_view_is_one_row_with_no_address_browser_or_referrer():
    response = send(p="42", r="https://www.google.com.lb/search?q=%D8%B3%D8%B1")
    assert response.status_code == 204
    (view,) = PageView.objects.all()
    assert (view.page_id, view.source, view.campaign) == (42, SEARCH, "")
    stored = " ".join(str(v) for v in PageView.objects.values_list().get())
    assert "203.0.113.7" not in stored and "Chrome" not in stored and "google" not in stored
    assert len(view.visitor) == 16


def test_the_beacon_costs_one_insert_once_the_days_salt_is_known():
    send(p="1")
    with CaptureQueriesContext(connection) as queries:
        assert send(p="2").status_code == 204
    writes = [q["sql"] for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(writes) == 1 and writes[0].startswith("INSERT"), writes


def test_the_same_reader_hashes_alike_within_a_day_and_others_do_not():
    send(p="5")
    send(p="6")
    send(p="5", address="198.51.100.1")
    send(p="5", ua=FIREFOX)
    hashes = list(PageView.objects.order_by("pk").values_list("visitor", flat=True))
    assert hashes[0] == hashes[1] and len(set(hashes)) == 3


def test_the_salt_is_random_per_day_and_kept_only_in_its_row():
    send(p="5")
    (salt,) = DailySalt.objects.all()
    assert len(bytes(salt.salt)) == 32


@pytest.mark.parametrize("ua", ["", "Googlebot/2.1 (+http://www.google.com/bot.html)",
                                "Mozilla/5.0 (compatible; bingbot/2.0)", "facebookexternalhit/1.1",
                                "python-requests/2.32", "curl/8.5.0",
                                "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0.0.0"])
def test_robots_are_answered_but_not_counted(ua):
    assert send(p="3", ua=ua).status_code == 204
    assert not PageView.objects.exists()


@pytest.mark.parametrize("data, status, message", [
    ({}, 400, "رقم الصفحة"), ({"p": "abc"}, 400, "رقم الصفحة"), ({"p": "0"}, 400, "رقم الصفحة"),
    ({"p": "-4"}, 400, "رقم الصفحة"), ({"p": str(2**31)}, 400, "رقم الصفحة"),
])
def test_bad_input_gets_a_clear_error(data, status, message):
    response = send(**data)
    assert response.status_code == status
    assert message in response.content.decode()
    assert not PageView.objects.exists()


def test_only_post_is_accepted():
    response = Client().get("/qiraa/?p=1")
    assert response.status_code == 405 and response["Allow"] == "POST"


def test_an_oversized_body_is_refused():
    response = Client().post("/qiraa/", {"p": "1", "r": "x" * 5000}, HTTP_USER_AGENT=CHROME)
    assert response.status_code == 413


def test_another_sites_pages_cannot_count_views():
    response = Client().post("/qiraa/", {"p": "1"}, HTTP_USER_AGENT=CHROME, HTTP_ORIGIN="https://evil.example")
    assert response.status_code == 403
    assert Client().post("/qiraa/", {"p": "1"}, HTTP_USER_AGENT=CHROME,
                         HTTP_ORIGIN="http://testserver").status_code == 204
    assert PageView.objects.count() == 1


def test_no_cookie_is_set_and_nothing_is_cached():
    response = send(p="9")
    assert not response.cookies
    assert "public" not in response.get("Cache-Control", "")


def test_one_address_is_rate_limited(settings):
    settings.MIFTAH_ANALYTICS_BEACONS_PER_MINUTE = 3
    statuses = [send(p="1").status_code for _ in range(5)]
    assert statuses == [204, 204, 204, 429, 429]
    assert send(p="1", address="198.51.100.9").status_code == 204
    assert PageView.objects.count() == 4


def test_the_limit_is_per_client_behind_a_trusted_proxy(settings):
    settings.MIFTAH_ANALYTICS_BEACONS_PER_MINUTE = 1
    settings.MIFTAH_TRUSTED_PROXIES = ["10.0.0.1"]
    client = Client()
    post = lambda who: client.post("/qiraa/", {"p": "1"}, HTTP_USER_AGENT=CHROME, REMOTE_ADDR="10.0.0.1",  # noqa: E731
                                   HTTP_X_FORWARDED_FOR=who).status_code
    assert [post("203.0.113.1"), post("203.0.113.2"), post("203.0.113.1")] == [204, 204, 429]


@pytest.mark.parametrize("referrer, utm, expected", [
    ("", {}, (DIRECT, "")),
    ("https://www.google.com/", {}, (SEARCH, "")),
    ("https://www.google.com.sa/", {}, (SEARCH, "")),
    ("https://duckduckgo.com/", {}, (SEARCH, "")),
    ("https://t.co/abc", {}, (SOCIAL, "")),
    ("https://l.facebook.com/l.php", {}, (SOCIAL, "")),
    ("https://web.whatsapp.com/", {}, (SOCIAL, "")),
    ("http://testserver/economy/", {}, (INTERNAL, "")),
    ("https://example.org/post", {}, (OTHER, "")),
    ("https://notgoogle.example/", {}, (OTHER, "")),
    ("", {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "النشرة-اليومية"},
     (NEWSLETTER, "النشرة-اليومية")),
    ("https://mail.google.com/", {"utm_source": "newsletter", "utm_medium": "email", "utm_campaign": "<script>"},
     (NEWSLETTER, "")),
])
def test_referrers_are_reduced_to_a_kind(referrer, utm, expected):
    assert classify(referrer, "testserver:80", **utm) == expected


def test_a_newsletter_click_is_stored_with_its_list():
    send(p="8", r="https://mail.google.com/", utm_source="newsletter", utm_medium="email", utm_campaign="weekly")
    assert PageView.objects.values_list("source", "campaign").get() == (NEWSLETTER, "weekly")


def test_is_bot_lets_ordinary_browsers_through():
    assert not is_bot(CHROME) and not is_bot(FIREFOX)


def test_buffered_beacons_open_no_connection_and_are_written_together(settings):
    from miftah.analytics.buffer import views

    settings.MIFTAH_ANALYTICS_BUFFER_SECONDS = 60  # the flusher thread will not come round during this test
    send(p="1")  # the day's salt, read once per process
    views.flush()
    with CaptureQueriesContext(connection) as queries:
        assert all(send(p=str(n)).status_code == 204 for n in range(2, 6))
    assert len(queries) == 0 and PageView.objects.count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert views.flush() == 4
    assert len([q for q in queries if q["sql"].startswith("INSERT")]) == 1
    assert sorted(PageView.objects.values_list("page_id", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.django_db(transaction=True)
def test_the_buffer_writes_by_itself_within_its_time(settings):
    import time

    from miftah.analytics.buffer import ViewBuffer

    settings.MIFTAH_ANALYTICS_BUFFER_SECONDS = 0.2
    buffer = ViewBuffer()
    for n in range(3):
        buffer.add(PageView(day="2026-12-06", page_id=n + 1, source=DIRECT, visitor="v"))
    try:
        deadline = time.monotonic() + 10
        while PageView.objects.count() < 3:
            assert time.monotonic() < deadline, "the buffer was not written"
            time.sleep(0.05)
        assert buffer.thread.daemon and buffer.views == []
    finally:
        buffer.stop()
