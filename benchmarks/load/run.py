"""Load test: the suggestions page, the directory and the suggestions API under wrk,
served by gunicorn with the production settings, against a trivial view as the floor.

    .venv/bin/python benchmarks/load/run.py [--seconds 15] [--connections 16] [--workers 2]
                                            [--targets api page directory]

Needs wrk (``apt-get install wrk``) and the database that
``benchmarks/matching_e2e.py`` seeds (100,000 companies and a full run's
suggestions, ``kyoso_bench_e2e``; ``benchmarks/dashboard.py`` adds a member to every
company). Override with ``DATABASE_URL``; the cache is Redis database 12
(``CACHE_URL``) as in production.

1. ``ANALYZE`` (a freshly seeded database has no planner statistics yet); a member
   of a company with suggestions is signed in (a session in the database; the
   pages are then requested with it and the CSRF cookie that the first page sets,
   as a browser does) and given an API token (earlier runs' are revoked); the
   API's user throttle is lifted for the run (the limit is what production sets;
   here it would only measure 429s).
2. Static files are collected (the production storage needs their manifest) and
   gunicorn starts with ``--workers`` sync workers on 127.0.0.1, the production
   settings plus one URL: ``/load-floor/``, a view that only returns a small JSON
   object, behind the same middleware (``load_settings.py``, ``load_urls.py``).
3. Each target is checked once (status 200 and the expected content), then wrk runs
   for ``--seconds`` with ``--connections`` connections (two threads), after a short
   warm-up. Printed per target: requests per second, p50 and p99 latency, errors
   (non-2xx/3xx responses and socket errors), and the throughput as a share of the
   floor's in the same run.

The ``-304`` targets send the ``ETag`` of their first answer (``If-None-Match``), as
a polling integration or a browser revalidating does; each is checked to answer
``304`` first.

Nothing is asserted: the figures are printed (targets, issue #18: API ≥ 0.40 of the
floor, pages ≥ 0.33, conditional GETs ≥ 0.8, p99 ≤ 50 ms, no errors).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/kyoso_bench_e2e"
DEFAULT_CACHE = "redis://127.0.0.1:6379/12"
PORT = 8077
BASE = f"http://127.0.0.1:{PORT}"


@dataclass
class Target:
    name: str
    path: str
    expect: str  # a piece of text the response must hold
    auth: str  # "token", "session" or ""
    conditional: bool = False  # sent with the ETag of its first answer: 304 expected


@dataclass
class Result:
    target: Target
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int


FLOOR = Target("floor (trivial view, same middleware)", "/load-floor/", '"ok"', "")
TARGETS = {
    "api": Target("suggestions API", "/api/v1/suggestions/", '"results"', "token"),
    "page": Target("suggestions page", "/ja/suggestions/", "suggestion-", "session"),
    "directory": Target("directory", "/ja/companies/", "/ja/companies/", "session"),
    "api-304": Target("suggestions API, If-None-Match", "/api/v1/suggestions/", "", "token", True),
    "page-304": Target("suggestions page, If-None-Match", "/ja/suggestions/", "", "session", True),
}


def main() -> int:
    args = _arguments()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")
    static_root = Path(tempfile.mkdtemp(prefix="kyoso-load-static-"))
    environment = {**_environment(), "LOAD_STATIC_ROOT": str(static_root)}
    os.environ.update(environment)
    sys.path[:0] = [str(ROOT), str(HERE)]
    import django

    django.setup()
    from django.conf import settings

    print(f"database {settings.DATABASES['default']['NAME']}, cache {environment['CACHE_URL']}")
    _analyze()
    token, cookie, key = _credentials()
    targets = [FLOOR, *(TARGETS[name] for name in args.targets)]
    server = _gunicorn(environment, args.workers)
    try:
        cookie = _browser_cookies(cookie)
        results = []
        for target in targets:
            etag = _check(target, token, cookie)
            results.append(_wrk(target, token, cookie, args, etag))
    finally:
        _stop(server)
        shutil.rmtree(static_root, ignore_errors=True)
    _report(results, args, key)
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--targets",
        nargs="+",
        choices=list(TARGETS),
        default=list(TARGETS),
        help="what to load besides the floor (default: all)",
    )
    return parser.parse_args()


def _environment() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "DATABASE_URL": os.environ.get("DATABASE_URL", DEFAULT_DATABASE),
        "CACHE_URL": os.environ.get("CACHE_URL", DEFAULT_CACHE),
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/14"),
        "SECRET_KEY": os.environ.get("SECRET_KEY", secrets.token_urlsafe(64)),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "API_THROTTLE_USER": "100000000/hour",
        "MATCHING_EMBEDDER": "lexical",
    }


def _analyze() -> None:
    """Planner statistics as autovacuum would have them by now: a freshly seeded
    database has none, and its plans (sequential scans) say nothing of production."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"ANALYZE {time.perf_counter() - started:.1f} s")


