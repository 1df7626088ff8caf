"""Uncached reader pages side by side: this checkout, optionally a baseline checkout and the WordPress peer, on the
same content and machine, in one run: req/s, p50/p99 latency, requests per CPU-second of each stack, queries per page.

Miftah runs with `miftah run` (granian, DEBUG off, page cache off unless --page-cache adds a cached run, no worker) from a copy of the data folder; each
page is driven by wrk (-t2 -c32 by default, after a warm-up) while the CPU time of the server's processes is read
from /proc, so "req/CPU-s" survives a busy shared machine better than req/s. Queries per page are counted in a
separate process with Django's test client (second request, warm). WordPress is the peer of
../shared/tools/wordpress-peer (run its wordpress-setup.sh first); its CPU is nginx + php-fpm + mariadbd.

    flock /tmp/bench.lock .venv/bin/python bench/reader_pages.py --corpus 2000 --baseline /tmp/render-base --wordpress

--corpus N loads N articles of ../shared/data/corpus into a fresh SQLite data folder first (and runs the follow-up
work); without it --data-dir must hold a loaded database. The baseline checkout must have the same migrations.

"search" asks one word again and again (a popular query: Miftah answers it from its per-publish result cache after
the first time); "search new" asks a different word at every request — the words of the loaded headlines, the same
words for every stack, and Miftah's content generation moved on before each round as a publish moves it — so every
request runs the engine.
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
CORPUS = REPO.parent / "shared" / "data" / "corpus" / "ant-v2.1.jsonl.gz"
PAGES = ("home", "section", "article", "author", "tag", "dossier", "search", "search new")
SEARCH_WORD = "الحكومة"
WP_URLS = Path("/var/lib/wpbench/urls.env")
WP_PROCESSES = ("nginx", "php-fpm", "mariadbd", "mysqld")

COUNT_QUERIES = r"""
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
counts = {}
for name, path in json.loads(sys.argv[1]).items():
    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, HTTP_COOKIE="sessionid=none")
    counts[name] = len(queries) if response.status_code == 200 else None
print(json.dumps(counts))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def miftah(repo, data_dir, *args, page_cache=False, **popen):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PAGE_CACHE="1" if page_cache else "0", PYTHONPATH=str(repo),
               DJANGO_SETTINGS_MODULE="miftah.settings")
    return subprocess.Popen([sys.executable, "-m", "miftah.cli", *args], env=env, cwd=repo, **popen)


def load_corpus(count, data_dir):
    for args in (("migrate", "--no-input"), ("load-corpus", str(CORPUS), "--limit", str(count), "--no-progress"),
                 ("worker", "--batch"), ("collectstatic", "--no-input")):
        if miftah(REPO, data_dir, *args, stdout=subprocess.DEVNULL).wait():
            raise SystemExit(f"miftah {' '.join(args)} failed")


