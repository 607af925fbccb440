"""Every write to a signature row is a named function in awaz/signatures/services.py; the admin
cannot delete one behind the tally's, the log's and the audit's back."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

import awaz
from awaz.signatures.models import Signature
from tests.factories import make_signature

ROOT = Path(awaz.__file__).parent
# The services, and the three modules only they call: the one INSERT statement, the one
# statement of a working confirmation link on PostgreSQL and the private modes' rewrite of a row
# once its email is out.
WRITERS = {"signatures/services.py", "signatures/inserts.py", "signatures/confirmations.py", "signatures/sealing.py"}
MUTATING = {"update", "delete", "create", "bulk_create", "bulk_update", "get_or_create", "update_or_create", "save"}


def _rooted_in_signature(node) -> bool:
    """Whether an expression is a chain that starts at the Signature model (Signature.objects...)."""
    while True:
        if isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Attribute):
            node = node.value
        elif isinstance(node, ast.Name):
            return node.id == "Signature"
        else:
            return False


def signature_writes_outside_services() -> list[str]:
    found = []
    for path in ROOT.rglob("*.py"):
        module = str(path.relative_to(ROOT))
        if module in WRITERS or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=module)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATING
                    and _rooted_in_signature(node.func.value)):
                found.append(f"{module}:{node.lineno}")
    return found


def test_it_writes_signatures_only_in_the_services():
    assert signature_writes_outside_services() == []


def test_the_check_finds_a_write_where_it_is(tmp_path):
    # The same reading, on a module that writes: the check above can fail.
    tree = ast.parse("Signature.objects.filter(pk=1).update(name=None)\n")
    call = tree.body[0].value
    assert call.func.attr in MUTATING and _rooted_in_signature(call.func.value)


@pytest.mark.django_db
def test_the_admin_cannot_delete_a_signature(admin_client, petition):
    signature = make_signature(petition)

    page = admin_client.get(reverse("admin:signatures_signature_delete", args=[signature.pk]))
    listing = admin_client.get(reverse("admin:signatures_signature_changelist"))
    bulk = admin_client.post(
        reverse("admin:signatures_signature_changelist"),
        {"action": "delete_selected", "_selected_action": [signature.pk], "post": "yes"},
    )

    assert page.status_code == 403
    assert 'value="delete_selected"' not in listing.content.decode()
    assert bulk.status_code in (200, 302)
    assert Signature.objects.filter(pk=signature.pk).exists()
