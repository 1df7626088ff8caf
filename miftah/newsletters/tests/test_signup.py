"""Signing up from a page the page cache serves, double opt-in through a real SMTP server, the signed reader links
(confirm, unsubscribe, preferences, export, delete), and the guards: cross-site posts, rate limits, bad input."""

import json
import time
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client

from miftah.newsletters.models import NewsletterList, Subscriber, Subscription
from miftah.newsletters.tokens import reader_token

from .conftest import daily_list, link, part

pytestmark = pytest.mark.django_db
ORIGIN = "http://testserver"


@pytest.fixture
def daily(newsroom):
    return daily_list()


def post_signup(client, email, lists, **extra):
    headers = {"HTTP_ORIGIN": ORIGIN, "HTTP_SEC_FETCH_SITE": "same-origin"}
    headers.update(extra)
    return client.post("/newsletters/subscribe/", {"email": email, "newsletters": [n.pk for n in lists]}, **headers)


def path_of(url):
    parts = urlsplit(url)
    return parts.path


def test_the_box_is_on_cached_home_and_article_pages_and_its_form_works_from_the_cached_copy(
        daily, newsroom, smtp_server, django_capture_on_commit_callbacks):
    client = Client()
    article_url = newsroom["articles"][0].url
    for url in ("/", article_url):
        client.get(url)
        cached = client.get(url)
        assert cached["X-Miftah-Cache"] == "hit", url
        html = cached.content.decode()
        assert 'action="/newsletters/subscribe/"' in html and daily.name in html
        assert "csrfmiddlewaretoken" not in html  # a token in a shared cached page would be one reader's token for all
        assert not cached.cookies
    with django_capture_on_commit_callbacks(execute=True):
        response = post_signup(client, "Reader@Example.org", [daily])
    assert response.status_code == 200
    assert "تحقّق من بريدك" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    subscription = Subscription.objects.get(subscriber__email="reader@example.org")
    assert subscription.status == Subscription.PENDING
    [mail] = smtp_server.to("reader@example.org")
    assert "أكّد اشتراكك" in str(mail["Subject"])
    assert 'dir="rtl"' in part(mail, "html")
    confirm_path = path_of(link(mail, r"http://localhost/newsletters/confirm/\S+/"))
    # Following the link shows a button; a mail scanner fetching it confirms nothing.
    page = client.get(confirm_path)
    assert page.status_code == 200 and "تأكيد الاشتراك" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.PENDING
    done = client.post(confirm_path)
    assert done.status_code == 200 and daily.name in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.status == Subscription.CONFIRMED and subscription.confirmed_at is not None


