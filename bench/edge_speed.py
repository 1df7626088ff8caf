"""Cached reader pages through Varnish against nginx serving the same bytes as static files, side by side, and the
app servers' CPU while Varnish serves hits (issue #13's speed figure; a benchmark, not a test).

Starts the scale-out topology (scaleout/topology.py: Varnish with deploy/varnish/miftah.vcl, two granian app servers
on PostgreSQL + Redis, workers, moto S3), seeds a section and articles, warms Varnish, saves the exact bytes Varnish
delivers for home, section and an article (identity and gzip), and serves those files from nginx on another loopback
port. Then, for each page and encoding, runs wrk (64 connections) against Varnish and nginx alternately, several
rounds, and prints medians and the ratio Varnish / nginx. The app servers' CPU time (all their processes, from
/proc) is read before and after the Varnish runs. Usage (wrap in the shared lock):

    flock /tmp/bench.lock .venv/bin/python bench/edge_speed.py [--seconds 8] [--rounds 3] [--before main]
        [--variant '-p PARAM=VALUE'] [--floor] [--nginx-beside-wrk]

`--before REV` adds a Varnish with the VCL and parameters shipped at REV, `--variant` one with the shipped VCL and
extra varnishd arguments, `--floor` one with a VCL that does nothing but look the page up (Varnish's floor on this
machine), all alternating with the others in the same rounds. Besides req/s, the CPU time each server (and wrk)
spends per request is printed: on a shared machine it moves far less than req/s.

Every server runs in a session of its own, as a daemon does (systemd), and wrk in the benchmark's. That matters on a
busy Linux machine: with autogroup scheduling (kernel.sched_autogroup_enabled, on by default) each session is one
scheduling group, the groups share the cores evenly, and a server in the load generator's group gets its wake-ups
served at once (measured here: the same varnishd, same VCL, 53 k req/s in wrk's session, 21 k in its own). nginx
used to run in the benchmark's session and Varnish (scaleout/topology.py) in its own, which made nginx look 2-3x
faster than it is beside Varnish; `--nginx-beside-wrk` adds such an nginx again, to show the difference.

Needs varnishd, nginx, wrk, redis-server, moto_server and PostgreSQL at 127.0.0.1:5432.
"""

import argparse
import gzip
import os
import re
import resource
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

