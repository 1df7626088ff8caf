"""What a beacon says about its reader, reduced before anything is stored: the kind of source (search, social,
newsletter, direct, …) instead of the referrer, a daily salted hash instead of the address and browser, and whether
the browser is a known robot (not counted at all).
"""

import hashlib
import re
import secrets
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction

from .models import DIRECT, INTERNAL, NEWSLETTER, OTHER, SEARCH, SOCIAL, DailySalt

# Crawlers, link previews, monitors, HTTP libraries and headless browsers; a missing user agent counts as a robot too.
BOT = re.compile(
    r"bot|crawl|spider|slurp|archiver|facebookexternalhit|embedly|preview|monitor|uptime|pingdom|lighthouse|"
    r"headless|phantom|selenium|puppeteer|playwright|curl|wget|python|java/|go-http|okhttp|axios|node-fetch|"
    r"httpclient|libwww|scrapy|feedfetcher|feed reader|rss",
    re.I,
)
SEARCH_HOSTS = ("google.", "bing.com", "duckduckgo.com", "search.yahoo.", "yandex.", "baidu.com", "ecosia.org",
                "qwant.com", "startpage.com", "search.brave.com", "naver.com", "seznam.cz", "yahoo.com")
SOCIAL_HOSTS = ("facebook.com", "fb.me", "fb.com", "t.co", "twitter.com", "x.com", "instagram.com", "linkedin.com",
                "lnkd.in", "reddit.com", "t.me", "telegram.org", "whatsapp.com", "wa.me", "youtube.com", "youtu.be",
                "tiktok.com", "snapchat.com", "threads.net", "pinterest.com", "bsky.app", "mastodon.social")
CAMPAIGN = re.compile(r"^[-\w]{1,60}$")


def is_bot(user_agent):
    return not user_agent or bool(BOT.search(user_agent))


def _host_matches(host, names):
    """A name ending in a dot ("google.") matches that label under any suffix (google.com.lb); others match the
    host and its subdomains."""
    for name in names:
        if name.endswith("."):
            if host.startswith(name) or f".{name}" in host:
                return True
        elif host == name or host.endswith("." + name):
            return True
    return False


def classify(referrer, own_host, utm_source="", utm_medium="", utm_campaign=""):
    """(source, campaign): a newsletter link by its utm parameters, otherwise the kind of the referring host."""
    if utm_source == "newsletter" and utm_medium == "email":
        campaign = utm_campaign if CAMPAIGN.match(utm_campaign or "") else ""
        return NEWSLETTER, campaign
    host = (urlsplit(referrer).hostname or "").lower() if referrer else ""
    if not host:
        return DIRECT, ""
    own = own_host.split(":")[0].lower()
    if host == own:
        return INTERNAL, ""
    if host.startswith("www."):
        host = host[4:]
    if _host_matches(host, SEARCH_HOSTS):
        return SEARCH, ""
    if _host_matches(host, SOCIAL_HOSTS):
        return SOCIAL, ""
    return OTHER, ""


_salts = {}


def salt_for(day):
    """The day's salt, made by whichever process needs it first and remembered in this process for the day."""
    salt = _salts.get(day)
    if salt is None:
        row = DailySalt.objects.filter(day=day).first()
        if row is None:
            try:
                with transaction.atomic():
                    row = DailySalt.objects.create(day=day, salt=secrets.token_bytes(32))
            except IntegrityError:  # another process made it at the same moment
                row = DailySalt.objects.get(day=day)
        salt = bytes(row.salt)
        _salts.clear()
        _salts[day] = salt
    return salt


def visitor_hash(day, address, user_agent):
    return hashlib.blake2b(f"{address}|{user_agent}".encode(), key=salt_for(day), digest_size=8).hexdigest()
