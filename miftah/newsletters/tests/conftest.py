"""A real SMTP server (aiosmtpd) per test, with the site's mail sent to it, and a small newsroom with lists."""

import email
import email.policy
import re
import socket
import threading

import pytest

from miftah.testing import skip_unless


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """What the SMTP server received; `refuse` answers RCPT for some addresses, `busy` answers DATA with a 4xx."""

    def __init__(self):
        self.messages = []
        self.refuse = {}
        self.busy = 0  # how many DATA commands to answer "451" before accepting again
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.busy:
                self.busy -= 1
                return "451 4.3.0 try again later"
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]

    def recipients(self):
        return [rcpt for rcpts, _ in self.messages for rcpt in rcpts]


def part(message, subtype):
    found = message.get_body(preferencelist=(subtype,))
    return found.get_content() if found is not None else ""


def link(message, pattern):
    match = re.search(pattern, part(message, "plain"))
    assert match, f"no link matching {pattern!r} in:\n{part(message, 'plain')}"
    return match.group(0)


@pytest.fixture
def smtp_server(settings):
    try:
        from aiosmtpd.controller import Controller
    except ImportError:
        Controller = None
    skip_unless(Controller is not None, "aiosmtpd is not installed (pip install -e '.[test]')")
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.MIFTAH_NEWSLETTER_FROM = "مفتاح <news@miftah.test>"
    inbox.port = port
    yield inbox
    controller.stop()


def daily_list():
    """The daily digest migration 0002 makes on a new install (put back after a transactional test's flush)."""
    import importlib

    from django.apps import apps

    from miftah.newsletters.models import NewsletterList

    importlib.import_module("miftah.newsletters.migrations.0002_daily_digest").create_daily_digest(apps, None)
    return NewsletterList.objects.get(slug="daily")
