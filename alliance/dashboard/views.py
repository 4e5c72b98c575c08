"""The staff dashboard pages: staff only (a member is refused, a visitor signs in).

The main page reads only the database, so that it stays fast; the workers' health,
which waits for their answers, comes with the status fragment that the page's script
fetches (and polls while a full run is under way).
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from alliance.dashboard import charts, selectors, services
from alliance.dashboard.health import platform_health
from matching.selectors import match_run_active
from matching.services.hooks import full_run_enqueue
from partners.selectors import reports_open_count, review_requests_open

HEALTH_CACHE_SECONDS = 10


def staff_required(view):
    """Visitors sign in; signed-in users who are not staff get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _status_context(*, health) -> dict:
    runs = selectors.recent_runs()
    return {
        "runs": runs,
        "active": next((run for run in runs if run.status in selectors.ACTIVE_STATUSES), None),
        "health": health,
    }


@staff_required
@require_safe
def dashboard(request):
    platform = selectors.platform_latest(max_age=settings.DASHBOARD_SNAPSHOT_MAX_AGE)
    run = selectors.latest_run_stats()
    if platform is None or (run is not None and run.finished_at > platform.computed_at):
        # No worker has counted lately, or a full run changed the suggestions since:
        # count now (slower, once).
        platform = services.platform_snapshot_refresh()
    context = {
        "platform": platform,
        "figures": [
            (name, figure, charts.sparkline(figure.weekly))
            for name, figure in platform.figures.items()
        ],
        "profiles": platform.profiles,
        "funnel": platform.funnel,
        "heatmap": charts.heatmap_cells(platform.heatmap),
        "mix": [(name, value, charts.mix_segments(value)) for name, value in platform.mix.items()],
        "mix_width": charts.MIX_WIDTH,
        "stats_run": run,
        "open_reports": reports_open_count(),
        "open_reviews": review_requests_open().count(),
        "trend_weeks": selectors.TREND_WEEKS,
        "new_days": selectors.NEW_DAYS,
        "snapshot_every": round(settings.DASHBOARD_SNAPSHOT_EVERY),
        "requested": request.GET.get("requested") == "1",
        **_status_context(health=None),
    }
    if run is not None:
        context["score_chart"] = charts.score_chart(run.stats["scores"])
        context["exposure_chart"] = charts.exposure_chart(run.stats["exposure"]["buckets"])
        context["lorenz"] = charts.lorenz_chart(run.stats["exposure"]["lorenz"])
    return render(request, "dashboard/dashboard.html", context)


@staff_required
@require_POST
def refresh(request):
    """Count the platform-wide figures now instead of waiting for the worker."""
    platform = services.platform_snapshot_refresh()
    messages.success(
        request,
        _("The figures were counted again in %(seconds).1f s.") % {"seconds": platform.seconds},
    )
    return redirect("dashboard:dashboard")


@staff_required
@require_safe
def status(request):
    """The runs and the workers' health: a fragment for the page's script
    (``?partial=1``), or a page of its own without script."""
    # The ping waits its whole timeout for answers: while a page polls, ask at most every
    # HEALTH_CACHE_SECONDS (for every staff member at once), not on every request.
    health = cache.get_or_set("dashboard:health", platform_health, HEALTH_CACHE_SECONDS)
    context = _status_context(health=health)
    if request.GET.get("partial") == "1":
        return render(request, "dashboard/includes/status.html", context)
    return render(request, "dashboard/status.html", context)


@staff_required
@require_POST
def recompute(request):
    """Ask the workers for a full recompute; its progress shows on the dashboard."""
    active = match_run_active()
    if active is not None:
        messages.info(
            request,
            _("A full recompute is already under way (run %(run)s).") % {"run": active.pk},
        )
    else:
        full_run_enqueue()
        messages.success(
            request,
            _("A full recompute was requested: a worker starts it, and its progress shows below."),
        )
    return redirect(reverse("dashboard:dashboard") + "?requested=1#runs")
