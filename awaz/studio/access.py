"""Who may do what in the studio: the one place every studio view asks.

Every studio URL names its organization (`/studio/<org>/...`). `studio_view(permission)` finds
the signed-in user's membership of that organization and checks the permission on the server:

- not signed in (with both factors): to the studio login;
- not a member of that organization: 404, so another organization's existence and its
  objects' ids reveal nothing;
- a member whose role lacks the permission: 403, on GET and POST alike; and a POST to a view
  that needs only "view" is refused too, so a viewer can never change anything.

Objects are then read through `Access.petition()` (and friends), which look only inside the
organization, so guessing another organization's petition id answers 404.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from awaz.petitions.models import Organization, Petition
from awaz.studio.models import Membership, Role

VIEW, EDIT, MODERATE, EXPORT, MANAGE = "view", "edit", "moderate", "export", "manage"

# What each role may do. Owners: team, settings and audit log besides everything else.
PERMISSIONS: dict[str, frozenset[str]] = {
    Role.OWNER: frozenset({VIEW, EDIT, MODERATE, EXPORT, MANAGE}),
    Role.EDITOR: frozenset({VIEW, EDIT, EXPORT}),
    Role.MODERATOR: frozenset({VIEW, MODERATE}),
    Role.VIEWER: frozenset({VIEW}),
}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Access:
    membership: Membership

    @property
    def organization(self) -> Organization:
        return self.membership.organization

    @property
    def user(self):
        return self.membership.user

    @property
    def role(self) -> str:
        return self.membership.role

    @property
    def permissions(self) -> frozenset[str]:
        return PERMISSIONS.get(self.role, frozenset())

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, frozenset())

    def petition(self, petition_id: int) -> Petition:
        """One of this organization's petitions; any other id is a 404."""
        return get_object_or_404(
            Petition.objects.prefetch_related("translations"), pk=petition_id, organization=self.organization
        )


def memberships_of(user):
    return Membership.objects.filter(user=user).select_related("organization").order_by("organization__name")


def forbidden(request, access: Access | None = None):
    return render(request, "studio/forbidden.html", {"access": access}, status=403)


def studio_view(permission: str):
    """Decorate a view `view(request, access, **kwargs)` mounted under `<slug:org>/`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, org: str, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), reverse("studio_login:login"))
            membership = get_object_or_404(
                Membership.objects.select_related("organization", "user"), user=request.user, organization__slug=org
            )
            access = Access(membership)
            if not access.can(permission) or (request.method not in SAFE_METHODS and permission == VIEW):
                return forbidden(request, access)
            return view(request, access, **kwargs)

        wrapper.studio_permission = permission
        return wrapper

    return decorator
