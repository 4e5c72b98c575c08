"""The outbound side of webhooks: which URLs may be called, and one POST to a checked address.

A webhook URL is chosen by a company, so Kyoso must not become a way to reach
its own network (server-side request forgery). Outside debug and tests
(``WEBHOOKS_ALLOW_INSECURE``), a URL must be ``https://`` and every address its
host resolves to must be public: loopback, private, link-local, shared,
reserved, multicast and unspecified ranges are refused, in IPv4 and IPv6
(addresses that embed an IPv4 address are judged by it). The check runs when
a webhook is registered and again before every delivery, because a DNS answer
can change; the delivery then connects to the very address that was checked,
so a second DNS answer cannot differ from the first. Redirects are never
followed, and no proxy from the environment is used.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
RESPONSE_KEEP = 2000


@dataclass(frozen=True)
class CheckedUrl:
    """A URL that passed ``webhook_url_check``, with the address to connect to."""

    scheme: str
    host: str
    port: int
    path: str
    address: str


@dataclass(frozen=True)
class Response:
    status: int
    body: str


def _address_refused(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether ``ip`` is anything but a public unicast address."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return _address_refused(embedded)
    return (
        not ip.is_global
        or ip.is_multicast
        or ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_reserved
        or ip.is_unspecified
    )


def host_refused() -> ValidationError:
    """The one refusal of a host that does not resolve or resolves to a private, local or
    reserved address: it names neither the address nor which of the two it was, so the
    form cannot be used to probe names and networks (a DNS oracle)."""
    return ValidationError(_("A webhook URL must point to a public HTTPS host."), code="address")


def _addresses(host: str, port: int) -> list[str]:
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise host_refused() from error
    return list(dict.fromkeys(answer[4][0] for answer in answers))


def webhook_url_check(url: str) -> CheckedUrl:
    """Check a webhook URL and resolve its host; ValidationError saying why it is refused.

    Returns the parts of the URL and the (first) checked address to connect to.
    With ``WEBHOOKS_ALLOW_INSECURE`` (debug and tests only), ``http://`` and
    addresses of any range are allowed too.
    """
    insecure = settings.WEBHOOKS_ALLOW_INSECURE
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError as error:
        raise ValidationError(_("Enter a valid URL."), code="invalid") from error
    allowed = ("https", "http") if insecure else ("https",)
    if parts.scheme not in allowed:
        raise ValidationError(_("A webhook URL must start with https://."), code="scheme")
    if not parts.hostname:
        raise ValidationError(_("Enter a valid URL."), code="invalid")
    if parts.username or parts.password:
        raise ValidationError(
            _("A webhook URL must not contain a user name or password."), code="credentials"
        )
    host = parts.hostname
    port = port or (443 if parts.scheme == "https" else 80)
    addresses = _addresses(host, port)
    if not insecure:
        for address in addresses:
            if _address_refused(ipaddress.ip_address(address.split("%", 1)[0])):
                raise host_refused()
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return CheckedUrl(parts.scheme, host, port, path, addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address, whatever the host name resolves to now."""

    def __init__(self, target: CheckedUrl, timeout: float):
        super().__init__(target.host, target.port, timeout=timeout)
        self._address = target.address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to the checked address; the certificate must still name the host."""

    def __init__(self, target: CheckedUrl, timeout: float):
        super().__init__(
            target.host, target.port, timeout=timeout, context=ssl.create_default_context()
        )
        self._address = target.address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def webhook_post(target: CheckedUrl, body: bytes, headers: dict[str, str]) -> Response:
    """POST ``body`` to a checked URL (no redirects); the start of the answer is kept.

    Raises ``OSError`` (timeouts included) or ``http.client.HTTPException`` when
    no answer comes.
    """
    timeout = settings.WEBHOOKS_TIMEOUT
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target, timeout)
    try:
        connection.request("POST", target.path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read(RESPONSE_KEEP * 4).decode("utf-8", errors="replace")
        return Response(answer.status, text[:RESPONSE_KEEP])
    finally:
        connection.close()
