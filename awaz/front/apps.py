from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The pages that show several apps at once: the home page, search and an organization's
    page. Built on the others and imported by none of them."""

    name = "awaz.front"
    label = "front"
    verbose_name = _("Front pages")
