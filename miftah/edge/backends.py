"""Frontend-cache backends for `wagtail.contrib.frontend_cache` that also understand Miftah's cache tags.

Wagtail's backends purge URLs. Miftah's changes also retire *tags* (miftah.core.cache_tags), which a proxy or CDN
can drop in one request: every backend here has `ban_tags(tags)` beside Wagtail's `purge(url)` / `purge_batch(urls)`.

- `VarnishBackend`: `PURGE <path>` (Host: the page's host) and `BAN` with `X-Miftah-Ban: <tag>`, which the shipped
  VCL (deploy/varnish/miftah.vcl) turns into `ban("obj.http.X-Miftah-Tags ~ \" <tag> \"")`. Both are refused by the
  VCL unless they come from the app servers' addresses.
- `CloudflareBackend`: Wagtail's, plus purge by tag (Cloudflare reads tags from the `Cache-Tag` response header,
  which `miftah.edge.middleware.CdnTagsMiddleware` sends when MIFTAH_CDN_TAGS_HEADER=Cache-Tag).
- `BunnyBackend`: bunny.net's purge API by URL, and by tag (`CDN-Tag` response header).
- `CloudfrontBackend`: Wagtail's, failing loudly; CloudFront has no tags, so retiring tags invalidates `/*`.
"""

import http.client
import json
import logging
import re
import urllib.request
import uuid
from urllib.parse import quote, urlsplit

from wagtail.contrib.frontend_cache.backends.base import BaseBackend
from wagtail.contrib.frontend_cache.backends.cloudflare import CloudflareBackend as WagtailCloudflareBackend
from wagtail.contrib.frontend_cache.backends.cloudfront import CloudfrontBackend as WagtailCloudfrontBackend

logger = logging.getLogger("miftah.edge")

TAG_PATTERN = re.compile(r"^[a-z]+(:[0-9a-z_-]+)?$")


class PurgeFailed(Exception):
    """A purge the proxy or CDN did not confirm; the task is retried."""


def checked_tags(tags):
    """Tags as the proxy will match them; anything not shaped like a tag is refused (it becomes a regex in VCL)."""
    bad = [tag for tag in tags if not TAG_PATTERN.match(tag)]
    if bad:
        raise ValueError(f"not cache tags: {bad!r}")
    return sorted(tags)


class VarnishBackend(BaseBackend):
    """One Varnish (LOCATION, e.g. http://10.0.0.5:6081); configure one entry per Varnish."""

    TIMEOUT = 5

    def __init__(self, params):
        super().__init__(params)
        location = urlsplit(params.pop("LOCATION"))
        self.host, self.port = location.hostname, location.port or 80

    def _send(self, connection, method, path, headers):
        connection.request(method, path or "/", headers={"User-Agent": "Miftah-edge", **headers})
        response = connection.getresponse()
        response.read()
        if response.status >= 400 and response.status != 404:
            raise PurgeFailed(f"{method} {path} at {self.host}:{self.port} answered {response.status}")

    def _connect(self):
        return http.client.HTTPConnection(self.host, self.port, timeout=self.TIMEOUT)

    def purge_batch(self, urls):
        connection = self._connect()
        try:
            for url in urls:
                parts = urlsplit(url)
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                self._send(connection, "PURGE", path, {"Host": parts.netloc})
        except OSError as error:
            raise PurgeFailed(f"Varnish at {self.host}:{self.port}: {error}") from error
        finally:
            connection.close()

    def purge(self, url):
        self.purge_batch([url])

    def ban_tags(self, tags):
        connection = self._connect()
        try:
            for tag in checked_tags(tags):
                self._send(connection, "BAN", "/", {"X-Miftah-Ban": tag})
        except OSError as error:
            raise PurgeFailed(f"Varnish at {self.host}:{self.port}: {error}") from error
        finally:
            connection.close()


class CloudflareBackend(WagtailCloudflareBackend):
    """Wagtail's Cloudflare backend, plus tags: POST purge_cache {"files": [...]} / {"tags": [...]} (30 per call);
    a refusal raises PurgeFailed, so the purge task retries it."""

    def __init__(self, params):
        self.api_base = params.pop("API_BASE", "https://api.cloudflare.com/client/v4")
        super().__init__(params)

    def _headers(self):
        if self.cloudflare_token:
            return {"Authorization": f"Bearer {self.cloudflare_token}", "Content-Type": "application/json"}
        return {"X-Auth-Email": self.cloudflare_email, "X-Auth-Key": self.cloudflare_api_key,
                "Content-Type": "application/json"}

    def _purge(self, body):
        answer = _post_json(f"{self.api_base}/zones/{self.cloudflare_zoneid}/purge_cache", body, self._headers())
        if not answer.get("success"):
            raise PurgeFailed(f"Cloudflare refused the purge: {answer.get('errors')}")

    def _purge_urls(self, urls):
        self._purge({"files": list(urls)})

    def ban_tags(self, tags):
        tags = checked_tags(tags)
        for start in range(0, len(tags), self.CHUNK_SIZE):
            self._purge({"tags": tags[start:start + self.CHUNK_SIZE]})


class BunnyBackend(BaseBackend):
    """bunny.net: URL purges (`POST /purge?url=`) and tag purges of a pull zone (`POST /pullzone/<id>/purgeCache`)."""

    def __init__(self, params):
        super().__init__(params)
        self.access_key = params.pop("ACCESS_KEY")
        self.pull_zone = params.pop("PULL_ZONE_ID")
        self.api_base = params.pop("API_BASE", "https://api.bunny.net")

    def _headers(self):
        return {"AccessKey": self.access_key, "Content-Type": "application/json"}

    def purge(self, url):
        _post_json(f"{self.api_base}/purge?url={quote(url, safe='')}", None, self._headers())

    def ban_tags(self, tags):
        for tag in checked_tags(tags):
            _post_json(f"{self.api_base}/pullzone/{self.pull_zone}/purgeCache", {"CacheTag": tag}, self._headers())


class CloudfrontBackend(WagtailCloudfrontBackend):
    """Wagtail's CloudFront backend (boto3: credentials, and the endpoint for a test server, from boto3's own
    variables such as AWS_ENDPOINT_URL_CLOUDFRONT). An invalidation CloudFront refuses or cannot be sent raises
    PurgeFailed, so the purge task retries it (Wagtail's only logs it). CloudFront has no cache tags, so a tag
    retirement invalidates everything."""

    def _create_invalidation(self, distribution_id, paths):
        import botocore.exceptions

        try:
            self.client.create_invalidation(DistributionId=distribution_id, InvalidationBatch={
                "Paths": {"Quantity": len(paths), "Items": sorted(paths)}, "CallerReference": str(uuid.uuid4())})
        except (botocore.exceptions.ClientError, botocore.exceptions.BotoCoreError) as error:
            raise PurgeFailed(f"CloudFront invalidation of {sorted(paths)} in {distribution_id}: {error}") from error

    def ban_tags(self, tags):
        if tags:
            self._create_invalidation(self.cloudfront_distribution_id, ["/*"])


def _post_json(url, body, headers):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data if data is not None else b"", headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - configured API address
            text = response.read().decode() or "{}"
    except OSError as error:
        raise PurgeFailed(f"POST {url}: {error}") from error
    try:
        return json.loads(text)
    except ValueError:
        return {"success": True}
