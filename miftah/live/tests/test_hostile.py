"""Every payload of the project's XSS list, posted through the live desk as an update's text, headline and caption,
runs nothing on the reader page or in the poll's HTML (the shared check of miftah/core/tests/hostile.py)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from miftah.core.tests.hostile import dangerous_markup, load_payloads, packed

pytestmark = pytest.mark.django_db


def test_hostile_updates_run_nothing(story, editor):
    client = Client()
    client.force_login(editor)
    desk = reverse("live_desk", args=[story["article"].pk])
    payloads = load_payloads()
    bodies, headlines = packed(payloads, 4000, "\n\n"), packed(payloads, 200)
    for n, body in enumerate(bodies):
        headline = headlines[n % len(headlines)]
        response = client.post(desk, {"action": "post", "body": body, "headline": headline,
                                      "image_caption": headline[:250], "is_key_event": "on"})
        assert response.status_code == 302, response.content[:500]
    html = Client().get(story["article"].url + "?updates=all").content.decode()
    section = html.split('<section class="live-coverage', 1)[1].split("</section>", 1)[0]
    section = section.replace('<script src="/static/live/live.js" defer></script>', "")
    ld, rest = re.search(r'<script type="application/ld\+json">(.*?)</script>', section, re.S).group(1), section
    rest = section.replace(f'<script type="application/ld+json">{ld}</script>', "")
    assert "</script" not in ld.lower() and len(json.loads(ld)["liveBlogUpdate"]) == len(bodies) + 3
    assert dangerous_markup(rest) == []
    assert rest.count('class="live-update') >= len(bodies)
    poll = json.loads(Client().get(f"/live/{story['article'].pk}/updates.json").content)
    assert len(poll["updates"]) == len(bodies) + 3
    for update in poll["updates"]:
        assert dangerous_markup(update["html"]) == [], update["html"][:300]