NGINX_PORT = PORTS.get("nginx", 18160)
BEFORE_PORT = PORTS.get("varnish_before", 18161)
VARIANT_PORT = PORTS.get("varnish_variant", 18162)
FLOOR_PORT = PORTS.get("varnish_floor", 18163)
NGINX_BESIDE_WRK_PORT = PORTS.get("nginx_beside_wrk", 18164)
FLOOR_VCL = REPO / "bench" / "data" / "varnish_floor.vcl"
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
        default_type "text/html; charset=utf-8";
        open_file_cache max=100;
{locations}
    }}
}}
"""
# Headers nginx does not send as Varnish does (its own Date, Server, Content-Length; Connection, Age and the
# byte-range and transfer headers are per response); every other header of Varnish's response is sent by nginx
# too, so both send the same bytes, headers (the app's security headers, ~0.8 kB) included.
OWN_HEADERS = {"date", "server", "content-length", "content-type", "connection", "age", "accept-ranges",
               "transfer-encoding", "etag", "last-modified"}


def nginx_location(filename, headers):
    lines = []
    for name, value in headers.items():
        if name.lower() in OWN_HEADERS:
            continue
        assert "$" not in value, (name, value)  # nginx would read a variable
        quoted = value.replace("\\", "\\\\").replace('"', '\\"')
        lines.append(f'add_header {name} "{quoted}" always;')
    return f"        location = /{filename} {{ {' '.join(lines)} }}"


def fetch(url, encoding):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding} if encoding != "identity" else {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.headers, response.read()


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def wrk(url, seconds, encoding):
    """(requests per second, requests, wrk's own CPU seconds)."""
    command = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--latency", url]
    if encoding != "identity":
        command[1:1] = ["-H", f"Accept-Encoding: {encoding}"]
    cpu_before = children_cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    assert errors is None, output
    return rate, int(re.search(r"(\d+) requests in", output).group(1)), children_cpu_seconds() - cpu_before


def scheduling_group(pid):
    """The autogroup (one per session) the process is scheduled in, or '' where the kernel has none."""
    try:
        return Path(f"/proc/{pid}/autogroup").read_text().split()[0]
    except OSError:
        return ""


COUNTERS = ("MAIN.client_req", "MAIN.cache_hit", "MAIN.cache_hit_grace", "MAIN.cache_miss", "MAIN.s_pass",
            "MAIN.n_gunzip", "MAIN.n_gzip", "MAIN.bans", "MAIN.bans_tested", "MAIN.bans_obj_killed",
            "MAIN.threads_created", "MAIN.sess_queued", "MAIN.sess_dropped")


def suffix_of(encoding):
    return ".html.gz" if encoding == "gzip" else ".html"


def shipped_as_of(revision, root):
    """deploy/varnish/miftah.vcl and the varnishd `-p` parameters of deploy/systemd's drop-in at `revision`."""
    def show(path):
        return subprocess.run(["git", "-C", str(REPO), "show", f"{revision}:{path}"], capture_output=True, text=True,
                              check=True).stdout

    vcl = root / f"miftah-{re.sub(r'[^A-Za-z0-9]', '_', revision)}.vcl"
    vcl.write_text(show("deploy/varnish/miftah.vcl"))
    exec_start = [line for line in show("deploy/systemd/varnish.service.d-miftah.conf").splitlines()
                  if line.startswith("ExecStart=/")][0].split()
    params = [item for index, value in enumerate(exec_start) if value == "-p" for item in ("-p", exec_start[index + 1])]
    return vcl, params


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
    parser.add_argument("--before", metavar="GIT_REV",
                        help="also run a second Varnish with deploy/varnish/miftah.vcl and the parameters as of this "
                             "revision (e.g. main), alternating with the first, to compare a change side by side")
    parser.add_argument("--variant", metavar="PARAMS",
                        help="also run a Varnish with the shipped VCL and these extra varnishd arguments, e.g. "
                             "'-p vsl_mask=-ReqHeader,-RespHeader' (what a parameter would change, side by side)")
    parser.add_argument("--floor", action="store_true",
                        help="also run a Varnish with bench/data/varnish_floor.vcl (look up, deliver as stored: "
                             "what Varnish itself costs on this machine, without Miftah's VCL)")
    parser.add_argument("--nginx-beside-wrk", action="store_true",
                        help="also run an nginx in the benchmark's own session, as this benchmark used to (it then "
                             "shares wrk's scheduling group: the unfair comparison, for reference)")
    args = parser.parse_args()
    for tool in ("varnishd", "nginx", "wrk", "redis-server"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed")
    site = Topology()
    nginx = nginx_beside_wrk = None
    try:
        site.up()
        content = site.edit("seed", articles=4)
        wait_for(lambda: site.edit("queue_idle")["idle"], 120, "the seed's background work is done", interval=0.5)
        pages = {"home": content["home"], "section": content["section"], "article": content["articles"][0]["path"]}
        (site.root / "pages").mkdir()
        locations = []
        for name, path in pages.items():
            for encoding in ("identity", "gzip"):
                for _ in range(3):
                    headers, body = fetch(site.url + path, encoding)
                assert headers.get("X-Cache") == "hit", f"{path} not cached in Varnish"
                if encoding == "gzip":
                    assert headers.get("Content-Encoding") == "gzip"
                    gzip.decompress(body)
                (site.root / "pages" / (name + suffix_of(encoding))).write_bytes(body)
                locations.append(nginx_location(name + suffix_of(encoding), headers))
        os.chmod(site.root, 0o755)
        for path in (site.root / "pages").iterdir():
            path.chmod(0o644)
        (site.root / "pages").chmod(0o755)
        (site.root / "nginx.conf").write_text(NGINX_CONF.format(root=site.root, port=NGINX_PORT,
                                                                         locations="\n".join(locations)))
        # A session of its own, as Varnish has (see the module docstring: the scheduling groups).
        nginx = subprocess.Popen(["nginx", "-c", str(site.root / "nginx.conf"), "-g", "daemon off; user root;"],
                                 stderr=subprocess.DEVNULL, start_new_session=True)
        wait_for(lambda: fetch(f"http://127.0.0.1:{NGINX_PORT}/home.html", "identity")[1], 10, "nginx serves")
        if args.nginx_beside_wrk:
            (site.root / "nginx-beside-wrk.conf").write_text(NGINX_CONF.format(
                root=site.root, port=NGINX_BESIDE_WRK_PORT, locations="\n".join(locations)).replace(
                "nginx.pid", "nginx-beside-wrk.pid").replace("nginx-error.log", "nginx-beside-wrk-error.log"))
            nginx_beside_wrk = subprocess.Popen(["nginx", "-c", str(site.root / "nginx-beside-wrk.conf"), "-g",
                                                 "daemon off; user root;"], stderr=subprocess.DEVNULL)
            wait_for(lambda: fetch(f"http://127.0.0.1:{NGINX_BESIDE_WRK_PORT}/home.html", "identity")[1], 10,
                     "nginx beside wrk serves")
        for name in pages:
            for encoding in ("identity", "gzip"):
                suffix = ".html.gz" if encoding == "gzip" else ".html"
                assert fetch(f"http://127.0.0.1:{NGINX_PORT}/{name}{suffix}", "identity")[1] == \
                    (site.root / "pages" / f"{name}{suffix}").read_bytes()

        # Other Varnishes on the same app servers, alternating with the shipped one: (label, name, port, VCL, params).
        others = []
        if args.before:
            vcl, params = shipped_as_of(args.before, site.root)
            others.append((f"Varnish@{args.before}", "varnish_before", BEFORE_PORT, vcl, params))
        if args.variant:
            others.append(("Varnish+variant", "varnish_variant", VARIANT_PORT,
                           REPO / "deploy" / "varnish" / "miftah.vcl", args.variant.split()))
        if args.floor:
            others.append(("Varnish floor", "varnish_floor", FLOOR_PORT, FLOOR_VCL, ["-p", "vcc_err_unref=off"]))
        targets = {"Varnish": site.url}
        for label, name, port, vcl, params in others:
            site.start_varnish(name, vcl=vcl, port=port, params=params)
            targets[label] = f"http://127.0.0.1:{port}"
            for path in pages.values():
                for encoding in ("identity", "gzip"):
                    for _ in range(3):
                        headers, _ = fetch(targets[label] + path, encoding)
                    # The floor sets no X-Cache (its misses are counted below instead).
                    assert headers.get("X-Cache", "hit") == "hit"
        targets["nginx"] = f"http://127.0.0.1:{NGINX_PORT}"
        if nginx_beside_wrk:
            targets["nginx beside wrk"] = f"http://127.0.0.1:{NGINX_BESIDE_WRK_PORT}"

        for name, path in pages.items():
            for encoding in ("identity", "gzip"):
                headers, body = fetch(site.url + path, encoding)
                print(f"{name} {encoding}: Varnish sends {len(str(headers))} bytes of headers, nginx "
                      f"{len(str(fetch(targets['nginx'] + '/' + name + suffix_of(encoding), encoding)[0]))}")
        app_pids = [site.processes[name].pid for name in ("app_a", "app_b")]
        server_pids = {"Varnish": [site.processes["varnish"].pid], "nginx": [nginx.pid]}
        if nginx_beside_wrk:
            server_pids["nginx beside wrk"] = [nginx_beside_wrk.pid]
        for label, name, *_ in others:
            server_pids[label] = [site.processes[name].pid]
        groups = {target: {scheduling_group(pid) for pid in pids} for target, pids in server_pids.items()}
        print("scheduling groups: " + ", ".join(f"{target} {' '.join(sorted(group))}" for target, group in groups.items())
              + f", wrk {scheduling_group(os.getpid())}")
        results = {}
        varnish_seconds = app_cpu = 0.0
        server_cpu, served = dict.fromkeys(targets, 0.0), dict.fromkeys(targets, 0)
        wrk_cpu = dict.fromkeys(targets, 0.0)
        counters_before = site.varnishstat()
        for round_ in range(args.rounds):
            for name, path in pages.items():
                for encoding in ("identity", "gzip"):
                    rates = {}
                    for target, base in targets.items():
                        url = base + ("/" + name + suffix_of(encoding) if target.startswith("nginx") else path)
                        before = cpu_seconds(app_pids), cpu_seconds(server_pids[target])
                        started = time.monotonic()
                        rates[target], requests, client_cpu = wrk(url, args.seconds, encoding)
                        server_cpu[target] += cpu_seconds(server_pids[target]) - before[1]
                        wrk_cpu[target] += client_cpu
                        served[target] += requests
                        if target == "Varnish":
                            varnish_seconds += time.monotonic() - started
                            app_cpu += cpu_seconds(app_pids) - before[0]
                    results.setdefault((name, encoding), []).append(rates)
        counters_after = site.varnishstat()
        print(f"wrk -t2 -c64 -d{args.seconds}s, {args.rounds} rounds alternating, medians (req/s); "
              f"ratios are medians of each round's ratio to nginx:")
        print(f"{'page':8} {'encoding':9} {'bytes':>7} " + " ".join(f"{t:>16}" for t in targets) + " " +
              " ".join(f"{t + '/nginx':>16}" for t in targets if t != "nginx"))
        for (name, encoding), runs in results.items():
            size = (site.root / "pages" / f"{name}{suffix_of(encoding)}").stat().st_size
            medians = [statistics.median(r[t] for r in runs) for t in targets]
            ratios = [statistics.median(r[t] / r["nginx"] for r in runs) for t in targets if t != "nginx"]
            print(f"{name:8} {encoding:9} {size:7d} " + " ".join(f"{m:16.0f}" for m in medians) + " " +
                  " ".join(f"{r:16.2f}" for r in ratios))
        print(f"app servers' CPU while Varnish served hits: {app_cpu:.2f} CPU-s over {varnish_seconds:.0f} s of load "
              f"({100 * app_cpu / varnish_seconds:.2f}% of one core; health probes included)")
        print("CPU per request served (all pages; independent of how busy the machine is): " + ", ".join(
            f"{target} {1e6 * server_cpu[target] / served[target]:.1f} µs" for target in targets))
        print("wrk's own CPU per request: " + ", ".join(
            f"against {target} {1e6 * wrk_cpu[target] / served[target]:.1f} µs" for target in targets))
        print("per round, Varnish / nginx: " + "; ".join(
            f"{name} {encoding} " + " ".join(f"{r['Varnish'] / r['nginx']:.2f}" for r in runs)
            for (name, encoding), runs in results.items()))
        print("Varnish counters during the runs: " + ", ".join(
            f"{key.removeprefix('MAIN.')} {counters_after.get(key, 0) - counters_before.get(key, 0)}"
            for key in COUNTERS))
        for label, name, *_ in others:
            counters = site.varnishstat(name)
            print(f"{label}: {counters.get('MAIN.cache_hit', 0)} hits, {counters.get('MAIN.cache_miss', 0)} misses, "
                  f"{counters.get('MAIN.n_gunzip', 0)} gunzips since it started")
        print("ports: " + ", ".join(f"{t} {u.rsplit(':', 1)[1]}" for t, u in targets.items()))
    finally:
        for server in (nginx, nginx_beside_wrk):
            if server is not None:
                server.terminate()
                server.wait()
        site.down()


if __name__ == "__main__":
    main()
