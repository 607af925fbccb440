"""Which sites may frame a petition's widget: exactly those it lists."""

import pytest
from django.core.exceptions import ValidationError

from awaz.petitions.embed import parse_origins, snippet, validate_origins
from awaz.petitions.models import Petition


def test_it_lists_exactly_the_petitions_origins_in_frame_ancestors(client, petition):
    Petition.objects.filter(pk=petition.pk).update(embed_origins="https://Campaign.example/\nhttps://news.example:8443")
    response = client.get(f"/en/petitions/{petition.slug}/embed/")
    assert response.status_code == 200
    assert "frame-ancestors https://campaign.example https://news.example:8443;" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response
    assert response.cookies == {} and "Set-Cookie" not in response


def test_every_other_page_stays_unframeable(client, petition):
    Petition.objects.filter(pk=petition.pk).update(embed_origins="https://campaign.example")
    for path in ("", "thanks/"):
        response = client.get(f"/en/petitions/{petition.slug}/{path}")
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_the_thanks_page_answers_inside_an_allowed_frame(client, petition):
    Petition.objects.filter(pk=petition.pk).update(embed_origins="https://campaign.example")
    response = client.get(f"/en/petitions/{petition.slug}/thanks/", HTTP_SEC_FETCH_DEST="iframe")
    assert "frame-ancestors https://campaign.example;" in response["Content-Security-Policy"]
    assert b'class="embed"' in response.content


def test_it_validates_and_normalises_origins():
    validate_origins("https://example.org\nhttp://localhost:8000\n")
    for bad in ("example.org", "http://example.org", "https://example.org/path", "javascript:alert(1)", "https://a b"):
        with pytest.raises(ValidationError):
            validate_origins(bad)
    assert parse_origins("HTTPS://Example.org/\n\n") == ["https://example.org"]


def test_the_snippet_points_at_the_embed_page(petition):
    code = snippet(petition, "fr")
    assert code.startswith('<iframe src="') and f"/fr/petitions/{petition.slug}/embed/" in code


def _sign_from_the_widget(client, petition, email: str, framed: bool = True):
    from tests.factories import sign_form_data

    headers = {"HTTP_SEC_FETCH_DEST": "iframe"} if framed else {}
    return client.post(f"/ar/petitions/{petition.slug}/sign/", sign_form_data(petition, email=email), **headers)


def test_a_rate_limited_signature_from_the_widget_is_answered_inside_the_frame(client, petition, settings):
    settings.RATE_NETWORK_PER_MINUTE = 1
    Petition.objects.filter(pk=petition.pk).update(embed_origins="https://campaign.example")
    assert _sign_from_the_widget(client, petition, "first@example.org").status_code == 302
    refused = _sign_from_the_widget(client, petition, "second@example.org")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert "frame-ancestors https://campaign.example;" in refused["Content-Security-Policy"]
    assert "X-Frame-Options" not in refused
    body = refused.content.decode()
    assert 'class="embed"' in body and 'dir="rtl"' in body  # the widget's page, in the signer's language
    assert f'href="/ar/petitions/{petition.slug}/embed/"' in body  # "back" stays in the frame
    assert "Sec-Fetch-Dest" in refused["Vary"]
    # The same refusal outside a frame is the site's own page, which no site may frame.
    plain = _sign_from_the_widget(client, petition, "third@example.org", framed=False)
    assert plain.status_code == 429
    assert "frame-ancestors 'none'" in plain["Content-Security-Policy"] and plain["X-Frame-Options"] == "DENY"
    assert 'class="embed"' not in plain.content.decode()


def test_a_closed_petition_answers_the_widget_inside_the_frame(client, petition):
    Petition.objects.filter(pk=petition.pk).update(embed_origins="https://campaign.example", status=Petition.Status.CLOSED)
    refused = _sign_from_the_widget(client, petition, "late@example.org")
    assert refused.status_code == 409
    assert "frame-ancestors https://campaign.example;" in refused["Content-Security-Policy"]
    assert 'class="embed"' in refused.content.decode()


def test_a_petition_without_sites_keeps_its_refusals_unframeable(client, petition, settings):
    settings.RATE_NETWORK_PER_MINUTE = 1
    assert _sign_from_the_widget(client, petition, "first@example.org").status_code == 302
    refused = _sign_from_the_widget(client, petition, "second@example.org")
    assert refused.status_code == 429 and refused["X-Frame-Options"] == "DENY"
