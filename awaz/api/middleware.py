"""What every response under /api/ gets, whichever view or middleware made it."""

from awaz.api import problems


def api_responses(get_response):
    """Errors become RFC 9457 problems (awaz.api.problems.replacing), readable cross-origin.

    And no `Vary: Accept-Language` or `Content-Language`, which LocaleMiddleware adds to every
    path outside the language prefixes: no API answer depends on the negotiated language (it
    is a query parameter), and the Vary would split a CDN's cache by every browser's header.
    """

    def middleware(request):
        response = get_response(request)
        if not request.path.startswith(problems.API_PREFIX):
            return response
        if response.status_code >= 400 and not problems.is_problem(response):
            response = problems.replacing(response)
            response.headers.setdefault("Access-Control-Allow-Origin", "*")
        vary = [v.strip() for v in response.get("Vary", "").split(",")]
        vary = [v for v in vary if v and v.lower() != "accept-language"]
        if vary:
            response["Vary"] = ", ".join(vary)
        elif "Vary" in response:
            del response["Vary"]
        if "Content-Language" in response:
            del response["Content-Language"]
        return response

    return middleware
