"""Page cache under load while the newsroom publishes (issue #12): throughput with publishes against the same load
without, p99, 5xx and stale reads.

Serves a copy of a data folder holding the demo outlet with `miftah run` (granian workers and the background worker,
DEBUG off, page cache on), drives home + a section + an article with `wrk` (64 connections), and in alternating rounds
runs the same load alone ("steady") and while another process publishes a new article in that section every 2 s
("publishing"). After each publish returns, the publisher GETs home, the section and the new article: a page that does
not show the new article is a *stale read*. Usage:

    flock /tmp/bench.lock .venv/bin/python bench/publish_under_load.py [--data-dir var] [--seconds 60] [--rounds 1]

The data folder must hold the demo (`make run` once, or `miftah migrate && miftah demo`).
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

WRK_SCRIPT = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
local fivexx = 0
response = function(status, headers, body)
  if status >= 500 then fivexx = fivexx + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("P99_US %%d\\n", latency:percentile(99)))
  io.write(string.format("REQUESTS %%d\\n", summary.requests))
end
"""

# Run in its own process, as an editor's publish runs in a server process other than most readers' ones.
PUBLISHER = r"""
import json, sys, time, urllib.request
import django
django.setup()
from miftah.news.models import ArticlePage, SectionPage
section = SectionPage.objects.live().get(url_path=sys.argv[1])
interval, until, port = float(sys.argv[2]), time.time() + float(sys.argv[3]), int(sys.argv[4])
published, stale, seconds = 0, 0, []
while time.time() < until:
    started = time.perf_counter()
    title = f"خبر عاجل رقم {published + 1} في اختبار الحمل {int(time.time())}"
    body = json.dumps([{"type": "paragraph", "value": "<p>نص خبر اختبار الحمل.</p>"}], ensure_ascii=False)
    page = ArticlePage(title=title, slug=f"load-{int(time.time() * 1000)}", dek="موجز الاختبار", body=body)
    page.live = False
    section.add_child(instance=page)
    page.save_revision().publish()
    seconds.append(time.perf_counter() - started)
    published += 1
    for path in ("/", section.url, page.url):
        html = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read().decode()
        stale += title not in html
    time.sleep(max(0.0, interval - (time.perf_counter() - started)))
print(json.dumps({"published": published, "stale": stale, "publish_s": sorted(seconds)[len(seconds) // 2]}))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir, port, workers):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PAGE_CACHE="1")
    command = [sys.executable, "-m", "miftah.cli", "run", "--port", str(port), "--no-migrate"]
    if workers:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("server did not start")


def discover_paths(port):
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
    nav = re.findall(r'<nav class="main-nav".*?</nav>', html, re.S)[0]
    section = re.findall(r'href="(/[^"]+/)"', nav)[0]
    section_html = urllib.request.urlopen(f"http://127.0.0.1:{port}{urllib.parse.quote(section)}").read().decode()
    main = section_html.split("<main", 1)[1]
    article = next(p for p in re.findall(r'href="(/[^"]+/)"', main) if p.startswith(section) and p != section)
    return [urllib.parse.quote("/"), urllib.parse.quote(section), urllib.parse.quote(article)]


def run_wrk(port, paths, seconds, connections, script_dir):
    script = Path(script_dir) / "paths.lua"
    script.write_text(WRK_SCRIPT % ", ".join(f'"{p}"' for p in paths))
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script),
         f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", output)) else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    p99 = int(re.search(r"P99_US (\d+)", output).group(1)) / 1000
    return {"rps": rps, "p99_ms": p99, "non_2xx": errors, "socket_errors": socket_errors.group(1) if socket_errors else ""}


def publish_while(port, section_url_path, seconds, interval, data_dir):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="miftah.settings",
               PYTHONPATH=str(REPO))
    return subprocess.Popen([sys.executable, "-c", PUBLISHER, section_url_path, str(interval), str(seconds), str(port)],
                            env=env, cwd=REPO, stdout=subprocess.PIPE, text=True)


def section_url_path(data_dir, section_path):
    """The Wagtail url_path of the section served at `section_path` (the home page's path plus it)."""
    code = ("import django; django.setup(); from wagtail.models import Site; "
            "print(Site.objects.get(is_default_site=True).root_page.url_path)")
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="miftah.settings",
               PYTHONPATH=str(REPO))
    root = subprocess.run([sys.executable, "-c", code], env=env, cwd=REPO, capture_output=True, text=True,
                          check=True).stdout.strip()
    return root.rstrip("/") + urllib.parse.unquote(section_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(REPO / "var"))
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between publishes")
    parser.add_argument("--workers", type=int, default=0, help="granian workers (default: miftah run's)")
    args = parser.parse_args()
    source = Path(args.data_dir)
    if not (source / "miftah.sqlite3").exists() and "DATABASE_URL" not in os.environ:
        raise SystemExit(f"no database in {source}: run `make run` (or `miftah migrate && miftah demo`) first")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    steady, loaded, publishers = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        shutil.copytree(source, data_dir)
        port = free_port()
        server = start_server(data_dir, port, args.workers)
        try:
            paths = discover_paths(port)
            section = section_url_path(data_dir, paths[1])
            run_wrk(port, paths, 3, args.connections, tmp)  # warm up: renditions, caches, connections
            for _ in range(args.rounds):
                steady.append(run_wrk(port, paths, args.seconds, args.connections, tmp))
                publisher = publish_while(port, section, args.seconds, args.interval, data_dir)
                loaded.append(run_wrk(port, paths, args.seconds, args.connections, tmp))
                out, _ = publisher.communicate(timeout=args.seconds + 120)
                publishers.append(json.loads(out.strip().splitlines()[-1]))
        finally:
            server.terminate()
            server.wait()

    def median(rows, key):
        return statistics.median(r[key] for r in rows)

    print(f"Publish under load: {args.connections} connections on {', '.join(urllib.parse.unquote(p) for p in paths)}; "
          f"{args.rounds}×{args.seconds}s per phase (medians); a publish every {args.interval:g}s")
    print(f"{'phase':<12}{'req/s':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for name, rows in (("steady", steady), ("publishing", loaded)):
        print(f"{name:<12}{median(rows, 'rps'):>9.0f}{median(rows, 'p99_ms'):>9.1f}{sum(r['non_2xx'] for r in rows):>9}"
              + (f"  socket errors: {rows[-1]['socket_errors']}" if rows[-1]["socket_errors"] else ""))
    ratio = median(loaded, "rps") / median(steady, "rps")
    print(f"throughput with publishes / without: {ratio:.2f}× (goal ≥ 0.8×)")
    print(f"published: {sum(p['published'] for p in publishers)}, median publish "
          f"{statistics.median(p['publish_s'] for p in publishers) * 1000:.0f} ms; stale reads after a publish "
          f"returned: {sum(p['stale'] for p in publishers)} (goal 0)")


if __name__ == "__main__":
    main()
