"""A reader's whole journey in a real browser with JavaScript off, mail read from a real SMTP server: sign up in
the box of the cached home page → confirmation mail → confirm → a digest arrives → unsubscribe in one click."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from miftah.newsletters.issues import run_schedule
from miftah.newsletters.models import Issue, NewsletterList, Subscription

from ..conftest import daily_list, link, part

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_for_mail(inbox, address, count=1, timeout=10.0):
    deadline = time.monotonic() + timeout
    while len(inbox.to(address)) < count:
        assert time.monotonic() < deadline, f"no mail #{count} for {address}: {inbox.recipients()}"
        time.sleep(0.05)
    return inbox.to(address)[count - 1]


@pytest.fixture
def site(live_server, settings, django_capture_on_commit_callbacks):
    from miftah.conftest import _build_newsroom
    from miftah.news.tests.factories import ensure_base_data, make_home

    ensure_base_data()
    settings.MIFTAH_BASE_URL = live_server.url  # links in the mails lead to this live site
    with django_capture_on_commit_callbacks(execute=True):
        newsroom = _build_newsroom(make_home())
    newsroom["daily"] = daily_list()
    newsroom["url"] = live_server.url
    return newsroom


def test_sign_up_confirm_receive_a_digest_and_unsubscribe_in_one_click(site, smtp_server, browser, screenshot,
                                                                       django_capture_on_commit_callbacks):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar", java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"] + "/")
    response = page.goto(site["url"] + "/")
    assert response.headers.get("x-miftah-cache") == "hit"  # the form is used from the cached copy
    box = page.locator("aside.newsletter-box")
    assert box.is_visible() and "النشرة اليومية" in box.inner_text()
    assert page.evaluate("getComputedStyle(document.querySelector('.newsletter-box')).direction") == "rtl"
    box.get_by_label("بريدك الإلكتروني").fill("reader@example.org")
    screenshot(page, "newsletter-box")
    box.get_by_role("button", name="اشترك").click()
    page.wait_for_load_state()
    assert "تحقّق من بريدك" in page.locator("h1").inner_text()
    assert Subscription.objects.get(subscriber__email="reader@example.org").status == Subscription.PENDING

    confirmation = wait_for_mail(smtp_server, "reader@example.org")
    page.goto(link(confirmation, rf"{site['url']}/newsletters/confirm/\S+/"))
    page.get_by_role("button", name="تأكيد الاشتراك").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "تمّ تأكيد اشتراكك"
    assert Subscription.objects.get(subscriber__email="reader@example.org").status == Subscription.CONFIRMED

    # The morning digest: the schedule comes round, the worker's job sends what was published since.
    now = timezone.localtime()
    NewsletterList.objects.filter(pk=site["daily"].pk).update(
        send_hour=now.hour, last_run_at=now - timedelta(days=1), covered_until=now - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        [issue] = run_schedule()
    digest = wait_for_mail(smtp_server, "reader@example.org", count=2)
    assert Issue.objects.get(pk=issue.pk).status == Issue.SENT
    assert site["articles"][0].title in part(digest, "plain")

    # The HTML part as a mail client shows it: right to left, the site's font first.
    mail_page = context.new_page()
    mail_page.set_content(part(digest, "html"))
    assert mail_page.evaluate("getComputedStyle(document.querySelector('td[dir=rtl]')).direction") == "rtl"
    assert "Naskh" in mail_page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    screenshot(mail_page, "newsletter-digest-email", full_page=True)
    article_link = mail_page.get_by_role("link", name=site["articles"][0].title)
    assert "utm_campaign=daily" in article_link.get_attribute("href")

    unsubscribe_url = str(digest["List-Unsubscribe"]).strip().strip("<>")
    page.goto(unsubscribe_url)
    page.get_by_role("button", name="ألغِ اشتراكي").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "أُلغي اشتراكك"
    assert Subscription.objects.get(subscriber__email="reader@example.org").status == Subscription.UNSUBSCRIBED
    context.close()


def test_a_mail_client_unsubscribes_with_the_rfc8058_post(site, smtp_server, browser, django_capture_on_commit_callbacks):
    from miftah.newsletters.models import Subscriber
    from miftah.newsletters.sending import start_sending

    subscriber = Subscriber.objects.create(email="client@example.org")
    Subscription.objects.create(subscriber=subscriber, newsletter=site["daily"], status=Subscription.CONFIRMED)
    with django_capture_on_commit_callbacks(execute=True):
        start_sending(Issue.objects.create(newsletter=site["daily"], subject="عدد", intro="نص."))
    mail = wait_for_mail(smtp_server, "client@example.org")
    context = browser.new_context()
    response = context.request.post(str(mail["List-Unsubscribe"]).strip().strip("<>"),
                                    form={"List-Unsubscribe": "One-Click"})
    assert response.status == 200
    assert Subscription.objects.get(subscriber=subscriber).status == Subscription.UNSUBSCRIBED
    context.close()


@pytest.mark.parametrize("path", ["home", "article"])
def test_the_box_fits_a_phone(site, browser, screenshot, path):
    """At 390 px the e-mail field and the button share the box's width; the page does not scroll sideways (the
    field's intrinsic width once widened the form's grid track past the column)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="ar")
    page = context.new_page()
    try:
        page.goto(site["url"] + ("/" if path == "home" else site["articles"][0].url))
        box = page.locator("aside.newsletter-box")
        assert box.is_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        edges = page.evaluate("""[...document.querySelectorAll('.newsletter-box, .newsletter-row input, .newsletter-row button')]
                                  .map(e => [e.getBoundingClientRect().left, e.getBoundingClientRect().right])""")
        (box_left, box_right), *inside = edges
        assert all(box_left <= left and right <= box_right for left, right in inside), edges
        screenshot(page, f"newsletter-box-{path}-390")
    finally:
        context.close()
