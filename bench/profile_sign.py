"""Where the time of one signing request goes: `python bench/profile_sign.py SLUG N`.

Calls the WSGI application that `awaz serve` runs (`awaz.wsgi.application`: the express lane,
then Django) with requests as the server delivers them, first timed plainly, then under
cProfile, and prints the cost per request of the parts that matter. No HTTP server: Granian's
own share is measured by the load scenarios.
"""

import cProfile
import io
import pstats
import re
import sys
import time
from itertools import count
from urllib.parse import urlencode

import django

django.setup()

from awaz.core.public_forms import issue_form_token  # noqa: E402
from awaz.signatures.forms import sign_form_scope  # noqa: E402
from awaz.petitions.models import Petition  # noqa: E402
from awaz.wsgi import application  # noqa: E402

# (label, file fragment, function name): cumulative time of each, per request.
PARTS = [
    ("whole request (WSGI application)", "awaz/signatures/express.py", "__call__"),
    ("  request, host and origin checks", "django/http/request.py", "get_host"),
    ("  form body parsed (QueryDict)", "django/http/request.py", "_load_post_and_files"),
    ("  the pipeline (signature_sign)", "awaz/signatures/signing.py", "signature_sign"),
    ("  the form's rules", "awaz/signatures/forms.py", "signer_details_check"),
    ("    form token check (HMAC)", "awaz/core/public_forms.py", "form_token_is_valid"),
    ("    email syntax", "awaz/core/email_address.py", "is_valid_email"),
    ("  network tags (rate key, stored tag)", "awaz/core/network.py", "tag_of_network"),
    ("  rate limits (one Redis EVALSHA)", "awaz/signatures/signing.py", "signing_admit"),
    ("  signature_submit", "awaz/signatures/services.py", "signature_submit"),
    ("    blind index", "awaz/core/crypto.py", "blind_indexes"),
    ("    encrypt (AES-GCM)", "awaz/core/crypto.py", "encrypt"),
    ("    INSERT, prepared, autocommit", "psycopg/cursor.py", "execute"),
    ("all Redis round trips", "redis/client.py", "execute_command"),
]


def main(slug: str, n: int) -> None:
    petition = Petition.objects.get(slug=slug)
    token = issue_form_token(sign_form_scope(petition.pk))
    sequence = count()
    path = f"/en/petitions/{slug}/sign/"

    def sign():
        i = next(sequence)
        body = urlencode({"name": f"Profiled {i}", "email": f"profile-{time.time_ns()}-{i}@bench.example.org",
                          "country": "FR", "form_token": token}).encode()
        environ = {
            "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        }
        status = []
        application(environ, lambda s, headers, exc_info=None: status.append(s))
        assert status[0].startswith("302"), status

    for _ in range(50):  # warm up: connections, caches, lazy imports
        sign()
    started, cpu = time.perf_counter(), time.process_time()
    for _ in range(n):
        sign()
    wall = (time.perf_counter() - started) / n * 1000
    used = (time.process_time() - cpu) / n * 1000
    print(f"{n} signing requests in one thread: {wall:.2f} ms each, of which {used:.2f} ms CPU in this process "
          f"(the rest is waiting for PostgreSQL's commit and Redis)")

    # CPU time, not wall time: waiting on PostgreSQL and Redis is not what a core spends.
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    for _ in range(n):
        sign()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    print("under cProfile, CPU time (its overhead inflates Python-heavy parts), per request:")
    for label, fragment, function in PARTS:
        total = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                    if name == function and fragment in file)
        print(f"  {label:<42} {total / n * 1000:6.2f} ms")
    print("top functions by own time:")
    ranked = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:10]
    for (file, line, name), (_, calls, own, _, _) in ranked:
        short = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", file)
        print(f"  {own / n * 1000:6.3f} ms  {calls / n:5.1f} calls  {name} ({short}:{line})")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
