"""The rate limits and the proof-of-work switch, as one signing request meets them.

Both ways in to signing (the petition view and the express lane) call `signing_allowed`, so a
signature is counted against the same limits whichever way it came.
"""

from awaz.core import proof_of_work, ratelimit


def signing_allowed(*, petition_id: int, network: str, domain: str, solved: bool) -> ratelimit.Outcome:
    """Count a valid signature against the rate limits and keep the proof-of-work switch.

    One cache round trip in the usual case: the counters and the switch travel together.
    """
    checks = ratelimit.signing_checks(petition_id=petition_id, network=network, domain=domain)
    switch = proof_of_work.switch_key(petition_id)
    outcome = ratelimit.consume(checks, reads=[switch])
    if not outcome.allowed:
        return outcome
    flag = outcome.extra[switch]
    if not solved and proof_of_work.is_required(petition_id, flag, read=False):
        # No proof of work while one is asked for: no JavaScript, or a script. Still welcome,
        # within a much smaller allowance per network; the email confirmation is the gate.
        strict = ratelimit.consume(ratelimit.unsolved_check(petition_id=petition_id, network=network))
        if not strict.allowed:
            ratelimit.give_back(checks)
            return strict
    proof_of_work.switch_update(
        petition_id=petition_id, flag=flag,
        recent=outcome.counts["petition-recent"], baseline=outcome.counts["petition-baseline"],
    )
    return outcome