def _credentials() -> tuple[str, str, str]:
    """An API token and a session cookie for a member of a company with suggestions."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from matching.models import SuggestionList
    from partners.models import ApiToken, Membership
    from partners.services.tokens import api_token_create, api_token_revoke

    membership = (
        Membership.objects.filter(
            company__in=SuggestionList.objects.values("company"), user__is_active=True
        )
        .select_related("user", "company")
        .order_by("id")
        .first()
    )
    if membership is None:
        sys.exit(
            "No member of a company with suggestions: run benchmarks/matching_e2e.py, "
            "then benchmarks/dashboard.py (which adds members)."
        )
    user = membership.user
    for old in ApiToken.objects.filter(user=user, name__startswith="load test"):
        api_token_revoke(user=user, token=old)  # earlier runs' (a member has at most 20)
    _token, text = api_token_create(user=user, name=f"load test {time.strftime('%H%M%S')}")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return f"Bearer {text}", cookie, membership.company.key


def _gunicorn(environment: dict[str, str], workers: int) -> subprocess.Popen:
    try:
        urllib.request.urlopen(f"{BASE}/", timeout=1)  # noqa: S310
        sys.exit(f"Something already answers on {BASE}: stop it first.")
    except urllib.error.HTTPError:
        sys.exit(f"Something already answers on {BASE}: stop it first.")
    except OSError:
        pass  # nothing there: good
    env = {**os.environ, **environment, "PYTHONPATH": f"{ROOT}:{HERE}"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0",
         "--settings", "load_settings"],
        cwd=ROOT, env=env, check=True,
    )  # fmt: skip
    log = open(ROOT / "var" / "load-gunicorn.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "alliance.wsgi", "--bind",
         f"127.0.0.1:{PORT}", "--workers", str(workers), "--worker-class", "sync",
         "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{BASE}/load-floor/", timeout=2).read()  # noqa: S310
            return server
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                _stop(server)
                sys.exit("gunicorn did not start; see var/load-gunicorn.log")
            time.sleep(0.3)


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _headers(target: Target, token: str, cookie: str, etag: str = "") -> dict[str, str]:
    headers = {"If-None-Match": etag} if etag else {}
    if target.auth == "token":
        headers["Authorization"] = token
    if target.auth == "session":
        headers["Cookie"] = cookie
    return headers


def _browser_cookies(cookie: str) -> str:
    """The session cookie and the CSRF cookie that the first page sets, as a browser
    sends them from its second request on."""
    from django.conf import settings

    request = urllib.request.Request(BASE + "/ja/suggestions/", headers={"Cookie": cookie})
    with urllib.request.build_opener(_NoRedirect).open(request, timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name == settings.CSRF_COOKIE_NAME:
                return f"{cookie}; {name}={rest.split(';')[0]}"
    sys.exit("The suggestions page set no CSRF cookie.")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page, say) is a failed check


def _check(target: Target, token: str, cookie: str) -> str:
    """Check the target answers as it should; its ``ETag`` if it is a conditional one."""
    if target.conditional:
        return _check_304(target, token, cookie)
    request = urllib.request.Request(BASE + target.path, headers=_headers(target, token, cookie))
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        response = opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        response = error
    with response:
        body = response.read().decode()
        if response.status != 200 or target.expect not in body:
            (ROOT / "var" / "load-check.html").write_text(body)
            sys.exit(
                f"{target.path} answered {response.status} without {target.expect!r} "
                f"(Location: {response.headers.get('Location')}; body in var/load-check.html)"
            )
    return ""


def _check_304(target: Target, token: str, cookie: str) -> str:
    opener = urllib.request.build_opener(_NoRedirect)
    first = urllib.request.Request(BASE + target.path, headers=_headers(target, token, cookie))
    with opener.open(first, timeout=10) as response:
        etag = response.headers.get("ETag", "")
    if not etag:
        sys.exit(f"{target.path} answered without an ETag.")
    again = urllib.request.Request(
        BASE + target.path, headers=_headers(target, token, cookie, etag)
    )
    try:
        status = opener.open(again, timeout=10).status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 304:
        sys.exit(f"{target.path} with If-None-Match: {etag} answered {status}, not 304.")
    return etag


def _wrk(target: Target, token: str, cookie: str, args, etag: str = "") -> Result:
    headers = _headers(target, token, cookie, etag)
    env = {
        **os.environ,
        "KYOSO_AUTHORIZATION": headers.get("Authorization", ""),
        "KYOSO_COOKIE": headers.get("Cookie", ""),
        "KYOSO_IF_NONE_MATCH": headers.get("If-None-Match", ""),
    }
    command = [
        "wrk", "-t2", f"-c{args.connections}", "--latency", "-s", str(HERE / "headers.lua"),
    ]  # fmt: skip
    subprocess.run([*command, "-d3s", BASE + target.path], env=env, capture_output=True)
    output = subprocess.run(
        [*command, f"-d{args.seconds}s", BASE + target.path],
        env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return _parse(target, output)


def _milliseconds(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def _parse(target: Target, output: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _milliseconds(re.search(r"\s50%\s+(\S+)", output).group(1))
    p99 = _milliseconds(re.search(r"\s99%\s+(\S+)", output).group(1))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(n) for n in match.groups())
    return Result(target, rps, p50, p99, errors, requests)


def _report(results: list[Result], args, key: str) -> None:
    floor = results[0].rps
    print(
        f"\nwrk: {args.connections} connections, 2 threads, {args.seconds} s per target; "
        f"gunicorn: {args.workers} sync workers; as a member of {key}\n"
    )
    print(f"{'target':<40} {'req/s':>8} {'of floor':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for result in results:
        print(
            f"{result.target.name:<40} {result.rps:8.0f} {result.rps / floor:9.2f} "
            f"{result.p50_ms:8.1f} {result.p99_ms:8.1f} {result.errors:7d}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
