"""The studio's front door and team: the organizations list, invitations, members."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from awaz.core import languages
from awaz.studio.access import MANAGE, memberships_of, studio_view
from awaz.studio.forms import InvitationForm, NewPasswordForm
from awaz.studio.models import Membership
from awaz.studio.services import StudioError, invitation_accept, invitation_create, invitation_for_token, member_remove


@never_cache
def home(request):
    """The organizations the signed-in person belongs to (straight to it when there is one)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("studio_login:login"))
    memberships = list(memberships_of(request.user))
    if len(memberships) == 1:
        return redirect("studio:dashboard", org=memberships[0].organization.slug)
    return render(request, "studio/home.html", {"memberships": memberships})


@require_POST
def logout(request):
    auth_logout(request)
    return redirect("studio_login:login")


@studio_view(MANAGE)
def team(request, access):
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitation_create(
            organization=access.organization, email=form.cleaned_data["email"], role=form.cleaned_data["role"],
            invited_by=request.user, language=languages.current(),
        )
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
        return redirect("studio:team", org=access.organization.slug)
    context = {
        "access": access,
        "nav": "team",
        "form": form,
        "INVITATION_DAYS": settings.INVITATION_DAYS,
        "members": Membership.objects.filter(organization=access.organization).select_related("user").order_by("user__username"),
        "invitations": access.organization.invitations.filter(accepted_at__isnull=True).order_by("-created_at")[:50],
    }
    return render(request, "studio/team.html", context)


@studio_view(MANAGE)
@require_POST
def member_remove_view(request, access, membership_id: int):
    membership = get_object_or_404(Membership, pk=membership_id, organization=access.organization)
    try:
        member_remove(membership=membership, actor=request.user)
    except StudioError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("%(name)s was removed from the team.") % {"name": membership.user.get_username()})
    return redirect("studio:team", org=access.organization.slug)


@sensitive_post_parameters()
@never_cache
def invitation(request, token: str):
    """The link in an invitation email: a page with a button (mail scanners open links), and
    for someone new, the password they choose. Acts only on POST."""
    found = invitation_for_token(token)
    if found is None:
        return render(request, "studio/invitation_invalid.html", status=404)
    from django.contrib.auth import get_user_model

    has_account = get_user_model()._default_manager.filter(username=found.email).exists()
    form = None if has_account else NewPasswordForm(request.POST or None, username=found.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            invitation_accept(invitation=found, password=form.cleaned_data["password1"] if form else None)
        except StudioError as error:
            messages.error(request, str(error))
            return render(request, "studio/invitation_invalid.html", status=409)
        messages.success(request, _("Welcome to %(organization)s. Log in with your email address and password; next, you will set up your authenticator app.")
                         % {"organization": found.organization.name})
        return redirect(reverse("studio_login:login") + "?next=" + reverse("studio:dashboard", args=[found.organization.slug]))
    if request.method not in {"GET", "HEAD", "POST"}:
        raise Http404
    return render(request, "studio/invitation.html", {"invitation": found, "form": form, "email": found.email})
