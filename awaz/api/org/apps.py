from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgApiConfig(AppConfig):
    name = "awaz.api.org"
    label = "api_org"
    verbose_name = _("Organizations' API")
