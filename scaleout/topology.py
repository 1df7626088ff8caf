"""Miftah's production topology on loopback, every part a real server: Varnish (the shipped VCL) in front of two
granian app servers on PostgreSQL and a Redis of its own, two `miftah worker`s (the edge queue for purges, the
default queue), and moto's standalone S3 server for media. Used by the harness (scaleout/test_scaleout.py) and the
speed benchmark (bench/edge_speed.py).

moto stands in for S3 because no S3 server can be installed here: it is a real HTTP process speaking the S3 API,
reached by django-storages/boto3 and by Varnish exactly as a bucket would be.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PG_BASE = os.environ.get("SCALEOUT_PG", "postgres://postgres@127.0.0.1:5432")
DATABASE = os.environ.get("SCALEOUT_DATABASE", "miftah_scaleout")
PORTS = {"varnish": 18100, "varnish_admin": 18101, "app_a": 18110, "app_b": 18111, "s3": 18150, "redis": 16379}
# Another run on the same machine (a CI run beside a benchmark) picks its own ports and database:
# SCALEOUT_PORTS="varnish=6090,varnish_admin=6091,app_a=8160,app_b=8161,s3=8162,redis=8163" SCALEOUT_DATABASE=…
PORTS.update({name: int(port) for name, _, port in (item.strip().partition("=") for item in
                                                    os.environ.get("SCALEOUT_PORTS", "").split(",") if item.strip())})
BUCKET = "miftah-media"
BIN = Path(sys.executable).parent

# The parameters of deploy/systemd/varnish.service.d-miftah.conf (keep the two the same).
VARNISH_PARAMS = ["-p", "ban_lurker_sleep=0.1"]

BACKENDS_VCL = """
backend app_a {{ .host = "127.0.0.1"; .port = "{app_a}"; .probe = miftah_health; .connect_timeout = 1s;
                 .first_byte_timeout = 30s; }}
backend app_b {{ .host = "127.0.0.1"; .port = "{app_b}"; .probe = miftah_health; .connect_timeout = 1s;
                 .first_byte_timeout = 30s; }}
