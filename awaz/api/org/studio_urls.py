from django.urls import path

from awaz.api.org import studio

app_name = "studio_api"
urlpatterns = [
    path("tokens/", studio.api_tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", studio.api_token_revoke, name="token_revoke"),
    path("webhooks/", studio.webhook_endpoints, name="webhooks"),
    path("webhooks/<int:endpoint_id>/remove/", studio.webhook_remove, name="webhook_remove"),
    path("webhooks/<int:endpoint_id>/test/", studio.webhook_test, name="webhook_test"),
    path("petitions/<int:petition_id>/crm-export/", studio.crm_export, name="crm_export"),
]
