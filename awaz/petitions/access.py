"""Finding the petition a public page is about: one helper per kind of reader, each raising 404."""

from django.shortcuts import get_object_or_404

from awaz.petitions.models import Petition


def get_public_petition(slug: str) -> Petition:
    queryset = Petition.objects.public().select_related("organization").prefetch_related("translations")
    return get_object_or_404(queryset, slug=slug)


def can_preview(request) -> bool:
    return request.user.is_authenticated and request.user.has_perm("petitions.view_petition")


def get_petition_for_reader(request, slug: str) -> Petition:
    """Public petitions for everyone; drafts too for staff who may preview them."""
    if not can_preview(request):
        return get_public_petition(slug)
    queryset = Petition.objects.select_related("organization").prefetch_related("translations")
    return get_object_or_404(queryset, slug=slug)
