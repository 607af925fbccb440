from django.urls import path

from awaz.front import petitions as views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("<slug:slug>/", views.petition_detail, name="detail"),
    path("<slug:slug>/sign/", views.petition_sign, name="sign"),
    path("<slug:slug>/thanks/", views.petition_thanks, name="thanks"),
    path("<slug:slug>/embed/", views.petition_embed, name="embed"),
    # Tiny and the same for every visitor of a language, so a proxy can cache it for a second.
    path("<slug:slug>/count.json", views.petition_count, name="count"),
    path("<slug:slug>/data.json", views.petition_data, name="data"),
    path("<slug:slug>/card.png", views.petition_card, name="card"),
    path("<slug:slug>/qr.svg", views.petition_qr, name="qr"),
    path("<slug:slug>/poster-<str:paper>.pdf", views.petition_poster, name="poster"),
    # A proof-of-work challenge for one visitor; never cached (see awaz.signatures.proof_of_work).
    path("<slug:slug>/challenge.json", views.petition_challenge, name="challenge"),
]