def test_a_confirmation_link_expires(daily, smtp_server, monkeypatch, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_signup(Client(), "late@example.org", [daily])
    url = link(smtp_server.to("late@example.org")[0], r"http://localhost/newsletters/confirm/\S+/")
    real_time = time.time
    monkeypatch.setattr(signing.time, "time", lambda: real_time() + settings.MIFTAH_NEWSLETTER_CONFIRM_HOURS * 3600 + 60)
    response = Client().post(path_of(url))
    assert response.status_code == 400 and "انتهت صلاحية" in response.content.decode()
    assert Subscription.objects.get(subscriber__email="late@example.org").status == Subscription.PENDING


def test_a_cross_site_post_is_refused_and_keeps_what_was_typed(daily):
    response = post_signup(Client(), "someone@example.org", [daily], HTTP_ORIGIN="https://evil.example",
                           HTTP_SEC_FETCH_SITE="cross-site")
    assert response.status_code == 403
    html = response.content.decode()
    assert "من خارج الموقع" in html and 'value="someone@example.org"' in html
    assert not Subscriber.objects.exists()


def test_bad_input_gets_a_clear_arabic_error_and_keeps_the_input(daily):
    response = post_signup(Client(), "not-an-address", [daily])
    assert response.status_code == 400
    html = response.content.decode()
    assert "لا يبدو بريداً إلكترونياً صحيحاً" in html and 'value="not-an-address"' in html
    response = post_signup(Client(), "fine@example.org", [])
    assert response.status_code == 400 and "اختر نشرة واحدة على الأقل" in response.content.decode()
    assert not Subscriber.objects.exists()


def test_sign_ups_are_rate_limited_per_address(daily, settings):
    settings.MIFTAH_NEWSLETTER_SIGNUPS_PER_HOUR = 3
    client = Client()
    statuses = [post_signup(client, f"r{n}@example.org", [daily]).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert Subscriber.objects.count() == 3


def test_confirmation_mails_to_one_address_are_capped(daily, smtp_server, settings, django_capture_on_commit_callbacks):
    settings.MIFTAH_NEWSLETTER_CONFIRMS_PER_DAY = 2
    for _ in range(4):
        with django_capture_on_commit_callbacks(execute=True):
            assert post_signup(Client(), "victim@example.org", [daily]).status_code == 200
    assert len(smtp_server.to("victim@example.org")) == 2


def test_the_robot_trap_subscribes_nobody(daily, smtp_server):
    response = Client().post("/newsletters/subscribe/", {"email": "bot@example.org", "newsletters": [daily.pk],
                                                         "website": "http://spam"},
                             HTTP_ORIGIN=ORIGIN, HTTP_SEC_FETCH_SITE="same-origin")
    assert response.status_code == 200
    assert not Subscriber.objects.exists() and not smtp_server.messages


def subscribed(email, *lists):
    subscriber = Subscriber.objects.create(email=email)
    for newsletter in lists:
        Subscription.objects.create(subscriber=subscriber, newsletter=newsletter, status=Subscription.CONFIRMED)
    return subscriber


def test_preferences_export_and_delete_by_signed_link(daily):
    breaking = NewsletterList.objects.create(name="عاجل", slug="breaking", source=NewsletterList.BREAKING,
                                             frequency=NewsletterList.IMMEDIATE)
    subscriber = subscribed("prefs@example.org", daily)
    token = reader_token(subscriber)
    client = Client()
    page = client.get(f"/newsletters/preferences/{token}/")
    assert page.status_code == 200 and "prefs@example.org" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex, nofollow" and page["Referrer-Policy"] == "no-referrer"
    saved = client.post(f"/newsletters/preferences/{token}/", {"newsletters": [breaking.pk]})
    assert "حُفظت اختياراتك" in saved.content.decode()
    statuses = dict(Subscription.objects.filter(subscriber=subscriber).values_list("newsletter__slug", "status"))
    assert statuses == {"daily": Subscription.UNSUBSCRIBED, "breaking": Subscription.CONFIRMED}
    exported = client.get(f"/newsletters/preferences/{token}/export/")
    data = json.loads(exported.content)
    assert data["email"] == "prefs@example.org"
    assert {s["slug"]: s["status"] for s in data["subscriptions"]} == statuses
    refused = client.post(f"/newsletters/preferences/{token}/delete/", {})
    assert refused.status_code == 400 and Subscriber.objects.filter(pk=subscriber.pk).exists()
    gone = client.post(f"/newsletters/preferences/{token}/delete/", {"sure": "yes"})
    assert gone.status_code == 200
    assert not Subscriber.objects.filter(email="prefs@example.org").exists()
    assert not Subscription.objects.filter(subscriber_id=subscriber.pk).exists()
    assert client.get(f"/newsletters/preferences/{token}/").status_code == 400


def test_a_forged_or_tampered_link_opens_nothing(daily):
    subscriber = subscribed("safe@example.org", daily)
    token = reader_token(subscriber)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert Client().get(f"/newsletters/preferences/{tampered}/").status_code == 400
    assert Client().post(f"/newsletters/unsubscribe/daily/{tampered}/").status_code == 400
    assert Subscription.objects.get(subscriber=subscriber).status == Subscription.CONFIRMED


def test_unsubscribe_page_has_one_button_and_rfc8058_post_works_without_a_page(daily):
    subscriber = subscribed("leaver@example.org", daily)
    url = f"/newsletters/unsubscribe/daily/{reader_token(subscriber)}/"
    page = Client().get(url)
    assert page.status_code == 200 and "ألغِ اشتراكي" in page.content.decode()
    assert Subscription.objects.get(subscriber=subscriber).status == Subscription.CONFIRMED  # GET changes nothing
    response = Client(enforce_csrf_checks=True).post(url, "List-Unsubscribe=One-Click",
                                                     content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Subscription.objects.get(subscriber=subscriber).status == Subscription.UNSUBSCRIBED


def test_newsletter_page_lists_the_lists_and_is_cacheable(daily):
    NewsletterList.objects.create(name="ملف الحدود", slug="borders", description="كل جديد عن الحدود.",
                                  in_signup_box=False)  # not in the box, still on the newsletters page
    client = Client()
    first = client.get("/newsletters/")
    html = first.content.decode()
    assert first.status_code == 200 and 'dir="rtl"' in html and "ملف الحدود" in html and "كل جديد عن الحدود." in html
    assert 'type="checkbox" name="newsletters"' in html
    assert client.get("/newsletters/")["X-Miftah-Cache"] == "hit"
    assert "ملف الحدود" not in client.get("/").content.decode()


def test_a_data_request_by_mail_is_handled_from_the_shell(daily):
    from io import StringIO

    from django.core.management import CommandError, call_command

    subscribed("asker@example.org", daily)
    out = StringIO()
    call_command("newsletter", "export", "Asker@Example.org", stdout=out)
    assert json.loads(out.getvalue())["subscriptions"][0]["slug"] == "daily"
    call_command("newsletter", "forget", "asker@example.org", stdout=StringIO())
    assert not Subscriber.objects.filter(email="asker@example.org").exists()
    with pytest.raises(CommandError, match="no subscriber"):
        call_command("newsletter", "export", "asker@example.org")


def test_send_now_from_the_shell_goes_through_smtp(daily, smtp_server, django_capture_on_commit_callbacks):
    from io import StringIO

    from django.core.management import call_command
    from django.utils import timezone

    subscribed("shell@example.org", daily)
    NewsletterList.objects.filter(pk=daily.pk).update(covered_until=timezone.now() - timezone.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("newsletter", "send", "daily", stdout=StringIO())
    [mail] = smtp_server.to("shell@example.org")
    assert "النشرة اليومية" in str(mail["Subject"])
