"""The CSP report endpoint stores what browsers send, within bounds, and admins can read it (issue #17 §2)."""

import json

import pytest
from django.test import Client

from miftah.core import csp_reports
from miftah.core.models import CSPReport

URL = "/csp-report/"


def legacy(blocked="inline", page="https://news.example.org/politics/?q=secret#x", directive="script-src-elem"):
    return {"csp-report": {"document-uri": page, "blocked-uri": blocked, "effective-directive": directive,
                           "violated-directive": directive, "source-file": page, "line-number": 12,
                           "script-sample": "alert(1)", "disposition": "enforce"}}


def post(payload, content_type="application/csp-report", **extra):
    body = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
    return Client(enforce_csrf_checks=True).post(URL, body, content_type=content_type, **extra)


@pytest.mark.django_db
def test_both_report_formats_are_stored_and_repeats_are_counted():
    assert post(legacy()).status_code == 204
    assert post(legacy()).status_code == 204  # no CSRF token needed: browsers send none
    modern = [{"type": "csp-violation", "url": "https://news.example.org/a/", "body": {
        "documentURL": "https://news.example.org/a/", "blockedURL": "https://evil.example/x.js?id=1",
        "effectiveDirective": "script-src-elem", "disposition": "report", "lineNumber": 3}},
        {"type": "deprecation", "body": {}}]
    assert post(modern, content_type="application/reports+json").status_code == 204
    first, second = CSPReport.objects.order_by("first_seen", "pk")
    assert (first.document_path, first.blocked, first.directive, first.count, first.enforced) == (
        "/politics/", "inline", "script-src-elem", 2, True)
    assert "secret" not in first.document_path + first.source  # query strings are not kept
    assert (second.blocked, second.enforced, second.line) == ("https://evil.example/x.js", False, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("body, status", [(b"{not json", 400), (b'{"csp-report": "x"}', 400), (b"[]", 400),
                                          (b"\xff\xfe", 400), (b"x" * (17 * 1024), 413)])
def test_bad_or_oversized_bodies_are_refused_with_a_reason(body, status):
    response = post(body)
    assert response.status_code == status
    assert response.content.decode()  # an Arabic reason
    assert not CSPReport.objects.exists()


@pytest.mark.django_db
def test_only_post_is_accepted():
    assert Client().get(URL).status_code == 405


@pytest.mark.django_db
def test_one_address_is_rate_limited(monkeypatch):
    monkeypatch.setattr(csp_reports, "RATE_LIMIT_PER_MINUTE", 3)
    answers = [post(legacy(blocked=f"https://x.example/{n}.js"), REMOTE_ADDR="198.51.100.9").status_code
               for n in range(5)]
    assert answers == [204, 204, 204, 429, 429]
    assert post(legacy(), REMOTE_ADDR="198.51.100.10").status_code == 204  # another reader is not affected
    assert CSPReport.objects.count() == 4


@pytest.mark.django_db
def test_the_store_keeps_only_the_most_recently_seen_reports(settings):
    settings.MIFTAH_CSP_REPORTS_MAX = 3
    for n in range(6):
        assert post(legacy(blocked=f"https://x.example/{n}.js")).status_code == 204
    assert post(legacy(blocked="https://x.example/1.js")).status_code == 204  # seen again: pruned, so new
    kept = sorted(CSPReport.objects.values_list("blocked", flat=True))
    assert kept == ["https://x.example/1.js", "https://x.example/4.js", "https://x.example/5.js"]


@pytest.mark.django_db
def test_admins_see_the_reports_and_editors_do_not(home, django_user_model):
    post(legacy(blocked="https://evil.example/steal.js"))
    chief = Client()
    chief.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw"))
    response = chief.get("/admin/reports/csp/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "انتهاكات سياسة أمان المحتوى" in html and "https://evil.example/steal.js" in html
    assert "/admin/reports/csp/" in chief.get("/admin/").content.decode()  # in the Reports menu
    editor_user = django_user_model.objects.create_user("editor", "e@example.org", "pw")
    from django.contrib.auth.models import Group

    editor_user.groups.add(*Group.objects.all())  # every role except superuser
    editor = Client()
    editor.force_login(editor_user)
    assert editor.get("/admin/reports/csp/").status_code in (302, 403)
    assert "/admin/reports/csp/" not in editor.get("/admin/").content.decode()
