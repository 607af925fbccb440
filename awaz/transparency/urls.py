"""The logs, outside the language prefix: they are the same in every language.

<prefix> is /log/<slug>/, under which C2SP tlog-tiles puts `checkpoint` and `tile/...`.
"""

from django.urls import path

from awaz.transparency import views

app_name = "transparency"
urlpatterns = [
    path("verifier.py", views.verifier_script, name="verifier"),
    path("<slug:slug>/checkpoint", views.checkpoint, name="checkpoint"),
    path("<slug:slug>/tile/<path:path>", views.tile, name="tile"),
]
