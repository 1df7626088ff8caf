"""Miftah as an operator runs it: real processes from an empty install.

`miftah migrate`, then `miftah run` (granian + one background worker) on a data folder of its own (SQLite), or on a
fresh PostgreSQL database when the suite runs on PostgreSQL. While only `miftah run` runs: an article scheduled two
minutes ahead goes live, its follow-up work is done, a worker killed with SIGKILL mid-queue is restarted and the
queue completes, and SIGTERM stops everything cleanly. A second scenario runs `miftah worker` on RQ/Redis.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from miftah.testing import REPO_ROOT, skip_unless

pytestmark = pytest.mark.processes


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Install:
    """One Miftah install: its own data folder, and its own PostgreSQL database when DATABASE_URL is set."""

    def __init__(self, data_dir, **env):
        self.env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
        self.env.update(MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PLAIN_STATIC="1", MIFTAH_TASKS="database",
                        PYTHONPATH=str(REPO_ROOT), CACHE_KEY_PREFIX=f"miftah-e2e-{uuid.uuid4().hex[:8]}",
                        LOG_LEVEL="WARNING")
        self.env.update(env)
        self.database = None
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            import psycopg

            base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            self.database = f"miftah_e2e_{uuid.uuid4().hex[:10]}"
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.database}"')
            self.env["DATABASE_URL"] = f"{base}/{self.database}"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"

    def command(self, *args):
        return [sys.executable, "-m", "miftah.cli", *args]

    def manage(self, *args, timeout=300):
        result = subprocess.run(self.command(*args), env=self.env, capture_output=True, text=True, timeout=timeout)
        assert result.returncode == 0, f"miftah {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def python(self, code):
        """Run code in this install (as `miftah shell -c`) and return what it printed as JSON."""
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def start(self, *args):
        """A long-running command, its output in a log file (a pipe nobody reads would fill and block it)."""
        self.log = Path(self.env["MIFTAH_DATA_DIR"]).with_name(f"{args[0]}-{time.monotonic_ns()}.log")
        with open(self.log, "w") as log:
            return subprocess.Popen(self.command(*args), env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)

    def output(self):
        return self.log.read_text(errors="replace")

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def wait_until_serving(self, process, seconds=120):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            assert process.poll() is None, f"miftah run ended early:\n{self.output()}"
            try:
                return self.get("/")
            except OSError:
                time.sleep(0.5)
        raise AssertionError("miftah run did not answer within %ss" % seconds)

    def drop(self):
        if self.database:
            import psycopg

            base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def children(pid):
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def command_line(pid):
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def wait_for(predicate, seconds, message, interval=1.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(message)


SETUP_SCHEDULED_ARTICLE = """
import json
from datetime import timedelta
from django.utils import timezone
from miftah.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.get()
section = home.add_child(instance=SectionPage(title="أخبار", slug="akhbar", show_in_menus=True))
section.save_revision().publish()
body = json.dumps([{"type": "paragraph", "value": "<p>وصل وفد من الأمم المتحدة إلى بغداد لبحث الانتخابات في العراق.</p>"}])
article = ArticlePage(title="وفد أممي في بغداد", slug="wafd", body=body, live=False)
section.add_child(instance=article)
article.go_live_at = timezone.now() + timedelta(minutes=2)
article.save_revision().publish()
article.refresh_from_db()
print(json.dumps({"live": article.live, "go_live_at": article.go_live_at and article.go_live_at.timestamp(),
                  "pk": article.pk}))
"""

QUEUE_SLOW_TASKS = """
import json
from miftah.worker.tests.slow_tasks import take_a_while
print(json.dumps([str(take_a_while.enqueue(4, n).id) for n in range(5)]))
"""

TASK_STATES = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps({str(r.id): r.status for r in DBTaskResult.objects.filter(task_path__endswith="take_a_while")}))
"""

ARTICLE_STATE = """
import json
from miftah.dossiers.models import ArticleEntity
from miftah.news.models import ArticlePage, ArticleWork
article = ArticlePage.objects.get(slug="wafd")
print(json.dumps({"live": article.live, "pending": ArticleWork.objects.filter(article=article).exists(),
                  "entities": sorted(ArticleEntity.objects.filter(article=article).values_list("entity__canonical", flat=True))}))
"""


