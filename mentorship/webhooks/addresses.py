"""Which URLs an endpoint may have (server-side request forgery).

HTTPS only, to a host that resolves to public addresses only, unless
WEBHOOK_ALLOW_PRIVATE is on (development and tests: http:// and loopback or private
hosts allowed, so that a receiver on the same machine can be tried). The check runs
when the endpoint is saved and again before each attempt (the name may resolve
elsewhere later).
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import lazy_gettext as _l

MAX_URL = 2000


def _public(address):
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def problem(url, allow_private=None):
    """Why this URL may not be an endpoint (a translated message), or None."""
    if allow_private is None:
        allow_private = current_app.config["WEBHOOK_ALLOW_PRIVATE"]
    url = (url or "").strip()
    if not url or len(url) > MAX_URL or any(c.isspace() for c in url):
        return _l("Enter a complete web address, starting with https://.")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return _l("Enter a complete web address, starting with https://.")
    schemes = ("https", "http") if allow_private else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        return _l("Enter a complete web address, starting with https://.")
    if parts.username or parts.password:
        return _l("The address may not contain a user name or password.")
    if allow_private:
        return None
    try:
        found = socket.getaddrinfo(parts.hostname, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return _l("This host name cannot be found.")
    if not found or not all(_public(info[4][0]) for info in found):
        return _l(
            "This address points to a private or local network: webhooks are only "
            "sent to public hosts."
        )
    return None
