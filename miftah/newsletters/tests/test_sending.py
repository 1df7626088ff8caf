"""Issues built from what was published and sent through a real SMTP server: the e-mail itself (RTL HTML, plain
text, one-click unsubscribe headers, tracked links), the schedule, resuming after a crash without double sends,
permanent and temporary SMTP errors, bounces from the ESP webhook, and the admin's «أرسل الآن»."""

import base64
import json
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from miftah.news.tests.factories import make_article
from miftah.newsletters.issues import prepare_issue, run_schedule
from miftah.newsletters.models import Delivery, Issue, IssueItem, NewsletterList, Subscriber, Subscription
from miftah.newsletters.sending import send_batch, start_sending

from .conftest import daily_list, part

pytestmark = pytest.mark.django_db


@pytest.fixture
def daily(newsroom):
    newsletter = daily_list()
    NewsletterList.objects.filter(pk=newsletter.pk).update(covered_until=timezone.now() - timedelta(days=1))
    newsletter.refresh_from_db()
    return newsletter


def subscribe(email, *lists, status=Subscription.CONFIRMED):
    subscriber = Subscriber.objects.create(email=email)
    for newsletter in lists:
        Subscription.objects.create(subscriber=subscriber, newsletter=newsletter, status=status)
    return subscriber


def send(issue, capture):
    with capture(execute=True):
        assert start_sending(issue)
    issue.refresh_from_db()
    return issue


