"""Session hardening: logout everywhere (by the user, by an admin), the idle limit and the cookie flags."""

import time

import pytest
from django.conf import settings
from django.test import Client

from miftah.audit.sessions import LOGIN_KEY, SEEN_KEY

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db


def _logged_in(username, address):
    client = Client(REMOTE_ADDR=address)
    assert login(client, username, PASSWORD).status_code == 302
    assert client.get("/admin/").status_code == 200
    return client


def test_logout_everywhere_from_the_account_page_ends_every_session(editor):
    laptop, phone = _logged_in("layla", "198.51.100.1"), _logged_in("layla", "198.51.100.2")
    account = laptop.get("/admin/account/").content.decode()
    assert "/admin/audit/logout-everywhere/" in account and "إنهاء كل الجلسات" in account
    confirm = laptop.get("/admin/audit/logout-everywhere/")
    assert confirm.status_code == 200 and "ومنها هذا المتصفح" in confirm.content.decode()
    assert phone.get("/admin/").status_code == 200  # a GET changes nothing
    done = laptop.post("/admin/audit/logout-everywhere/")
    assert done.status_code == 302 and done["Location"].startswith("/admin/login/")
    for client in (laptop, phone):
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    fresh = _logged_in("layla", "198.51.100.3")  # logging in again works, and stays in
    assert fresh.get("/admin/").status_code == 200


def test_logout_everywhere_needs_csrf(editor):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.4")
    client.force_login(editor)
    assert client.post("/admin/audit/logout-everywhere/").status_code == 403
    assert client.get("/admin/").status_code == 200


def test_an_admin_ends_a_users_sessions(client, editor, superuser):
    phone = _logged_in("layla", "198.51.100.5")
    client.force_login(superuser)
    users = client.get("/admin/users/").content.decode()
    assert f"/admin/audit/users/{editor.pk}/logout-everywhere/" in users
    response = client.post(f"/admin/audit/users/{editor.pk}/logout-everywhere/", follow=True)
    assert "أُنهيت كل جلسات layla" in response.content.decode()
    assert phone.get("/admin/").status_code == 302
    assert client.get("/admin/").status_code == 200  # the admin's own session is untouched


def test_an_editor_cannot_end_someone_elses_sessions(editor, superuser):
    from miftah.audit.models import SessionEpoch

    client = _logged_in("layla", "198.51.100.6")
    refused = client.post(f"/admin/audit/users/{superuser.pk}/logout-everywhere/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"  # Wagtail's "no permission" answer
    assert not SessionEpoch.objects.filter(user=superuser).exists()


def test_an_idle_session_ends(editor):
    client = _logged_in("layla", "198.51.100.7")
    session = client.session
    session[SEEN_KEY] = int(time.time()) - settings.MIFTAH_SESSION_IDLE_SECONDS - 60
    session.save()
    assert client.get("/admin/").status_code == 302


def test_a_session_ends_after_the_absolute_limit_even_when_active(editor):
    client = _logged_in("layla", "198.51.100.9")
    session = client.session
    session[LOGIN_KEY] = int(time.time()) - settings.SESSION_COOKIE_AGE - 60
    session.save()
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize("remember", [False, True])
def test_session_cookie_flags(editor, remember):
    client = Client(REMOTE_ADDR="198.51.100.8")
    response = client.post("/admin/login/", {"username": "layla", "password": PASSWORD, "remember": remember or ""})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    # «تذكرني» keeps the cookie for SESSION_COOKIE_AGE (10 h), else it goes when the browser closes.
    assert cookie["max-age"] == (settings.SESSION_COOKIE_AGE if remember else "")
    assert 8 * 3600 <= settings.SESSION_COOKIE_AGE <= 12 * 3600
