from django.urls import path

from awaz.studio.views import dashboard, team

app_name = "studio"
urlpatterns = [
    path("", team.home, name="home"),
    path("logout/", team.logout, name="logout"),
    path("invitation/<str:token>/", team.invitation, name="invitation"),
    path("<slug:org>/", dashboard.dashboard, name="dashboard"),
    path("<slug:org>/team/", team.team, name="team"),
    path("<slug:org>/team/<int:membership_id>/remove/", team.member_remove_view, name="member_remove"),
]
