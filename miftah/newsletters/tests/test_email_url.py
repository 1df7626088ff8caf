"""EMAIL_URL and ANYMAIL_* from the environment become Django's mail settings."""

import pytest

from miftah.newsletters.email_url import anymail_settings, parse_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize("url, expected", [
    ("smtp://mail.example.org", {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 25, "EMAIL_USE_TLS": False,
                                 "EMAIL_USE_SSL": False}),
    ("smtp://user%40site:p%3Ass@mail.example.org:587?tls=1&timeout=5",
     {"EMAIL_PORT": 587, "EMAIL_HOST_USER": "user@site", "EMAIL_HOST_PASSWORD": "p:ss", "EMAIL_USE_TLS": True,
      "EMAIL_TIMEOUT": 5}),
    ("smtp+tls://u:p@mail.example.org", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
    ("smtps://u:p@mail.example.org", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
])
def test_smtp_urls(url, expected):
    settings = parse_email_url(url)
    assert settings["EMAIL_BACKEND"] == SMTP
    assert {key: settings[key] for key in expected} == expected


def test_development_backends_and_a_clear_error_for_the_rest():
    assert parse_email_url("console://") == {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert parse_email_url("locmem://")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")
    with pytest.raises(ValueError, match="unknown scheme 'http'"):
        parse_email_url("http://example.org")


def test_anymail_variables_become_the_anymail_dict():
    environ = {"ANYMAIL_POSTMARK_SERVER_TOKEN": "token", "ANYMAIL_WEBHOOK_SECRET": "a:b", "ANYMAIL_EMPTY": "",
               "OTHER": "x"}
    assert anymail_settings(environ) == {"POSTMARK_SERVER_TOKEN": "token", "WEBHOOK_SECRET": "a:b"}
