"""Requests/s and latency of the reader pages (home, section, article), page cache on and off, side by side.

Serves the demo outlet with `miftah run` (granian, DEBUG off) from a throwaway copy of the data folder, then drives
each URL with a small closed-loop load generator (keep-alive connections in threads) and prints medians of several
rounds. Usage:

    .venv/bin/python bench/reader_pages.py [--data-dir var] [--seconds 5] [--rounds 3] [--connections 8]

The data folder must hold a database with the demo loaded (`make run` once, or `miftah demo`).
"""

import argparse
import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir, port, cache_on):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), MIFTAH_PAGE_CACHE="1" if cache_on else "0", PORT=str(port))
    env.pop("DATABASE_URL", None) if "DATABASE_URL" not in os.environ else None
    process = subprocess.Popen([sys.executable, "-m", "miftah.cli", "run", "--port", str(port), "--no-migrate"],
                               env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 180
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit("server did not start")


def load(port, path, seconds, connections):
    latencies, errors = [], [0]
    stop = time.perf_counter() + seconds
    lock = threading.Lock()

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        local = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors[0] += 1
            local.append(time.perf_counter() - started)
        conn.close()
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    latencies.sort()
    return {
        "rps": len(latencies) / seconds,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p95": latencies[int(len(latencies) * 0.95)] * 1000,
        "errors": errors[0],
    }


def discover_paths(port):
    html = urllib.request.urlopen(f"http://127.0.0.1:{port}/").read().decode()
    import re

    sections = re.findall(r'<nav class="main-nav".*?</nav>', html, re.S)[0]
    section = re.findall(r'href="(/[^"]+/)"', sections)[0]
    article = re.findall(r'<article class="lead">.*?href="(/[^"]+/)"', html, re.S)[0]
    return {"home": "/", "section": section, "article": article}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=str(REPO / "var"))
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    source = Path(args.data_dir)
    if not (source / "miftah.sqlite3").exists() and "DATABASE_URL" not in os.environ:
        raise SystemExit(f"no database in {source}: run `make run` (or `miftah demo`) first")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        shutil.copytree(source, data_dir)  # static files included: collecting them again would take a minute
        for cache_on in (False, True):
            port = free_port()
            server = start_server(data_dir, port, cache_on)
            try:
                paths = discover_paths(port)
                for name, path in paths.items():
                    load(port, path, 1, 2)  # warm up renditions and caches
                    rounds = [load(port, path, args.seconds, args.connections) for _ in range(args.rounds)]
                    results[(name, cache_on)] = {k: statistics.median(r[k] for r in rounds) for k in rounds[0]}
            finally:
                server.terminate()
                server.wait()
    print(f"Reader pages, {args.connections} connections, {args.rounds}×{args.seconds:g}s rounds (medians)")
    print(f"{'page':<9}{'cache':<7}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
    for name in ("home", "section", "article"):
        for cache_on in (False, True):
            r = results[(name, cache_on)]
            print(f"{name:<9}{'on' if cache_on else 'off':<7}{r['rps']:>9.0f}{r['p50']:>9.1f}{r['p95']:>9.1f}{r['errors']:>8.0f}")
        off, on = results[(name, False)], results[(name, True)]
        print(f"{'':<9}{'ratio':<7}{on['rps'] / off['rps']:>8.1f}×")


if __name__ == "__main__":
    main()
