import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaz.settings")
django_application = get_wsgi_application()

# Plainly valid signatures take a shorter way through; everything else is Django's.
from awaz.core.db_retry import RetryAfterLostDatabase  # noqa: E402 (needs the apps loaded)
from awaz.signatures.express import SigningExpressLane  # noqa: E402

from awaz.core.onion import OnionAwareApp  # noqa: E402

# Outermost: requests to the onion host get onion links, on the express lane too; inside it, a
# request that lost its database connection before writing is tried once more.
application = OnionAwareApp(RetryAfterLostDatabase(SigningExpressLane(django_application)))
