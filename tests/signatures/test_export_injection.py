"""Issue #10 item 9: no cell of an export starts a spreadsheet formula, the email included."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from awaz.core.spreadsheet import csv_lines, safe_cell
from awaz.signatures.models import Signature
from tests.factories import make_pending_signature

FORMULAS = ["=1+2@example.org", "+SUM@example.org", "-2+3@example.org", "@SUM@example.org"]


def _rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize("email", FORMULAS)
def test_it_neutralises_formulas_in_the_email_column(admin_client, petition, email):
    signature, _ = make_pending_signature(petition, email=email, name="Plain Name", wants_updates=True)
    Signature.objects.filter(pk=signature.pk).update(confirmed_at=timezone.now())
    rows = _rows(admin_client.get(reverse("admin:petitions_petition_export", args=[petition.pk])))
    assert rows[1][-1] == "'" + email
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_it_neutralises_every_cell_of_every_row():
    lines = list(csv_lines(["=header"], [["=a", "+b", "-c", "@d", "\te", "\rf", "plain", None, 3]]))
    rows = list(csv.reader(io.StringIO("".join(lines).lstrip("\ufeff"))))
    assert rows[0] == ["'=header"]
    assert rows[1] == ["'=a", "'+b", "'-c", "'@d", "'\te", "'\rf", "plain", "", "3"]


def test_it_leaves_ordinary_cells_alone():
    assert safe_cell("amina@example.org") == "amina@example.org"
    assert safe_cell("Amina-Tursun") == "Amina-Tursun"
