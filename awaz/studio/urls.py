from django.urls import path

from awaz.studio.views import dashboard, defences, editor, organization, signatures, switches, team, updates

app_name = "studio"
urlpatterns = [
    path("", team.home, name="home"),
    path("logout/", team.logout, name="logout"),
    path("invitation/<str:token>/", team.invitation, name="invitation"),
    path("site/defences/", defences.site_defences, name="site_defences"),
    path("<slug:org>/", dashboard.dashboard, name="dashboard"),
    path("<slug:org>/petitions/new/", editor.petition_new, name="petition_new"),
    path("<slug:org>/petitions/<int:petition_id>/", dashboard.petition_overview, name="petition"),
    path("<slug:org>/petitions/<int:petition_id>/edit/", editor.petition_edit, name="petition_edit"),
    path("<slug:org>/petitions/<int:petition_id>/image/", editor.petition_image, name="petition_image"),
    path("<slug:org>/petitions/<int:petition_id>/preview/<str:language>/", editor.petition_preview, name="petition_preview"),
    path("<slug:org>/petitions/<int:petition_id>/translations/", editor.translations, name="translations"),
    path("<slug:org>/petitions/<int:petition_id>/translations/<str:language>/", editor.translate, name="translate"),
    path("<slug:org>/petitions/<int:petition_id>/updates/", updates.updates, name="updates"),
    path("<slug:org>/petitions/<int:petition_id>/updates/new/", updates.update_new, name="update_new"),
    path("<slug:org>/petitions/<int:petition_id>/updates/<int:post_id>/", updates.update_detail, name="update"),
    path("<slug:org>/petitions/<int:petition_id>/updates/<int:post_id>/test/", updates.update_test, name="update_test"),
    path("<slug:org>/petitions/<int:petition_id>/updates/<int:post_id>/send/", updates.update_send, name="update_send"),
    path("<slug:org>/petitions/<int:petition_id>/export/", signatures.export, name="export"),
    path("<slug:org>/petitions/<int:petition_id>/fraud/", signatures.fraud, name="fraud"),
    path("<slug:org>/petitions/<int:petition_id>/fraud/undo/<int:invalidation_id>/", signatures.fraud_undo,
         name="fraud_undo"),
    path("<slug:org>/petitions/<int:petition_id>/switches/", switches.petition_switches, name="switches"),
    path("<slug:org>/petitions/<int:petition_id>/held/", defences.held, name="held"),
    path("<slug:org>/petitions/<int:petition_id>/<slug:change>/", editor.petition_state, name="petition_state"),
    path("<slug:org>/signatures/lookup/", signatures.lookup, name="lookup"),
    path("<slug:org>/defences/", defences.defences, name="defences"),
    path("<slug:org>/settings/", organization.organization_settings, name="settings"),
    path("<slug:org>/audit/", organization.audit_log, name="audit"),
    path("<slug:org>/team/", team.team, name="team"),
    path("<slug:org>/team/<int:membership_id>/remove/", team.member_remove_view, name="member_remove"),
]
