"""`token_view(scope)`: Bearer authentication, the scope, and the token's rate limit.

Every failure is an RFC 9457 problem: 401 (no token, unknown, wrong secret, revoked or expired:
one answer for all, so a caller learns nothing about which), 403 (the token lacks the scope),
429 with Retry-After (the token's limit). A token reads only its own organization's objects:
views look petitions up inside `request.api_token.organization`, so another organization's
ids answer 404.
"""

from functools import wraps

from django.conf import settings
from django.views.decorators.csrf import csrf_exempt

from awaz.api.org.tokens import token_authenticate
from awaz.api.problems import problem, too_many_requests
from awaz.core import ratelimit


def _unauthorized():
    response = problem(401, "unauthorized", "Unauthorized",
                       "Send a valid, unexpired API token: Authorization: Bearer awz_...")
    response["WWW-Authenticate"] = 'Bearer realm="awaz", error="invalid_token"'
    return response


def token_rule() -> ratelimit.Rule:
    return ratelimit.Rule("api-token-minute", settings.API_TOKEN_PER_MINUTE, 60)


def token_view(scope: str):
    def decorator(view):
        @csrf_exempt  # no cookies: the token is the authority, and it is never in a browser's jar
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            kind, _space, credentials = request.headers.get("Authorization", "").partition(" ")
            token = token_authenticate(credentials.strip()) if kind.lower() == "bearer" else None
            if token is None:
                return _unauthorized()
            if scope not in token.scopes:
                response = problem(403, "insufficient-scope", "Insufficient scope",
                                   f"This token does not have the scope {scope}.", required_scope=scope)
                response["WWW-Authenticate"] = f'Bearer realm="awaz", error="insufficient_scope", scope="{scope}"'
                return response
            outcome = ratelimit.consume([(token_rule(), token.prefix)])
            if not outcome.allowed:
                return too_many_requests(
                    outcome.retry_after, f"This token may make {settings.API_TOKEN_PER_MINUTE} requests a minute.")
            request.api_token = token
            return view(request, *args, **kwargs)

        wrapper.token_scope = scope
        return wrapper

    return decorator
