"""Requests/s of the analytics beacon (POST /qiraa/) against a granian server, beside /healthz as the baseline.

Starts `miftah run --no-worker` (granian, DEBUG off) on a throwaway data folder (a fresh SQLite database, or the
PostgreSQL of DATABASE_URL), then drives each case with wrk and prints medians of several rounds:

- healthz: GET /healthz (the app server and Django's middleware with one `SELECT 1`: the floor for any request);
- counted: a browser's beacon, answered 204, its view written by the process's buffer (the default, one bulk
  INSERT a second; the rate limit raised out of the way);
- unbuffered: the same with MIFTAH_ANALYTICS_BUFFER_SECONDS=0, one INSERT in each request;
- robot: a crawler's beacon, answered 204 with no write (the cost of the request alone);
- limited: a browser's beacon over the per-address limit, answered 429 (what a flood from one address costs).

Usage: flock /tmp/bench.lock .venv/bin/python bench/beacon.py [--seconds 10] [--rounds 3] [--connections 8]
"""

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
BODY = "p=3&r=https%3A%2F%2Fwww.google.com%2F"
LUA = """wrk.method = "{method}"
wrk.body = "{body}"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded;charset=UTF-8"
wrk.headers["User-Agent"] = "{agent}"
"""
CASES = {
    "healthz": ("GET", "/healthz", "", CHROME),
    "counted": ("POST", "/qiraa/", BODY, CHROME),
    "robot": ("POST", "/qiraa/", BODY, "Googlebot/2.1 (+http://www.google.com/bot.html)"),
}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(data_dir, port, per_minute, buffer_seconds):
    env = dict(os.environ, MIFTAH_DATA_DIR=str(data_dir), PORT=str(port),
               MIFTAH_ANALYTICS_BEACONS_PER_MINUTE=str(per_minute),
               MIFTAH_ANALYTICS_BUFFER_SECONDS=str(buffer_seconds))
    process = subprocess.Popen([sys.executable, "-m", "miftah.cli", "run", "--port", str(port), "--no-worker"],
                               env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 600  # the first start migrates a fresh database and collects static files
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit("server exited at start")
            time.sleep(0.5)
    process.kill()
    raise SystemExit("server did not start")


def wrk(port, case, seconds, connections, script_dir):
    method, path, body, agent = CASES[case]
    script = Path(script_dir) / f"{case}.lua"
    script.write_text(LUA.format(method=method, body=body, agent=agent))
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script),
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)", out)
    p50_ms = float(p50[1]) * {"us": 0.001, "ms": 1, "s": 1000}[p50[2]]
    total = int(re.search(r"(\d+) requests in", out)[1])
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": p50_ms, "requests": total, "non2xx": int(bad[1]) if bad else 0}


def stored_views(data_dir):
    if os.environ.get("DATABASE_URL"):
        return None
    import sqlite3

    with sqlite3.connect(Path(data_dir) / "miftah.sqlite3") as db:
        return db.execute("SELECT count(*) FROM analytics_pageview").fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found (apt-get install wrk)")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "var"
        servers = ((10**9, 1, ("healthz", "counted", "robot")), (10**9, 0, ("unbuffered",)), (1, 1, ("limited",)))
        for per_minute, buffer_seconds, cases in servers:
            port = free_port()
            server = start_server(data_dir, port, per_minute, buffer_seconds)
            try:
                for case in cases:
                    name = "counted" if case in ("limited", "unbuffered") else case
                    wrk(port, name, 2, 2, tmp)  # warm up
                    time.sleep(1.5)  # the warm-up's buffered views written
                    before = stored_views(data_dir)
                    rounds = [wrk(port, name, args.seconds, args.connections, tmp) for _ in range(args.rounds)]
                    time.sleep(1.5)
                    after = stored_views(data_dir)
                    results[case] = {k: statistics.median(r[k] for r in rounds) for k in ("rps", "p50", "non2xx")}
                    answered = sum(r["requests"] for r in rounds)
                    results[case]["stored"] = (f"{after - before}/{answered}" if before is not None else "-")
            finally:
                server.terminate()
                server.wait()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"Beacon on granian ({database}), {args.connections} connections, {args.rounds}×{args.seconds:g}s rounds "
          "(medians)")
    print(f"{'case':<11}{'req/s':>9}{'p50 ms':>9}{'non-2xx':>9}{'rows/answers':>19}{'vs healthz':>12}")
    for case in ("healthz", "counted", "unbuffered", "robot", "limited"):
        r = results[case]
        print(f"{case:<11}{r['rps']:>9.0f}{r['p50']:>9.2f}{r['non2xx']:>9.0f}{r['stored']:>19}"
              f"{r['rps'] / results['healthz']['rps']:>11.2f}×")


if __name__ == "__main__":
    main()
