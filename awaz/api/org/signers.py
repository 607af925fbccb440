"""The one module of the organizations' API that reads signers' personal fields, and why.

An organization sees a signer only if the signer ticked "<organization> may contact me" on the
form (`Signature.organization_contact`, off by default), only once the signature is confirmed,
and only for its own petitions. The API, the webhook payloads and the CRM exports all read
through `contactable` and `person_of`, so that rule is written once:

- standard petitions: name, email, comment, country, language, decrypted here;
- sealed petitions: only the sealed blob (the server cannot read it; the organization opens it
  with its private key, `awaz unseal`); a row not sealed yet is sealed here, never sent plain;
- count-only petitions: nobody (their rows keep no details, and the choice is cleared).
"""

import base64

from django.db.models import QuerySet

from awaz.petitions.models import Petition
from awaz.signatures.models import Signature
from awaz.signatures.sealing import seal_details

FIELDS = ("pk", "petition_id", "name", "email", "comment", "country", "language", "created_at", "confirmed_at",
          "sealed", "organization_contact", "petition__organization_id", "petition__privacy_mode")


def contactable(petition: Petition) -> QuerySet:
    """The petition's confirmed signatures whose signers agreed to be contacted, oldest first."""
    rows = Signature.objects.confirmed().filter(petition=petition, organization_contact=True)
    if petition.privacy_mode == Petition.PrivacyMode.COUNT_ONLY:
        return rows.none()
    return rows.select_related("petition").only(*FIELDS).order_by("pk")


def sealed_blob(signature: Signature) -> str:
    sealed = signature.sealed if signature.sealed is not None else seal_details(signature)
    return base64.b64encode(bytes(sealed)).decode()


def person_of(signature: Signature) -> dict:
    """What the organization may know of one contactable signer, OSDI-shaped.

    Awaz asks for one name, as typed: names do not split into given and family names in
    every culture, so the whole name is `given_name` and `family_name` is empty.
    """
    if signature.petition.privacy_mode == Petition.PrivacyMode.SEALED:
        return {"awaz:sealed": sealed_blob(signature)}
    return {
        "given_name": signature.name or "",
        "family_name": "",
        "email_addresses": [{"address": signature.email or "", "primary": True}] if signature.email else [],
        "postal_addresses": [{"country": signature.country, "primary": True}],
        "languages_spoken": [signature.language] if signature.language else [],
    }


def comment_of(signature: Signature) -> str:
    if signature.petition.privacy_mode == Petition.PrivacyMode.SEALED:
        return ""  # inside the sealed blob
    return signature.comment or ""
