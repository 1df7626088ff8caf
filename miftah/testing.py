"""Helpers shared by the test suite: skipping (never under CI), and where the shared corpora live."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def running_in_ci():
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def skip_unless(condition, reason):
    """Skip with a clear message outside CI; under CI=true a missing prerequisite is a failure, not a skip."""
    if condition:
        return
    if running_in_ci():
        pytest.fail(f"CI=true forbids skipping: {reason}")
    pytest.skip(reason)


def shared_data_dir():
    return Path(os.environ.get("MIFTAH_SHARED_DATA", REPO_ROOT.parent / "shared" / "data")).resolve()


def require_shared_data(*parts):
    path = shared_data_dir().joinpath(*parts)
    skip_unless(path.exists(), f"shared test data not found at {path} (set MIFTAH_SHARED_DATA)")
    return path
