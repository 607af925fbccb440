"""(f) Where the time of one signing request goes: bench/profile_sign.py in a process of its
own, its lines indented into the run's output."""

import subprocess
import sys

from bench.setup import BENCH, SLUG
from bench.stack import say


def scenario(args, env) -> None:
    say("\n(f) Where the time of one signing request goes (cProfile of the WSGI application, one thread)")
    output = subprocess.run([sys.executable, str(BENCH / "profile_sign.py"), SLUG, "1000" if not args.quick else "300"],
                            env=env, check=True, capture_output=True, text=True).stdout
    for line in output.rstrip().splitlines():
        say("  " + line)
