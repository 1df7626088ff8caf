"""Shared locations for the WordPress importer tests."""

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO_ROOT = Path(__file__).resolve().parents[3]


def shared_data() -> Path:
    override = os.environ.get("MIFTAH_SHARED_DATA")
    return Path(override) if override else REPO_ROOT / ".." / "shared" / "data"


def wordpress_data(*parts: str) -> Path:
    """Path under shared/data/wordpress; skip (or fail on CI) when the corpus is absent."""
    path = shared_data().joinpath("wordpress", *parts)
    if not path.exists():
        message = f"WordPress test corpus not found at {path} (set MIFTAH_SHARED_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
