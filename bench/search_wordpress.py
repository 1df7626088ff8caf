"""Throughput of Miftah's /search/ against WordPress's search on the same machine, as a ratio.

    sudo bash /work/shared/tools/wordpress-peer/wordpress-setup.sh        # once (~2 min)
    MIFTAH_DATA_DIR=/path/with/loaded/db .venv/bin/python bench/search_wordpress.py [--wordpress]

Serves the loaded database with `miftah run` (granian, DEBUG off) on 127.0.0.1:PORT, page cache off (the search
page is otherwise cached like any page, keyed by its query string) and, separately, on; runs the peer's tool and
settings on `/search/?q=الحكومة`: wrk -t2 -c32 -d15s after a 5 s warm-up. Prints req/s, p50/p99 and requests
per core-second (req/s ÷ CPU of granian + wrk during the run, read from /proc: steadier on a shared machine).
With --wordpress, runs the peer's own `wordpress-bench.sh` (TARGETS=search) first and prints the ratios.
"""

import argparse
import glob
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEER = Path("/work/shared/tools/wordpress-peer")
QUERY = "%D8%A7%D9%84%D8%AD%D9%83%D9%88%D9%85%D8%A9"  # الحكومة, as the peer searches it
TICKS = os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(root_pid):
    """User + system CPU of a process and all its descendants (from /proc)."""
    children = {}
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.split("/")[2]))
    total, stack = 0.0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / TICKS
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def wrk(url, server_pid, duration=15, warmup=5):
    subprocess.run(["wrk", "-t2", "-c32", f"-d{warmup}s", url], capture_output=True, check=True)
    before = tree_cpu_seconds(server_pid)
    started = time.monotonic()
    process = subprocess.Popen(["wrk", "-t2", "-c32", f"-d{duration}s", "--latency", "--timeout", "10s", url],
                               stdout=subprocess.PIPE, text=True)
    wrk_cpu = 0.0
    while process.poll() is None:
        wrk_cpu = max(wrk_cpu, tree_cpu_seconds(process.pid))
        time.sleep(0.5)
    output = process.stdout.read()
    elapsed = time.monotonic() - started
    cpu = tree_cpu_seconds(server_pid) - before + wrk_cpu
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output).group(1)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {"rps": rps, "p50": p50, "p99": p99, "cores": cpu / elapsed, "per_core_s": rps / max(cpu / elapsed, 1e-6),
            "non_2xx": int(errors.group(1)) if errors else 0}


def serve_and_measure(port, page_cache, workers):
    env = {**os.environ, "MIFTAH_PAGE_CACHE": "1" if page_cache else "0", "DEBUG": "0"}
    server = subprocess.Popen([sys.executable, "manage.py", "run", "--port", str(port), "--no-migrate",
                               "--workers", str(workers)],
                              cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/search/?q={QUERY}"
        for _ in range(120):
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    body = response.read().decode()
                    break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("miftah run did not answer")
        assert "search-result" in body, "no results for الحكومة: load a corpus first"
        return wrk(url, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=20)


def wordpress_search():
    out_dir = f"/tmp/wordpress-peer-results/wordpress-search-{time.strftime('%Y%m%d-%H%M%S')}"
    subprocess.run(["bash", str(PEER / "wordpress-bench.sh")], check=True,
                   env={**os.environ, "TARGETS": "search", "SKIP_SEARCH_TEST": "1", "OUT_DIR": out_dir})
    for path in sorted(Path(out_dir).glob("*")):
        if path.suffix in (".tsv", ".txt") and "search" in path.read_text():
            print(f"  {path}:\n" + path.read_text())
    return out_dir


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes (one per core here)")
    parser.add_argument("--wordpress", action="store_true", help="run the peer's wordpress-bench.sh (search) first")
    parser.add_argument("--wp-rps", type=float, help="WordPress search req/s (to print the ratio)")
    parser.add_argument("--wp-per-core-s", type=float, help="WordPress search requests per core-second")
    args = parser.parse_args()
    if args.wordpress:
        wordpress_search()
    for page_cache in (False, True):
        result = serve_and_measure(args.port, page_cache, args.workers)
        label = ("page cache on" if page_cache else "uncached") + f", {args.workers} workers"
        print(f"miftah /search/?q=الحكومة ({label}): {result['rps']:.0f} req/s, p50 {result['p50']}, p99 {result['p99']}, "
              f"{result['cores']:.2f} cores busy, {result['per_core_s']:.0f} req per core-second, "
              f"non-2xx {result['non_2xx']}; load average {os.getloadavg()[0]:.1f}")
        if args.wp_rps:
            print(f"  ratio to WordPress search: {result['rps'] / args.wp_rps:.1f}× req/s"
                  + (f", {result['per_core_s'] / args.wp_per_core_s:.1f}× per core-second" if args.wp_per_core_s else ""))


if __name__ == "__main__":
    main()
