"""The editor's live desk: start, post, edit, delete, end; only for those who may edit the article (server-side)."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from miftah.live.models import LiveCoverage, LiveUpdate

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_desk_is_reached_from_the_article_editor(story, editor):
    html = logged_in(editor).get(reverse("wagtailadmin_pages:edit", args=[story["article"].pk])).content.decode()
    assert reverse("live_desk", args=[story["article"].pk]) in html
    assert "التغطية المباشرة" in html


def test_editor_starts_posts_edits_deletes_and_ends(newsroom, editor, django_capture_on_commit_callbacks):
    article = newsroom["articles"][2]
    client = logged_in(editor)
    desk = reverse("live_desk", args=[article.pk])
    page = client.get(desk)
    assert page.status_code == 200 and "بدء التغطية المباشرة" in page.content.decode()

    assert client.post(desk, {"action": "start"}).status_code == 302
    coverage = LiveCoverage.objects.get(article=article)
    assert coverage.is_live

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(desk, {"action": "post", "headline": "وصول الوفد", "body": "وصل الوفد إلى الميناء.",
                                      "is_key_event": "on"})
    assert response.status_code == 302
    update = LiveUpdate.objects.get(coverage=coverage)
    assert (update.author, update.headline, update.body, update.is_key_event) == (
        editor, "وصول الوفد", "<p>وصل الوفد إلى الميناء.</p>", True)
    assert "وصل الوفد إلى الميناء." in client.get(desk).content.decode()
    assert "وصل الوفد إلى الميناء." in Client().get(article.url).content.decode()

    refused = client.post(desk, {"action": "post", "body": ""})
    assert refused.status_code == 400 and "اكتب نص التحديث." in refused.content.decode()

    edit = reverse("live_update_edit", args=[update.pk])
    assert client.post(edit, {"body": "وصل الوفد إلى الميناء صباحاً.", "is_pinned": "on"}).status_code == 302
    update.refresh_from_db()
    assert update.body == "<p>وصل الوفد إلى الميناء صباحاً.</p>" and update.is_pinned and not update.is_key_event

    assert client.post(reverse("live_update_delete", args=[update.pk])).status_code == 302
    assert not LiveUpdate.objects.filter(pk=update.pk).exists()

    assert client.post(desk, {"action": "end"}).status_code == 302
    coverage.refresh_from_db()
    assert not coverage.is_live and coverage.ended_at is not None
    assert "استئناف التغطية المباشرة" in client.get(desk).content.decode()

    from wagtail.models import PageLogEntry

    history = list(PageLogEntry.objects.filter(page=article, action__startswith="miftah.live.")
                   .order_by("timestamp", "pk").values_list("action", "user"))
    assert history == [("miftah.live.start", editor.pk), ("miftah.live.post", editor.pk),
                       ("miftah.live.edit", editor.pk), ("miftah.live.delete", editor.pk),
                       ("miftah.live.end", editor.pk)]
    assert "نُشر تحديث مباشر" in client.get(reverse("wagtailadmin_pages:history", args=[article.pk])).content.decode()


def test_only_those_who_may_edit_the_article_may_post(story):
    from wagtail.models import GroupPagePermission, Page

    desk = reverse("live_desk", args=[story["article"].pk])
    update = story["updates"][0]
    # An admin user with edit rights on the economy section only.
    outsider = User.objects.create_user("econ", "econ@example.org", "secret-pass-1")
    group = Group.objects.create(name="محررو الاقتصاد")
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=group, page=Page.objects.get(pk=story["sections"]["economy"].pk),
                                       permission=Permission.objects.get(codename="change_page"))
    outsider.groups.add(group)
    client = logged_in(outsider)
    assert client.get(desk).status_code in (302, 403)
    before = LiveUpdate.objects.count()
    for url, data in ((desk, {"action": "post", "body": "محاولة"}), (desk, {"action": "end"}),
                      (reverse("live_update_edit", args=[update.pk]), {"body": "تغيير"}),
                      (reverse("live_update_delete", args=[update.pk]), {})):
        assert client.post(url, data).status_code in (302, 403), url
    assert LiveUpdate.objects.count() == before
    update.refresh_from_db()
    assert update.body == "<p>بدأ الاجتماع الطارئ لمجلس الوزراء.</p>"
    assert LiveCoverage.objects.get(pk=story["coverage"].pk).is_live

    # The same user may run the desk of an article in the economy section.
    own = story["articles"][3]
    assert client.post(reverse("live_desk", args=[own.pk]), {"action": "start"}).status_code == 302
    assert LiveCoverage.objects.filter(article=own).exists()

    anonymous = Client().post(desk, {"action": "post", "body": "مجهول"})
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]
    assert LiveUpdate.objects.count() == before
