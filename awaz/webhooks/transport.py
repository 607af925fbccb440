"""POST a delivery to an endpoint, and only to a public HTTPS address (no SSRF).

An endpoint's address is typed by a campaigner, so it could name the server's own loopback, a
private network's admin page or a cloud metadata service. Before each request the host is
resolved once, every address it resolves to must be global (not private, loopback, link-local,
reserved, multicast), and the connection goes to the address that was checked, so a DNS answer
that changes between the check and the connection (rebinding) cannot slip through. TLS is
verified against the host name. Redirects are not followed.

`AWAZ_WEBHOOKS_ALLOW_PRIVATE` (tests and development only) allows http:// and private addresses.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT_SECONDS = 10
MAX_ANSWER_BYTES = 4096  # read and dropped: the log keeps the status only


class Refused(Exception):
    """The address may not be called; the message says why (no personal data in it)."""


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def address_check(url: str) -> None:
    """Raise Refused unless the address is one deliveries may go to (scheme, host, port)."""
    parts = urlsplit(url)
    allow_private = settings.WEBHOOKS_ALLOW_PRIVATE
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise Refused("only https:// addresses")
    if not parts.hostname or parts.username or parts.password:
        raise Refused("an address with a host name and no user name")
    if not allow_private:
        try:
            ip = ipaddress.ip_address(parts.hostname)
        except ValueError:
            return  # a name: checked once it is resolved, before each connection
        if not ip.is_global:
            raise Refused("a private, loopback or reserved address")


def _resolve(host: str, port: int) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused("the host name does not resolve") from error
    addresses = [info[4][0] for info in infos]
    if not settings.WEBHOOKS_ALLOW_PRIVATE and any(not ipaddress.ip_address(a.split("%")[0]).is_global for a in addresses):
        raise Refused("the host name resolves to a private, loopback or reserved address")
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host, address, **kwargs):
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


def post(url: str, body: bytes, headers: dict[str, str]) -> Answer:
    """One attempt. Never raises for the network: a failure is an Answer with an error."""
    try:
        address_check(url)
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _resolve(parts.hostname, port)
        if parts.scheme == "https":
            connection = _PinnedHTTPSConnection(parts.hostname, address, port=port, timeout=TIMEOUT_SECONDS,
                                                context=ssl.create_default_context())
        else:
            connection = _PinnedHTTPConnection(parts.hostname, address, port=port, timeout=TIMEOUT_SECONDS)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST", path, body=body, headers=headers)
            response = connection.getresponse()
            response.read(MAX_ANSWER_BYTES)
            return Answer(response.status, "" if 200 <= response.status < 300 else f"HTTP {response.status}")
        finally:
            connection.close()
    except Refused as error:
        return Answer(None, f"refused: {error}")
    except TimeoutError:
        return Answer(None, "timeout")
    except ssl.SSLError:
        return Answer(None, "TLS error")
    except (OSError, http.client.HTTPException) as error:
        return Answer(None, type(error).__name__)
