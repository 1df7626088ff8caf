"""Staff two-factor authentication through the real admin: enrolment, the code step after the password, the site
setting that requires it, recovery codes, removal, an admin's reset, throttling and the audit trail."""

import re

import pytest
from django.test import Client
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry, PageViewRestriction, Site

from miftah.accounts import devices
from miftah.accounts.models import RequireTwoFactor, SecuritySettings

from .helpers import PASSWORD, code_for, enrolled, sign_in, staff, wrong_code

pytestmark = pytest.mark.django_db

VERIFY, ENROL = "/admin/accounts/verify/", "/admin/accounts/enrol/"


@pytest.fixture
def no_throttle(settings):
    """django-otp's back-off (1, 2, 4… s after each wrong code) off, for tests that follow a wrong code at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0


def require(level):
    setting = SecuritySettings.for_site(Site.objects.get(is_default_site=True))
    setting.require_two_factor = level
    setting.save()


def subject_id(user):
    from miftah.audit.models import AuditSubject

    return str(AuditSubject.of(AuditSubject.ACCOUNT, user.username).pk)


def actions(user):
    return list(ModelLogEntry.objects.filter(object_id=subject_id(user), action__startswith="miftah.otp.")
                .order_by("pk").values_list("action", flat=True))


def test_enrolment_shows_a_qr_code_and_the_secret_and_needs_a_right_code(home):
    user = staff("layla", "محررون")
    client = Client()
    sign_in(client, "layla")
    page = client.get(ENROL)
    html = page.content.decode()
    assert page.status_code == 200 and 'dir="rtl"' in html and 'lang="ar"' in html
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert "<script" not in svg and "style=" not in svg and "<path" in svg
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', html).group(1)
    assert secret.replace(" ", "") == devices.b32encode(device.bin_key).decode()
    assert client.get(ENROL).content.decode().count(secret) == 1, "reloading keeps the same secret"

    refused = client.post(ENROL, {"name": "هاتفي", "code": wrong_code(device)})
    assert refused.status_code == 200 and "الرمز غير صحيح" in refused.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    shown = client.post(ENROL, {"name": "هاتفي", "code": code_for(device)})
    assert shown.status_code == 200 and "no-store" in shown["Cache-Control"]
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", shown.content.decode())
    assert len(codes) == 10 and set(codes) == set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    device.refresh_from_db()
    assert device.confirmed and device.name == "هاتفي"
    assert client.get("/admin/").status_code == 200, "the session that enrolled is verified"
    assert actions(user) == ["miftah.otp.enrolled"]


def test_password_alone_does_not_open_the_admin_or_restricted_pages(newsroom, no_throttle):
    user = staff("omar", "كتّاب")
    device = enrolled(user)
    article = newsroom["articles"][1]
    PageViewRestriction.objects.create(page=article, restriction_type=PageViewRestriction.LOGIN)
    client = Client()
    sign_in(client, "omar")
    for path in ("/admin/", "/admin/pages/", f"/admin/pages/{article.pk}/edit/", "/admin/accounts/security/", ENROL):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(VERIFY + "?next="), path
    assert "login/?next=" in client.get(article.url)["Location"], "outside the admin the session is anonymous"
    assert client.get("/admin/sprite/").status_code == 200, "the step pages' icons load"

    page = client.get(VERIFY + "?next=/admin/pages/")
    assert page.status_code == 200 and "تطبيق المصادقة" in page.content.decode()
    refused = client.post(VERIFY, {"code": wrong_code(device), "next": "/admin/pages/"})
    assert refused.status_code == 200 and "الرمز غير صحيح" in refused.content.decode()
    assert client.get("/admin/").status_code == 302

    # Arabic-Indic digits, as typed on an Arabic keyboard, are read as the code.
    typed = code_for(device).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    accepted = client.post(VERIFY, {"code": typed, "next": "/admin/pages/"})
    assert accepted.status_code == 302 and accepted["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert client.get(article.url).status_code == 200
    assert actions(user) == ["miftah.otp.failed"]


def test_the_site_setting_sends_an_editor_to_enrolment_and_nowhere_else(home):
    staff("editor", "محررون")
    staff("writer", "كتّاب")
    staff("boss", superuser=True)
    require(RequireTwoFactor.EDITORS)
    editor = Client()
    sign_in(editor, "editor")
    for path in ("/admin/", "/admin/pages/", "/admin/accounts/security/", VERIFY):
        response = editor.get(path)
        assert response.status_code == 302 and response["Location"].startswith(ENROL), path
    page = editor.get(ENROL)
    assert "يشترط هذا الموقع التحقق بخطوتين" in page.content.decode()
    boss = Client()
    sign_in(boss, "boss")
    assert boss.get("/admin/")["Location"].startswith(ENROL), "a superuser counts as an admin"
    writer = Client()
    sign_in(writer, "writer")
    assert writer.get("/admin/").status_code == 200, "writers are not editors"

    require(RequireTwoFactor.STAFF)
    assert writer.get("/admin/")["Location"].startswith(ENROL), "all staff"
    require(RequireTwoFactor.OFF)
    manager = Client()
    staff("manager", "مدراء")
    sign_in(manager, "manager")
    site = Site.objects.get(is_default_site=True)
    form = manager.get(f"/admin/settings/accounts/securitysettings/{site.pk}/")
    assert form.status_code == 200 and "مطلوب للمحررين والمدراء" in form.content.decode(), "admins edit the setting"
    require(RequireTwoFactor.STAFF)

    device = TOTPDevice.objects.get(user__username="editor", confirmed=False)
    done = editor.post(ENROL, {"name": "هاتف التحرير", "code": code_for(device), "next": "/admin/pages/"})
    assert done.status_code == 200 and 'href="/admin/pages/"' in done.content.decode()
    assert editor.get("/admin/pages/").status_code == 200


def test_a_recovery_code_works_once(home):
    user = staff("sara", "محررون")
    enrolled(user)
    codes = devices.issue_recovery_codes(user)
    client = Client()
    sign_in(client, "sara")
    used = client.post(VERIFY, {"code": codes[3].upper()[:4] + "-" + codes[3][4:], "next": "/admin/"})
    assert used.status_code == 302 and client.get("/admin/").status_code == 200
    assert devices.recovery_codes_left(user) == 9
    client.post("/admin/logout/")

    again = Client()
    sign_in(again, "sara")
    refused = again.post(VERIFY, {"code": codes[3], "next": "/admin/"})
    assert refused.status_code == 200 and "الرمز غير صحيح" in refused.content.decode()
    assert again.get("/admin/").status_code == 302
    assert actions(user) == ["miftah.otp.recovery_used", "miftah.otp.failed"]


def test_a_throttled_device_answers_wait_and_repeated_wrong_codes_end_the_sign_in(home, settings):
    user = staff("rami", "محررون")
    device = enrolled(user)
    client = Client()
    sign_in(client, "rami")
    client.post(VERIFY, {"code": wrong_code(device)})
    right_too_soon = client.post(VERIFY, {"code": code_for(device)})
    assert "انتظر" in right_too_soon.content.decode() and "الرمز غير صحيح" not in right_too_soon.content.decode()
    assert client.get("/admin/").status_code == 302

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    for _ in range(4):
        response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 302 and response["Location"] == "/admin/login/"
    assert client.get("/admin/")["Location"].startswith("/admin/login/"), "the password is asked again"


def test_own_security_page_regenerates_codes_and_removes_an_app_with_password_or_code(home, no_throttle):
    user = staff("nour", "محررون")
    first, second = enrolled(user, "الهاتف القديم"), enrolled(user, "الهاتف الجديد")
    old_codes = devices.issue_recovery_codes(user)
    client = Client()
    sign_in(client, "nour")
    client.post(VERIFY, {"code": code_for(first)})
    page = client.get("/admin/accounts/security/").content.decode()
    assert "الهاتف القديم" in page and "الهاتف الجديد" in page and "<strong>10</strong>" in page
    assert "/admin/accounts/security/" in client.get("/admin/account/").content.decode(), "in the account menu"

    fresh = client.post("/admin/accounts/security/recovery-codes/")
    new_codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", fresh.content.decode())
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)

    remove = f"/admin/accounts/security/devices/{first.pk}/remove/"
    refused = client.post(remove, {"secret": "not-my-password"})
    assert refused.status_code == 200 and "غير صحيح" in refused.content.decode()
    assert client.post(remove, {"secret": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(pk=first.pk).exists()
    assert client.get("/admin/").status_code == 200, "still verified: this session gave a second factor"

    last = f"/admin/accounts/security/devices/{second.pk}/remove/"
    assert client.post(last, {"secret": code_for(second)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and devices.recovery_codes_left(user) == 0
    assert actions(user) == ["miftah.otp.recovery_regenerated", "miftah.otp.removed", "miftah.otp.removed"]


def test_only_user_admins_reset_devices_and_the_reset_is_logged(home, no_throttle):
    victim = staff("hadi", "محررون")
    enrolled(victim)
    devices.issue_recovery_codes(victim)
    boss = staff("boss", superuser=True)
    enrolled(boss)
    editor = staff("editor", "محررون")
    manager = staff("manager", "مدراء")
    url = f"/admin/accounts/users/{victim.pk}/reset-two-factor/"

    editor_client = Client()
    sign_in(editor_client, "editor")
    for response in (editor_client.get(url), editor_client.post(url)):  # Wagtail answers PermissionDenied so
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert TOTPDevice.objects.filter(user=victim).exists()

    manager_client = Client()
    sign_in(manager_client, "manager")
    assert manager_client.post(f"/admin/accounts/users/{boss.pk}/reset-two-factor/")["Location"] == "/admin/"
    assert manager_client.get(f"/admin/accounts/users/{10**30}/reset-two-factor/").status_code == 404
    assert TOTPDevice.objects.filter(user=boss).exists(), "only a superuser resets a superuser"
    listing = manager_client.get("/admin/users/").content.decode()
    assert url in listing and f"/admin/accounts/users/{boss.pk}/reset-two-factor/" not in listing
    assert "هاتفي" in manager_client.get(url).content.decode()
    done = manager_client.post(url)
    assert done.status_code == 302 and done["Location"] == "/admin/users/"
    assert not TOTPDevice.objects.filter(user=victim).exists() and devices.recovery_codes_left(victim) == 0
    entry = ModelLogEntry.objects.get(action="miftah.otp.reset_by_admin")
    assert entry.user == manager and entry.object_id == subject_id(victim)

    boss_client = Client()
    sign_in(boss_client, "boss")
    boss_client.post(VERIFY, {"code": code_for(boss.totpdevice_set.get())})
    history = boss_client.get("/admin/reports/site-history/").content.decode()
    assert "إعادة ضبط التحقق بخطوتين" in history or "أعاد مدير ضبط أجهزة التحقق بخطوتين" in history


def test_the_reset_command_unlocks_a_locked_out_superuser(home):
    from django.core.management import CommandError, call_command

    boss = staff("boss", superuser=True)
    enrolled(boss)
    devices.issue_recovery_codes(boss)
    with pytest.raises(CommandError, match="لا يوجد مستخدم"):
        call_command("reset_two_factor", "nobody")
    call_command("reset_two_factor", "boss")
    assert not TOTPDevice.objects.filter(user=boss).exists() and devices.recovery_codes_left(boss) == 0
    assert actions(boss) == ["miftah.otp.reset_by_admin"]
    client = Client()
    sign_in(client, "boss")
    assert client.get("/admin/").status_code == 200