backend media {{ .host = "127.0.0.1"; .port = "{s3}"; .connect_timeout = 1s; }}
acl miftah_purgers {{ "127.0.0.1"; }}
sub miftah_add_backends {{ app.add_backend(app_a); app.add_backend(app_b); }}
sub miftah_media_fetch {{
    set bereq.url = regsub(bereq.url, "^/media/", "/{bucket}/");
    set bereq.http.Host = "127.0.0.1:{s3}";
    unset bereq.http.Cookie;
}}
"""


def http(url, method="GET", timeout=5, headers=None):
    """(status, headers (case-insensitive), body text); connection failures raise OSError."""
    request = urllib.request.Request(url, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def wait_for(predicate, seconds, what, interval=0.2):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(interval)
    raise AssertionError(f"not within {seconds}s: {what}")


class Topology:
    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="miftah-scaleout-"))
        self.processes = {}
        self.secret = os.urandom(24).hex()
        self.url = f"http://127.0.0.1:{PORTS['varnish']}"
        self.editor = None

    # --- environment -------------------------------------------------------------------------------------------
    def env(self, name):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST", "DJANGO_"))}
        data = self.root / name
        data.mkdir(exist_ok=True)
        env.update(
            PYTHONPATH=str(REPO), DJANGO_SETTINGS_MODULE="miftah.settings", MIFTAH_DATA_DIR=str(data),
            SECRET_KEY=self.secret, MIFTAH_PLAIN_STATIC="1", LOG_LEVEL="WARNING",
            DATABASE_URL=f"{PG_BASE}/{DATABASE}", REDIS_URL=f"redis://127.0.0.1:{PORTS['redis']}/4",
            MIFTAH_TASKS="database", MIFTAH_BASE_URL=self.url, ALLOWED_HOSTS="127.0.0.1,localhost",
            MIFTAH_VARNISH_URLS=self.url,
            MEDIA_STORAGE_URL=f"s3://{BUCKET}?endpoint_url=http://127.0.0.1:{PORTS['s3']}&region=us-east-1",
            AWS_ACCESS_KEY_ID="scaleout", AWS_SECRET_ACCESS_KEY="scaleout", AWS_DEFAULT_REGION="us-east-1",
            DB_POOL_MAX_SIZE="8",
        )
        return env

    def start(self, name, command, env=None):
        log = open(self.root / f"{name}.log", "ab")
        self.processes[name] = subprocess.Popen(command, env=env or self.env(name), stdout=log, stderr=subprocess.STDOUT,
                                                stdin=subprocess.DEVNULL, start_new_session=True, cwd=self.root)
        return self.processes[name]

    def log(self, name):
        return (self.root / f"{name}.log").read_text(errors="replace")[-3000:]

    def miftah(self, *args, name="manage"):
        result = subprocess.run([str(BIN / "python"), "-m", "miftah.cli", *args], env=self.env(name), cwd=self.root,
                                capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, f"miftah {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    # --- the parts ---------------------------------------------------------------------------------------------
    def start_redis(self):
        # An append-only file written before each answer: a Redis killed and started again comes back with what it
        # held (pages cached before the outage included), as a persisted Redis or one cut off by the network does.
        self.start("redis", ["redis-server", "--bind", "127.0.0.1", "--port", str(PORTS["redis"]), "--save", "",
                             "--appendonly", "yes", "--appendfsync", "always", "--dir", str(self.root)])
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "ping"], capture_output=True,
                                        text=True).stdout.strip() == "PONG", 10, "redis answers")

    def stop_redis(self):
        self.kill("redis", signal.SIGKILL)

    def redis_keys(self, pattern):
        return subprocess.run(["redis-cli", "-p", str(PORTS["redis"]), "-n", "4", "--scan", "--pattern", pattern],
                              capture_output=True, text=True).stdout.split()

    def start_s3(self):
        self.start("s3", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(PORTS["s3"])])
        wait_for(lambda: http(f"http://127.0.0.1:{PORTS['s3']}/")[0] == 200, 30, "moto answers")
        self.s3().create_bucket(Bucket=BUCKET)
        # deploy/s3-bucket-policy.json, for the proxy's address: it reads media, never documents/.
        policy = (REPO / "deploy" / "s3-bucket-policy.json").read_text()
        self.s3().put_bucket_policy(Bucket=BUCKET, Policy=policy.replace("BUCKET", BUCKET).replace(
            "PROXY_ADDRESS", "127.0.0.1"))

    def s3(self):
        import boto3

        return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{PORTS['s3']}", region_name="us-east-1",
                            aws_access_key_id="scaleout", aws_secret_access_key="scaleout")

    def create_database(self):
        """A fresh database, copied from a migrated template kept between runs while the migrations are the same
        (migrating PostgreSQL from empty takes about a minute, most of the harness's start-up)."""
        import hashlib

        import psycopg

        digest = hashlib.sha256()
        for path in sorted(REPO.glob("miftah/*/migrations/*.py")):
            digest.update(path.name.encode() + path.read_bytes())
        fingerprint = f"miftah-migrations-{digest.hexdigest()[:16]}"
        template = f"{DATABASE}_template"
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True) as conn:
            row = conn.execute("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                               [template]).fetchone()
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            if row is None or row[0] != fingerprint:
                conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
                conn.execute(f'CREATE DATABASE "{template}"')
                env = self.env("manage")
                env["DATABASE_URL"] = f"{PG_BASE}/{template}"
                result = subprocess.run([str(BIN / "python"), "-m", "miftah.cli", "migrate", "--noinput", "-v", "0"],
                                        env=env, cwd=self.root, capture_output=True, text=True, timeout=900)
                assert result.returncode == 0, f"migrate:\n{result.stdout}\n{result.stderr}"
                conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{fingerprint}'")
            conn.execute(f'CREATE DATABASE "{DATABASE}" TEMPLATE "{template}"')

    def start_app(self, name):
        self.spawn_app(name)
        self.wait_app(name)

    def spawn_app(self, name):
        self.start(name, [str(BIN / "python"), "-m", "miftah.cli", "run", "--no-migrate", "--no-worker",
                          "--host", "127.0.0.1", "--port", str(PORTS[name]), "--workers", "1", "--threads", "8"])

    def wait_app(self, name):
        wait_for(lambda: http(f"http://127.0.0.1:{PORTS[name]}/healthz")[0] == 200, 120, f"{name} serves",
                 interval=0.2)

    def start_workers(self):
        python = [str(BIN / "python"), "-m", "miftah.cli", "worker"]
        self.start("worker_edge", [*python, "--queue", "edge", "--interval", "0.05", "--no-periodic"])
        self.start("worker", python)

    def start_varnish(self, name="varnish", vcl=REPO / "deploy" / "varnish" / "miftah.vcl", port=None, params=()):
        """varnishd with `vcl` (the shipped one by default) and the shipped parameters (deploy/systemd's drop-in);
        the benchmark starts a second one with another VCL or `params` on another port to compare them."""
        folder = self.root / name
        folder.mkdir(exist_ok=True)
        shutil.copy(vcl, folder / "miftah.vcl")
        (folder / "backends.vcl").write_text(BACKENDS_VCL.format(bucket=BUCKET, **PORTS))
        os.chmod(self.root, 0o755)
        port = port or PORTS["varnish"]
        admin = ["-T", f"127.0.0.1:{PORTS['varnish_admin']}"] if name == "varnish" else ["-T", "none"]
        self.start(name, ["varnishd", "-F", "-n", str(folder / "work"), "-a", f"127.0.0.1:{port}", *admin,
                          "-f", str(folder / "miftah.vcl"), "-s", "malloc,256m", *VARNISH_PARAMS, *params])
        wait_for(lambda: http(f"http://127.0.0.1:{port}/healthz")[0] == 200, 30, f"{name} serves")

    def varnishstat(self, name="varnish"):
        """Varnish's counters ({"MAIN.cache_hit": n, …})."""
        output = subprocess.run(["varnishstat", "-n", str(self.root / name / "work"), "-1", "-j"],
                                capture_output=True, text=True).stdout
        counters = json.loads(output)
        counters = counters.get("counters", counters)
        return {key: value["value"] for key, value in counters.items() if isinstance(value, dict) and "value" in value}

    def varnishadm(self, *args):
        folder = self.root / "varnish" / "work"
        return subprocess.run(["varnishadm", "-n", str(folder), *args], capture_output=True, text=True).stdout

    def backend_healthy(self, name):
        for line in self.varnishadm("backend.list").splitlines():
            if f".{name} " in line or line.split()[:1] == [f"boot.{name}"]:
                return "healthy" in line
        return False

    def start_editor(self):
        self.editor = subprocess.Popen([str(BIN / "python"), "-m", "scaleout.editor"], env=self.env("app_a"),
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=REPO,
                                       start_new_session=True)
        assert json.loads(self.editor.stdout.readline())["ready"]

    def edit(self, op, **kwargs):
        self.editor.stdin.write(json.dumps({"op": op, **kwargs}) + "\n")
        self.editor.stdin.flush()
        answer = json.loads(self.editor.stdout.readline())
        assert "error" not in answer, answer["error"]
        return answer

    def up(self):
        self.start_redis()
        self.start_s3()
        self.create_database()
        for name in ("app_a", "app_b"):
            self.spawn_app(name)
        self.start_workers()
        for name in ("app_a", "app_b"):
            self.wait_app(name)
        self.start_varnish()
        self.start_editor()

    def kill(self, name, sig=signal.SIGTERM):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    def down(self):
        if self.editor is not None and self.editor.poll() is None:
            self.editor.stdin.close()
            self.editor.wait(timeout=10)
        for name in list(self.processes):
            self.kill(name)
        shutil.rmtree(self.root, ignore_errors=True)
