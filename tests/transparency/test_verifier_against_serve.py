"""The single-file verifier, run as a journalist would, against a live `awaz serve`."""

import subprocess
import sys
from pathlib import Path

from awaz.signatures.services import signature_erase
from awaz.transparency.models import LogEntry
from awaz.transparency.tiles import logs_append
from awaz.transparency.verifier import format_receipt, verifier_key
from tests.deploy.test_serve import server  # noqa: F401 (the fixture)
from tests.factories import make_petition
from tests.factories import make_signature

SCRIPT = Path(__file__).resolve().parents[2] / "awaz" / "transparency" / "verifier.py"


def run(*args):
    # A bare interpreter in an empty directory: the script needs nothing of Awaz.
    return subprocess.run([sys.executable, "-I", str(SCRIPT), *args], capture_output=True, text=True, timeout=60,
                          cwd="/")


def test_the_verifier_script_checks_a_live_site(server, tmp_path):  # noqa: F811
    petition = make_petition()
    signatures = [make_signature(petition) for _ in range(4)]
    signature_erase(signature=signatures[0])
    logs_append()
    receipt = LogEntry.objects.filter(signature_id=signatures[2].pk).values_list("receipt", flat=True).get()
    saved = tmp_path / "checkpoint.txt"
    data_url = f"{server}/en/petitions/{petition.slug}/data.json"

    first = run(data_url, "--checkpoint-file", str(saved), "--receipt", format_receipt(receipt))
    assert first.returncode == 0, first.stderr
    assert "Public count (additions minus removals): 3" in first.stdout
    assert "Additions: 4" in first.stdout and "withdrawn: 1" in first.stdout
    assert "Receipt included at position 3 of the log of size 5" in first.stdout
    assert saved.read_text().startswith(f"127.0.0.1:8000/log/{petition.slug}\n5\n")

    make_signature(petition)
    logs_append()
    second = run(f"{server}/log/{petition.slug}/", "--key", _published_key(data_url), "--checkpoint-file", str(saved))
    assert second.returncode == 0, second.stderr
    assert "Consistent with the saved checkpoint of size 5: the log only grew." in second.stdout
    assert "Public count (additions minus removals): 4" in second.stdout

    missing = run(data_url, "--receipt", "f" * 32)
    assert missing.returncode == 1 and "is NOT in this log" in missing.stdout


def test_awaz_verify_log_fails_on_a_wrong_key(server):  # noqa: F811
    petition = make_petition()
    make_signature(petition)
    logs_append()
    wrong = verifier_key(f"127.0.0.1:8000/log/{petition.slug}", b"\x07" * 32)  # the right name, another key
    result = subprocess.run([sys.executable, "-m", "awaz", "verify-log", f"{server}/en/petitions/{petition.slug}/",
                             "--key", wrong], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "FAILED: the checkpoint is not signed by the key" in result.stderr


def _published_key(data_url: str) -> str:
    import json
    import urllib.request

    with urllib.request.urlopen(data_url, timeout=10) as response:
        return json.load(response)["log_key"]
