"""Fetch from the public internet only: every address a host name resolves to is checked.

The fetcher's URLs come from what the sites it crawls publish (sitemaps, feeds,
links, redirects), so a hostile one can point it at the machine itself, the
local network or a cloud metadata service (``169.254.169.254``) and have the
answer written into a WARC that feeds a published corpus.  A connection is
opened only to a host all of whose addresses are global unicast ones, and to
the very address that was checked: a name that changes its answer between the
check and the connection (DNS rebinding) cannot slip through.  Tests and local
benchmarks allow private addresses explicitly.
"""

from __future__ import annotations

import ipaddress
import socket

import urllib3
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError

ALLOW_HINT = "--allow-private-addresses fetches it"


class AddressRefused(urllib3.exceptions.HTTPError):
    """The host resolves to an address that is not on the public internet."""


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """What keeps an address off the public internet, or None for a global unicast one."""
    for name in ("loopback", "link_local", "multicast", "unspecified", "reserved", "private"):
        if getattr(ip, f"is_{name}"):
            return name.replace("_", "-")
    return None if ip.is_global else "non-global"


def checked_address(host: str, port: int) -> str:
    """The first address of `host` when every address it resolves to is global; else raises
    `AddressRefused` naming the address and why."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if ip.version == 6 and ip.ipv4_mapped is not None:  # ::ffff:127.0.0.1 is 127.0.0.1
            ip = ip.ipv4_mapped
        kind = _kind(ip)
        if kind:
            shown = f"{host} ({ip})" if str(ip) != host else host
            raise AddressRefused(f"{shown}: {kind} address, not on the public internet ({ALLOW_HINT})")
    return addresses[0]


class _Checked:
    """A connection that resolves its host itself and connects to the address it checked."""

    _dns_host: str
    host: str
    port: int

    def _new_conn(self) -> socket.socket:
        try:
            self._dns_host = checked_address(self._dns_host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc
        return super()._new_conn()  # type: ignore[misc]


class CheckedHTTPConnection(_Checked, HTTPConnection):
    pass


class CheckedHTTPSConnection(_Checked, HTTPSConnection):
    pass


class _CheckedHTTPPool(HTTPConnectionPool):
    ConnectionCls = CheckedHTTPConnection


class _CheckedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = CheckedHTTPSConnection


def pool_manager(allow_private: bool, **options) -> urllib3.PoolManager:
    """A urllib3 pool manager whose connections go to public addresses only, unless
    `allow_private`."""
    manager = urllib3.PoolManager(**options)
    if not allow_private:
        manager.pool_classes_by_scheme = {"http": _CheckedHTTPPool, "https": _CheckedHTTPSPool}
    return manager
