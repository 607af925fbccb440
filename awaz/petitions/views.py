from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET, require_http_methods

from awaz.core import languages
from awaz.core.milestones import goal_for
from awaz.core.network import network_hash
from awaz.core.public_forms import issue_form_token, public_form
from awaz.petitions.models import Petition
from awaz.petitions.presenters import count_sentence, recent_public_signers, summarize
from awaz.signatures.counts import petition_numbers
from awaz.signatures.forms import ResendForm, SignatureForm
from awaz.signatures.services import signature_submit

# Anonymous visitors all see the same page, so a proxy or CDN may keep it briefly; the count
# on it refreshes itself from count.json.
PAGE_MAX_AGE = 10
PAGE_STALE_SECONDS = 60
COUNT_MAX_AGE = 2


def get_public_petition(slug: str) -> Petition:
    queryset = Petition.objects.public().select_related("organization").prefetch_related("translations")
    return get_object_or_404(queryset, slug=slug)


def _form_scope(petition: Petition) -> str:
    return f"sign:{petition.pk}"


def _cacheable(response: HttpResponse, request) -> HttpResponse:
    if not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE, stale_while_revalidate=PAGE_STALE_SECONDS)
    return response


def _render_petition(request, petition: Petition, form: SignatureForm | None = None, status: int = 200):
    language = languages.current()
    form = form or SignatureForm(
        initial={"form_token": issue_form_token(_form_scope(petition))},
        petition_scope=_form_scope(petition),
        language=language,
    )
    context = {
        "summary": summarize(petition, language),
        "recent_signers": recent_public_signers(petition.pk, language),
        "form": form,
        "share_url": request.build_absolute_uri(petition.get_absolute_url()),
    }
    response = render(request, "petitions/detail.html", context, status=status)
    return _cacheable(response, request) if status == 200 else response


@require_GET
def petition_list(request):
    language = languages.current()
    petitions = Petition.objects.public().prefetch_related("translations").order_by("-featured", "status", "-created_at")
    summaries = [summarize(p, language) for p in petitions]
    return _cacheable(render(request, "petitions/list.html", {"summaries": summaries}), request)


@require_GET
def petition_detail(request, slug):
    return _render_petition(request, get_public_petition(slug))


@public_form
@require_http_methods(["GET", "POST"])
def petition_sign(request, slug):
    petition = get_public_petition(slug)
    if request.method == "GET":
        return redirect(petition)
    if not petition.is_accepting_signatures():
        return render(request, "petitions/closed.html", {"petition": petition}, status=409)
    language = languages.current()
    form = SignatureForm(request.POST, petition_scope=_form_scope(petition), language=language)
    if form.is_honeypot_filled():
        # Answer a bot exactly like a person, so it learns nothing; store nothing.
        return redirect("petitions:thanks", slug=petition.slug)
    if not form.is_valid():
        form.data = form.data.copy()
        form.data["form_token"] = issue_form_token(_form_scope(petition))
        return _render_petition(request, petition, form=form, status=400)
    signature_submit(petition=petition, details=form.signer_details(), language=language, network=network_hash(request))
    return redirect("petitions:thanks", slug=petition.slug)


@require_GET
def petition_thanks(request, slug):
    petition = get_public_petition(slug)
    context = {"summary": summarize(petition, languages.current()), "resend_form": ResendForm()}
    return render(request, "petitions/thanks.html", context)


@require_GET
def petition_count(request, slug):
    """The live numbers, tiny and cacheable for a second or two by any proxy."""
    petition = Petition.objects.public().filter(slug=slug).only("pk", "goal").first()
    if petition is None:
        raise Http404
    numbers = petition_numbers(petition.pk)
    goal = goal_for(numbers.total, petition.goal)
    response = JsonResponse(
        {
            "count": numbers.total,
            "goal": goal,
            "percent": min(100, numbers.total * 100 // goal),
            "text": count_sentence(numbers.total, goal),
        }
    )
    patch_cache_control(response, public=True, max_age=COUNT_MAX_AGE)
    return response

