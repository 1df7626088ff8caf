"""A committed newsroom for the backup tests: the database is copied by another connection (SQLite's backup API) or
another process (pg_dump), which only see what is committed."""

import pytest


@pytest.fixture
def committed_newsroom(transactional_db, django_capture_on_commit_callbacks):
    from miftah.conftest import _build_newsroom
    from miftah.news.tests.factories import ensure_base_data, make_home

    ensure_base_data()  # an earlier transactional test ends with a flush of every table
    with django_capture_on_commit_callbacks(execute=True):
        return _build_newsroom(make_home())
