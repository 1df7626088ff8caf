"""A newsroom with one article under live coverage (fixtures for miftah/live's tests)."""

import pytest


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("desk", "desk@example.org", "secret-pass-1", first_name="سلمى",
                                         last_name="ناصر")


@pytest.fixture
def story(newsroom, django_capture_on_commit_callbacks):
    """The first politics article, its coverage started, with three updates (one pinned, one a key event)."""
    from miftah.live.coverage import start_coverage

    article = newsroom["articles"][1]
    with django_capture_on_commit_callbacks(execute=True):
        coverage = start_coverage(article)
    updates = [
        post(coverage, "بدأ الاجتماع الطارئ لمجلس الوزراء.", headline="اجتماع طارئ"),
        post(coverage, "وصل وزير الخارجية إلى مقر الاجتماع.", is_key_event=True),
        post(coverage, "تابعوا هنا آخر تطورات الجلسة لحظة بلحظة.", is_pinned=True),
    ]
    return {**newsroom, "article": article, "coverage": coverage, "updates": updates}


def post(coverage, body, *, author=None, minutes_ago=None, **fields):
    from datetime import timedelta

    from django.utils import timezone

    from miftah.live.coverage import save_update
    from miftah.live.models import LiveUpdate

    update = LiveUpdate(coverage=coverage, body=body, author=author, **fields)
    if minutes_ago is not None:
        update.posted_at = timezone.now() - timedelta(minutes=minutes_ago)
    return save_update(update)
