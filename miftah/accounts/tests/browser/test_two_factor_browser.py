"""Two-factor authentication as an editor lives it, in Chromium: sent to enrolment after the password (the site
requires it), scans nothing but reads the secret shown in text, confirms a code, keeps the recovery codes, signs out,
signs in with password and code, and sees a wrong code refused in Arabic."""

import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def app_code(secret_text, ahead=0):
    """What an authenticator app shows for the secret the page printed (ahead: that many 30-second steps later)."""
    totp = TOTP(b32decode(secret_text.replace(" ", "")), step=30, t0=0, digits=6)
    totp.time = time.time() + 30 * ahead
    return f"{totp.token():06d}"


def test_enrol_sign_out_and_sign_in_with_a_code(browser, live_server, settings, screenshot):
    from django.contrib.auth.models import Group, User
    from wagtail.models import Site

    from miftah.accounts.models import RequireTwoFactor, SecuritySettings
    from miftah.news.tests.factories import ensure_base_data

    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the wrong code is followed at once by the right one
    ensure_base_data()
    security = SecuritySettings.for_site(Site.objects.get(is_default_site=True))
    security.require_two_factor = RequireTwoFactor.EDITORS
    security.save()
    User.objects.create_user("mona", "mona@example.org", "long-secret-pass-17").groups.add(Group.objects.get(name="محررون"))

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()

    def sign_in_with_password():
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "mona")
        page.fill("input[name=password]", "long-secret-pass-17")
        page.click("button[type=submit]")

    sign_in_with_password()
    page.wait_for_url("**/admin/accounts/enrol/**")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("svg.otp-qr").is_visible()
    secret = page.inner_text("#otp-secret")
    screenshot(page, "two-factor-enrol", full_page=True)
    page.fill("input[name=code]", app_code(secret))
    page.click("form.login-form button[type=submit]")
    page.locator(".otp-recovery-codes").wait_for()
    codes = page.locator(".otp-recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    page.click("text=حفظتُ الرموز، تابع")
    page.wait_for_url("**/admin/")

    page.click(".sidebar-footer__account-toggle")
    page.click("text=تسجيل الخروج")
    page.wait_for_url("**/admin/login/**")

    sign_in_with_password()
    page.wait_for_url("**/admin/accounts/verify/**")
    right = app_code(secret, ahead=1)  # the step enrolment used is spent; the app's next code is accepted early
    page.fill("input[name=code]", next(c for c in ("000000", "123456", "999999") if c not in {right, app_code(secret)}))
    page.click("form.login-form button[type=submit]")
    refusal = page.locator(".messages li.error")
    refusal.wait_for()
    assert "الرمز غير صحيح أو انتهت صلاحيته" in refusal.inner_text()
    screenshot(page, "two-factor-wrong-code", full_page=True)
    assert "/admin/accounts/verify/" in page.url

    page.fill("input[name=code]", right)
    page.click("form.login-form button[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.locator(".sidebar-footer__account-toggle").is_visible()
    page.goto(live_server.url + "/admin/accounts/security/")
    assert page.get_by_role("cell", name="تطبيق المصادقة").is_visible()
    assert "بقي لديك 10" in page.inner_text("main")
    screenshot(page, "two-factor-security-page", full_page=True)
    context.close()
