"""Schemathesis, a property-based API tester, against `awaz serve` running for real: every
operation of the OpenAPI document (the public API and, with its token, the organizations'),
with generated valid and invalid inputs, every check on. Bounded to stay under a minute."""

import json
import os
import subprocess
import sys
from pathlib import Path

from awaz.api.openapi import document
from tests.api.helpers import seed
from tests.api.org_helpers import make_token
from tests.deploy.test_serve import running_server

# Enough to meet every parameter's edge cases; AWAZ_SCHEMATHESIS_EXAMPLES raises it for a long run.
MAX_EXAMPLES = int(os.environ.get("AWAZ_SCHEMATHESIS_EXAMPLES", "20"))
SEED = int(os.environ.get("AWAZ_SCHEMATHESIS_SEED", "18"))
# Slugs of the seeded data, so generated requests also reach existing objects, not only 404s.
EXAMPLE_SLUGS = {
    "/petitions/{slug}": "free-them", "/news/{slug}": "first-news", "/organizations/{slug}": "uyghur-voices",
}


def _with_examples(doc: dict) -> dict:
    doc = json.loads(json.dumps(doc))
    for path, slug in EXAMPLE_SLUGS.items():
        for operation in doc["paths"][path].values():
            for parameter in operation["parameters"]:
                if parameter["name"] == "slug":
                    parameter["example"] = slug
    return doc


def test_schemathesis_finds_nothing_against_the_running_server(transactional_db, tmp_path):
    world = seed()
    # A token of every scope for the seeded organization: the organizations' operations are
    # fuzzed past their authentication too (a wrong or missing token is tested elsewhere).
    _token, text = make_token(world.open_petition.organization, "read-petitions", "read-signatures", "write-signatures")
    headers = [f"Authorization: Bearer {text}"]
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(_with_examples(document())))
    st = Path(sys.executable).with_name("st")
    # The record-signature helper applies the sign form's own rules, which go beyond what a
    # schema can say (invisible and direction marks in names, disposable or mistyped email
    # domains): it answers such schema-valid input with its documented 422 problem.
    (tmp_path / "schemathesis.toml").write_text(
        '[[operations]]\ninclude-name = "POST /osdi/petitions/{slug}/signatures"\n'
        '[operations.checks.positive_data_acceptance]\n'
        'expected-statuses = ["2XX", "401", "403", "404", "409", "422", "429", "503"]\n'
    )
    # The rate limit is off for this server: Schemathesis sends hundreds of requests a minute.
    with running_server(tmp_path, AWAZ_RATE_API_PER_MINUTE="0") as (base, log):
        command = [
            str(st), "run", str(spec), "--url", f"{base}/api/v1", "--checks", "all",
            "--max-examples", str(MAX_EXAMPLES), "--seed", str(SEED), "--workers", "1",
            "--phases", "examples,coverage,fuzzing", "--generation-database", "none",
            "--request-timeout", "10", "--no-color", "--suppress-health-check", "all",
        ]
        for header in headers:
            command += ["--header", header]
        result = subprocess.run(command, capture_output=True, text=True, timeout=110, cwd=tmp_path)
    report = result.stdout[-12000:] + result.stderr[-3000:]
    assert result.returncode == 0, report + "\n--- server log ---\n" + log.read_text()[-3000:]
    tested = int(report.split("Tested: ", 1)[1].split()[0])
    assert tested == len([op for item in document()["paths"].values() for op in item]), report
