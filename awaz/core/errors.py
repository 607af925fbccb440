from django.shortcuts import render


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # No context processors that could fail again; nothing about the request is shown.
    return render(request, "errors/500.html", status=500)


def bad_request(request, exception=None):
    # Raised before any view ran (an oversized or malformed body): nothing was stored.
    return render(request, "errors/400.html", status=400)
