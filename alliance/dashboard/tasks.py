"""Celery task of the dashboard: a thin door into ``services``."""

from celery import shared_task
from django.db import DatabaseError

from alliance.dashboard import services


@shared_task(autoretry_for=(DatabaseError,), max_retries=2, retry_backoff=5, ignore_result=True)
def dashboard_snapshot_task() -> float:
    """Count the platform-wide figures (beat runs it every DASHBOARD_SNAPSHOT_EVERY s);
    returns the seconds it took."""
    return services.platform_snapshot_refresh().seconds
