"""Where the time of one signing request goes: `python bench/profile_sign.py SLUG N`.

Drives the sign view through Django's test client (the whole middleware stack, the form, the
insert, the commit and the task enqueued to Redis; no HTTP server), first timed plainly, then
under cProfile, and prints the cost per request of the parts that matter.
"""

import cProfile
import pstats
import re
import sys
import time
from itertools import count

import django

django.setup()

from django.test import Client  # noqa: E402

# (label, file fragment, function name): cumulative time of each, per request.
PARTS = [
    ("whole request (test client)", "django/test/client.py", "post"),
    ("  middleware + view (handler)", "django/core/handlers/base.py", "_get_response"),
    ("  get_public_petition (2 queries)", "awaz/petitions/views.py", "get_public_petition"),
    ("  form validation", "django/forms/forms.py", "full_clean"),
    ("    form token check (HMAC)", "awaz/core/public_forms.py", "form_token_is_valid"),
    ("    email validation", "awaz/core/email_address.py", "is_valid_email"),
    ("  network_hash (Redis GET)", "awaz/core/network.py", "network_hash"),
    ("  signature_submit", "awaz/signatures/services.py", "signature_submit"),
    ("    blind index", "awaz/core/crypto.py", "blind_index"),
    ("    encrypt (AES-GCM)", "awaz/core/crypto.py", "encrypt"),
    ("    INSERT (Model.save)", "django/db/models/base.py", "save"),
    ("    COMMIT (transaction.atomic exit)", "django/db/transaction.py", "__exit__"),
    ("    enqueue email task (Redis)", "huey/api.py", "enqueue"),
    ("  redirect (URL reverse)", "django/shortcuts.py", "redirect"),
    ("all SQL round trips (psycopg execute)", "psycopg/cursor.py", "execute"),
    ("all Redis round trips", "redis/client.py", "execute_command"),
    ("translation activation", "django/utils/translation/trans_real.py", "activate"),
]


def main(slug: str, n: int) -> None:
    client = Client(HTTP_HOST="127.0.0.1")
    page = client.get(f"/en/petitions/{slug}/")
    token = re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)
    sequence = count()
    url = f"/en/petitions/{slug}/sign/"

    def sign():
        i = next(sequence)
        response = client.post(url, {"name": f"Profiled {i}", "email": f"profile-{time.time_ns()}-{i}@bench.example.org",
                                     "country": "FR", "form_token": token})
        assert response.status_code == 302, response.status_code

    for _ in range(20):  # warm up: connections, caches, lazy imports
        sign()
    started = time.perf_counter()
    for _ in range(n):
        sign()
    plain = (time.perf_counter() - started) / n * 1000
    print(f"{n} signing requests in one process: {plain:.2f} ms each without the profiler "
          f"(= {1000 / plain:.0f}/s for one core)")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(n):
        sign()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    print(f"under cProfile (its overhead inflates Python-heavy parts), per request:")
    for label, fragment, function in PARTS:
        total = sum(ct for (file, _, name), (_, _, _, ct, _) in stats.items()
                    if name == function and fragment in file)
        # A function that calls itself (nested atomic blocks, nested execute) is counted once per
        # outermost call by cProfile's cumulative time, so the sums are comparable.
        print(f"  {label:<42} {total / n * 1000:6.2f} ms")
    print("top functions by own time:")
    ranked = sorted(stats.items(), key=lambda item: item[1][2], reverse=True)[:12]
    for (file, line, name), (_, calls, own, _, _) in ranked:
        short = re.sub(r".*/(site-packages|lib/python3\.\d+)/", "", file)
        print(f"  {own / n * 1000:6.3f} ms  {calls / n:5.1f} calls  {name} ({short}:{line})")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))
