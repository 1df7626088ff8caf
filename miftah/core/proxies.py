"""Which proxies Miftah believes: the client's address and scheme, read from forwarding headers only when the request
came from a proxy the operator named in MIFTAH_TRUSTED_PROXIES (comma-separated addresses or CIDR networks).

Anyone can send X-Forwarded-For / X-Forwarded-Proto; only a configured proxy's word counts. Login throttling, rate
limits and the HTTPS check all read the client through here, so there is one rule for all of them.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(item, strict=False) for item in spec)


def trusted_networks():
    return _networks(tuple(settings.MIFTAH_TRUSTED_PROXIES))


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return False
    return any(ip in network for network in trusted_networks())


def client_ip(request) -> str:
    """The client's address: REMOTE_ADDR, or, when that is a trusted proxy, the nearest untrusted address in
    X-Forwarded-For read from the right (each trusted proxy appends the address it saw)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not is_trusted_proxy(hop):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return remote
    return hops[0] if hops else remote


def forwarded_https(request) -> bool:
    """True when a trusted proxy says the client used HTTPS."""
    if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
        return False
    return request.META.get("HTTP_X_FORWARDED_PROTO", "").split(",")[0].strip().lower() == "https"
