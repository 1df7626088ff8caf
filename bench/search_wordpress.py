"""Throughput of Miftah's /search/ against WordPress's search on the same machine, as a ratio.

    sudo bash /work/shared/tools/wordpress-peer/wordpress-setup.sh        # once (~2 min)
    MIFTAH_DATA_DIR=/path/with/loaded/db .venv/bin/python bench/search_wordpress.py [--wordpress]

Serves the loaded database with `miftah run` (granian, DEBUG off) on 127.0.0.1:PORT, page cache off (the search
page is otherwise cached like any page, keyed by its query string) and, separately, on; runs the peer's tool and
settings on `/search/?q=الحكومة`: wrk -t2 -c32 -d15s after a 5 s warm-up. Prints req/s, p50/p99 and requests
per core-second (req/s ÷ CPU of granian + wrk during the run, read from /proc: steadier on a shared machine).
With --wordpress, runs the peer's own `wordpress-bench.sh` (TARGETS=search) first and prints the ratios.

The peer holds 2,000 short generated posts; WordPress's search reads every post (`LIKE '%…%'`), so its cost grows
with the site. With `--wordpress-corpus FILE` (the JSON Lines Miftah loaded, e.g. /tmp/ant-100k.jsonl) the same
articles are added to the peer's database for the WordPress run (posts whose guid starts with `miftah-bench:`,
in multi-row INSERTs through the `mariadb` client) and removed afterwards, so both sides search the same content.
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


def wrk(url, server_pid, connections=32, duration=15, warmup=5):
    subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{warmup}s", url], capture_output=True, check=True)
    before = tree_cpu_seconds(server_pid)
    started = time.monotonic()
    process = subprocess.Popen(["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
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


def serve_and_measure(port, page_cache, workers, connections, duration):
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
        return wrk(url, server.pid, connections, duration)
    finally:
        server.terminate()
        server.wait(timeout=20)


BENCH_GUID = "miftah-bench:"


def _sql_string(value):
    escaped = (value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
               .replace("\x00", "\\0").replace("\x1a", "\\Z"))
    return f"'{escaped}'"


def add_corpus_to_wordpress(path, database="wpbench"):
    """Insert the corpus's articles as published posts of the peer's WordPress; returns how many."""
    import json

    from email.utils import parsedate_to_datetime
    from datetime import datetime, timezone

    def post_date(raw):
        try:
            when = parsedate_to_datetime(raw) if raw and not raw[:4].isdigit() else datetime.fromisoformat(raw)
        except (TypeError, ValueError):
            when = datetime(2018, 1, 1, tzinfo=timezone.utc)
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")

    columns = ("post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, "
               "post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, guid, post_type")
    mariadb = subprocess.Popen(["mariadb", "--default-character-set=utf8mb4", "-uroot", database], stdin=subprocess.PIPE, text=True)
    count, rows = 0, []

    def flush():
        if rows:
            mariadb.stdin.write(f"INSERT INTO wp_posts ({columns}) VALUES\n" + ",\n".join(rows) + ";\n")
            rows.clear()

    with open(path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            when = _sql_string(post_date(record.get("time")))
            content = "\n\n".join(p.strip() for p in (record.get("text") or "").split("\n") if p.strip())
            rows.append("(1, {w}, {w}, {c}, {t}, {e}, 'publish', {n}, '', '', {w}, {w}, '', {g}, 'post')".format(
                w=when, c=_sql_string(content), t=_sql_string(record.get("title") or ""),
                e=_sql_string(record.get("abstract") or ""), n=_sql_string(f"bench-{count}"),
                g=_sql_string(BENCH_GUID + str(record.get("docno") or count))))
            count += 1
            if len(rows) == 500:
                flush()
    flush()
    mariadb.stdin.close()
    if mariadb.wait() != 0:
        raise RuntimeError("mariadb refused the posts")
    return count


def remove_corpus_from_wordpress(database="wpbench"):
    subprocess.run(["mariadb", "-uroot", database, "-e",
                    f"DELETE FROM wp_posts WHERE guid LIKE '{BENCH_GUID}%'"], check=True)


def wordpress_search(connections, duration):
    """Run the peer's own benchmark on its search; (req/s, requests per core-second) of its reported try."""
    out_dir = f"/tmp/wordpress-peer-results/wordpress-search-{time.strftime('%Y%m%d-%H%M%S')}"
    subprocess.run(["bash", str(PEER / "wordpress-bench.sh")], check=True,
                   env={**os.environ, "TARGETS": "search", "SKIP_SEARCH_TEST": "1", "OUT_DIR": out_dir,
                        "CONNS": str(connections), "DURATION": str(duration)})
    summary = Path(out_dir) / "summary.tsv"
    print(f"  {summary}:\n" + summary.read_text())
    header, *rows = [line.split("\t") for line in summary.read_text().splitlines()]
    row = dict(zip(header, next(row for row in rows if row[0] == "search")))
    return float(row["req_per_s"]), float(row["req_per_core_s"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--workers", type=int, default=2, help="granian worker processes (one per core here)")
    parser.add_argument("--wordpress", action="store_true", help="run the peer's wordpress-bench.sh (search) first")
    parser.add_argument("--connections", type=int, default=32,
                        help="wrk connections on both sides (the peer's 32; fewer when WordPress needs seconds a "
                             "search, or every request outlives wrk's 10 s timeout)")
    parser.add_argument("--duration", type=int, default=15, help="seconds measured on each side (the peer's 15)")
    parser.add_argument("--wordpress-corpus", metavar="FILE",
                        help="with --wordpress: add these articles to the peer for its run, remove them after")
    parser.add_argument("--wp-rps", type=float, help="WordPress search req/s (to print the ratio)")
    parser.add_argument("--wp-per-core-s", type=float, help="WordPress search requests per core-second")
    args = parser.parse_args()
    if args.wordpress:
        if args.wordpress_corpus:
            remove_corpus_from_wordpress()  # what an interrupted run left
            started = time.monotonic()
            added = add_corpus_to_wordpress(args.wordpress_corpus)
            print(f"added {added} posts to the WordPress peer in {time.monotonic() - started:.0f} s")
        try:
            args.wp_rps, args.wp_per_core_s = wordpress_search(args.connections, args.duration)
        finally:
            if args.wordpress_corpus:
                remove_corpus_from_wordpress()
    for page_cache in (False, True):
        result = serve_and_measure(args.port, page_cache, args.workers, args.connections, args.duration)
        label = ("page cache on" if page_cache else "uncached") + f", {args.workers} workers, {args.connections} connections"
        print(f"miftah /search/?q=الحكومة ({label}): {result['rps']:.0f} req/s, p50 {result['p50']}, p99 {result['p99']}, "
              f"{result['cores']:.2f} cores busy, {result['per_core_s']:.0f} req per core-second, "
              f"non-2xx {result['non_2xx']}; load average {os.getloadavg()[0]:.1f}")
        if args.wp_rps:
            print(f"  ratio to WordPress search: {result['rps'] / args.wp_rps:.1f}× req/s"
                  + (f", {result['per_core_s'] / args.wp_per_core_s:.1f}× per core-second" if args.wp_per_core_s else ""))


if __name__ == "__main__":
    main()
