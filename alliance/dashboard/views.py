"""The staff dashboard page: staff only (a member is refused, a visitor signs in)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from alliance.dashboard import charts, selectors


@login_required
def dashboard(request):
    if not request.user.is_staff:
        raise PermissionDenied
    figures = selectors.platform_figures()
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "figures": figures,
            "profiles": selectors.profile_figures(),
            "funnel": selectors.funnel(),
            "runs": selectors.recent_runs(),
            "heatmap": charts.heatmap_cells(selectors.section_activity_heatmap()),
            "trend_weeks": selectors.TREND_WEEKS,
            "new_days": selectors.NEW_DAYS,
        },
    )
