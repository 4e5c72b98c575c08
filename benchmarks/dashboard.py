"""Server time of the staff dashboard with a large platform.

    .venv/bin/python benchmarks/dashboard.py [--requests 30]

Runs against PostgreSQL (by default the database ``kyoso_bench_e2e`` that
``benchmarks/matching_e2e.py`` seeds with 100,000 companies and a full run's
suggestions: run that first; override with ``DATABASE_URL``). It prints:

1. what the database holds;
2. co-creation rows added once so that every figure has something to count (one
   member per company, interests, matches, proposals and alliances, dated over the
   last ten weeks; ``--no-flows`` leaves the database as it is);
3. the time to count the latest full run's distributions, as its publication does
   (and stores them on the run if it has none yet);
4. each selector's time, and the time to count them all into the snapshot that a
   worker refreshes every minute and that the page reads;
   then the whole page (``GET /ja/dashboard/`` as a staff member, through every
   middleware, in this process: the server's time without the network), median,
   95th percentile and max over ``--requests`` requests after two warm-up requests;
5. the same for the status fragment, which also asks the workers (a ping with
   ``HEALTH_PING_TIMEOUT``) and the broker: with no worker running it waits the whole
   timeout, which is why the page itself does not ask.

Nothing is asserted about time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/kyoso_bench_e2e"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
BENCH_EMAIL = "bench-staff@kyoso.example"


def main() -> int:
    args = _arguments()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("CELERY_BROKER_URL", DEFAULT_BROKER)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from partners.models import Company

    call_command("migrate", verbosity=0)
    companies = Company.objects.count()
    print(f"database {settings.DATABASES['default']['NAME']}: {companies:,} companies")
    if not companies:
        sys.exit("The database is empty: run benchmarks/matching_e2e.py first.")
    if args.flows:
        _flows()
    _stats()
    _selectors()
    _snapshot()
    staff = _staff()
    _page("/ja/dashboard/", staff, args.requests)
    _page("/ja/dashboard/status/?partial=1", staff, max(3, args.requests // 10))
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-flows", dest="flows", action="store_false")
    return parser.parse_args()


def _flows() -> None:
    """One member per company, and interests, matches, proposals and alliances between
    neighbours, spread over the last ten weeks (added once)."""
    from django.db import transaction
    from django.utils import timezone

    from partners.models import Alliance, AllianceProposal, Company, Interest, Match, Membership
    from partners.models import User as UserModel

    if Interest.objects.exists():
        print("co-creation rows exist already")
        return
    started = time.perf_counter()
    ids = list(Company.objects.order_by("id").values_list("id", flat=True))
    now = timezone.now()

    def when(i: int):
        return now - timedelta(minutes=(i * 37) % (70 * 24 * 60))

    with transaction.atomic():
        users = UserModel.objects.bulk_create(
            UserModel(email=f"bench-member-{pk}@kyoso.example", password="!")  # noqa: S106
            for pk in ids
        )
        Membership.objects.bulk_create(
            Membership(user=user, company_id=pk) for user, pk in zip(users, ids, strict=True)
        )
        pairs = [(ids[i], ids[i + 1]) for i in range(0, len(ids) - 1, 2)]  # 50,000 pairs
        interests = [
            Interest(sender_id=a, recipient_id=b, sent_by=users[i * 2])
            for i, (a, b) in enumerate(pairs[:30_000])
        ]
        Interest.objects.bulk_create(interests, batch_size=5000)
        matches = Match.objects.bulk_create(
            (Match(company_a_id=a, company_b_id=b) for a, b in pairs[:8_000]), batch_size=5000
        )
        terms = {"shared_goal": "A shared goal", "starts_on": date(date.today().year + 1, 4, 1)}
        proposals = AllianceProposal.objects.bulk_create(
            (
                AllianceProposal(
                    match=m, version=1, proposed_by_id=m.company_a_id, duration_months=12, **terms
                )
                for m in matches[:3_000]
            ),
            batch_size=5000,
        )
        Alliance.objects.bulk_create(
            (
                Alliance(
                    match=p.match, proposal=p, company_a_id=p.match.company_a_id,
                    company_b_id=p.match.company_b_id, **terms,
                )
                for p in proposals[:1_500]
            ),
            batch_size=5000,
        )  # fmt: skip
        # Spread the dates so that the weekly trends have something to draw.
        for model, rows in (
            (Membership, Membership.objects.values_list("id", flat=True)),
            (Interest, Interest.objects.values_list("id", flat=True)),
            (Match, Match.objects.values_list("id", flat=True)),
        ):
            objects = [model(id=pk, created_at=when(i)) for i, pk in enumerate(rows)]
            model.objects.bulk_update(objects, ["created_at"], batch_size=5000)
    print(
        f"{'co-creation rows added':<44} {time.perf_counter() - started:8.1f} s "
        f"({len(users):,} members, {len(interests):,} interests, {len(matches):,} matches, "
        f"{len(proposals):,} proposals, 1,500 alliances)"
    )


def _stats() -> None:
    from matching.models import MatchRun
    from matching.selectors import match_run_latest
    from matching.selectors.stats import run_stats

    run = match_run_latest()
    if run is None:
        sys.exit("No complete full run: run benchmarks/matching_e2e.py first.")
    started = time.perf_counter()
    stats = run_stats(run=run, companies=run.companies_count)
    elapsed = time.perf_counter() - started
    print(
        f"{'run statistics counted (at publication)':<44} {elapsed:8.2f} s "
        f"({sum(stats['scores']):,} suggestions of run {run.pk})"
    )
    if run.stats is None:
        MatchRun.objects.filter(pk=run.pk).update(stats=stats)


def _timed(function, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def _selectors() -> None:
    from alliance.dashboard import selectors

    for name in (
        "platform_figures",
        "profile_figures",
        "funnel",
        "recent_runs",
        "section_activity_heatmap",
        "industry_mix",
        "latest_run_stats",
    ):
        print(f"  selector {name:<34} {_timed(getattr(selectors, name)):8.1f} ms")


def _snapshot() -> None:
    from alliance.dashboard.services import platform_snapshot_refresh

    started = time.perf_counter()
    platform_snapshot_refresh()
    print(f"{'platform figures counted (by a worker)':<44} {time.perf_counter() - started:8.2f} s")


def _staff():
    from partners.models import User

    user, _ = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"is_staff": True})
    return user


def _page(path: str, user, requests: int) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    for _ in range(2):
        assert client.get(path).status_code == 200
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    print(
        f"{'GET ' + path:<44} median {statistics.median(times):6.1f} ms, "
        f"p95 {p95:6.1f} ms, max {times[-1]:6.1f} ms over {requests} requests"
    )


if __name__ == "__main__":
    raise SystemExit(main())
