"""No authenticated session without the second factor, whatever view a request goes to."""

from django.conf import settings
from django.contrib.auth import logout

from awaz.accounts.services import session_is_verified


def second_factor_required(get_response):
    """Demote any logged-in session that did not pass the second factor to an anonymous one.

    The admin login view is the only way in that asks for the code; this catches every other
    way a session could have become authenticated (a login view added later, a session from
    before two-factor login existed), on every URL, including the admin's own password change.
    Requests without a session cookie (every public page) are not even looked at.
    """

    def middleware(request):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            user = request.user
            if user.is_authenticated and not session_is_verified(request.session, user):
                logout(request)
        return get_response(request)

    return middleware
