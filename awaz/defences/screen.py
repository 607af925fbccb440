"""The defences' one call from the signing pipeline (awaz.signatures.signing).

`signature_screen` runs after the environment's rate limits allowed a valid signature and
before it is stored: it says whether the signature is held for review, refused, or stored as
usual, and records the alerts it crossed. It costs one cache round trip and, every few seconds,
one read of the rules' version.
"""

from django.http import HttpRequest

from awaz.core.network import client_ip
from awaz.defences import alerts, rules
from awaz.defences.rules import Verdict


def signature_screen(*, request: HttpRequest, petition, email: str, domain: str, country: str, network: str,
                     tag: str) -> Verdict:
    signer = rules.signer_of(ip=client_ip(request), network=network, tag=tag, email=email, domain=domain,
                             country=country)
    verdict, counts = rules.evaluate(petition=petition, signer=signer,
                                     extra_counters=alerts.counters(petition_id=petition.pk, signer=signer))
    try:
        found = alerts.crossings(petition=petition, signer=signer, counts=counts, verdict=verdict)
        if found:
            alerts.alerts_record(petition=petition, found=found)
    except BaseException:
        verdict.give_back()  # the caller never sees this verdict, so it cannot give it back
        raise
    return verdict
