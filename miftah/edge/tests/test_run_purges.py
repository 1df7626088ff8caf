"""`miftah run` (the embedded setup) purges the proxy itself: with a proxy configured (MIFTAH_VARNISH_URLS) it starts
a second background worker for the `edge` queue beside the default one, and a correction published from another
process reaches readers through a real Varnish (the shipped VCL) in front of it, purged by that worker."""

import os
import signal
import time
import urllib.error
import urllib.request

import pytest

from miftah.worker.tests.test_processes import Install, children, command_line, wait_for

from .servers import Varnish, free_port

pytestmark = pytest.mark.processes

SETUP = """
import json
from miftah.news.models import ArticlePage, HomePage, SectionPage
home = HomePage.objects.get()
section = home.add_child(instance=SectionPage(title="أخبار", slug="akhbar", show_in_menus=True))
section.save_revision().publish()
article = section.add_child(instance=ArticlePage(title="العنوان الأول", slug="khabar", body="[]"))
article.save_revision().publish()
print(json.dumps({"path": "/akhbar/khabar/"}))
"""

RETITLE = """
import json
from miftah.news.models import ArticlePage
article = ArticlePage.objects.get(slug="khabar")
article.title = "العنوان المصحح"
article.save_revision().publish()
print(json.dumps({"ok": True}))
"""

PURGES = """
import json
from django_tasks_db.models import DBTaskResult
print(json.dumps(sorted(r.status for r in DBTaskResult.objects.filter(task_path__endswith="purge_task"))))
"""


def through(proxy, path):
    """(X-Cache, body) of `path` through Varnish; (status, "") while it answers an error (its probe has not seen the
    app server start yet)."""
    request = urllib.request.Request(proxy.url + path, headers={"Host": f"127.0.0.1:{proxy.port}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""


def worker_commands(server):
    return [line for line in map(command_line, children(server.pid)) if " worker" in line]


def test_miftah_run_takes_the_edge_queue_when_a_proxy_is_configured(tmp_path):
    app_port = free_port()
    proxy = Varnish(app_port)
    install = Install(tmp_path / "data", MIFTAH_VARNISH_URLS=proxy.url, MIFTAH_BASE_URL=proxy.url,
                      ALLOWED_HOSTS="127.0.0.1,localhost")
    install.port, install.url = app_port, f"http://127.0.0.1:{app_port}"
    server = None
    try:
        install.manage("migrate", "--noinput")
        path = install.python(SETUP)["path"]
        server = install.start("run", "--port", str(app_port), "--no-migrate")
        install.wait_until_serving(server)
        workers = wait_for(lambda: (lambda found: found if len(found) == 2 else None)(worker_commands(server)), 30,
                           "miftah run did not start two workers")
        assert sum("--queue edge" in line for line in workers) == 1, workers

        wait_for(lambda: through(proxy, path)[0] == "hit", 30, "the article is not cached in Varnish", interval=0.2)
        assert "العنوان الأول" in through(proxy, path)[1]
        install.python(RETITLE)  # another process, as the admin's publish: only a worker can purge Varnish now
        started = time.monotonic()
        wait_for(lambda: "العنوان المصحح" in through(proxy, path)[1], 30,
                 "the correction did not reach Varnish: no worker ran the purge", interval=0.1)
        purged_after = time.monotonic() - started
        assert set(install.python(PURGES)) == {"SUCCESSFUL"}
        assert purged_after < 10, purged_after
    finally:
        if server is not None and server.poll() is None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=45)
            except Exception:  # noqa: BLE001
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        proxy.stop()
        install.drop()
