"""The petition's public pages: the page with its sign form, signing, the thanks page, the
widget, the share card, posters, the live count, the public data and the log's verify page."""

import io

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from awaz.core import languages, ratelimit
from awaz.core.links import absolute_url
from awaz.core.milestones import goal_for
from awaz.core.page_cache import anonymous_page
from awaz.core.public_forms import issue_form_token
from awaz.fraud.counts import removed_numbers
from awaz.fraud.models import InvalidationReason
from awaz.front import cards, posters
from awaz.front.cards import card_for, card_png
from awaz.outcomes.timeline import timeline_data
from awaz.petitions import embed
from awaz.petitions.access import get_petition_for_reader, get_public_petition
from awaz.petitions.models import Petition
from awaz.signatures import limits, proof_of_work, signing
from awaz.signatures.counts import petition_numbers
from awaz.signatures.forms import ResendForm, SignatureForm, sign_form_scope
from awaz.signatures.presenters import count_sentence, public_comments, recent_public_signers, summarize
from awaz.signatures.signing import NeedsExplaining, Stored, signature_sign
from awaz.transparency.models import LogState
from awaz.transparency.services import WITHDRAWN, fraud_reason, log_links

# Anonymous visitors all see the same page, so a proxy or CDN may keep it briefly (s-maxage);
# browsers revalidate every time, so a signer coming back after confirming sees the new count.
PAGE_SHARED_MAX_AGE = 10
PAGE_STALE_SECONDS = 60
COUNT_MAX_AGE = 2


def _form_scope(petition: Petition) -> str:
    return sign_form_scope(petition.pk)


def _cacheable(response: HttpResponse, request) -> HttpResponse:
    if request.user.is_authenticated:
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(
            response, public=True, max_age=0, s_maxage=PAGE_SHARED_MAX_AGE, stale_while_revalidate=PAGE_STALE_SECONDS
        )
    return response


def _render_petition(request, petition: Petition, form: SignatureForm | None = None, status: int = 200):
    language = languages.current()
    form = form or SignatureForm(
        initial={"form_token": issue_form_token(_form_scope(petition))},
        petition_scope=_form_scope(petition),
        language=language,
    )
    summary = summarize(petition, language)
    card = card_for(summary, language)
    context = {
        "summary": summary,
        "card": card,
        "card_url": absolute_url(reverse("petitions:card", kwargs={"slug": petition.slug})) + f"?v={card.digest}",
        "card_size": (cards.WIDTH, cards.HEIGHT),
        "is_preview": petition.status == Petition.Status.DRAFT,
        "recent_signers": [] if summary.switches.hide_recent else recent_public_signers(petition.pk, language),
        "comments": [] if summary.switches.hide_recent else public_comments(petition.pk, language),
        "removed": removed_numbers(petition.pk),
        "form": form,
        "share_url": absolute_url(petition.get_absolute_url()),
    }
    if status != 200 and embed.is_framed(request) and petition.embed_origins:
        # A signature sent from the widget came back with errors: answer inside the frame.
        context["petition_url"] = context["share_url"]
        response = render(request, "petitions/embed.html", context, status=status)
        return embed.allow_framing(response, embed.parse_origins(petition.embed_origins))
    response = render(request, "petitions/detail.html", context, status=status)
    return _cacheable(response, request) if status == 200 else response


@require_safe
def petition_embed(request, slug):
    """The widget: count and sign form, framed only by the sites the petition lists."""
    petition = get_public_petition(slug)
    language = languages.current()
    context = {
        "summary": summarize(petition, language),
        "form": SignatureForm(
            initial={"form_token": issue_form_token(_form_scope(petition))},
            petition_scope=_form_scope(petition),
            language=language,
        ),
        "petition_url": absolute_url(petition.get_absolute_url()),
    }
    response = render(request, "petitions/embed.html", context)
    patch_cache_control(response, private=True, no_store=True)  # each visitor's own form token
    return embed.allow_framing(response, embed.parse_origins(petition.embed_origins))


def render_preview(request, petition: Petition) -> HttpResponse:
    """The petition's public page for its organization's studio (drafts too), never cached."""
    return _render_petition(request, petition)


@require_safe
def petition_list(request):
    language = languages.current()
    petitions = Petition.objects.public().prefetch_related("translations").order_by("-featured", "status", "-created_at")
    summaries = [summarize(p, language) for p in petitions]
    return _cacheable(render(request, "petitions/list.html", {"summaries": summaries}), request)


