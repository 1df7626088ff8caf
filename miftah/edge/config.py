"""Settings for scale-out, read from the environment (imported by miftah/settings.py; imports nothing of Django's
app registry). Each function returns plain settings values; docs/deploy.md lists the variables."""

from urllib.parse import parse_qs, urlsplit


def _list(value):
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def frontend_cache_backends(env):
    """WAGTAILFRONTENDCACHE: one Varnish per MIFTAH_VARNISH_URLS entry, and each CDN whose variables are set."""
    backends = {}
    for number, url in enumerate(_list(env.get("MIFTAH_VARNISH_URLS"))):
        backends[f"varnish{number}"] = {"BACKEND": "miftah.edge.backends.VarnishBackend", "LOCATION": url}
    if env.get("MIFTAH_CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {"BACKEND": "miftah.edge.backends.CloudflareBackend",
                                  "ZONEID": env["MIFTAH_CLOUDFLARE_ZONE_ID"],
                                  "BEARER_TOKEN": env.get("MIFTAH_CLOUDFLARE_TOKEN", "")}
    if env.get("MIFTAH_CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {"BACKEND": "miftah.edge.backends.CloudfrontBackend",
                                  "DISTRIBUTION_ID": env["MIFTAH_CLOUDFRONT_DISTRIBUTION_ID"]}
    if env.get("MIFTAH_BUNNY_PULL_ZONE_ID"):
        backends["bunny"] = {"BACKEND": "miftah.edge.backends.BunnyBackend",
                             "PULL_ZONE_ID": env["MIFTAH_BUNNY_PULL_ZONE_ID"],
                             "ACCESS_KEY": env.get("MIFTAH_BUNNY_ACCESS_KEY", "")}
    return backends


def cdn_tags_header(env):
    """The header a CDN reads cache tags from: Cloudflare's Cache-Tag, bunny.net's CDN-Tag (comma-separated)."""
    if env.get("MIFTAH_CLOUDFLARE_ZONE_ID"):
        return "Cache-Tag"
    if env.get("MIFTAH_BUNNY_PULL_ZONE_ID"):
        return "CDN-Tag"
    return ""


def media_storage(url):
    """STORAGES["default"] for MEDIA_STORAGE_URL, e.g. s3://bucket/prefix?endpoint_url=https://s3.example&region=eu

    Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (boto3's own variables), never from the URL.
    Files are written private-by-default (no ACL) and addressed without signatures: readers get them through the
    proxy or CDN at MEDIA_URL, which reads the bucket (deploy/varnish/miftah.vcl).
    """
    parts = urlsplit(url)
    if parts.scheme != "s3":
        raise ValueError(f"MEDIA_STORAGE_URL must be an s3:// URL, not {url!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    options = {
        "bucket_name": parts.netloc,
        "location": parts.path.strip("/"),
        "endpoint_url": query.get("endpoint_url"),
        "region_name": query.get("region"),
        "addressing_style": query.get("addressing_style", "path"),
        "querystring_auth": False,
        "file_overwrite": False,
        "default_acl": None,
    }
    return {"BACKEND": "miftah.edge.storage.MediaStorage",
            "OPTIONS": {key: value for key, value in options.items() if value is not None}}


def database_pool(database, env):
    """psycopg's connection pool when DB_POOL_MAX_SIZE > 0 (PostgreSQL only; Django then keeps no persistent
    connection of its own, CONN_MAX_AGE=0)."""
    size = int(env.get("DB_POOL_MAX_SIZE", "0") or 0)
    if size <= 0 or "postgresql" not in database["ENGINE"]:
        return database
    database = {**database, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False}
    database["OPTIONS"] = {**database.get("OPTIONS", {}), "pool": {
        "min_size": int(env.get("DB_POOL_MIN_SIZE", "1")), "max_size": size,
        "timeout": float(env.get("DB_POOL_TIMEOUT", "10"))}}
    return database
