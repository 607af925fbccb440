"""The "available in" list: each language's name in its own script and direction."""

import re

from tests.factories import make_petition


def test_each_language_name_is_isolated_in_its_own_direction(client, db):
    text = {"title": "T", "summary": "", "body": "B", "addressees": ""}
    petition = make_petition(translations={"en": text, "ar": text, "ug": text, "ug-latn": text})
    page = client.get(f"/ar/petitions/{petition.slug}/").content.decode()
    notice = page.split('class="language-list"', 1)[1].split("</ul>", 1)[0]
    links = re.findall(r'<a [^>]*lang="([^"]+)" dir="(ltr|rtl)">', notice)
    assert links == [("en", "ltr"), ("ar", "rtl"), ("ug", "rtl"), ("ug-Latn", "ltr")]
