"""(c) Reads: the petition page and count.json from the app server, then through nginx's
microcache (deploy/nginx/) unless `--no-nginx` or nginx is missing."""

from pathlib import Path

from bench.load import wrk
from bench.report import check, print_load
from bench.setup import LANG, SLUG, start_nginx
from bench.stack import say, stop

TARGETS = [("petition page", f"{LANG}/petitions/{SLUG}/"), ("count.json", f"{LANG}/petitions/{SLUG}/count.json")]


def scenario(args, stack, work: Path) -> None:
    nginx_port = args.port + 10
    stack.nginx = start_nginx(args, work, [args.port], nginx_port)
    say(f"\n(c) Reads: {args.connections} connections, {args.duration} s each")
    for label, path in TARGETS:
        stack.reset_peaks()
        result = wrk(f"http://127.0.0.1:{args.port}{path}", duration=args.duration, connections=args.connections,
                     script="get.lua")
        print_load(f"{label}, app server", result, "views")
        stack.report_memory()
        check_answers(f"read: {label} answered 200", result)
    if stack.nginx:
        for label, path in TARGETS:
            result = wrk(f"http://127.0.0.1:{nginx_port}{path}", duration=args.duration,
                         connections=args.connections * 2, script="get.lua")
            print_load(f"{label}, through nginx's microcache", result, "views")
            check_answers(f"read via nginx: {label} answered 200", result)
    stop(stack.nginx)
    stack.nginx = None


def check_answers(name: str, result: dict) -> None:
    check(name, result["other"] == 0 and result["errors"] == 0,
          f"{result['s200']} OK, {result['other']} other (last status {result['other_status']}), "
          f"{result['errors']} socket errors")