@require_safe
def petition_detail(request, slug):
    return anonymous_page(request, lambda: _render_petition(request, get_petition_for_reader(request, slug)))


def _rate_limited(request, petition: Petition, outcome: ratelimit.Outcome):
    """429 with Retry-After, in the visitor's language; nothing was stored."""
    wait = outcome.retry_after
    context = {
        "petition": petition,
        "reason": limits.REASONS.get(outcome.refused_by, ""),
        "seconds": wait,
        "minutes": max(1, -(-wait // 60)),
    }
    response = _refusal(request, petition, "errors/rate_limited.html", context, status=429)
    response["Retry-After"] = str(wait)
    response["Cache-Control"] = "no-store"
    return response


def _refusal(request, petition: Petition, template: str, context: dict, *, status: int) -> HttpResponse:
    """A signature refused (rate limited, paused, closed), answered inside the widget's frame
    when it was sent from there: in the widget's page, framable by the petition's sites, its
    "back" link to the widget (the petition's own page may not be framed)."""
    framed = embed.is_framed(request) and petition.embed_origins
    if framed:
        context = {**context, "base_template": "embed_base.html",
                   "petition_url": absolute_url(petition.get_absolute_url()),
                   "back_url": reverse("petitions:embed", kwargs={"slug": petition.slug})}
    response = render(request, template, context, status=status)
    if framed:
        response = embed.allow_framing(response, embed.parse_origins(petition.embed_origins))
    patch_vary_headers(response, ["Sec-Fetch-Dest"])
    return response


def _paused(request, petition: Petition, pause) -> HttpResponse:
    """503 with Retry-After: an operator paused signing (awaz.core.switches); nothing was stored."""
    response = _refusal(request, petition, "petitions/paused.html", {"petition": petition, "pause": pause}, status=503)
    response["Retry-After"] = str(pause.retry_after())
    response["Cache-Control"] = "no-store"
    return response


def _form_again(request, petition: Petition, form: SignatureForm):
    form.data = form.data.copy()
    form.data["form_token"] = issue_form_token(_form_scope(petition))
    return _render_petition(request, petition, form=form, status=400)


@csrf_exempt  # protected as every public form is, by where the post comes from (awaz.core.public_forms)
@require_http_methods(["GET", "POST"])
def petition_sign(request, slug):
    # No translations or organization here: a valid signature needs neither, and the rare page
    # re-rendered with form errors loads them lazily.
    petition = get_object_or_404(Petition.objects.public(), slug=slug)
    if request.method == "GET":
        return redirect(petition)
    result = signature_sign(request=request, petition=petition, language=languages.current())
    if isinstance(result, Stored):
        return redirect("petitions:thanks", slug=petition.slug)
    if isinstance(result, NeedsExplaining):
        return _form_again(request, petition, result.form)
    if result.reason == signing.CROSS_SITE:
        return render(request, "errors/cross_site.html", status=403)
    if result.reason == signing.CLOSED:
        return _refusal(request, petition, "petitions/closed.html", {"petition": petition}, status=409)
    if result.reason == signing.PAUSED:
        return _paused(request, petition, result.pause)
    return _rate_limited(request, petition, result.limit)


@require_safe
def petition_challenge(request, slug):
    """Whether signing asks for a proof of work right now, and if so (or if `?issue=1`, as the
    widget asks) a challenge for this one visitor.

    Never cached: each visitor needs their own challenge (the petition page itself is cached).
    The probe that every signer's browser sends costs no work while the switch is off.
    """
    petition = Petition.objects.public().filter(slug=slug).only("pk").first()
    if petition is None:
        raise Http404
    required = proof_of_work.is_required(petition.pk)
    data = proof_of_work.challenge_create(petition_id=petition.pk) if required or request.GET.get("issue") else {}
    data["required"] = required
    response = JsonResponse(data)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def petition_thanks(request, slug):
    petition = get_public_petition(slug)
    context = {"summary": summarize(petition, languages.current()), "resend_form": ResendForm()}
    if embed.is_framed(request) and petition.embed_origins:  # a signature sent from the widget
        context["petition_url"] = absolute_url(petition.get_absolute_url())
        response = render(request, "petitions/embed_thanks.html", context)
        response = embed.allow_framing(response, embed.parse_origins(petition.embed_origins))
    else:
        response = render(request, "petitions/thanks.html", context)
    patch_vary_headers(response, ["Sec-Fetch-Dest"])
    return response


@require_safe
def petition_card(request, slug):
    """The share card (awaz.front.cards): drawn when the count crosses a display step, then
    served from its file. `?v=` in the page's link only makes networks fetch a new step."""
    petition = get_public_petition(slug)
    language = languages.current()
    data, _card = card_png(summarize(petition, language), language)
    response = HttpResponse(data, content_type="image/png")
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def petition_poster(request, slug, paper):
    """A printable poster (awaz.front.posters) of an open petition, A4 or US Letter."""
    petition = get_public_petition(slug)
    language = languages.current()
    summary = summarize(petition, language)
    if paper not in posters.PAGE_SIZES or not summary.is_open:
        raise Http404
    response = HttpResponse(posters.render(summary, language, paper), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{petition.slug}-{language}-{paper}.pdf"'
    patch_cache_control(response, public=True, max_age=300)
    return response


@require_safe
def petition_qr(request, slug):
    """The QR code of the petition's address in this language, as SVG, for campaigners' own prints."""
    import segno

    petition = get_public_petition(slug)
    svg = io.BytesIO()
    segno.make(absolute_url(petition.get_absolute_url()), error="m", micro=False).save(svg, kind="svg", scale=10, border=4)
    response = HttpResponse(svg.getvalue(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def petition_short(request, slug):
    """/p/<slug>/, the address printed on posters: to the petition in the reader's language."""
    petition = get_object_or_404(Petition.objects.public().only("slug"), slug=slug)
    return redirect(petition)


@require_safe
def petition_count(request, slug):
    """The live numbers, tiny and cacheable for a second or two by any proxy. Kept for a second
    like the page, for the page's script reloads it from every open tab."""
    return anonymous_page(request, lambda: _count_response(slug))


def _count_response(slug: str) -> JsonResponse:
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



@require_safe
def petition_data(request, slug):
    """Public data, like the UK Parliament petitions site publishes: everything the page shows
    in numbers, nothing about any signer. Countries below the group threshold stay grouped."""
    petition = get_public_petition(slug)
    summary = summarize(petition, languages.current())
    removed = removed_numbers(petition.pk)
    text = summary.text
    data = {
        "slug": petition.slug,
        "url": absolute_url(petition.get_absolute_url()),
        "title": text.title if text else petition.slug,
        "language": summary.text_language,
        "organization": petition.organization.name,
        "status": petition.status,
        "created_at": petition.created_at.isoformat(timespec="seconds"),
        "closes_at": petition.closes_at.isoformat(timespec="seconds") if petition.closes_at else None,
        "signature_count": summary.count,
        "goal": summary.goal,
        # An operator may hide the counts by country (awaz.core.switches): then they are null.
        "signatures_by_country": None if summary.switches.hide_countries else [
            {"code": code, "name": languages.country_name(code), "signature_count": n}
            for code, n in summary.numbers.by_country
        ],
        "signatures_from_other_countries": None if summary.switches.hide_countries else summary.numbers.other_countries,
        "removed_as_fraudulent": {"total": removed.total, "by_reason": dict(removed.by_reason),
                                  "reversed": removed.reversed},
        **log_links(petition),
        **timeline_data(petition, languages.current()),  # targets, timeline, outcome (awaz.outcomes)
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    patch_cache_control(response, public=True, max_age=0, s_maxage=60)
    return response


def _removal_reasons() -> dict[str, str]:
    """What the page's script shows for each reason code of a removal, in the reader's language."""
    reasons = {WITHDRAWN: _("withdrawn")}
    for code, label in InvalidationReason.choices:
        reasons[fraud_reason(code)] = _("removed as fraudulent (%(reason)s)") % {"reason": label}
    return reasons


@require_safe
def verify(request, slug):
    petition = get_object_or_404(Petition.objects.public().prefetch_related("translations"), slug=slug)
    state = LogState.objects.filter(pk=petition.pk).first()
    context = {
        "summary": summarize(petition, languages.current()),
        "state": state if state and state.checkpoint else None,
        **log_links(petition),
        "data_url": absolute_url(f"/{languages.current()}/petitions/{petition.slug}/data.json"),
        "log_path": f"/log/{petition.slug}/",
        "reasons": _removal_reasons(),
    }
    response = render(request, "transparency/verify.html", context)
    patch_cache_control(response, public=True, max_age=0, s_maxage=10)
    return response
