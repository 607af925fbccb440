"""Links from emails. GET shows a page with a button; only the POST changes anything, because
mail scanners open every link they see."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_http_methods, require_POST

from awaz.core import languages
from awaz.core.public_forms import public_form
from awaz.petitions.models import Petition
from awaz.signatures.presenters import summarize
from awaz.signatures.forms import ResendForm
from awaz.signatures.services import (
    LinkState,
    confirmation_link_state,
    signature_confirm,
    signature_resend,
    signature_stop_updates,
    signature_withdraw,
    unsubscribe_link_state,
    withdrawal_link_state,
)
from awaz.transparency.services import receipt_context

LINK_STATUS = {LinkState.VALID: 200, LinkState.DONE: 200, LinkState.EXPIRED: 410, LinkState.INVALID: 404}


def _link_page(request, template, state, signature, extra=None):
    context = {"state": state.value, **(extra or {})}
    if signature is not None:
        # A confirmation's own count where it read one (its statement, on PostgreSQL): the signer
        # sees their signature counted, as on the express lane's page.
        context["summary"] = summarize(signature.petition, languages.current(), getattr(signature, "numbers_counted", None))
        context["resend_form"] = ResendForm()
    return render(request, template, context, status=LINK_STATUS[state])


def confirmed_page(request, state, signature):
    """The answer to a link that worked, now (VALID) or before (DONE). The express lane
    (awaz.signatures.express) answers with the same page, prepared once and filled in
    (awaz.signatures.confirmed_page)."""
    return _link_page(request, "signatures/confirmed.html", state, signature, receipt_context(signature))


def withdrawn_page(request):
    return _link_page(request, "signatures/withdrawn.html", LinkState.VALID, None)


@public_form
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    if request.method == "POST":
        state, signature = signature_confirm(token=token)
        if state in {LinkState.VALID, LinkState.DONE}:
            return confirmed_page(request, state, signature)
        return _link_page(request, "signatures/link_problem.html", state, signature, receipt_context(signature))
    state, signature = confirmation_link_state(token)
    if state is LinkState.DONE:
        return confirmed_page(request, state, signature)
    template = "signatures/confirm.html" if state is LinkState.VALID else "signatures/link_problem.html"
    return _link_page(request, template, state, signature)


@public_form
@require_http_methods(["GET", "POST"])
def withdraw(request, token):
    if request.method == "POST":
        state = signature_withdraw(token=token)
        if state is LinkState.VALID:
            return withdrawn_page(request)
        return _link_page(request, "signatures/link_problem.html", state, None)
    state, signature = withdrawal_link_state(token)
    template = "signatures/withdraw.html" if state is LinkState.VALID else "signatures/link_problem.html"
    return _link_page(request, template, state, signature)


@public_form
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop update emails. Mail providers' one-click unsubscribe (RFC 8058) POSTs here too."""
    if request.method == "POST":
        state = signature_stop_updates(token=token)
        template = "signatures/updates_stopped.html" if state is LinkState.VALID else "signatures/link_problem.html"
        return _link_page(request, template, state, None)
    state, signature = unsubscribe_link_state(token)
    if state is LinkState.INVALID:
        return _link_page(request, "signatures/link_problem.html", state, None)
    template = "signatures/stop_updates.html" if state is LinkState.VALID else "signatures/updates_stopped.html"
    return _link_page(request, template, state, signature)


@public_form
@require_POST
def resend(request, slug):
    petition = get_object_or_404(Petition.objects.public().prefetch_related("translations"), slug=slug)
    form = ResendForm(request.POST)
    summary = summarize(petition, languages.current())
    if not form.is_valid():
        return render(request, "petitions/thanks.html", {"summary": summary, "resend_form": form}, status=400)
    signature_resend(petition=petition, email=form.cleaned_data["email"], language=languages.current())
    return render(request, "petitions/thanks.html", {"summary": summary, "resend_form": ResendForm(), "resent": True})
