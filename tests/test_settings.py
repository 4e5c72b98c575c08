"""Production settings: they pass Django's deployment checks and refuse to run without a key."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings


def manage_check(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    """``manage.py check`` in a new process with production settings and ``environment``."""
    # Not what the test process may have set for itself (the browser tests allow
    # async-unsafe ORM calls, which the deployment check rightly rejects).
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
        "ALLOWED_HOSTS": "kyoso.example",
        **environment,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", *arguments],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def a_real_key() -> str:
    return secrets.token_urlsafe(64)


def test_production_settings_pass_the_deployment_checks():
    result = manage_check(
        "--deploy", "--fail-level", "WARNING", SECRET_KEY=a_real_key(), CACHE_URL=SHARED_CACHE
    )

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


SHARED_CACHE = "redis://127.0.0.1:6379/1"


def test_production_without_a_shared_cache_is_warned():
    result = manage_check("--deploy", "--fail-level", "WARNING", SECRET_KEY=a_real_key())

    assert result.returncode != 0
    assert "kyoso.W001" in result.stderr and "CACHE_URL" in result.stderr


def test_a_cache_url_that_is_not_redis_is_refused():
    result = manage_check(SECRET_KEY=a_real_key(), CACHE_URL="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr


def test_two_processes_count_in_the_same_redis_cache():
    """What the throttles rely on: a count made by one process is seen by another."""
    script = (
        "import django, sys; django.setup();"
        "from django.core.cache import cache;"
        "print(cache.incr('kyoso-test-shared', 1) if cache.add('kyoso-test-shared', 0, 30)"
        " is False else cache.incr('kyoso-test-shared', 1))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.local",
        "CACHE_URL": "redis://127.0.0.1:6379/13",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    counts = [
        subprocess.run(
            [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=env,
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout.strip()
        for _ in range(2)
    ]  # fmt: skip
    first, second = (int(n) for n in counts)
    assert second == first + 1


@pytest.mark.parametrize(
    "key",
    [
        pytest.param("", id="missing"),
        pytest.param("too-short-for-production", id="short"),
        pytest.param("dev-insecure-kyoso-key-change-me" + "x" * 40, id="development default"),
        pytest.param("django-insecure-" + "x" * 50, id="django startproject default"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(key):
    result = manage_check(SECRET_KEY=key)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = manage_check(SECRET_KEY=a_real_key(), ALLOWED_HOSTS="")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_every_periodic_job_names_a_registered_task():
    from alliance.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "matching.tasks.match_runs_sweep_task" in scheduled  # lost workers' blocks
    assert "alliance.dashboard.tasks.dashboard_snapshot_task" in scheduled
    assert scheduled <= set(app.tasks)
