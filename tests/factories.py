"""Readable test data. Every factory takes keyword overrides."""

from itertools import count

from awaz.petitions.models import Organization, Petition, PetitionTranslation

_sequence = count(1)


def make_organization(**overrides) -> Organization:
    n = next(_sequence)
    fields = {"name": f"Test Organization {n}", "slug": f"test-org-{n}", "website": "https://example.org"}
    fields.update(overrides)
    return Organization.objects.create(**fields)


def make_petition(*, translations: dict | None = None, **overrides) -> Petition:
    n = next(_sequence)
    fields = {
        "slug": f"test-petition-{n}",
        "status": Petition.Status.OPEN,
        "original_language": "en",
    }
    fields.update(overrides)
    if "organization" not in fields:
        fields["organization"] = make_organization()
    petition = Petition.objects.create(**fields)
    translations = translations or {
        "en": {"title": f"Protect the data of a whole people {n}", "summary": "Stop it now.", "body": "Read **this**.",
               "addressees": "The United Nations\nGovernments of the free world"},
    }
    for language, text in translations.items():
        PetitionTranslation.objects.create(petition=petition, language=language, **text)
    return petition


def sign_form_data(petition, **overrides) -> dict:
    """What a visitor's browser posts from the petition page, with a valid form token."""
    from awaz.core.public_forms import issue_form_token
    from awaz.signatures.forms import sign_form_scope

    data = {
        "name": "Amina Tursun",
        "email": "amina@example.org",
        "country": "DE",
        "comment": "",
        "form_token": issue_form_token(sign_form_scope(petition.pk)),
    }
    data.update(overrides)
    return data


def link_from_email(message, kind: str) -> str:
    """The path of the /confirm/ or /withdraw/ link in an email's text part."""
    import re

    match = re.search(rf"https?://[^/\s]+(/[a-z-]+/{kind}/[A-Za-z0-9_-]+/)", message.body)
    assert match, f"no {kind} link in: {message.body}"
    return match.group(1)


def make_pending_signature(petition, *, email: str, country: str = "DE", name: str = "Test Signer", **overrides):
    """A signature waiting for confirmation, and the confirmation token its email would carry."""
    from django.utils import timezone

    from awaz.signatures.models import Signature
    from awaz.signatures.services import email_index_for
    from awaz.signatures.tokens import new_token

    token, token_hash = new_token()
    fields = dict(
        petition=petition, email_index=email_index_for(email), name=name, email=email, country=country,
        language="en", confirm_token_hash=token_hash, token_sent_at=timezone.now(),
    )
    fields.update(overrides)
    return Signature.objects.create(**fields), token


_signers = count(1)


def make_signature(petition, *, email: str | None = None, domain: str = "example.org", name: str = "Test Signer",
                   country: str = "DE", language: str = "en", network: str = "", wants_updates: bool = False,
                   comment: str = "", organization_contact: bool = False, created_at=None, confirmed: bool = True):
    """A signature made the way signers make them: submitted through the signing services, then
    (unless `confirmed=False`) confirmed through its link's token."""
    from awaz.signatures.models import Signature
    from awaz.signatures.services import SignerDetails, signature_submit

    email = email or f"signer{next(_signers)}@{domain}"
    details = SignerDetails(name=name, email=email, country=country, wants_updates=wants_updates, comment=comment,
                            organization_contact=organization_contact)
    signature_submit(petition=petition, details=details, language=language, network_tag=network)
    # With its personal fields, which tests read (the application reads them only through
    # awaz.signatures.personal_data).
    signature = Signature.objects.with_personal_data().filter(petition=petition).latest("pk")
    if created_at is not None:
        Signature.objects.filter(pk=signature.pk).update(created_at=created_at)
    if confirmed:
        confirm_signature(signature)
    signature.refresh_from_db()
    return signature


