from django.urls import path

from awaz.signatures import views

app_name = "signatures"
urlpatterns = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("withdraw/<str:token>/", views.withdraw, name="withdraw"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("petitions/<slug:slug>/resend/", views.resend, name="resend"),
]
