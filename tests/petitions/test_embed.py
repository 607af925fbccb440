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
