"""Test helpers: staff accounts in the project's roles, password sign-in, and the code an authenticator shows."""

import time

from django.contrib.auth.models import Group, User
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "long-secret-pass-17"


def staff(username, *groups, superuser=False):
    user = User.objects.create_user(username, f"{username}@example.org", PASSWORD, is_superuser=superuser)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


def sign_in(client, username, password=PASSWORD):
    response = client.post("/admin/login/", {"username": username, "password": password, "next": "/admin/"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def code_for(device, ahead=0):
    """The code the app shows now, or for a later step: django-otp refuses a step already used (device.last_t)."""
    device.refresh_from_db()
    step = max(int((time.time() - device.t0) // device.step), device.last_t + 1) + ahead
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = device.t0 + step * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device):
    right = {code_for(device, ahead) for ahead in (-1, 0, 1)}
    return next(code for code in ("000000", "111111", "222222", "333333") if code not in right)


def enrolled(user, name="هاتفي"):
    """A confirmed app for the user, as enrolment leaves it."""
    return TOTPDevice.objects.create(user=user, name=name, confirmed=True)
