"""Which hosts the bot may fetch from: public addresses only, checked on what DNS returns.

A user must not be able to make the bot fetch the machine's own services (a database admin
page on 127.0.0.1, a cloud metadata endpoint on 169.254.169.254, the office network). The
host is resolved here, every address it resolves to is checked, and the connection is then
made to the checked address itself, so a second DNS answer (rebinding) cannot slip in.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Sequence

from articles.errors import FetchError

Resolver = Callable[[str, int], Sequence[str]]


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to (IPv4 and IPv6), in the resolver's order."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(
            f"cannot resolve the host {host!r} ({exc}); check the link for typos"
        ) from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    multicast, reserved, shared or documentation space); IPv4-mapped IPv6 counts as IPv4."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None and not is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


# IPv6 prefixes that carry an IPv4 address a gateway may forward to: NAT64 (RFC 6052, 8215),
# IPv4-compatible (deprecated), and 6to4 (its own accessor below).
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))
_COMPATIBLE = ipaddress.ip_network("::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for, where a translator could reach it."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if any(ip in network for network in _NAT64) or ip in _COMPATIBLE:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def public_address(host: str, port: int, resolver: Resolver = resolve) -> str:
    """The address to connect to for `host`: refused unless every address it resolves to is
    public (one private answer among public ones is how rebinding attacks hide)."""
    try:
        addresses = [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        addresses = list(resolver(host, port))
    if not addresses:
        raise FetchError(f"the host {host!r} has no address; check the link for typos")
    private = [a for a in addresses if not is_public(a)]
    if private:
        raise FetchError(
            f"refused to fetch from {host!r}: it resolves to {private[0]}, which is not a "
            "public internet address (set ARTICLEBOT_ALLOW_PRIVATE_URLS=1 to allow local "
            "addresses on a private setup)"
        )
    return addresses[0]
