"""Accounts for the login tests: an editor in «محررون» and a superuser, with known passwords."""

import pytest

PASSWORD = "a long enough passphrase 42"


@pytest.fixture
def editor(home):
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("layla", "layla@example.org", PASSWORD)
    user.groups.add(Group.objects.get(name="محررون"))
    return user


@pytest.fixture
def superuser(home):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("boss", "boss@example.org", PASSWORD)


def login(client, username, password, **headers):
    return client.post("/admin/login/", {"username": username, "password": password}, **headers)
