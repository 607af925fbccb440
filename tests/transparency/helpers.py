"""Reading a petition's log through the test client, as the verifier reads it over HTTP."""

import urllib.error

from awaz.transparency import verifier
from awaz.transparency.services import log_links


class ClientFetcher:
    """`fetcher` for the verifier: GETs through Django's test client; `tamper` rewrites answers."""

    def __init__(self, client, tamper=None):
        self.client, self.tamper, self.paths = client, tamper, []

    def __call__(self, url: str) -> bytes:
        path = url.split("://", 1)[-1]
        path = path[path.index("/"):]
        self.paths.append(path)
        response = self.client.get(path)
        if response.status_code != 200:
            raise urllib.error.HTTPError(url, response.status_code, "not found", {}, None)
        body = response.content
        return self.tamper(path, body) if self.tamper else body


def verify(client, petition, **kwargs):
    links = log_links(petition)
    key = kwargs.pop("key", links["log_key"])
    fetcher = kwargs.pop("fetcher", None) or ClientFetcher(client)
    return verifier.verify_log(links["log_url"], verifier.VerifierKey.parse(key), fetcher=fetcher, **kwargs)
