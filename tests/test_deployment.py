"""The container stack and its documentation, checked without a Docker engine.

docker-compose.yml is validated against the Compose Specification's JSON
schema (tests/data/compose_spec.json, from the PyPI package docker-compose
1.29.2), then checked for what the schema cannot say: the services Kyoso needs,
a healthcheck on each long-running one, a single beat, and gunicorn reachable
only through the reverse proxy (whose configuration tests/ops/test_proxy.py runs
with Debian's nginx).
"""

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
SCHEMA = BASE_DIR / "tests" / "data" / "compose_spec.json"
LONG_RUNNING = ["postgres", "redis", "web", "proxy", "worker", "beat"]
APP_SERVICES = ["migrate", "web", "worker", "beat"]
SETTINGS_FILES = ["base.py", "local.py", "production.py"]
# Read by Django itself or by the programs the containers run, not by the settings.
OTHER_VARIABLES = {"DJANGO_SETTINGS_MODULE", "WEB_CONCURRENCY"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())


def variables_of_settings() -> set[str]:
    names = set()
    for name in SETTINGS_FILES:
        text = (BASE_DIR / "alliance" / "settings" / name).read_text()
        names |= set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", text))
    return names


def variables_of_compose() -> set[str]:
    text = (BASE_DIR / "docker-compose.yml").read_text()
    return set(re.findall(r"(?<!\$)\$\{([A-Z][A-Z0-9_]*)", text))


def test_the_compose_file_follows_the_compose_specification(compose):
    schema = json.loads(SCHEMA.read_text())
    # The schema names draft 2019-09 by an address jsonschema does not know: say it here.
    validator = jsonschema.Draft201909Validator(schema)

    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose)]

    assert errors == []


def test_it_runs_the_database_the_broker_web_worker_and_beat(compose):
    assert set(LONG_RUNNING) <= set(compose["services"])


@pytest.mark.parametrize("service", LONG_RUNNING)
def test_every_long_running_service_has_a_healthcheck(compose, service):
    healthcheck = compose["services"][service]["healthcheck"]

    assert healthcheck["test"][0] in ("CMD", "CMD-SHELL")
    assert not healthcheck.get("disable", False)


def test_the_worker_is_checked_by_a_ping_to_itself(compose):
    worker = compose["services"]["worker"]

    assert worker["healthcheck"]["test"] == [
        "CMD-SHELL",
        "celery -A alliance inspect ping -d celery@$$HOSTNAME",
    ]
    assert "--hostname" not in " ".join(worker["command"])  # so the name is celery@HOSTNAME


def test_there_is_exactly_one_beat(compose):
    beats = [
        name
        for name, service in compose["services"].items()
        if "beat" in service.get("command", [])
    ]

    assert beats == ["beat"]
    assert compose["services"]["beat"]["deploy"]["replicas"] == 1


@pytest.mark.parametrize("service", APP_SERVICES)
def test_app_services_share_the_image_the_environment_and_the_services(compose, service):
    config = compose["services"][service]

    assert config["build"] == "."
    assert config["env_file"] == ".env"
    assert config["environment"]["DJANGO_SETTINGS_MODULE"] == "alliance.settings.production"
    assert config["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert config["depends_on"]["redis"]["condition"] == "service_healthy"


@pytest.mark.parametrize("service", ["web", "worker", "beat"])
def test_nothing_starts_before_the_migrations_ran(compose, service):
    depends_on = compose["services"][service]["depends_on"]

    assert depends_on["migrate"]["condition"] == "service_completed_successfully"


def test_the_image_runs_as_a_user_and_collects_static_files():
    dockerfile = (BASE_DIR / "Dockerfile").read_text()

    assert dockerfile.startswith("# ") and "FROM python:3.11-slim" in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "scripts/compile_messages.py" in dockerfile
    assert "collectstatic --noinput" in dockerfile
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.MULTILINE)


def test_every_variable_is_documented_in_env_example():
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", (BASE_DIR / ".env.example").read_text(), re.M)
    )
    used = variables_of_settings() | variables_of_compose() | OTHER_VARIABLES

    assert used - documented == set()


def test_every_variable_is_in_the_readme_configuration_table():
    readme = (BASE_DIR / "README.md").read_text()
    in_table = set(re.findall(r"^\|\s*`([A-Z][A-Z0-9_]*)`", readme, re.M))
    used = variables_of_settings() | variables_of_compose() | OTHER_VARIABLES

    assert used - in_table == set()


def test_beat_is_checked_by_its_heartbeat(compose):
    assert compose["services"]["beat"]["healthcheck"]["test"] == [
        "CMD", "python", "manage.py", "beat_alive",
    ]  # fmt: skip


def test_the_web_is_checked_through_healthz():
    script = (Path(__file__).resolve().parent.parent / "scripts" / "web_healthcheck.py").read_text()
    assert 'URL = "http://127.0.0.1:8000/healthz"' in script


def test_only_the_proxy_reaches_gunicorn(compose):
    services, networks = compose["services"], compose["networks"]
    web, proxy = services["web"], services["proxy"]

    assert "ports" not in web  # nothing published: clients go through the proxy
    assert proxy["ports"] == ["${WEB_PORT:-8000}:80"]
    assert networks["front"]["internal"] is True
    on_front = {name for name, config in services.items() if "front" in config.get("networks", [])}
    assert on_front == {"web", "proxy"}
    assert "back" not in proxy["networks"]  # the proxy reaches gunicorn, not the database
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_proxy_is_debians_nginx_with_the_tested_configuration(compose):
    proxy = compose["services"]["proxy"]
    dockerfile = (BASE_DIR / "deploy" / "nginx" / "Dockerfile").read_text()

    assert proxy["build"] == "deploy/nginx"
    assert "FROM debian:bookworm-slim" in dockerfile
    assert "apt-get install -y --no-install-recommends nginx-light curl" in dockerfile
    assert "COPY kyoso.conf /etc/nginx/conf.d/kyoso.conf" in dockerfile
    assert "/healthz" in " ".join(proxy["healthcheck"]["test"])
