"""(b) Confirmations: pending signatures with known tokens, each token POSTed once; with
`--before`, the same against that revision's app server."""

from pathlib import Path

from bench.consistency import check_counts, counts, settle
from bench.load import wrk
from bench.report import FIGURES, check, print_load, report_cpu
from bench.setup import LANG, SLUG, start_server
from bench.stack import say, stop


def scenario(args, stack, env, work: Path, logs: Path, before_tree: str | None) -> None:
    measure(args, stack, work)
    if before_tree:
        old = start_server(args, {**env, "PYTHONPATH": before_tree}, args.port + 2, logs / "serve-before.log")
        stack.servers.append(old)  # its CPU is counted as the app server's
        try:
            measure(args, stack, work, port=args.port + 2, label="confirm-before")
        finally:
            stack.servers.remove(old)
            stop(old)


def measure(args, stack, work: Path, *, port: int | None = None, label: str = "confirm") -> None:
    from django.utils import timezone

    from awaz.petitions.models import Petition
    from awaz.signatures.models import Signature
    from awaz.signatures.tokens import new_token

    port = port or args.port
    petition = Petition.objects.get(slug=SLUG)
    n = 20_000 if args.quick else 60_000  # more than a run can confirm: wrk never runs dry
    tokens, rows = [], []
    now = timezone.now()
    countries = ["FR", "DE", "TR", "JP", "US", "GB", "CA", "BR"]
    for i in range(n):
        token, digest = new_token()
        tokens.append(token)
        rows.append(Signature(
            petition=petition, email_index=f"{label}-bench-{i}", name=f"Pending {i}", email=f"pending{i}@bench.example.org",
            country=countries[i % len(countries)], language="en", confirm_token_hash=digest, token_sent_at=now,
            show_publicly=i % 3 == 0,
        ))
    Signature.objects.bulk_create(rows, batch_size=2000)
    tokens_file = work / f"tokens-{label}.txt"
    tokens_file.write_text("\n".join(tokens) + "\n")
    before = counts(SLUG)
    say(f"\n(b) Confirmations [{label}]: {args.connections} connections, {args.duration} s, tokens of {n:,} "
        f"pending signatures")
    stack.reset_peaks()
    cpu_before = stack.cpu_snapshot()
    result = wrk(f"http://127.0.0.1:{port}", duration=args.duration, connections=args.connections,
                 script="confirm.lua", args=[LANG, str(tokens_file), "2"])
    cpu_after = stack.cpu_snapshot()
    print_load("confirmations", result, "confirmations")
    stack.report_memory()
    if result["ran_out"]:
        say("  warning: the load generator ran out of tokens; raise n in bench/scenarios/confirm.py")
    after = settle(SLUG)
    confirmed = after["confirmed"] - before["confirmed"]
    report_cpu(cpu_before, cpu_after, confirmed, "confirmation")
    FIGURES[label] = result
    cut_off = result["sent"] - result["s200"] - result["other"]
    check(f"{label}: every confirmation answered 200", result["other"] == 0 and result["errors"] == 0,
          f"{result['s200']} OK, {result['other']} other (last status {result['other_status']}), "
          f"{result['errors']} socket errors")
    check(f"{label}: every answered confirmation stored once", result["s200"] <= confirmed <= result["s200"] + cut_off,
          f"{result['s200']} answered 200, {confirmed} newly confirmed rows, {cut_off} in flight when wrk stopped")
    check_counts(args, SLUG, stage=label)
