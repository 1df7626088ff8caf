"""The site's public address: MIFTAH_BASE_URL (or the one `miftah setup --base-url` saved) → the Wagtail Site.

Canonical links, `og:url`, feeds, sitemaps and share links are all made against the Wagtail Site's root URL, which
Wagtail builds from the Site's hostname and port alone (port 443 → https, 80 → http, anything else → http://host:port).
So the address is kept in the Site row and synced from the configured base URL: by migration news/0004 when it makes
the home page, after every `migrate` (post_migrate), when `miftah run` starts, and by `miftah setup`.

Where the address comes from (settings.py): the MIFTAH_BASE_URL environment variable, else the file `base_url` in the
data folder that `miftah setup --base-url` writes. With neither, nothing is synced: a Site edited in the admin stays as
it is. A base URL with a path (a site served under /news/) is not supported: Wagtail's Site cannot express it.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_base_url(url):
    """(scheme, hostname, port) of a base URL such as https://news.example.org; ValueError when Wagtail cannot say it."""
    raw = (url or "").strip()
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = -1
    if scheme not in DEFAULT_PORTS or not parts.hostname or port == -1 or parts.username or parts.password:
        raise ValueError(f"عنوان غير صالح: {raw!r}؛ المطلوب مثل https://news.example.org "
                         f"(not a base URL: {raw!r}; expected e.g. https://news.example.org)")
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ValueError(f"العنوان {raw!r} فيه مسار؛ الموقع يُخدم من جذر النطاق فقط "
                         f"(a base URL with a path is not supported: serve the site at the root of its host)")
    port = port or DEFAULT_PORTS[scheme]
    if (scheme == "https") != (port == 443):
        raise ValueError(f"العنوان {raw!r}: يكتب Wagtail ‏https على المنفذ 443 وحده، وhttp على غيره "
                         f"(Wagtail's Site says https only for port 443, and http for every other port)")
    hostname = parts.hostname
    if not hostname.isascii():
        hostname = hostname.encode("idna").decode("ascii")
    return scheme, hostname, port


def normalise_base_url(url):
    """The base URL as Wagtail will write it: scheme, host, and the port only when it is not the default."""
    scheme, hostname, port = parse_base_url(url)
    return f"{scheme}://{hostname}" if port == DEFAULT_PORTS[scheme] else f"{scheme}://{hostname}:{port}"


def site_address(url=None):
    """(hostname, port) for the Wagtail Site, from `url` or the configured base URL."""
    url = url or settings.WAGTAILADMIN_BASE_URL
    try:
        _scheme, hostname, port = parse_base_url(url)
    except ValueError as error:
        raise ImproperlyConfigured(f"MIFTAH_BASE_URL: {error}") from error
    return hostname, port


def base_url_file():
    """Where `miftah setup --base-url` keeps the address (read by settings.py when MIFTAH_BASE_URL is not set)."""
    return settings.DATA_DIR / "base_url"


def save_base_url(url):
    path = base_url_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(normalise_base_url(url) + "\n", encoding="utf-8")


def sync_site_address(url=None, site_model=None):
    """Give the default Wagtail Site the hostname and port of `url` (default: the configured base URL).

    Returns True when the Site changed. `site_model` lets post_migrate pass the migration state's model. The
    caches holding the old address (Wagtail's site root paths, Miftah's page cache) are retired on a change.
    """
    if site_model is None:
        from wagtail.models import Site as site_model
    hostname, port = site_address(url)
    site = site_model.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    retire_address_caches()
    return True


def sync_configured_site_address(site_model=None):
    """Sync the Site from MIFTAH_BASE_URL (or the saved address) when one is configured; else leave it alone."""
    if not getattr(settings, "MIFTAH_BASE_URL", ""):
        return False
    return sync_site_address(settings.WAGTAILADMIN_BASE_URL, site_model=site_model)


def retire_address_caches():
    from wagtail.models import Site

    from .cache import bump_generation

    Site.clear_site_root_paths_cache()
    bump_generation()


def sync_after_migrate(sender, apps=None, **kwargs):
    """post_migrate: the Site follows the configured address (once the migrations have made the Site table)."""
    try:
        site_model = apps.get_model("wagtailcore", "Site") if apps is not None else None
    except LookupError:
        return
    sync_configured_site_address(site_model=site_model)
