"""Roles are enforced on the server: writers draft and submit, editors publish, readers never reach the admin."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.urls import reverse

from .factories import make_article

pytestmark = pytest.mark.django_db


def member(group_name, username):
    user = User.objects.create_user(username, f"{username}@example.org", "secret-pass-123")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return user, client


def test_migration_creates_the_three_arabic_roles_and_the_review_workflow():
    from wagtail.models import Page, Workflow

    assert set(Group.objects.values_list("name", flat=True)) >= {"كتّاب", "محررون", "مدراء"}
    workflow = Workflow.objects.get(name="مراجعة التحرير")
    task = workflow.tasks.get().specific
    assert set(task.groups.values_list("name", flat=True)) == {"محررون", "مدراء"}
    assert Page.get_first_root_node().get_workflow() == workflow


def test_anonymous_readers_cannot_reach_the_admin(newsroom):
    response = Client().get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    article = newsroom["articles"][0]
    response = Client().post(reverse("wagtailadmin_pages:unpublish", args=[article.pk]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    article.refresh_from_db()
    assert article.live


def test_writer_can_draft_but_not_publish(newsroom):
    writer, client = member("كتّاب", "writer1")
    article = newsroom["articles"][1]
    assert not article.permissions_for_user(writer).can_edit(), "a writer edits only the pages they own"
    article.owner = writer
    article.save(update_fields=["owner"])
    perms = article.permissions_for_user(writer)
    assert perms.can_edit() and not perms.can_publish()
    section = newsroom["sections"]["economy"]
    draft = make_article(section, "مسودة الكاتب", publish=False)
    draft.owner = writer
    draft.save(update_fields=["owner"])
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[draft.pk]),
        {"title": "مسودة الكاتب بعد التعديل", "slug": draft.slug, "dek": "", "body-count": "0",
         "article_authors-TOTAL_FORMS": "0", "article_authors-INITIAL_FORMS": "0",
         "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0", "tags": "",
         "action-publish": "action-publish"},
    )
    # Wagtail ignores a publish action the user may not take: the edit is kept as a draft revision and the
    # writer is sent back to the editor, as after "save draft".
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    draft.refresh_from_db()
    assert not draft.live, "a writer's publish action must not make the page live"
    assert draft.draft_title == "مسودة الكاتب بعد التعديل" and draft.has_unpublished_changes
    assert draft.latest_revision.user == writer


def test_editor_can_publish(newsroom):
    editor, _ = member("محررون", "editor1")
    assert newsroom["articles"][1].permissions_for_user(editor).can_publish()


def test_writer_submits_for_review_and_editor_approves(newsroom):
    from wagtail.models import WorkflowState

    writer, _ = member("كتّاب", "writer2")
    editor, _ = member("محررون", "editor2")
    draft = make_article(newsroom["sections"]["economy"], "تقرير ينتظر المراجعة", publish=False)
    workflow = draft.get_workflow()
    workflow.start(draft, writer)
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(draft.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    task = task_state.task.specific
    # While in review the page is locked to its writer and open to the reviewing groups.
    assert task.locked_for_user(draft, writer) and not task.user_can_access_editor(draft, writer)
    assert not task.locked_for_user(draft, editor) and task.user_can_access_editor(draft, editor)
    assert task.get_actions(draft, editor)  # editors may act on the task
    assert not task.get_actions(draft, writer)  # writers may not approve their own work
    task.on_action(task_state, editor, "approve")
    draft.refresh_from_db()
    assert draft.live