def confirm_signature(signature) -> None:
    """Confirm as the signer would, with a fresh token in place of the one the email carried."""
    from django.utils import timezone

    from awaz.signatures.models import Signature
    from awaz.signatures.services import signature_confirm
    from awaz.signatures.tokens import new_token

    token, token_hash = new_token()
    Signature.objects.filter(pk=signature.pk).update(confirm_token_hash=token_hash, token_sent_at=timezone.now())
    signature_confirm(token=token)


def staff_user(*perms, username="campaigner"):
    """A staff member with exactly these permissions ("app_label.codename")."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user(username, f"{username}@awaz.test", "a long password 123", is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return user


def make_tag(**overrides):
    from awaz.news.models import Tag

    n = next(_sequence)
    fields = {"name": f"Tag {n}", "slug": f"tag-{n}"}
    fields.update(overrides)
    return Tag.objects.create(**fields)


def make_post(*, translations: dict | None = None, tags=(), **overrides):
    """A published news post (publish_at an hour ago unless given), English unless told."""
    from datetime import timedelta

    from django.utils import timezone

    from awaz.news.models import Post, PostTranslation

    n = next(_sequence)
    fields = {
        "slug": f"test-post-{n}",
        "status": Post.Status.PUBLISHED,
        "publish_at": timezone.now() - timedelta(hours=1),
        "original_language": "en",
    }
    fields.update(overrides)
    if "organization" not in fields:
        fields["organization"] = make_organization()
    post = Post.objects.create(**fields)
    translations = translations or {"en": {"title": f"News post {n}", "place": "Geneva", "body": f"Body of post {n}."}}
    for language, text in translations.items():
        PostTranslation.objects.create(post=post, language=language, **text)
    post.tags.set(tags)
    return post


def make_member(organization=None, *, role: str = "owner", email: str | None = None):
    """A studio user who belongs to `organization` (a new one unless given) with `role`."""
    from django.contrib.auth import get_user_model

    from awaz.studio.models import Membership

    n = next(_sequence)
    organization = organization or make_organization()
    email = email or f"member{n}@example.org"
    user = get_user_model().objects.create_user(username=email, email=email, password="correct horse battery staple")
    return Membership.objects.create(organization=organization, user=user, role=role)


def make_target(petition, *, translations: dict | None = None, **overrides):
    """A target of `petition`; English name, role and organization unless told."""
    from awaz.outcomes.models import Target, TargetTranslation

    n = next(_sequence)
    fields = {"petition": petition, "original_language": "en", "email": f"target{n}@parliament.example"}
    fields.update(overrides)
    target = Target.objects.create(**fields)
    translations = translations or {"en": {"name": f"Minister {n}", "role": "Minister of Foreign Affairs",
                                           "organization": "The Government"}}
    for language, text in translations.items():
        TargetTranslation.objects.create(target=target, language=language, **text)
    return target


def make_threshold(petition, count: int, **overrides):
    from awaz.outcomes.models import Threshold

    return Threshold.objects.create(petition=petition, count=count, **overrides)


def make_response(petition, *, target=None, translations: dict | None = None, **overrides):
    """An unpublished response of `target`; English text unless told."""
    from django.utils import timezone

    from awaz.outcomes.models import Response, ResponseTranslation

    fields = {"petition": petition, "target": target, "responded_on": timezone.localdate(), "original_language": "en"}
    fields.update(overrides)
    response = Response.objects.create(**fields)
    for language, text in ({"en": "We will raise the matter at the Council."} if translations is None else translations).items():
        ResponseTranslation.objects.create(response=response, language=language, text=text)
    return response


def make_outcome(petition, *, kind="won", translations: dict | None = None, **overrides):
    from awaz.outcomes.models import Outcome, OutcomeTranslation

    outcome = Outcome.objects.create(petition=petition, kind=kind, **overrides)
    for language, text in ({"en": "The law was withdrawn."} if translations is None else translations).items():
        OutcomeTranslation.objects.create(outcome=outcome, language=language, statement=text)
    return outcome
