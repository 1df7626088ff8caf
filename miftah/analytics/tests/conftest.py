"""Each test starts without this process's remembered salt: the database it was read from is rolled back."""

import pytest


@pytest.fixture(autouse=True)
def _forget_salts():
    from miftah.analytics import sources

    sources._salts.clear()
    yield
    sources._salts.clear()
