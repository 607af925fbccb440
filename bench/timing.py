"""Can the time of an answer tell who signed? `python -m bench.timing [N]` (issue #10 item 4).

Calls the WSGI application that `awaz serve` runs, in this process (no HTTP server: its share
is the same for every request), with N requests of each kind in a random interleaving:

- signing: a first signature (a new address) against a repeat (an address that has signed);
- "send it again": an address that has signed against one that has not.

It prints each kind's median and the accuracy of the best single-request threshold
classifier, fitted on one half of the requests and scored on the other (50 % is a coin toss;
the target is at most 55 %), and the same threshold fitted and scored on all of them (an upper
bound). Runs against the configured database (DATABASE_URL) and cache (REDIS_URL).
"""

import io
import random
import statistics
import sys
import time
from urllib.parse import urlencode

import django

django.setup()

from django.conf import settings  # noqa: E402

from awaz.core.public_forms import issue_form_token  # noqa: E402
from awaz.signatures.forms import sign_form_scope  # noqa: E402
from awaz.petitions.models import Organization, Petition  # noqa: E402
from awaz.signatures.models import ResendRequest, Signature  # noqa: E402
from awaz.wsgi import application  # noqa: E402

SLUG = "bench-timing"


def _petition() -> Petition:
    organization, _ = Organization.objects.get_or_create(slug="bench-timing", defaults={"name": "Bench"})
    petition, _ = Petition.objects.get_or_create(
        slug=SLUG, defaults={"organization": organization, "status": Petition.Status.OPEN, "original_language": "en"})
    Signature.objects.filter(petition=petition).delete()
    ResendRequest.objects.filter(petition=petition).delete()
    return petition


def _post(path: str, fields: dict, ip: str) -> tuple[float, str]:
    body = urlencode(fields).encode()
    environ = {
        "REQUEST_METHOD": "POST", "PATH_INFO": path, "QUERY_STRING": "", "SCRIPT_NAME": "",
        "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "REMOTE_ADDR": ip,
        "CONTENT_TYPE": "application/x-www-form-urlencoded", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
    }
    status = []
    started = time.perf_counter()
    chunks = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(chunks)
    getattr(chunks, "close", lambda: None)()
    return time.perf_counter() - started, status[0]


def _threshold_accuracy(fit: list[tuple[float, int]], score: list[tuple[float, int]]) -> float:
    """Accuracy on `score` of the threshold (and direction) that does best on `fit`."""
    best = (0.0, 0.0, 1)
    for threshold, _label in fit:
        for direction in (1, -1):
            right = sum((direction * (t - threshold) > 0) == bool(label) for t, label in fit)
            best = max(best, (right / len(fit), threshold, direction))
    _, threshold, direction = best
    return sum((direction * (t - threshold) > 0) == bool(label) for t, label in score) / len(score)


def report(title: str, a_name: str, a: list[float], b_name: str, b: list[float]) -> float:
    samples = [(t, 0) for t in a] + [(t, 1) for t in b]
    random.shuffle(samples)
    half = len(samples) // 2
    held_out = (_threshold_accuracy(samples[:half], samples[half:]) + _threshold_accuracy(samples[half:], samples[:half])) / 2
    in_sample = _threshold_accuracy(samples, samples)
    print(f"{title}:")
    print(f"  {a_name:<26} median {statistics.median(a) * 1000:7.3f} ms  ({len(a)} requests)")
    print(f"  {b_name:<26} median {statistics.median(b) * 1000:7.3f} ms  ({len(b)} requests)")
    print(f"  threshold classifier: {held_out:.1%} on held-out requests, {in_sample:.1%} fitted on all "
          f"(target: at most 55 %)")
    return held_out


def main(n: int) -> None:
    for name in ("RATE_NETWORK_PER_MINUTE", "RATE_NETWORK_PER_HOUR", "RATE_DOMAIN_PER_HOUR",
                 "RATE_LARGE_DOMAIN_PER_HOUR", "RATE_PETITION_PER_MINUTE"):
        setattr(settings, name, 0)  # the limits would refuse a bench; their cost is the same for both kinds
    settings.POW_MODE = "never"
    # The pages' static names without `collectstatic` (the page is rendered the same either way).
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    petition = _petition()
    token = issue_form_token(sign_form_scope(petition.pk))
    sign_path, resend_path = f"/en/petitions/{SLUG}/sign/", f"/en/petitions/{SLUG}/resend/"

    def sign(email: str, i: int) -> float:
        took, status = _post(sign_path, {"name": f"Timed {i}", "email": email, "country": "FR", "form_token": token},
                             f"10.{i // 250 % 250}.{i % 250}.1")
        assert status.startswith("302"), status
        return took

    known = [f"known-{i}@bench.example.org" for i in range(n)]
    for i, email in enumerate(known):
        sign(email, i)
    for i in range(50):  # warm up both kinds: connections, caches, lazy imports
        sign(f"warm-{i}@bench.example.org", i)
        sign(known[i], i)

    kinds = [0] * n + [1] * n
    random.shuffle(kinds)
    firsts, repeats = [], []
    for i, kind in enumerate(kinds):
        if kind == 0:
            firsts.append(sign(f"first-{i}@bench.example.org", i))
        else:
            repeats.append(sign(known[i % n], i))

    def resend(email: str, i: int) -> float:
        took, status = _post(resend_path, {"email": email}, f"10.{i // 250 % 250}.{i % 250}.2")
        assert status.startswith("200"), status
        return took

    for i in range(50):
        resend(known[i], i)
        resend(f"nobody-{i}@bench.example.org", i)
    random.shuffle(kinds)
    known_times, unknown_times = [], []
    for i, kind in enumerate(kinds):
        if kind == 0:
            known_times.append(resend(known[i % n], i))
        else:
            unknown_times.append(resend(f"stranger-{i}@bench.example.org", i))

    print(f"Timing of answers ({settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, "
          f"cache {'Redis' if settings.REDIS_URL else 'in-process'}), WSGI application in one thread")
    report("Signing", "first signature", firsts, "repeat signature", repeats)
    report('"Send it again"', "address that signed", known_times, "address that did not", unknown_times)
    Signature.objects.filter(petition=petition).delete()
    ResendRequest.objects.filter(petition=petition).delete()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
