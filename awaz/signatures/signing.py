"""Signing: the one sequence every signature goes through, whichever way it came in.

The petition view (`front.petitions.petition_sign`) and the WSGI express lane
(`signatures.express`) both call `signature_sign` and act on what it returns:

- `Stored`: answer with the thanks page (a filled honeypot gets this answer too, so a bot
  learns nothing; nothing is stored for it);
- `Refused(reason)`: a cross-site post, a petition that takes no signatures, or a rate limit
  (with its outcome, for the 429 page's wait and reason);
- `NeedsExplaining(form)`: the form with its errors, to show again (the lane asks without
  `explain`, gets no form and hands the request to Django, which asks again and renders it).

The steps, in order: where the post comes from, the petition's state, the honeypot, the form's
rules (awaz.signatures.forms: one validator, which the form is built on), the proof of work,
the rate limits with the proof-of-work switch, the moderators' defence rules (awaz.defences:
a signature they hold is stored and answered like any other, and never counted), the insert.
Whatever a refusal or a failure had consumed by then (the rate limits' and the defence rules'
counters, a proof-of-work solution) is given back before it returns or raises, so no signer is
refused for an earlier attempt that the server failed to store.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from awaz.core import ratelimit, switches
from awaz.core.email_address import email_domain
from awaz.core.network import network_rate_key_and_tag
from awaz.core.public_forms import is_cross_site
from awaz.defences.screen import signature_screen
from awaz.petitions.models import Petition
from awaz.signatures import limits, proof_of_work
from awaz.signatures.forms import SignatureForm, sign_form_scope, signer_details_check
from awaz.signatures.services import signature_submit

CROSS_SITE = "cross-site"
CLOSED = "closed"
RATE_LIMITED = "rate-limited"
PAUSED = "paused"  # an operator paused signing (awaz.core.switches)

PROOF_OF_WORK_FAILED = _("The automatic check against fake signatures did not succeed. Please send the form again.")


@dataclass(frozen=True)
class Stored:
    pass


@dataclass(frozen=True)
class Refused:
    reason: str  # CROSS_SITE, CLOSED, PAUSED or RATE_LIMITED
    limit: ratelimit.Outcome | None = None  # for RATE_LIMITED: which limit, and how long to wait
    pause: switches.Pause | None = None  # for PAUSED: why, and until when


@dataclass(frozen=True)
class NeedsExplaining:
    form: SignatureForm | None  # None when the caller did not ask for the explanation


Result = Stored | Refused | NeedsExplaining


def signature_sign(*, request: HttpRequest, petition: Petition, language: str, explain: bool = True) -> Result:
    """Take one POST of the sign form through every step; see the module's docstring."""
    if is_cross_site(request):
        return Refused(CROSS_SITE)
    if not petition.is_accepting_signatures():
        return Refused(CLOSED)
    pause = switches.signing_pause(petition.pk)
    if pause is not None:
        return Refused(PAUSED, pause=pause)
    data = request.POST
    if data.get("website"):
        # A field people never see: answer a bot exactly like a person, and store nothing.
        return Stored()
    scope = sign_form_scope(petition.pk)
    checked = signer_details_check(data, petition_scope=scope)
    if checked.details is None:
        return NeedsExplaining(_explained(data, scope, language) if explain else None)
    details = checked.details
    solution = (data.get("altcha") or "").strip()
    if solution and not proof_of_work.solution_verify(payload=solution, petition_id=petition.pk):
        form = _explained(data, scope, language, error=PROOF_OF_WORK_FAILED) if explain else None
        return NeedsExplaining(form)
    # A tag, as stored for the fraud desk: no counter narrows a signer's network below 1,024 /24s.
    network, tag = network_rate_key_and_tag(request)
    domain = email_domain(details.email)
    admission = verdict = None
    try:
        admission = signing_admit(petition_id=petition.pk, network=network, domain=domain,
                                  solved=bool(solution))
        if not admission.outcome.allowed:
            if solution:
                proof_of_work.solution_release(payload=solution)
            return Refused(RATE_LIMITED, admission.outcome)
        # The moderators' rules (awaz.defences): held for review silently, or refused.
        verdict = signature_screen(request=request, petition=petition, email=details.email,
                                   domain=domain, country=details.country, network=network, tag=tag)
        if verdict.refused:
            admission.give_back()
            if solution:
                proof_of_work.solution_release(payload=solution)
            return Refused(RATE_LIMITED, ratelimit.Outcome(allowed=False, retry_after=verdict.retry_after))
        signature_submit(petition=petition, details=details, language=language, network_tag=tag,
                         held_rule_id=verdict.rule_id if verdict.held else None)
    except BaseException:
        # The server failed, not the signer: what this attempt counted must not refuse the next.
        if admission is not None:
            admission.give_back()
        if verdict is not None:
            verdict.give_back()  # the defence rules' counters (a refusal gave its own back)
        if solution:
            proof_of_work.solution_release(payload=solution)
        raise
    return Stored()


def _explained(data, scope: str, language: str, *, error=None) -> SignatureForm:
    form = SignatureForm(data, petition_scope=scope, language=language)
    form.is_valid()
    if error is not None:
        form.add_error(None, error)
    return form


@dataclass
class Admission:
    """What the rate limits said, and how to undo what they counted."""

    outcome: ratelimit.Outcome
    # Each group of counters with the clock it was counted at (a refusal gave its own back).
    counted: list[tuple[list[tuple[ratelimit.Rule, str]], float]]

    def give_back(self) -> None:
        for checks, at in self.counted:
            ratelimit.give_back(checks, at=at)


def signing_admit(*, petition_id: int, network: str, domain: str, solved: bool) -> Admission:
    """Count a valid signature against the rate limits and keep the proof-of-work switch.

    One cache round trip in the usual case: the counters and the switch travel together.
    """
    checks = limits.signing_checks(petition_id=petition_id, network=network, domain=domain)
    switch = proof_of_work.switch_key(petition_id)
    outcome = ratelimit.consume(checks, reads=[switch])
    if not outcome.allowed:
        return Admission(outcome, [])
    flag = outcome.extra[switch]
    counted = [(checks, outcome.at)]
    if not solved and proof_of_work.is_required(petition_id, flag, read=False):
        # No proof of work while one is asked for: no JavaScript, or a script. Still welcome,
        # within a much smaller allowance per network; the email confirmation is the gate.
        unsolved = limits.unsolved_check(petition_id=petition_id, network=network)
        strict = ratelimit.consume(unsolved)
        if not strict.allowed:
            ratelimit.give_back(checks, at=outcome.at)
            return Admission(strict, [])
        counted.append((unsolved, strict.at))
    proof_of_work.switch_update(
        petition_id=petition_id, flag=flag,
        recent=outcome.counts["petition-recent"], baseline=outcome.counts["petition-baseline"],
    )
    return Admission(outcome, counted)
