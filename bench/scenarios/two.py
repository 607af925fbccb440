"""(d) Signature submissions against two app servers sharing the database, and the scale factor
against one."""

import os
from pathlib import Path

from bench.setup import start_server
from bench.stack import say, stop
from bench.submissions import sign_load


def scenario(args, stack, env, outbox, logs: Path, single: dict | None) -> None:
    say(f"\n(d) Signature submissions against two app servers sharing the database, {args.connections} connections")
    second = start_server(args, env, args.port + 1, logs / "serve2.log")
    stack.servers.append(second)
    try:
        total = sign_load(args, [args.port, args.port + 1], "two servers", stack, env, outbox)
    finally:
        stack.servers.remove(second)
        stop(second)
    if single:
        say(f"  scale factor: {total['rate'] / single['rate']:.2f} x one server "
            f"(one machine of {os.cpu_count()} cores: the servers share its CPUs)")
