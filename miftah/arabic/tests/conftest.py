"""The Arabic core is pure Python: shadow the project-wide Django fixture so these tests also run
with ``-p no:django`` (and without a settings module)."""

import pytest


@pytest.fixture(autouse=True)
def _clear_cache():
    yield
