import pytest

from awaz.studio.slugs import slug_from_title, unique_slug


@pytest.mark.parametrize("title, slug", [
    ("Stop DNA collection", "stop-dna-collection"),
    ("Libérez Ilham Tohti !", "liberez-ilham-tohti"),
    ("Освободите Ильхама Тохти", "osvobodite-ilkhama-tokhti"),
    ("ئىلھام توختىنى قويۇپ بېرىڭ", "ilham-toxtini-qoyup-bering"),
    ("Kızları özgür bırakın", "kizlari-ozgur-birakin"),
    ("伊力哈木·土赫提", "petition"),
])
def test_it_makes_an_address_from_a_title_in_any_script(title, slug):
    assert slug_from_title(title) == slug


def test_it_numbers_an_address_that_is_taken():
    taken = {"stop-dna-collection", "stop-dna-collection-2"}
    assert unique_slug("Stop DNA collection", taken.__contains__) == "stop-dna-collection-3"


def test_a_title_without_latin_spelling_gets_a_numbered_address():
    assert unique_slug("请愿", set().__contains__) == "petition-2"