def test_a_digest_of_what_was_published_in_the_editors_order(daily, newsroom, smtp_server,
                                                             django_capture_on_commit_callbacks):
    readers = [subscribe(f"r{n}@example.org", daily) for n in range(3)]
    subscribe("pending@example.org", daily, status=Subscription.PENDING)
    subscribe("left@example.org", daily, status=Subscription.UNSUBSCRIBED)
    issue = prepare_issue(daily)
    titles = [item.article.title for item in issue.items.order_by("sort_order")]
    assert sorted(titles) == sorted(a.title for a in newsroom["articles"])
    # The editor reorders (last first) and writes an intro.
    items = list(issue.items.order_by("sort_order"))
    for position, item in enumerate(reversed(items)):
        IssueItem.objects.filter(pk=item.pk).update(sort_order=position)
    issue.intro = "صباح الخير.\n\nهذه أبرز أخبار اليوم."
    issue.save()
    issue = send(issue, django_capture_on_commit_callbacks)
    assert issue.status == Issue.SENT and issue.sent_at is not None
    assert sorted(smtp_server.recipients()) == sorted(r.email for r in readers)
    mail = smtp_server.to("r0@example.org")[0]
    html, text = part(mail, "html"), part(mail, "plain")
    assert '<html lang="ar" dir="rtl">' in html and 'role="presentation"' in html and "direction:rtl" in html
    assert "Noto Naskh Arabic" in html and "Tahoma" in html
    assert "صباح الخير." in html and "هذه أبرز أخبار اليوم." in text
    positions = [text.index(title) for title in reversed(titles)]
    assert positions == sorted(positions), "the e-mail keeps the editor's order"
    assert "utm_source=newsletter&amp;utm_medium=email&amp;utm_campaign=daily" in html
    assert "utm_source=newsletter&utm_medium=email&utm_campaign=daily" in text
    unsubscribe = str(mail["List-Unsubscribe"]).strip().strip("<>")
    assert unsubscribe.startswith("http://localhost/newsletters/unsubscribe/daily/")
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and unsubscribe in html
    assert "news@miftah.test" in mail["From"]
    # Each reader gets their own links.
    other = smtp_server.to("r1@example.org")[0]["List-Unsubscribe"]
    assert other != mail["List-Unsubscribe"]
    # RFC 8058: the mail client posts to the header's URL; the next issue skips that reader.
    response = Client().post(unsubscribe.removeprefix("http://localhost"), "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    make_article(newsroom["sections"]["economy"], "خبر جديد بعد العدد الأول")
    smtp_server.messages.clear()
    second = send(prepare_issue(daily), django_capture_on_commit_callbacks)
    assert [i.article.title for i in second.items.all()] == ["خبر جديد بعد العدد الأول"]
    assert sorted(smtp_server.recipients()) == ["r1@example.org", "r2@example.org"]


def test_lists_by_section_dossier_and_breaking_pick_their_articles(newsroom):
    gulf_list = NewsletterList.objects.create(name="نشرة السياسة", slug="politics", source=NewsletterList.SECTION,
                                              section=newsroom["sections"]["politics"],
                                              covered_until=timezone.now() - timedelta(days=1))
    breaking = NewsletterList.objects.create(name="عاجل", slug="breaking", source=NewsletterList.BREAKING,
                                             covered_until=timezone.now() - timedelta(days=1))
    politics = {a.title for a in newsroom["articles"][:3]}  # the nested Gulf section counts as politics
    assert {i.article.title for i in prepare_issue(gulf_list).items.all()} == politics
    assert [i.article.title for i in prepare_issue(breaking).items.all()] == [newsroom["articles"][0].title]


def test_the_schedule_sends_a_daily_digest_once_per_day(daily, smtp_server, django_capture_on_commit_callbacks):
    now = timezone.localtime()
    NewsletterList.objects.filter(pk=daily.pk).update(send_hour=now.hour, last_run_at=now - timedelta(days=1))
    assert run_schedule(now) == []  # no subscriber yet: no issue at all
    assert not Issue.objects.exists()
    subscribe("morning@example.org", daily)
    make_article(daily_section(), "خبر الصباح")
    NewsletterList.objects.filter(pk=daily.pk).update(send_hour=now.hour, last_run_at=now - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        started = run_schedule(now + timedelta(minutes=1))
    assert len(started) == 1 and started[0].status == Issue.SENDING
    assert len(smtp_server.to("morning@example.org")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert run_schedule(now + timedelta(minutes=2)) == []
    assert len(smtp_server.to("morning@example.org")) == 1
    assert Issue.objects.get(pk=started[0].pk).status == Issue.SENT


def daily_section():
    from miftah.news.models import SectionPage

    return SectionPage.objects.get(slug="economy")


def test_a_hand_written_issue_goes_at_its_send_time(daily, smtp_server, django_capture_on_commit_callbacks):
    subscribe("hand@example.org", daily)
    issue = Issue.objects.create(newsletter=daily, subject="عدد خاص", intro="رسالة من رئيس التحرير.",
                                 send_at=timezone.now() + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert issue not in run_schedule()
        assert issue in run_schedule(timezone.now() + timedelta(hours=2))
    [mail] = smtp_server.to("hand@example.org")
    assert mail["Subject"] == "عدد خاص" and "رسالة من رئيس التحرير." in part(mail, "plain")


def test_a_send_resumes_after_a_crash_without_sending_anyone_twice(daily, smtp_server, settings,
                                                                   django_capture_on_commit_callbacks):
    settings.MIFTAH_NEWSLETTER_BATCH = 10
    readers = [subscribe(f"c{n}@example.org", daily) for n in range(6)]
    issue = prepare_issue(daily)
    with django_capture_on_commit_callbacks(execute=False):  # the worker died before running the batch
        assert start_sending(issue)
    deliveries = list(Delivery.objects.filter(issue=issue).order_by("pk"))
    assert len(deliveries) == 6
    # What the dead worker had done: two sent, one claimed (in flight when it died).
    send_batch.call(issue.pk, [d.pk for d in deliveries[:2]])
    Delivery.objects.filter(pk=deliveries[2].pk).update(status=Delivery.CLAIMED)
    assert len(smtp_server.messages) == 2
    # The requeued task runs the whole batch again.
    send_batch.call(issue.pk, [d.pk for d in deliveries])
    received = smtp_server.recipients()
    assert len(received) == len(set(received)) == 5
    assert readers[2].email not in received
    statuses = dict(Delivery.objects.filter(issue=issue).values_list("subscriber__email", "status"))
    assert statuses.pop(readers[2].email) == Delivery.UNCERTAIN
    assert set(statuses.values()) == {Delivery.SENT}
    assert Issue.objects.get(pk=issue.pk).status == Issue.SENT
    send_batch.call(issue.pk, [d.pk for d in deliveries])  # a third run sends nothing
    assert len(smtp_server.messages) == 5


def test_a_refused_address_fails_alone(daily, smtp_server, django_capture_on_commit_callbacks):
    subscribe("ok@example.org", daily)
    subscribe("nobody@example.org", daily)
    smtp_server.refuse["nobody@example.org"] = "550 5.1.1 no such user"
    issue = send(Issue.objects.create(newsletter=daily, subject="اختبار", intro="نص."), django_capture_on_commit_callbacks)
    assert smtp_server.recipients() == ["ok@example.org"]
    failed = Delivery.objects.get(issue=issue, subscriber__email="nobody@example.org")
    assert failed.status == Delivery.FAILED and "550" in failed.error
    assert issue.status == Issue.SENT


@pytest.mark.django_db(transaction=True)
def test_a_busy_server_is_retried_later_by_the_worker(smtp_server, settings):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from miftah.news.tests.factories import ensure_base_data

    ensure_base_data()  # after another transactional test's flush
    daily = daily_list()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribe("a@example.org", daily)
    subscribe("b@example.org", daily)
    smtp_server.busy = 1  # "451 try again later" once
    issue = Issue.objects.create(newsletter=daily, subject="اختبار الإعادة", intro="نص.")
    assert start_sending(issue)
    call_command("worker", batch=True, verbosity=0)
    assert smtp_server.messages == []
    assert set(Delivery.objects.filter(issue=issue).values_list("status", flat=True)) == {Delivery.PENDING}
    retry = DBTaskResult.objects.filter(task_path="miftah.newsletters.sending.send_batch", status="READY").get()
    assert retry.run_after > timezone.now() + timedelta(seconds=20)
    assert retry.args_kwargs["args"][2] == 2  # the second attempt
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    call_command("worker", batch=True, verbosity=0)
    assert sorted(smtp_server.recipients()) == ["a@example.org", "b@example.org"]
    assert Issue.objects.get(pk=issue.pk).status == Issue.SENT


def test_bounces_and_complaints_from_the_esp_webhook_stop_mail(daily, settings):
    bounced = subscribe("bounced@example.org", daily)
    complained = subscribe("angry@example.org", daily)
    url = "/newsletters/esp/postmark/tracking/"

    def event(payload):
        return Client().post(url, json.dumps(payload), content_type="application/json",
                             HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"hook:s3cret").decode())

    settings.ANYMAIL = {}
    assert event({"RecordType": "Bounce", "Email": bounced.email}).status_code == 404  # no secret: no webhook
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    bounce = {"RecordType": "Bounce", "Type": "HardBounce", "TypeCode": 1, "Email": bounced.email,
              "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483", "Description": "The server was unable to deliver",
              "BouncedAt": "2026-12-06T06:00:00Z", "Details": "smtp;550 5.1.1 user unknown"}
    assert event(bounce).status_code == 200
    complaint = {"RecordType": "SpamComplaint", "Type": "SpamComplaint", "TypeCode": 512, "Email": complained.email,
                 "MessageID": "883953f4-6105-42a2-a16a-77a8eac79484", "BouncedAt": "2026-12-06T06:00:00Z"}
    assert event(complaint).status_code == 200
    bounced.refresh_from_db()
    complained.refresh_from_db()
    assert bounced.status == Subscriber.BOUNCED and "Postmark" in bounced.status_note
    assert complained.status == Subscriber.COMPLAINED
    assert Subscription.objects.get(subscriber=complained).status == Subscription.UNSUBSCRIBED
    issue = Issue.objects.create(newsletter=daily, subject="بعد الارتداد", intro="نص.")
    assert start_sending(issue)
    assert not Delivery.objects.filter(issue=issue).exists()
    wrong = Client().post(url, json.dumps(bounce), content_type="application/json",
                          HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"hook:wrong").decode())
    assert wrong.status_code == 400


def test_send_now_in_the_admin_needs_the_permission_editors_have(daily, smtp_server, django_capture_on_commit_callbacks):
    subscribe("admin-sent@example.org", daily)
    issue = Issue.objects.create(newsletter=daily, subject="أرسل الآن", intro="نص.")
    url = f"/admin/newsletters/issue/{issue.pk}/send/"
    reader = User.objects.create_user("no-perms", password="x", is_staff=True)
    client = Client()
    client.force_login(reader)
    assert client.post(url).status_code in (302, 403)
    assert Issue.objects.get(pk=issue.pk).status == Issue.DRAFT
    from django.contrib.auth.models import Group

    editor = User.objects.create_user("editor-nl", password="x")
    editor.groups.add(Group.objects.get(name="محررون"))  # granted by newsletters/0003, as on a new install
    client.force_login(editor)
    assert client.get("/admin/snippets/newsletters/subscriber/").status_code in (302, 403)  # addresses: admins only
    page = client.get(url)
    assert page.status_code == 200 and "أرسل الآن إلى 1 مشترك" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert Issue.objects.get(pk=issue.pk).status == Issue.SENT
    assert smtp_server.recipients() == ["admin-sent@example.org"]
    listing = client.get("/admin/snippets/newsletters/issue/")
    assert listing.status_code == 200 and "أعداد النشرات" in listing.content.decode()