def start_server(repo, data_dir, port, workers, page_cache=False):
    process = miftah(repo, data_dir, "run", "--port", str(port), "--no-migrate", "--no-worker", "--workers", str(workers),
                     page_cache=page_cache, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("server did not start")


def fetch(url):
    return urllib.request.urlopen(url, timeout=30).read().decode()


def first(pattern, html, what):
    found = re.search(pattern, html, re.S)
    if not found:
        raise SystemExit(f"no {what} found to benchmark")
    return found.group(1)


BYLINES_AND_TAGS = r"""
import django
django.setup()
from miftah.news.models import ArticleAuthor, ArticlePage, Author, NewsTag
if not ArticleAuthor.objects.exists():
    authors = [Author.objects.get_or_create(slug=f"writer-{n}", defaults={"name": f"كاتب رقم {n}"})[0] for n in range(12)]
    tags = [NewsTag.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"موضوع {n}"})[0] for n in range(66)]
    ids = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True))
    ArticleAuthor.objects.bulk_create(ArticleAuthor(page_id=pk, author=authors[i % 12], sort_order=0) for i, pk in enumerate(ids))
    through = ArticlePage.tags.through
    through.objects.bulk_create(through(content_object_id=pk, tag=tags[(i * 7 + k) % 66]) for i, pk in enumerate(ids) for k in range(3))
"""

FIND_PATHS = r"""
import json, django
django.setup()
from urllib.parse import quote
from miftah.dossiers.queries import coverage_counts
from miftah.news.models import ArticlePage, SectionPage
article = (ArticlePage.objects.live().filter(article_authors__isnull=False, tagged_items__isnull=False)
           .order_by("-first_published_at").first())
section = SectionPage.objects.live().filter(depth=3).order_by("path").first()
entity = coverage_counts(limit=1)[0]
print(json.dumps({"home": "/", "section": section.url, "article": article.url,
                  "author": article.authors[0].get_url(), "tag": article.tags.first().get_url(),
                  "dossier": entity.get_absolute_url(), "search": "/search/?q=" + quote(%r)}))
""" % SEARCH_WORD


HEADLINE_WORDS = r"""
import collections, json, re, django
django.setup()
from miftah.news.models import ArticlePage
counts = collections.Counter(word for title in ArticlePage.objects.live().values_list("title", flat=True)
                             for word in re.findall(r"[\u0621-\u064a]{4,}", title))
print(json.dumps(sorted(counts, key=lambda w: (-counts[w], w))))
"""

RETIRE = "import django; django.setup(); from miftah.core.cache import retire; retire({'bench-new-round'})"

# wrk: thread n of N asks words n, n+N, n+2N…, so no word is asked twice in a round.
NEW_WORDS_SCRIPT = """
local words = {%s}
local prefix = "%s"
local threads = %d
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  i = id + tonumber(args[1])
end
function request()
  local word = words[(i %% #words) + 1]
  i = i + threads
  return wrk.format("GET", prefix .. word)
end
"""


def headline_words(data_dir):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO), DJANGO_SETTINGS_MODULE="miftah.settings")
    out = subprocess.run([sys.executable, "-c", HEADLINE_WORDS], env=env, cwd=REPO, capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def new_words_script(directory, url, words, threads):
    """A wrk script asking `url`'s search with a new word at each request; returns (script path, base URL)."""
    parts = urllib.parse.urlsplit(url)
    field = "s" if "s=" in parts.query else "q"
    prefix = f"{parts.path}?{field}="
    script = Path(directory) / f"words-{abs(hash(url))}.lua"
    script.write_text(NEW_WORDS_SCRIPT % (", ".join(f'"{urllib.parse.quote(w)}"' for w in words), prefix, threads))
    return str(script), f"{parts.scheme}://{parts.netloc}"


def miftah_paths(data_dir):
    """An article with an author and a tag, its author and tag archives, a section, the most covered dossier.

    The corpus has no bylines or tags: the first run gives its articles 12 writers and 66 tags (3 each), as the
    WordPress peer's posts have, so author and tag archives can be measured."""
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), PYTHONPATH=str(REPO), DJANGO_SETTINGS_MODULE="miftah.settings")
    subprocess.run([sys.executable, "-c", BYLINES_AND_TAGS], env=env, cwd=REPO, check=True)
    out = subprocess.run([sys.executable, "-c", FIND_PATHS], env=env, cwd=REPO, capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"could not find pages to benchmark: {out.stderr[-500:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def wordpress_urls():
    if not WP_URLS.exists():
        raise SystemExit(f"{WP_URLS} missing: run ../shared/tools/wordpress-peer/wordpress-setup.sh first")
    env = dict(re.findall(r'^(\w+)="?([^"\n]*)"?$', WP_URLS.read_text(), re.M))
    post = fetch(env["POST_URL"])
    return {"home": env["HOME_URL"], "section": env["CAT_URL"], "article": env["POST_URL"],
            "author": first(r'href="([^"]+/author/[^"]+)"', post, "WordPress author"),
            "tag": first(r'href="([^"]+/tag/[^"]+)"', post, "WordPress tag"),
            "search": env["SEARCH_URL"]}


def process_tree(root_pid):
    children = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            ppid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        children.setdefault(ppid, []).append(int(pid))
    pids, todo = [], [root_pid]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo += children.get(pid, [])
    return pids


def pids_named(names):
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip().startswith(names):
                found.append(int(pid))
        except OSError:
            continue
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            continue
    return total / os.sysconf("SC_CLK_TCK")


def ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)$", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, seconds, threads, connections, pids, script=None, offset=0):
    url = urllib.parse.quote(url, safe=":/?=&%")  # wrk takes ASCII URLs only (Arabic slugs)
    if script is None:
        subprocess.run(["wrk", "-t1", "-c2", "-d2s", url], capture_output=True)  # warm-up
    scripted = ["-s", script, url, "--", str(offset)] if script else [url]
    before = cpu_seconds(pids())
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{int(seconds)}s", "--latency", "--timeout", "10s",
                           *scripted], capture_output=True, text=True)
    out = done.stdout
    if "requests in" not in out:
        raise SystemExit(f"wrk failed on {url}: {done.stdout[-300:]} {done.stderr[-300:]}")
    cpu = cpu_seconds(pids()) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    latency = dict(re.findall(r"^\s+(\d+)%\s+(\S+)", out, re.M))
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": ms(latency["50"]),
            "p99": ms(latency["99"]), "per_cpu": requests / cpu if cpu > 0 else 0.0,
            "errors": int(bad.group(1)) if bad else 0}


