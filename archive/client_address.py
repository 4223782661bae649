"""The client's address, read the same way everywhere (flood control, IP block
lists, the admin lockout, stored comments).

With no proxy configured it is ``REMOTE_ADDR``, and any ``X-Forwarded-For`` is
ignored: anyone can send that header. Behind reverse proxies the operator says
which to trust (settings ``TRUSTED_PROXIES`` or ``TRUSTED_PROXY_COUNT``), and
the address is the first one, read from the right, that a trusted proxy
vouches for. Entries further left were written by the client and could be
anything. gunicorn never rewrites ``REMOTE_ADDR`` from the header, so this is
the one place that reads it.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings


def _parse(value: str):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def parse_networks(values: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """TRUSTED_PROXIES entries as networks (a bare address is a /32 or /128).
    Raises ValueError naming the first entry that is neither."""
    networks = []
    for value in values:
        try:
            networks.append(ipaddress.ip_network(value.strip(), strict=False))
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an IP address or network") from exc
    return networks


def _forwarded_for(request) -> list[str]:
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [part.strip() for part in header.split(",") if part.strip()]


def client_ip(request) -> str | None:
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    trusted = settings.TRUSTED_PROXIES
    if trusted:
        return _through_listed_proxies(request, remote, trusted)
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        return _through_counted_proxies(request, remote, count)
    return str(remote) if remote else None


def _through_listed_proxies(request, remote, trusted) -> str | None:
    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if remote is None or not is_trusted(remote):
        # Not sent by our proxy: the header, if any, is the client's own invention.
        return str(remote) if remote else None
    client = remote
    for entry in reversed(_forwarded_for(request)):
        address = _parse(entry)
        if address is None:
            break  # garbage: the last address a trusted proxy vouched for stands
        client = address
        if not is_trusted(address):
            break
    return str(client)


def _through_counted_proxies(request, remote, count: int) -> str | None:
    # Each of the `count` proxies appends the address it received the request from.
    forwarded = _forwarded_for(request)
    if len(forwarded) >= count:
        address = _parse(forwarded[-count])
        if address is not None:
            return str(address)
    return str(remote) if remote else None
