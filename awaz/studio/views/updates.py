"""Campaign updates: compose from the petition, preview the email per language, send a test to
yourself, then send to the signers who asked for updates (awaz.news sends them)."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awaz.core import languages
from awaz.news.models import Post, PostDelivery
from awaz.news.update_emails import subscribers, update_email
from awaz.studio import services
from awaz.studio.access import EDIT, VIEW, studio_view
from awaz.studio.forms import UpdateForm
from awaz.studio.models import ScheduledUpdate
from awaz.studio.stats import organization_zone


def _signer_languages(petition) -> list[str]:
    used = set(subscribers(petition.pk).values_list("language", flat=True).distinct())
    return [code for code, _name in settings.LANGUAGES if code in used] or [petition.original_language]


@studio_view(VIEW)
def updates(request, access, petition_id: int):
    petition = access.petition(petition_id)
    form = UpdateForm()
    posts = Post.objects.filter(featured_petition=petition).prefetch_related("translations").select_related("delivery").order_by("-created_at")
    context = {"access": access, "petition": petition, "form": form, "posts": posts,
               "subscribers": subscribers(petition.pk).count()}
    return render(request, "studio/updates.html", context)


@studio_view(EDIT)
def update_new(request, access, petition_id: int):
    petition = access.petition(petition_id)
    form = UpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = services.update_create(petition=petition, actor=request.user, **form.cleaned_data)
        messages.success(request, _("The update is published on the site. Check the email, send yourself a test, then send it."))
        return redirect("studio:update", org=access.organization.slug, petition_id=petition.pk, post_id=post.pk)
    return render(request, "studio/updates.html", {"access": access, "petition": petition, "form": form, "posts": [],
                                                    "subscribers": subscribers(petition.pk).count()})


def _local_time(value: str, organization):
    """A datetime-local field's value, read in the organization's time zone."""
    from datetime import datetime

    from awaz.studio.stats import organization_zone

    try:
        naive = datetime.strptime(value.strip(), "%Y-%m-%dT%H:%M")
    except ValueError:
        try:
            naive = datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
        except ValueError:
            return None
    return naive.replace(tzinfo=organization_zone(organization))


def _post(access, petition, post_id):
    return get_object_or_404(Post.objects.prefetch_related("translations"), pk=post_id, featured_petition=petition,
                             organization=access.organization)


@studio_view(VIEW)
def update_detail(request, access, petition_id: int, post_id: int):
    petition = access.petition(petition_id)
    post = _post(access, petition, post_id)
    signer_languages = _signer_languages(petition)
    language = request.GET.get("language") or signer_languages[0]
    if language not in dict(settings.LANGUAGES):
        language = petition.original_language
    scheduled = ScheduledUpdate.objects.filter(post=post, sent_at__isnull=True).first()
    email = update_email(post=post, petition=petition, to="signer@example.org", name=_("(signer's name)"),
                         language=language, unsubscribe_url=f"{settings.BASE_URL}/…")
    context = {
        "access": access, "petition": petition, "post": post,
        "languages": [(code, languages.native_name(code)) for code, _name in settings.LANGUAGES],
        "signer_languages": signer_languages, "language": language, "language_dir": languages.direction(language),
        "email": email, "delivery": PostDelivery.objects.filter(post=post).first(),
        "scheduled": scheduled,
        "scheduled_at": timezone.localtime(scheduled.send_at, organization_zone(access.organization)) if scheduled else None,
        "zone": organization_zone(access.organization).key,
        "earlier": PostDelivery.objects.filter(petition=petition).exclude(post=post).exists(),
        "subscribers": subscribers(petition.pk).count(),
    }
    return render(request, "studio/update_detail.html", context)


@studio_view(EDIT)
def update_test(request, access, petition_id: int, post_id: int):
    petition = access.petition(petition_id)
    post = _post(access, petition, post_id)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = petition.original_language
    try:
        services.update_send_test(post=post, actor=request.user, language=language)
    except services.StudioError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("A test is on its way to %(email)s.") % {"email": request.user.email})
    return redirect("studio:update", org=access.organization.slug, petition_id=petition.pk, post_id=post.pk)


@studio_view(EDIT)
def update_send(request, access, petition_id: int, post_id: int):
    petition = access.petition(petition_id)
    post = _post(access, petition, post_id)
    again = request.POST.get("again") == "yes"
    if request.method == "POST" and request.POST.get("confirmed") == "yes" and request.POST.get("when") == "later":
        send_at = _local_time(request.POST.get("send_at", ""), access.organization)
        try:
            if send_at is None:
                raise services.StudioError(_("Enter the date and time as shown, for example 2030-05-01 09:30."))
            services.update_schedule(post=post, actor=request.user, send_at=send_at, again_confirmed=again)
        except services.StudioError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The update will be emailed on %(when)s.") % {"when": f"{send_at:%Y-%m-%d %H:%M}"})
    elif request.method == "POST" and request.POST.get("confirmed") == "yes":
        try:
            count = services.update_send(post=post, actor=request.user, again_confirmed=again)
        except services.StudioError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, ngettext(
                "The update is being emailed to %(count)s signer.", "The update is being emailed to %(count)s signers.", count
            ) % {"count": languages.format_number(count)})
    return redirect("studio:update", org=access.organization.slug, petition_id=petition.pk, post_id=post.pk)
