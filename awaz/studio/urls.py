from django.urls import path

from awaz.studio.views import dashboard, editor, team

app_name = "studio"
urlpatterns = [
    path("", team.home, name="home"),
    path("logout/", team.logout, name="logout"),
    path("invitation/<str:token>/", team.invitation, name="invitation"),
    path("<slug:org>/", dashboard.dashboard, name="dashboard"),
    path("<slug:org>/petitions/new/", editor.petition_new, name="petition_new"),
    path("<slug:org>/petitions/<int:petition_id>/", dashboard.petition_overview, name="petition"),
    path("<slug:org>/petitions/<int:petition_id>/edit/", editor.petition_edit, name="petition_edit"),
    path("<slug:org>/petitions/<int:petition_id>/preview/<str:language>/", editor.petition_preview, name="petition_preview"),
    path("<slug:org>/petitions/<int:petition_id>/translations/", editor.translations, name="translations"),
    path("<slug:org>/petitions/<int:petition_id>/translations/<str:language>/", editor.translate, name="translate"),
    path("<slug:org>/petitions/<int:petition_id>/<slug:change>/", editor.petition_state, name="petition_state"),
    path("<slug:org>/team/", team.team, name="team"),
    path("<slug:org>/team/<int:membership_id>/remove/", team.member_remove_view, name="member_remove"),
]
