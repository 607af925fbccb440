"""The entry point `awaz serve` gives Granian: the WSGI application behind the ASGI bridge,
which reads request bodies with a size limit and a deadline (awaz/core/asgi.py)."""

from awaz.core.asgi import ASGIBridge
from awaz.wsgi import application as wsgi_application

application = ASGIBridge(wsgi_application)
