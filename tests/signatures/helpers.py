from django.core import mail

from tests.factories import link_from_email, sign_form_data


def sign(client, petition, capture, language="en", **fields):
    """Submit the sign form as a visitor would and let the transaction commit (so the email goes)."""
    with capture(execute=True):
        response = client.post(f"/{language}/petitions/{petition.slug}/sign/", sign_form_data(petition, **fields))
    return response


def sign_and_confirm(client, petition, capture, **fields):
    before = len(mail.outbox)
    sign(client, petition, capture, **fields)
    assert len(mail.outbox) == before + 1
    confirm_path = link_from_email(mail.outbox[-1], "confirm")
    with capture(execute=True):
        response = client.post(confirm_path)
    assert response.status_code == 200
    return mail.outbox[-1]
