"""Settings for the test suite: the real settings with a throwaway data folder and plain static storage.

DATABASE_URL and REDIS_URL are honoured exactly as in production, so the same suite runs on SQLite and on
PostgreSQL with Redis.
"""

import os
import tempfile

# Always a throwaway data folder (media, saved base URL, secret key): `make test` exports the developer's MIFTAH_DATA_DIR
# for `make run`, and tests must neither write into the demo's folder nor see what an earlier run left there.
os.environ["MIFTAH_DATA_DIR"] = os.environ.get("MIFTAH_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="miftah-test-")
os.environ.setdefault("MIFTAH_PLAIN_STATIC", "1")
os.environ.setdefault("MIFTAH_TASKS", "immediate")  # tests that need the real queue override TASKS (miftah/worker/tests)

from miftah.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The Wagtail site's address follows the base URL (synced on migrate): absolute links in tests say http://localhost.
MIFTAH_BASE_URL = WAGTAILADMIN_BASE_URL = "http://localhost"
ALLOWED_HOSTS = ["*"]
if REDIS_URL:  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"miftah-test-{os.getpid()}"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve static files from the apps, as the live-server browser tests need
MIFTAH_ANALYTICS_BUFFER_SECONDS = 0  # beacon views written in their request, where the test's transaction sees them