def test_miftah_run_from_an_empty_install(tmp_path):
    install = Install(tmp_path / "data")
    server = None
    try:
        install.manage("migrate", "--noinput")
        scheduled = install.python(SETUP_SCHEDULED_ARTICLE)
        assert scheduled["live"] is False

        server = install.start("run", "--port", str(install.port), "--no-migrate")
        status, html = install.wait_until_serving(server)
        assert status == 200 and 'lang="ar"' in html and "Welcome to your new Wagtail site" not in html
        assert install.get("/akhbar/wafd/")[0] == 404  # not before its time

        # SIGKILL the worker in the middle of a queue: `miftah run` starts another, which finishes the queue,
        # including the task the dead worker had started.
        task_ids = install.python(QUEUE_SLOW_TASKS)
        workers = lambda: [pid for pid in children(server.pid) if " worker" in command_line(pid)]  # noqa: E731
        first_worker = wait_for(workers, 30, "miftah run started no worker")[0]
        wait_for(lambda: "RUNNING" in install.python(TASK_STATES).values(), 60, "no slow task started")
        os.kill(first_worker, signal.SIGKILL)
        states = install.python(TASK_STATES)
        assert "RUNNING" in states.values() and "READY" in states.values(), states
        replacement = wait_for(lambda: [pid for pid in workers() if pid != first_worker], 30,
                               "miftah run did not start a new worker")
        assert replacement
        wait_for(lambda: set(install.python(TASK_STATES).values()) == {"SUCCESSFUL"}, 120,
                 "the queue did not complete after the worker was killed", interval=3)
        assert sorted(install.python(TASK_STATES)) == sorted(task_ids)

        # The article scheduled two minutes ahead is live by then (the worker's publish_scheduled runs every
        # minute), with its follow-up work done by the worker.
        wait_for(lambda: install.get("/akhbar/wafd/")[0] == 200, max(5, scheduled["go_live_at"] - time.time()) + 75,
                 "the scheduled article did not go live")
        assert time.time() >= scheduled["go_live_at"] - 1
        assert "وفد أممي في بغداد" in install.get("/akhbar/wafd/")[1]
        state = wait_for(lambda: (lambda s: s if not s["pending"] else None)(install.python(ARTICLE_STATE)), 60,
                         "the published article's background work was not done")
        assert state["live"] and {"بغداد", "العراق"} <= set(state["entities"])

        # SIGTERM stops the server and the worker.
        processes = [server.pid, *children(server.pid)]
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=45) == 0, install.output()
        time.sleep(0.5)
        assert not [pid for pid in processes if Path(f"/proc/{pid}").exists()
                    and "zombie" not in Path(f"/proc/{pid}/status").read_text()]
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        install.drop()


def redis_reachable(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def test_miftah_worker_on_rq(tmp_path):
    redis_url = os.environ.get("MIFTAH_TEST_RQ_URL", "redis://127.0.0.1:6379/14")
    skip_unless(redis_reachable(redis_url), f"Redis not reachable at {redis_url} (the RQ scenario needs one)")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    install = Install(tmp_path / "data", MIFTAH_TASKS="rq", REDIS_URL=redis_url)
    worker = None
    try:
        install.manage("migrate", "--noinput")
        worker = install.start("worker")
        published = install.python(SETUP_SCHEDULED_ARTICLE.replace(
            "article.go_live_at = timezone.now() + timedelta(minutes=2)\n", ""))
        assert published["live"] is True
        state = wait_for(lambda: (lambda s: s if not s["pending"] else None)(install.python(ARTICLE_STATE)), 90,
                         "the RQ worker did not do the article's background work", interval=2)
        assert {"بغداد", "العراق"} <= set(state["entities"])
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=90)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"miftah worker (RQ) did not stop on SIGTERM:\n{install.output()}") from None
    finally:
        if worker is not None and worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        redis.Redis.from_url(redis_url).flushdb()
        install.drop()
