import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "awaz.settings")
django_application = get_wsgi_application()

# Plainly valid signatures take a shorter way through; everything else is Django's.
from awaz.signatures.express import SigningExpressLane  # noqa: E402 (needs the apps loaded)

from awaz.core.onion import OnionAwareApp  # noqa: E402

# Outermost: requests to the onion host get onion links, on the express lane too.
application = OnionAwareApp(SigningExpressLane(django_application))
