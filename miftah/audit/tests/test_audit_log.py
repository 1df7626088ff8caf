"""The security entries of Wagtail's site history: each event is logged, shows in the report with its Arabic label,
can be filtered, is readable by editors (not writers) and never holds a password."""

import io
import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import Client
from wagtail.models import GroupPagePermission, ModelLogEntry, Page

from miftah.audit import events

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
WXR = settings.PACKAGE_DIR / "wordpress" / "tests" / "fixtures" / "wxr10.xml"


def _entries(action):
    return list(ModelLogEntry.objects.filter(action=action).order_by("timestamp"))


def _report(client, **query):
    response = client.get("/admin/reports/site-history/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_login_logout_failure_and_lockout_are_logged_with_a_network_hint_only(editor):
    client = Client(REMOTE_ADDR="203.0.113.77")
    assert login(client, "layla", PASSWORD).status_code == 302
    client.post("/admin/logout/")
    login(client, "ghost", "hunter2-secret")
    attacker = Client(REMOTE_ADDR="192.0.2.5")
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        login(attacker, "layla", f"guess-{n}")

    [entry] = _entries(events.LOGIN)
    assert entry.user == editor and entry.label == "الحساب layla" and entry.data["network"] == "203.0.113.0/24"
    assert _entries(events.LOGOUT)[0].user == editor
    failed = _entries(events.LOGIN_FAILED)
    assert [e.label for e in failed] == ["الحساب ghost"] + ["الحساب layla"] * settings.AXES_FAILURE_LIMIT
    assert all(e.user is None for e in failed)  # refused attempts during the lockout are not logged
    [lockout] = _entries(events.LOCKOUT)
    assert lockout.label == "الحساب layla" and lockout.data["network"] == "192.0.2.0/24"
    stored = json.dumps([e.data for e in ModelLogEntry.objects.all()])
    assert "hunter2" not in stored and "guess-" not in stored and "203.0.113.77" not in stored


def test_permission_changes_are_logged(editor, superuser):
    admins = Group.objects.get(name="مدراء")
    editor.groups.add(admins)
    editor.is_superuser = True
    editor.save()
    admins.permissions.add(Permission.objects.get(codename="delete_page"))
    GroupPagePermission.objects.create(group=admins, page=Page.objects.get(depth=2),
                                       permission=Permission.objects.get(codename="publish_page"))
    messages = [e.data["change"] for e in _entries(events.PERMISSIONS_CHANGED)]
    assert "أُضيف إلى المجموعات: مدراء" in messages
    assert "صار مديرًا عامًا (superuser)" in messages
    assert "أُضيفت الصلاحيات: wagtailcore.delete_page" in messages
    assert any(m.startswith("أُضيفت صلاحية publish_page على") for m in messages)


def test_a_permission_change_in_the_admin_names_who_made_it(client, editor, superuser):
    client.force_login(superuser)
    writers = Group.objects.get(name="كتّاب")
    response = client.post(f"/admin/users/edit/{editor.pk}/", {
        "username": "layla", "email": "layla@example.org", "first_name": "ليلى", "last_name": "حداد", "is_active": "on",
        "groups": [writers.pk], "password1": "", "password2": ""})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    entry = _entries(events.PERMISSIONS_CHANGED)[-1]
    assert entry.user == superuser and "كتّاب" in entry.data["change"]


def test_imports_are_logged_once_per_run(home, tmp_path):
    call_command("import_wordpress", str(WXR), "--no-progress", stdout=io.StringIO())
    call_command("import_wordpress", str(WXR), "--no-progress", "--dry-run", stdout=io.StringIO())
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"docno": "A-1", "title": "خبر", "text": "نص", "cat": "news"}, ensure_ascii=False))
    call_command("load_corpus", str(corpus), "--no-progress", "--no-related", stdout=io.StringIO(),
                 stderr=io.StringIO())
    wordpress, corpus_run = _entries(events.IMPORT)
    assert wordpress.label == "استيراد wordpress" and wordpress.data["counts"]["مقالات"] >= 1
    assert corpus_run.label == "استيراد load-corpus" and corpus_run.data["counts"]["جديدة"] == 1


def test_the_report_shows_every_security_entry_to_editors_in_arabic_and_filters_them(editor, tmp_path):
    login(Client(REMOTE_ADDR="198.51.100.1"), "ghost", "nope")
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(Client(REMOTE_ADDR="198.51.100.2"), "sami", f"guess {n}")
    session = Client(REMOTE_ADDR="198.51.100.3")
    login(session, "layla", PASSWORD)
    session.post("/admin/logout/")
    editor.groups.add(Group.objects.get(name="كتّاب"))
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"docno": "A-1", "title": "خبر", "text": "نص", "cat": "news"}, ensure_ascii=False))
    call_command("load_corpus", str(corpus), "--no-progress", "--no-related", stdout=io.StringIO())
    client = Client(REMOTE_ADDR="198.51.100.4")
    client.force_login(editor)
    client.post("/admin/audit/logout-everywhere/")
    client.force_login(editor)
    page = _report(client)
    for text in ("الحساب ghost", "محاولة دخول فاشلة بهذا الاسم", "دخل إلى لوحة الإدارة", "خرج من لوحة الإدارة",
                 "قُفل الدخول بعد محاولات فاشلة متتالية", "أُنهيت جلسات الحساب على كل الأجهزة",
                 "أُضيف إلى المجموعات: كتّاب", "استيراد load-corpus", "جديدة 1", "(الشبكة 198.51.100.0/24)",
                 "حدث أمني"):
        assert text in page, text
    only_failures = _report(client, action=events.LOGIN_FAILED)
    assert "الحساب ghost" in only_failures and "دخل إلى لوحة الإدارة" not in only_failures
    assert "قُفل الدخول" not in only_failures


def test_writers_do_not_see_security_entries(home):
    writer = User.objects.create_user("sami", "sami@example.org", PASSWORD)
    writer.groups.add(Group.objects.get(name="كتّاب"))
    login(Client(REMOTE_ADDR="198.51.100.4"), "ghost", "nope")
    client = Client()
    client.force_login(writer)
    assert "الحساب ghost" not in _report(client)
