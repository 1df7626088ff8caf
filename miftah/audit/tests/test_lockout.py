"""Login throttling (django-axes): lockouts per account and per client address, read through the trusted-proxy
rule; the Arabic lockout page; no account enumeration; lockouts listed and cleared by an admin."""

import io

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from wagtail.models import ModelLogEntry

from .conftest import PASSWORD, login

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT


def test_account_locked_after_limit_even_with_the_right_password(client, editor):
    for _ in range(LIMIT - 1):
        assert login(client, "layla", "wrong").status_code == 200
    locked = login(client, "layla", "wrong")
    assert locked.status_code == 429
    again = login(Client(REMOTE_ADDR="198.51.100.7"), "layla", PASSWORD)  # another address: the account is locked
    assert again.status_code == 429
    page = again.content.decode()
    assert 'lang="ar" dir="rtl"' in page and "الدخول موقوف مؤقتًا" in page
    assert "_auth_user_id" not in client.session


def test_address_locked_across_usernames_and_a_spoofed_forwarded_for_does_not_help(client, editor):
    for n in range(LIMIT):  # password spraying from one address, a new X-Forwarded-For each time
        login(client, f"user{n}", "Winter2026!", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").count() == LIMIT
    assert login(client, "layla", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200").status_code == 429


def test_a_trusted_proxys_forwarded_for_names_the_client(settings, editor):
    settings.MIFTAH_TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    attacker = Client(**proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for n in range(LIMIT):
        login(attacker, f"user{n}", "Winter2026!")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    assert login(attacker, "layla", PASSWORD).status_code == 429
    colleague = Client(**proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")  # same proxy, another reader
    assert login(colleague, "layla", PASSWORD).status_code == 302


def test_login_answers_the_same_for_an_unknown_user_and_a_wrong_password(editor):
    unknown = login(Client(), "nobody-here", "wrong password 1")
    wrong = login(Client(REMOTE_ADDR="198.51.100.8"), "layla", "wrong password 1")
    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].errors == wrong.context["form"].errors
    assert unknown.context["form"].non_field_errors()


def test_password_reset_answers_the_same_whether_the_address_exists(client, editor):
    known = client.post("/admin/password_reset/", {"email": "layla@example.org"})
    unknown = client.post("/admin/password_reset/", {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["layla@example.org"]
    done = client.get(known["Location"])
    assert done.status_code == 200


def test_admin_sees_and_clears_a_lockout(client, editor, superuser):
    sprayer, guesser = Client(REMOTE_ADDR="192.0.2.66"), Client(REMOTE_ADDR="198.51.100.9")
    for n in range(LIMIT):
        login(sprayer, f"user{n}", "Winter2026!")  # locks the address 192.0.2.66
        login(guesser, "layla", f"guess {n}")  # locks the account layla
    client.force_login(superuser)
    listing = client.get("/admin/audit/lockouts/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "layla" in page and "192.0.2.66" in page and "إلغاء القفل" in page
    assert login(guesser, "layla", PASSWORD).status_code == 429
    cleared = client.post("/admin/audit/lockouts/", {"kind": "username", "value": "layla"})
    assert cleared.status_code == 302
    assert login(guesser, "layla", PASSWORD).status_code == 302
    assert login(sprayer, "layla", PASSWORD).status_code == 429  # the address stays locked until it is cleared
    client.post("/admin/audit/lockouts/", {"kind": "ip_address", "value": "192.0.2.66"})
    assert login(sprayer, "layla", PASSWORD).status_code == 302
    assert "لا أقفال على الدخول الآن" in client.get("/admin/audit/lockouts/").content.decode()
    unlocks = ModelLogEntry.objects.filter(action="miftah.unlock").order_by("timestamp")
    assert [(e.label, e.user) for e in unlocks] == [("الحساب layla", superuser), ("الشبكة 192.0.2.0/24", superuser)]


def test_lockouts_screen_is_for_admins_only_and_refuses_bad_input(client, editor, superuser):
    client.force_login(editor)
    assert client.get("/admin/audit/lockouts/").status_code in (302, 403)
    client.force_login(superuser)
    refused = client.post("/admin/audit/lockouts/", {"kind": "everything", "value": ""}, follow=True)
    assert "طلب غير صالح" in refused.content.decode()
    menu = client.get("/admin/").content.decode()
    assert "login-lockouts" in menu and "/admin/audit/lockouts/" in menu  # the sidebar is JSON for its script


def test_axes_reset_command_clears_lockouts(editor):
    for _ in range(LIMIT):
        login(Client(), "layla", "wrong")
    assert login(Client(), "layla", PASSWORD).status_code == 429
    # axes' own command (`miftah axes_reset`; the CLI's run_from_argv would close the test's database connection)
    call_command("axes_reset", stdout=io.StringIO())
    assert not AccessAttempt.objects.exists()
    assert login(Client(), "layla", PASSWORD).status_code == 302
