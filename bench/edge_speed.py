"""Cached reader pages through Varnish against nginx serving the same bytes as static files, side by side, and the
app servers' CPU while Varnish serves hits (issue #13's speed figure; a benchmark, not a test).

Starts the scale-out topology (scaleout/topology.py: Varnish with deploy/varnish/miftah.vcl, two granian app servers
on PostgreSQL + Redis, workers, moto S3), seeds a section and articles, warms Varnish, saves the exact bytes Varnish
delivers for home, section and an article (identity and gzip), and serves those files from nginx on another loopback
port. Then, for each page and encoding, runs wrk (64 connections) against Varnish and nginx alternately, several
rounds, and prints medians and the ratio Varnish / nginx. The app servers' CPU time (all their processes, from
/proc) is read before and after the Varnish runs. Usage (wrap in the shared lock):

    flock /tmp/bench.lock .venv/bin/python bench/edge_speed.py [--seconds 8] [--rounds 3]

Needs varnishd, nginx, wrk, redis-server, moto_server and PostgreSQL at 127.0.0.1:5432.
"""

import argparse
import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scaleout.topology import PORTS, Topology, wait_for  # noqa: E402

NGINX_PORT = 18160
NGINX_CONF = """
worker_processes auto;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {root}/pages;
        location / {{ default_type "text/html; charset=utf-8"; }}
        location ~ \\.gz$ {{ default_type "text/html; charset=utf-8"; add_header Content-Encoding gzip; }}
    }}
}}
"""


def fetch(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding != "identity" else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def wrk(url, seconds, encoding):
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url]
    if encoding != "identity":
        command[1:1] = ["-H", f"Accept-Encoding: {encoding}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert errors is None, output
    return rate


def cpu_seconds(pids):
    """User + system CPU seconds of the given processes and all their descendants."""
    ticks = os.sysconf("SC_CLK_TCK")
    total, seen, todo = 0, set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{pid}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return total / ticks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    for tool in ("varnishd", "nginx", "wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed")
    site = Topology()
    nginx = None
    try:
        site.up()
        content = site.edit("seed", articles=4)
        wait_for(lambda: site.edit("queue_idle")["idle"], 120, "the seed's background work is done", interval=0.5)
        pages = {"home": content["home"], "section": content["section"], "article": content["articles"][0]["path"]}
        (site.root / "pages").mkdir()
        for name, path in pages.items():
            for encoding in ("identity", "gzip"):
                for _ in range(3):
                    headers, body = fetch(site.url + path, encoding)
                assert headers.get("X-Cache") == "hit", f"{path} not cached in Varnish"
                if encoding == "gzip":
                    assert headers.get("Content-Encoding") == "gzip"
                    gzip.decompress(body)
                (site.root / "pages" / (name + (".html.gz" if encoding == "gzip" else ".html"))).write_bytes(body)
        os.chmod(site.root, 0o755)
        for path in (site.root / "pages").iterdir():
            path.chmod(0o644)
        (site.root / "pages").chmod(0o755)
        (site.root / "nginx.conf").write_text(NGINX_CONF.format(root=site.root, port=NGINX_PORT))
        nginx = subprocess.Popen(["nginx", "-c", str(site.root / "nginx.conf"), "-g", "daemon off; user root;"],
                                 stderr=subprocess.DEVNULL)
        wait_for(lambda: fetch(f"http://127.0.0.1:{NGINX_PORT}/home.html", "identity")[1], 10, "nginx serves")
        for name in pages:
            for encoding in ("identity", "gzip"):
                suffix = ".html.gz" if encoding == "gzip" else ".html"
                assert fetch(f"http://127.0.0.1:{NGINX_PORT}/{name}{suffix}", "identity")[1] == \
                    (site.root / "pages" / f"{name}{suffix}").read_bytes()

        app_pids = [site.processes[name].pid for name in ("app_a", "app_b")]
        results = {}
        varnish_seconds = 0.0
        app_cpu = 0.0
        for round_ in range(args.rounds):
            for name, path in pages.items():
                for encoding in ("identity", "gzip"):
                    suffix = ".html.gz" if encoding == "gzip" else ".html"
                    before = cpu_seconds(app_pids)
                    started = time.monotonic()
                    v = wrk(site.url + path, args.seconds, encoding)
                    varnish_seconds += time.monotonic() - started
                    app_cpu += cpu_seconds(app_pids) - before
                    n = wrk(f"http://127.0.0.1:{NGINX_PORT}/{name}{suffix}", args.seconds, encoding)
                    results.setdefault((name, encoding), []).append((v, n))
        print(f"wrk -t2 -c64 -d{args.seconds}s, {args.rounds} rounds alternating, medians (req/s):")
        print(f"{'page':8} {'encoding':9} {'bytes':>7} {'Varnish':>10} {'nginx':>10} {'ratio':>6}")
        for (name, encoding), runs in results.items():
            suffix = ".html.gz" if encoding == "gzip" else ".html"
            size = (site.root / "pages" / f"{name}{suffix}").stat().st_size
            v = statistics.median(r[0] for r in runs)
            n = statistics.median(r[1] for r in runs)
            ratios = [r[0] / r[1] for r in runs]
            print(f"{name:8} {encoding:9} {size:7d} {v:10.0f} {n:10.0f} {statistics.median(ratios):6.2f}")
        print(f"app servers' CPU while Varnish served hits: {app_cpu:.2f} CPU-s over {varnish_seconds:.0f} s of load "
              f"({100 * app_cpu / varnish_seconds:.2f}% of one core; health probes included)")
        print(f"ports: Varnish {PORTS['varnish']}, nginx {NGINX_PORT}")
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait()
        site.down()


if __name__ == "__main__":
    main()
