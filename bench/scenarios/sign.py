"""(a) Signature submissions against one app server."""

from bench.report import FIGURES
from bench.stack import say
from bench.submissions import sign_load


def scenario(args, stack, env, outbox) -> dict:
    say(f"\n(a) Signature submissions: {args.connections} connections, {args.duration} s, one app server")
    FIGURES["sign"] = sign_load(args, [args.port], "sign", stack, env, outbox)
    return FIGURES["sign"]
