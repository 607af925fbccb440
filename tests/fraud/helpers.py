"""Signatures made the way signers make them (submit, then confirm through the link's token)."""

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from awaz.signatures.models import Signature
from awaz.signatures.services import SignerDetails, signature_confirm, signature_submit
from awaz.signatures.tokens import new_token

_numbers = count(1)


def add_signature(petition, *, email=None, domain="example.org", country="DE", network="", created_at=None,
                  confirmed=True, name="Test Signer"):
    email = email or f"signer{next(_numbers)}@{domain}"
    signature_submit(
        petition=petition, details=SignerDetails(name=name, email=email, country=country), language="en", network_tag=network
    )
    signature = Signature.objects.filter(petition=petition).latest("pk")
    if created_at is not None:
        Signature.objects.filter(pk=signature.pk).update(created_at=created_at)
    if confirmed:
        confirm(signature)
    signature.refresh_from_db()
    return signature


def confirm(signature) -> None:
    token, token_hash = new_token()
    Signature.objects.filter(pk=signature.pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
    signature_confirm(token=token)


def staff_user(*perms, username="campaigner"):
    user = get_user_model().objects.create_user(username, f"{username}@awaz.test", "a long password 123", is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user
