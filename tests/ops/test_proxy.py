"""The reverse proxy's configuration (deploy/nginx/kyoso.conf) run with Debian's nginx
in front of the app under gunicorn, as docker-compose.yml runs it (no Docker engine
here): slow clients cannot take the site down, bodies over Django's limit are refused
with the API's 413, and /healthz answers through it.

The control case shows the attack is real: the same slow clients against gunicorn
alone leave the health probe unanswered.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CONFIG = ROOT / "deploy" / "nginx" / "kyoso.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CLIENTS = 100

pytestmark = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"),
    reason="Debian's nginx is not installed (.ci/run installs it)",
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{url} did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="module")
def gunicorn(tmp_path_factory):
    """The app under gunicorn with one sync worker (the compose default), on SQLite."""
    folder = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    log = folder / "gunicorn.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
    }
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "alliance.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "1", "--timeout", "60"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
    yield port
    stop(process)


@pytest.fixture(scope="module")
def proxy(gunicorn, tmp_path_factory):
    """nginx with kyoso.conf, its two marked lines pointed at this gunicorn and port."""
    folder = tmp_path_factory.mktemp("nginx")
    port = free_port()
    text = CONFIG.read_text()
    assert text.count("server web:8000;") == 1 and text.count("listen 80 default_server;") == 1
    text = text.replace("server web:8000;", f"server 127.0.0.1:{gunicorn};")
    text = text.replace("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
    (folder / "kyoso.conf").write_text(text)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir()
    (folder / "nginx.conf").write_text(
        f"""
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{ worker_connections 1024; }}
        http {{
            access_log off;
            client_body_temp_path {folder}/body;
            proxy_temp_path {folder}/proxy;
            fastcgi_temp_path {folder}/fastcgi;
            uwsgi_temp_path {folder}/uwsgi;
            scgi_temp_path {folder}/scgi;
            include {folder}/kyoso.conf;
        }}
        """
    )
    log = folder / "error.log"
    log.touch()
    command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([*command, "-g", "daemon off;"])
    wait_for(f"http://127.0.0.1:{port}/healthz", process, log)
    yield port
    stop(process)


def healthy(port: int, timeout: float = 3) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=timeout) as r:  # noqa: S310
            return r.status == 200 and json.loads(r.read())["database"] == "ok"
    except (OSError, ValueError):
        return False


def drip(port: int, count: int) -> list[socket.socket]:
    """``count`` clients that start a request and send one header byte now and then."""
    clients = []
    for _ in range(count):
        client = socket.create_connection(("127.0.0.1", port), timeout=5)
        client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: a")
        clients.append(client)
    return clients


def close(clients: list[socket.socket]) -> None:
    for client in clients:
        client.close()


def test_healthz_answers_through_the_proxy(proxy):
    assert healthy(proxy)


def test_slow_clients_do_not_take_the_site_down_through_the_proxy(proxy):
    clients = drip(proxy, SLOW_CLIENTS)
    try:
        probes = []
        for _ in range(5):
            for client in clients:
                client.sendall(b"a")
            probes.append(healthy(proxy, timeout=3))
            time.sleep(0.5)
        assert probes == [True] * 5
    finally:
        close(clients)


def test_the_control_slow_clients_do_take_gunicorn_alone_down(gunicorn):
    clients = drip(gunicorn, SLOW_CLIENTS)
    try:
        assert not healthy(gunicorn, timeout=3)
    finally:
        close(clients)
    deadline = time.monotonic() + 90
    while not healthy(gunicorn) and time.monotonic() < deadline:
        time.sleep(0.5)  # gunicorn recovers once they are gone


def test_a_client_that_never_finishes_its_header_is_cut_off(proxy):
    [client] = drip(proxy, 1)
    client.settimeout(20)
    started = time.monotonic()
    try:
        while client.recv(1024):
            pass  # nginx may say 408 first; then it closes
    except ConnectionResetError:
        pass  # reset_timedout_connection
    finally:
        client.close()
    assert 8 < time.monotonic() - started < 15  # client_header_timeout 10s


def test_a_body_over_djangos_limit_is_refused_by_the_proxy_in_the_api_format(proxy):
    body = b"{" + b" " * settings.DATA_UPLOAD_MAX_MEMORY_SIZE + b"}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy}/api/v1/interests/",
        data=body,
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 413
    answer = json.loads(refused.value.read())
    assert answer["code"] == "too_large"
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes" in answer["message"]


def test_a_body_within_the_limit_reaches_django(proxy):
    request = urllib.request.Request(
        f"http://127.0.0.1:{proxy}/api/v1/interests/",
        data=b'{"partner": "x"}',
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)  # noqa: S310
    assert refused.value.code == 401  # Django's answer: no credentials


def test_the_configured_body_limit_is_djangos():
    text = CONFIG.read_text()
    assert f"client_max_body_size {settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024}k;" in text


def test_a_request_line_over_the_limit_is_414(proxy):
    url = f"http://127.0.0.1:{proxy}/api/v1/companies/?q=" + "a" * 20_000
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(url, timeout=10)  # noqa: S310
    assert refused.value.code == 414  # nginx's own page, as the schema documents
