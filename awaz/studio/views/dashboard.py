"""The dashboard: every petition of the organization with its numbers."""

from django.shortcuts import render

from awaz.studio.access import VIEW, studio_view


@studio_view(VIEW)
def dashboard(request, access):
    petitions = access.organization.petitions.prefetch_related("translations").order_by("-created_at")
    return render(request, "studio/dashboard.html", {"access": access, "petitions": petitions})
