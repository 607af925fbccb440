"""The ceiling: the least a signing server can be, served exactly as `awaz serve` serves Awaz.

The same Granian (its ASGI interface, one worker process per core, the same HTTP settings)
and the same bridge (awaz/core/asgi.py: the body read on the event loop, the application on a
pool of threads) around a WSGI application that does only what no signing server can skip:

- `nothing`: answers the petition page (a form token for bench/lua/sign.lua) and each POST
  with a 302, without reading its form;
- `insert`: also parses the form and stores one row of the signatures table's shape (pgbench's
  copy of it, the same prepared `INSERT ... ON CONFLICT DO NOTHING` that pgbench runs) through
  psycopg, one connection per thread, autocommit.

No Django, no validation, no encryption, no rate limit: what it reaches is the most any
Python application behind this server reaches on this machine, the bound the ratios of #11 are
read against (bench/ceiling.py runs it).

    python -m bench.ceiling_app --port 8079 --mode insert   # AWAZ_CEILING_SQL holds the INSERT
"""

import argparse
import os
import threading
from urllib.parse import parse_qsl

from awaz.core.asgi import ASGIBridge

MODE = os.environ.get("AWAZ_CEILING_MODE", "nothing")
PAGE = (b'<!doctype html><title>Sign</title><form method="post">'
        b'<input type="hidden" name="form_token" value="ceiling"></form>')
_local = threading.local()


def _connection():
    connection = getattr(_local, "connection", None)
    if connection is None:
        import psycopg

        connection = _local.connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True,
                                                         prepare_threshold=0)
    return connection


def signing(environ, start_response):
    if environ["REQUEST_METHOD"] != "POST":
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(PAGE)))])
        return [PAGE]
    if MODE == "insert":
        form = dict(parse_qsl(environ["wsgi.input"].read().decode()))
        # The form's address as the blind index keeps every row unique, as each signer's is.
        _connection().execute(os.environ["AWAZ_CEILING_SQL"], (form["email"],))
    start_response("302 Found", [("Location", "/thanks/"), ("Content-Length", "0")])
    return [b""]


application = ASGIBridge(signing)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1))
    parser.add_argument("--mode", choices=("nothing", "insert"), default="nothing")
    args = parser.parse_args()
    os.environ["AWAZ_CEILING_MODE"] = args.mode
    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    from awaz.core.management.commands.serve import HEADER_READ_TIMEOUT_MS

    Granian("bench.ceiling_app:application", address="127.0.0.1", port=args.port, interface=Interfaces.ASGI,
            http1_settings=HTTP1Settings(header_read_timeout=HEADER_READ_TIMEOUT_MS), websockets=False,
            workers=args.workers, log_access=False).serve()


if __name__ == "__main__":
    main()
