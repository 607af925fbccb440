"""One boundary around personal data: a signature loads without its name, email and comment,
reading them then raises, and only awaz/signatures/personal_data.py loads them, each time for
a stated purpose. Read from the source and held at run time."""

import ast
from pathlib import Path

import pytest

import awaz
from awaz.signatures import personal_data
from awaz.signatures.models import PERSONAL_FIELDS, PersonalDataNotLoaded, Signature
from awaz.signatures.personal_data import Purpose
from tests.factories import make_signature

ROOT = Path(awaz.__file__).parent
BOUNDARY = "signatures/personal_data.py"
# Calls that would load a personal field by naming it.
LOADING = {"only", "values", "values_list", "defer", "refresh_from_db"}
# Modules that know signatures and query other models by a field "name" or "email" (checked by
# hand): the team's user accounts' addresses.
OTHER_MODELS = {"outcomes/emails.py"}
# Re-encryption and re-indexing under new keys decrypt every ciphertext, to write it again; a
# sealed export is opened offline with the organization's private key (`awaz unseal`).
DECRYPTING = {"core/crypto.py", "signatures/management/commands/rotate_keys.py", "core/sealing.py"}


def _modules():
    for path in ROOT.rglob("*.py"):
        if "migrations" not in path.parts:
            module = str(path.relative_to(ROOT))
            yield module, ast.parse(path.read_text(), filename=module)


def _calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            yield name, node


def _names_a_personal_field(call: ast.Call) -> bool:
    literals = [*call.args, *(keyword.value for keyword in call.keywords)]
    strings = set()
    for node in literals:
        for inner in ast.walk(node):
            if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
                strings.add(inner.value)
    return bool(strings & set(PERSONAL_FIELDS))


def test_only_the_boundary_asks_for_personal_data():
    found = [f"{module}:{call.lineno}" for module, tree in _modules() for name, call in _calls(tree)
             if name == "with_personal_data" and module != BOUNDARY]
    assert found == []


def _knows_signatures(tree) -> bool:
    """Whether a module imports from the signatures app (only such a module queries signatures)."""
    return any(isinstance(node, ast.ImportFrom) and (node.module or "").startswith("awaz.signatures")
               for node in ast.walk(tree))


def test_nothing_else_loads_a_personal_field_by_name():
    found = [f"{module}:{call.lineno} {name}" for module, tree in _modules()
             if module not in OTHER_MODELS and module != BOUNDARY and _knows_signatures(tree)
             for name, call in _calls(tree) if name in LOADING and _names_a_personal_field(call)]
    assert found == []


def test_only_the_crypto_layer_and_key_rotation_decrypt():
    found = [f"{module}:{call.lineno}" for module, tree in _modules() if module not in DECRYPTING
             for name, call in _calls(tree) if name == "decrypt"]
    assert found == []


def test_the_source_check_can_fail():
    call = ast.parse('Signature.objects.only("country", "email")').body[0].value
    assert _names_a_personal_field(call)


@pytest.mark.django_db
def test_a_signature_loads_without_its_personal_data(petition):
    make_signature(petition, email="amina@example.org", name="Amina Tursun")
    signature = Signature.objects.get()

    assert signature.country == "DE"
    for field in PERSONAL_FIELDS:
        with pytest.raises(PersonalDataNotLoaded):
            getattr(signature, field)


@pytest.mark.django_db
def test_the_boundary_loads_what_its_purpose_asks_for(petition):
    make_signature(petition, email="amina@example.org", name="Amina Tursun")

    named = personal_data.load(Signature.objects.all(), Purpose.PUBLIC_PAGE, "name").get()
    everything = personal_data.load(Signature.objects.all(), Purpose.EMAIL).get()

    assert named.name == "Amina Tursun"
    with pytest.raises(PersonalDataNotLoaded):
        named.email  # noqa: B018 - not asked for, not decrypted
    assert (everything.name, everything.email) == ("Amina Tursun", "amina@example.org")


@pytest.mark.django_db
def test_the_boundary_wants_a_reason(petition):
    with pytest.raises(TypeError):
        personal_data.load(Signature.objects.all(), "curiosity")