def median_runs(runs):
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def bench_miftah(repo, source, args, page_cache=False):
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        shutil.copytree(source, data_dir)
        port = free_port()
        server = start_server(repo, data_dir, port, args.workers, page_cache)
        try:
            base = f"http://127.0.0.1:{port}"
            paths = miftah_paths(data_dir)
            env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PAGE_CACHE="0", PYTHONPATH=str(repo),
                       DJANGO_SETTINGS_MODULE="miftah.settings")
            queries = json.loads(subprocess.run([sys.executable, "-c", COUNT_QUERIES, json.dumps(paths)], env=env,
                                                cwd=repo, capture_output=True, text=True, check=True).stdout.strip().splitlines()[-1])
            for page, path in paths.items():
                runs = [wrk(base + path, args.seconds, args.threads, args.connections, lambda: process_tree(server.pid))
                        for _ in range(args.rounds)]
                results[page] = {**median_runs(runs), "queries": queries.get(page)}
            script, root = new_words_script(tmp, base + paths["search"], args.words, args.threads)
            runs = []
            for _ in range(args.rounds):
                # As after a publish: what the server remembered per generation (result pages) is not reused, so
                # every word of the round is new to it.
                subprocess.run([sys.executable, "-c", RETIRE], env=env, cwd=repo, check=True)
                runs.append(wrk(root, args.seconds, args.threads, args.connections, lambda: process_tree(server.pid),
                                script=script))
            results["search new"] = {**median_runs(runs), "queries": queries.get("search")}
            if max(run["rps"] for run in runs) * args.seconds > len(args.words):
                print("note: a «search new» round asked more words than there are: some were asked twice")
            single = [wrk(base + paths["article"], args.seconds, 1, 1, lambda: process_tree(server.pid))
                      for _ in range(args.rounds)]
            results["article c=1"] = {**median_runs(single), "queries": queries.get("article")}
        finally:
            os.killpg(server.pid, 15)
            server.wait()
    return results


def bench_wordpress(args):
    results = {}
    for page, url in wordpress_urls().items():
        runs = [wrk(url, args.seconds, args.threads, args.connections, lambda: pids_named(WP_PROCESSES))
                for _ in range(args.rounds)]
        results[page] = {**median_runs(runs), "queries": None}
    with tempfile.TemporaryDirectory() as tmp:
        script, root = new_words_script(tmp, wordpress_urls()["search"], args.words, args.threads)
        runs = [wrk(root, args.seconds, args.threads, args.connections, lambda: pids_named(WP_PROCESSES), script=script)
                for _ in range(args.rounds)]
        results["search new"] = {**median_runs(runs), "queries": None}
    url = wordpress_urls()["article"]
    results["article c=1"] = {**median_runs([wrk(url, args.seconds, 1, 1, lambda: pids_named(WP_PROCESSES))
                                             for _ in range(args.rounds)]), "queries": None}
    return results


def report(stacks, args):
    print(f"Uncached reader pages: wrk -t{args.threads} -c{args.connections} -d{args.seconds:g}s, median of "
          f"{args.rounds} rounds, {args.workers} granian workers, page cache off")
    print(f"{'page':<13}{'stack':<11}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'req/CPU-s':>11}{'queries':>9}{'err':>5}"
          + "".join(f"{'vs ' + other:>13}" for other in stacks if other != "miftah"))
    for page in (*PAGES, "article c=1"):
        for stack, results in stacks.items():
            r = results.get(page)
            if r is None:
                continue
            line = (f"{page:<13}{stack:<11}{r['rps']:>8.1f}{r['p50']:>9.2f}{r['p99']:>9.2f}{r['per_cpu']:>11.1f}"
                    f"{r['queries'] if r['queries'] is not None else '-':>9}{r['errors']:>5.0f}")
            if stack == "miftah":
                for other, theirs in stacks.items():
                    if other != "miftah" and page in theirs and theirs[page]["rps"]:
                        line += f"{r['rps'] / theirs[page]['rps']:>6.2f}×{r['per_cpu'] / max(theirs[page]['per_cpu'], 1e-9):>5.2f}×c"
                    elif other != "miftah":
                        line += f"{'-':>13}"
            print(line)
    print("vs X: req/s ratio, then req/CPU-s ratio (c); dossier has no WordPress counterpart; «search new»: a different "
          "headline word at every request")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(REPO / "var"))
    parser.add_argument("--corpus", type=int, help="load this many corpus articles into a fresh data folder first")
    parser.add_argument("--baseline", help="another Miftah checkout (e.g. a `git worktree` of main) to run beside")
    parser.add_argument("--wordpress", action="store_true", help="also drive the WordPress peer on 127.0.0.1:8081")
    parser.add_argument("--page-cache", action="store_true", help="also run this checkout with its page cache on")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(args.data_dir)
        if args.corpus:
            source = Path(tmp) / "var"
            load_corpus(args.corpus, source)
        elif not (source / "miftah.sqlite3").exists():
            raise SystemExit(f"no database in {source}: pass --corpus N or load one (`miftah demo`)")
        args.words = headline_words(source)
        stacks = {"miftah": bench_miftah(REPO, source, args)}
        if args.baseline:
            stacks["baseline"] = bench_miftah(Path(args.baseline).resolve(), source, args)
        if args.page_cache:
            stacks["cached"] = bench_miftah(REPO, source, args, page_cache=True)
        if args.wordpress:
            stacks["wordpress"] = bench_wordpress(args)
    report(stacks, args)
    if args.json:
        Path(args.json).write_text(json.dumps(stacks, indent=1))


if __name__ == "__main__":
    main()
