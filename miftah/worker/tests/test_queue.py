"""The database queue in-process: a publish only queues its follow-up work, `miftah worker --batch` does it,
failures are retried with back-off and shown to editors, dead workers' tasks go back in the queue, and a
periodic job runs once per period. Real database, real admin requests (both SQLite and PostgreSQL).
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from miftah.dossiers.models import ArticleEntity
from miftah.news import pipeline
from miftah.news.models import ArticlePage, ArticleRelation, ArticleWork
from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_section
from miftah.worker.housekeeping import DEAD_AFTER, requeue_orphaned_tasks
from miftah.worker.models import PeriodicRun, WorkerHeartbeat
from miftah.worker.periodic import PeriodicJob

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
WORK_TABLES = ("news_articlerelation", "dossiers_articleentity", "dossiers_timelineentry", "modelsearch_",
               "wagtailsearch_", "_fts")

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_queue")]


@pytest.fixture
def database_queue():
    ensure_base_data()
    with override_settings(TASKS=DATABASE_QUEUE):
        yield


@pytest.fixture
def site():
    home = make_home()
    section = make_section(home, "الشرق الأوسط", slug="middle-east")
    older = make_article(section, "وفد أممي يزور بغداد", body=("وصل وفد من الأمم المتحدة إلى بغداد.",), tags=("العراق",))
    call_command("worker", batch=True, verbosity=0)
    return {"home": home, "section": section, "older": older}


def editor_client():
    editor = User.objects.create_user("editor-q", password="x")
    editor.groups.add(Group.objects.get(name="محررون"))
    client = Client()
    client.force_login(editor)
    return client


def publish_form(article, **changes):
    data = {"title": article.title, "slug": article.slug, "dek": article.dek, "body-count": "1",
            "body-0-type": "paragraph", "body-0-value": '{"blocks":[{"key":"a","text":"وصل وفد من الأمم المتحدة إلى بغداد لبحث الانتخابات في العراق.","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
            "body-0-deleted": "", "body-0-order": "0", "body-0-id": "",
            "article_authors-TOTAL_FORMS": "0", "article_authors-INITIAL_FORMS": "0",
            "article_authors-MIN_NUM_FORMS": "0", "article_authors-MAX_NUM_FORMS": "1000",
            "corrections-TOTAL_FORMS": "0", "corrections-INITIAL_FORMS": "0",
            "corrections-MIN_NUM_FORMS": "0", "corrections-MAX_NUM_FORMS": "1000",
            "tags": "العراق", "action-publish": "action-publish"}
    data.update(changes)
    return data


def queued_pipeline_tasks():
    return DBTaskResult.objects.filter(task_path="miftah.news.pipeline.process_articles_task")


def test_publish_request_only_queues_the_follow_up_work(site):
    draft = make_article(site["section"], "بعثة أممية في بغداد", publish=False)
    call_command("worker", batch=True, verbosity=0)  # the draft's own search entry
    client = editor_client()
    before = queued_pipeline_tasks().count()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/admin/pages/{draft.pk}/edit/", publish_form(draft))
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.live
    writes = [q["sql"] for q in queries.captured_queries
              if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert not [sql for sql in writes if any(table in sql for table in WORK_TABLES)], writes
    assert not ArticleRelation.objects.filter(article=draft).exists()
    assert not ArticleEntity.objects.filter(article=draft).exists()
    assert queued_pipeline_tasks().count() == before + 1
    assert queued_pipeline_tasks().filter(status=TaskResultStatus.READY).get().args_kwargs["args"][0] == [draft.pk]
    assert ArticleWork.objects.get(article=draft).state == ArticleWork.PENDING

    edit_view = client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert 'data-miftah-background-work="pending"' in edit_view

    call_command("worker", batch=True, verbosity=0)
    assert list(ArticleRelation.objects.filter(article=draft).values_list("related_id", flat=True)) == [site["older"].pk]
    assert set(ArticleEntity.objects.filter(article=draft).values_list("entity__canonical", flat=True)) >= {"بغداد", "العراق"}
    assert not ArticleWork.objects.filter(article=draft).exists()
    assert 'data-miftah-background-work' not in client.get(f"/admin/pages/{draft.pk}/edit/").content.decode()
    assert Client().get("/search/", {"q": "بعثة"}).content.decode().count("بعثة أممية في بغداد") >= 1


def test_a_failing_step_is_retried_then_reported_and_the_article_stays_live(site, monkeypatch):
    article = make_article(site["section"], "مقال يفشل عمله الخلفي", publish=False)
    calls = []

    def broken(ids, skip=()):
        calls.append(list(ids))
        raise RuntimeError("الخادم غير متاح")

    monkeypatch.setattr(pipeline, "process_articles", broken)
    monkeypatch.setattr(pipeline, "RETRY_DELAYS", (0, 0))
    article.save_revision().publish()
    call_command("worker", batch=True, verbosity=0)
    assert len(calls) == 3  # the first attempt and two retries
    work = ArticleWork.objects.get(article=article)
    assert (work.state, work.attempts) == (ArticleWork.FAILED, 3)
    assert "الخادم غير متاح" in work.error
    assert queued_pipeline_tasks().filter(status=TaskResultStatus.FAILED).count() == 3
    article.refresh_from_db()
    assert article.live
    assert Client().get(article.url).status_code == 200
    edit_view = editor_client().get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert 'data-miftah-background-work="failed"' in edit_view


def test_a_retry_waits_for_its_back_off(site, monkeypatch):
    article = make_article(site["section"], "مقال يعاد", publish=False)
    monkeypatch.setattr(pipeline, "process_articles", lambda ids, skip=(): 1 / 0)
    article.save_revision().publish()
    call_command("worker", batch=True, verbosity=0)
    retry = queued_pipeline_tasks().get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["args"][2] == 2
    wait = (retry.run_after - timezone.now()).total_seconds()
    assert pipeline.RETRY_DELAYS[0] - 5 < wait <= pipeline.RETRY_DELAYS[0]
    assert ArticleWork.objects.get(article=article).state == ArticleWork.RETRYING


def test_tasks_held_by_a_dead_worker_go_back_to_the_queue(site):
    now = timezone.now()
    WorkerHeartbeat.objects.create(worker_id="alive", hostname="h", pid=1, started_at=now, seen_at=now)
    WorkerHeartbeat.objects.create(worker_id="dead", hostname="h", pid=2, started_at=now - timedelta(hours=1),
                                   seen_at=now - DEAD_AFTER - timedelta(seconds=5))
    pipeline.process_articles_task.enqueue([site["older"].pk])
    pipeline.process_articles_task.enqueue([site["older"].pk])
    pipeline.process_articles_task.enqueue([site["older"].pk])
    held_by_dead, held_by_alive, just_claimed = queued_pipeline_tasks().filter(status=TaskResultStatus.READY)
    for result, owner, started in ((held_by_dead, "dead", now - timedelta(minutes=5)),
                                   (held_by_alive, "alive", now - timedelta(minutes=5)),
                                   (just_claimed, "unknown", now)):
        DBTaskResult.objects.filter(pk=result.pk).update(status=TaskResultStatus.RUNNING, worker_ids=[owner],
                                                          started_at=started)
    assert requeue_orphaned_tasks() == 1
    statuses = dict(queued_pipeline_tasks().filter(pk__in=[held_by_dead.pk, held_by_alive.pk, just_claimed.pk])
                    .values_list("id", "status"))
    assert statuses == {held_by_dead.pk: TaskResultStatus.READY, held_by_alive.pk: TaskResultStatus.RUNNING,
                        just_claimed.pk: TaskResultStatus.RUNNING}
    call_command("worker", batch=True, verbosity=0)
    assert queued_pipeline_tasks().get(pk=held_by_dead.pk).status == TaskResultStatus.SUCCESSFUL


def test_a_periodic_job_runs_once_per_period_whoever_asks():
    runs = []

    class Tick(PeriodicJob):
        name = "test-tick"
        every = timedelta(minutes=1)

        def run(self):
            runs.append(1)

    first, second = Tick(), Tick()  # two workers
    assert first.tick() is True
    assert second.tick() is False
    assert runs == [1]
    PeriodicRun.objects.filter(name="test-tick").update(due_at=timezone.now() - timedelta(seconds=1))
    assert second.tick() is True
    assert runs == [1, 1]


def test_the_worker_publishes_scheduled_articles(site):
    import time

    from miftah.worker.housekeeping import Housekeeper

    scheduled = make_article(site["section"], "مقال مجدول لاحقاً", publish=False)
    scheduled.go_live_at = timezone.now() + timedelta(seconds=3)
    scheduled.save_revision().publish()  # what "publish" does in the admin with a go-live date: schedules it
    scheduled.refresh_from_db()
    assert not scheduled.live
    Housekeeper("test-worker").once()
    scheduled.refresh_from_db()
    assert not scheduled.live  # not yet due
    time.sleep(3.5)
    Housekeeper("test-worker").once()
    scheduled.refresh_from_db()
    assert not scheduled.live  # due, but publish_scheduled already ran this minute (another worker's turn)
    PeriodicRun.objects.filter(name="publish_scheduled").update(due_at=timezone.now())  # the minute is over
    Housekeeper("test-worker").once()
    scheduled.refresh_from_db()
    assert scheduled.live
    call_command("worker", batch=True, verbosity=0)
    assert ArticleRelation.objects.filter(article=scheduled).exists()


def test_the_worker_refuses_to_run_without_a_queue():
    from django.core.management.base import CommandError

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
        with pytest.raises(CommandError, match="MIFTAH_TASKS"):
            call_command("worker", batch=True, verbosity=0)
