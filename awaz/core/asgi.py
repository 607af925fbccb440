"""The bridge between Granian's ASGI interface and Awaz's WSGI application.

Why not Granian's WSGI interface: there, reading the request body blocks one of the few
application threads until the bytes arrive, and Granian has no deadline for a body (its
maintainers declined one, emmett-framework/granian#728). Sixteen clients sending a byte every
two seconds held every thread and froze the site. Here the body is read on the event loop, where
a slow sender costs a coroutine and a small buffer, with the size limit and the deadline of
awaz.core.bodies; only a complete body reaches a thread, which then runs the WSGI application
(the signing express lane, then Django) exactly as before.

- A body declared (Content-Length) or found (chunked) larger than its limit is not read further:
  413. One that has not arrived by its deadline: 408. Both pages come from Django in the
  visitor's language (awaz.core.bodies.refuse_unread_body), without the body.
- Bodies are kept in memory up to 64 KiB and spill to a temporary file beyond (admin uploads),
  which is never larger than the admin's limit and is deleted with the request.
- Responses of up to STREAM_AFTER bytes are sent in one piece; larger ones (CSV exports, static
  files) are streamed from the thread as the application produces them.
"""

import asyncio
import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO

from awaz.core.bodies import REFUSED_KEY, TOO_LARGE, TOO_SLOW, body_limit

MEMORY_BODY_BYTES = 64 * 1024
STREAM_AFTER = 256 * 1024


def _threads() -> int:
    return max(1, int(os.environ.get("AWAZ_WEB_THREADS", "4")))


class _Refused(Exception):
    def __init__(self, status: int):
        self.status = status


class _Disconnected(Exception):
    pass


def _header(headers, name: bytes) -> bytes | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def _environ(scope, body, length: int) -> dict:
    server = scope.get("server") or ("127.0.0.1", 80)
    client = scope.get("client") or ("", 0)
    environ = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": scope.get("root_path", "").encode("utf8").decode("latin1"),
        # WSGI carries the path's bytes as latin-1 text; ASGI has them decoded as UTF-8.
        "PATH_INFO": scope["path"].encode("utf8").decode("latin1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1] if server[1] is not None else 80),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": body,
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(length),
    }
    for raw_name, raw_value in scope.get("headers", []):
        name = raw_name.decode("latin1").upper().replace("-", "_")
        value = raw_value.decode("latin1")
        if name == "CONTENT_LENGTH" or name == "TRANSFER_ENCODING":
            continue  # the body handed on is complete and its length is the one above
        if name == "CONTENT_TYPE":
            environ["CONTENT_TYPE"] = value
            continue
        key = f"HTTP_{name}"
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


async def _read_body(scope, receive, limit):
    """The whole body within the limit and the deadline, or _Refused / _Disconnected."""
    headers = scope.get("headers", [])
    declared = _header(headers, b"content-length")
    if declared is not None:
        try:
            declared_length = int(declared)
        except ValueError:
            raise _Refused(400) from None
        if declared_length > limit.max_bytes:
            raise _Refused(TOO_LARGE)
        if declared_length == 0:
            return BytesIO(), 0
    elif _header(headers, b"transfer-encoding") is None:
        return BytesIO(), 0  # no body at all (a GET): nothing to wait for

    body = BytesIO()
    size = 0
    spilled = False
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit.seconds
    while True:
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise _Refused(TOO_SLOW)
        try:
            message = await asyncio.wait_for(receive(), remaining)
        except asyncio.TimeoutError:
            raise _Refused(TOO_SLOW) from None
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit.max_bytes:
            raise _Refused(TOO_LARGE)
        if not spilled and size > MEMORY_BODY_BYTES:
            spill = tempfile.TemporaryFile()
            spill.write(body.getvalue())
            body, spilled = spill, True
        body.write(chunk)
        if not message.get("more_body", False):
            break
    body.seek(0)
    return body, size


class ASGIBridge:
    def __init__(self, wsgi_application, threads: int | None = None):
        self.wsgi = wsgi_application
        self.executor = ThreadPoolExecutor(max_workers=threads or _threads(), thread_name_prefix="awaz-web")

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return  # no websockets
        refused = None
        try:
            body, length = await _read_body(scope, receive, body_limit(scope["path"]))
        except _Disconnected:
            return
        except _Refused as refusal:
            body, length, refused = BytesIO(), 0, refusal.status
        environ = _environ(scope, body, length)
        if refused is not None:
            if refused not in (TOO_SLOW, TOO_LARGE):
                await _plain(send, refused)
                return
            environ[REFUSED_KEY] = refused
        loop = asyncio.get_running_loop()
        try:
            answer = await loop.run_in_executor(self.executor, self._run, environ, loop, send)
        finally:
            body.close()
        if answer is not None:
            status, headers, content = answer
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": content})

    def _run(self, environ, loop, send):
        """In a thread: the WSGI application; returns a small answer, or streams a large one."""
        started = []

        def start_response(status, headers, exc_info=None):
            if exc_info and started:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [int(status[:3]), [(k.lower().encode("latin1"), v.encode("latin1")) for k, v in headers]]

        async def sending(message):
            await send(message)  # Granian's send returns an awaitable, not a coroutine

        def send_from_thread(message):
            asyncio.run_coroutine_threadsafe(sending(message), loop).result()

        result = self.wsgi(environ, start_response)
        try:
            chunks, size = [], 0
            iterator = iter(result)
            for chunk in iterator:
                if not chunk:
                    continue
                chunks.append(chunk)
                size += len(chunk)
                if size >= STREAM_AFTER:
                    send_from_thread({"type": "http.response.start", "status": started[0], "headers": started[1]})
                    send_from_thread({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
                    for more in iterator:
                        if more:
                            send_from_thread({"type": "http.response.body", "body": more, "more_body": True})
                    send_from_thread({"type": "http.response.body", "body": b""})
                    return None
            return started[0], started[1], b"".join(chunks)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()

    async def _lifespan(self, receive, send):
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                self.executor.shutdown(wait=False)
                await send({"type": "lifespan.shutdown.complete"})
                return


async def _plain(send, status: int):
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": b"Bad request\n"})
