from django.urls import path

from awaz.outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("<slug:slug>/live/", views.live_counter, name="live"),
    path("<slug:slug>/live.json", views.live_numbers, name="live_numbers"),
]
