"""Real servers the edge tests talk to: a Varnish running the shipped VCL in front of a small origin, a recording
HTTP server standing in for a CDN's purge API (no CDN is reachable from here), and moto's S3 server."""

import gzip
import http.server
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from miftah.testing import REPO_ROOT, skip_unless


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"nothing listens on {port} after {seconds}s")


class _Origin(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a page whose body counts the fetches of its path and whose tags come from ?tags=."""

    counts = {}

    def do_GET(self):
        path, _, query = self.path.partition("?")
        if path == "/healthz":
            body = b"ok"
            self.send_response(200)
        elif path.startswith("/gz/"):  # a page compressed when the client accepts gzip, as the app's GZipMiddleware
            self.counts[self.path] = self.counts.get(self.path, 0) + 1
            body = (f"{self.path} " + "نص المقال " * 200).encode()
            self.send_response(200)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("X-Miftah-Tags", " site ")
            self.send_header("Cache-Control", "public, max-age=0, s-maxage=60, stale-while-revalidate=600")
            self.send_header("X-Asked-Encoding", self.headers.get("Accept-Encoding") or "identity")
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                body = gzip.compress(body)
                self.send_header("Content-Encoding", "gzip")
        else:
            self.counts[self.path] = self.counts.get(self.path, 0) + 1
            body = f"{self.path} fetch {self.counts[self.path]}".encode()
            self.send_response(200)
            tags = query.removeprefix("tags=").replace("+", " ") if query.startswith("tags=") else "site"
            self.send_header("X-Miftah-Tags", f" {tags} ")
            self.send_header("Cache-Control", "public, max-age=0, s-maxage=60, stale-while-revalidate=600")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Recorder(http.server.BaseHTTPRequestHandler):
    """Records every request (method, path, headers, JSON body) and answers {"success": true}."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.requests.append({"method": "POST", "path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                     "json": json.loads(body) if body else None})
        answer = b'{"success": true, "errors": [], "result": {}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.requests = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


VCL_BACKENDS = """
backend origin {{ .host = "127.0.0.1"; .port = "{origin}"; .probe = miftah_health; }}
backend media {{ .host = "127.0.0.1"; .port = "{origin}"; }}
acl miftah_purgers {{ "{purger}"; }}
sub miftah_add_backends {{ app.add_backend(origin); }}
sub miftah_media_fetch {{ set bereq.url = regsub(bereq.url, "^/media/", "/bucket/"); }}
"""


class Varnish:
    """varnishd with deploy/varnish/miftah.vcl; `purger` is the one address allowed to PURGE and BAN."""

    def __init__(self, origin_port, purger="127.0.0.1"):
        skip_unless(shutil.which("varnishd"), "varnishd is not installed (apt-get install varnish)")
        self.folder = Path(tempfile.mkdtemp(prefix="miftah-varnish-"))
        os.chmod(self.folder, 0o755)
        shutil.copy(REPO_ROOT / "deploy" / "varnish" / "miftah.vcl", self.folder / "miftah.vcl")
        (self.folder / "backends.vcl").write_text(VCL_BACKENDS.format(origin=origin_port, purger=purger))
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            ["varnishd", "-F", "-n", str(self.folder / "work"), "-a", f"127.0.0.1:{self.port}", "-f",
             str(self.folder / "miftah.vcl"), "-s", "malloc,32m", "-T", "none"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port)

    def counters(self):
        """varnishstat's counters ({"MAIN.cache_hit": n, …})."""
        output = subprocess.run(["varnishstat", "-n", str(self.folder / "work"), "-1", "-j"], capture_output=True,
                                text=True, check=True).stdout
        counters = json.loads(output)
        counters = counters.get("counters", counters)
        return {key: value["value"] for key, value in counters.items() if isinstance(value, dict) and "value" in value}

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


class MotoServer:
    """moto's standalone server (`moto_server`): a real HTTP process speaking AWS's APIs (S3, CloudFront's
    CreateInvalidation, …) on loopback, since neither AWS nor an S3 server is reachable or installable here."""

    def __init__(self):
        executable = Path(os.sys.executable).parent / "moto_server"
        skip_unless(executable.exists(), "moto_server is not installed (pip install 'moto[server]')")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen([str(executable), "-H", "127.0.0.1", "-p", str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port)

    def client(self, service):
        import boto3

        return boto3.client(service, endpoint_url=self.url, region_name="us-east-1", aws_access_key_id="test",
                            aws_secret_access_key="test")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class MotoS3(MotoServer):
    """moto's standalone server as the S3 stand-in (no S3 server can be installed here)."""

    def client(self):
        return super().client("s3")
