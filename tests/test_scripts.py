"""The project's own tools in scripts/: translations, the lock and the process runner."""

import gettext
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
sys.path.insert(0, str(BASE_DIR / "scripts"))

import compile_messages  # noqa: E402
import lock  # noqa: E402

PO = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: ja\\n"

msgid "Partners"
msgstr "パートナー"

#, fuzzy
msgid "Alliance"
msgstr "提携（未確認）"
"""


@pytest.fixture
def locale_dir(tmp_path):
    folder = tmp_path / "locale" / "ja" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO, encoding="utf-8")
    return tmp_path / "locale"


def test_it_compiles_catalogues_that_gettext_reads(locale_dir):
    assert compile_messages.main([str(locale_dir)]) == 0

    translation = gettext.translation("django", str(locale_dir), languages=["ja"])
    assert translation.gettext("Partners") == "パートナー"
    assert translation.gettext("Alliance") == "Alliance"  # fuzzy: left out, as msgfmt does


def test_it_skips_catalogues_that_are_up_to_date(locale_dir, capsys):
    compile_messages.main([str(locale_dir)])
    capsys.readouterr()

    compile_messages.main([str(locale_dir)])

    assert "up to date" in capsys.readouterr().out


def test_it_accepts_a_project_without_catalogues(tmp_path, capsys):
    assert compile_messages.main([str(tmp_path / "locale")]) == 0
    assert "nothing to compile" in capsys.readouterr().out


def test_the_lock_pins_exactly_what_pyproject_needs():
    assert lock.lock_problems() == []


def test_the_lock_check_notices_a_package_nothing_needs(tmp_path, monkeypatch):
    stale = tmp_path / "requirements.lock"
    stale.write_text(lock.LOCK.read_text() + "left-over-package==1.0\n")
    monkeypatch.setattr(lock, "LOCK", stale)

    assert lock.lock_problems() == ["left-over-package is locked but nothing needs it"]


def procfile(tmp_path: Path, **commands: str) -> Path:
    path = tmp_path / "Procfile"
    path.write_text("".join(f"{name}: {command}\n" for name, command in commands.items()))
    return path


def run_dev(path: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(BASE_DIR / "scripts" / "run_dev.py"), str(path), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie waiting for its parent to reap it is gone too.
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def child_pids(output: str) -> list[int]:
    return [
        int(line.rsplit("pid ", 1)[1].rstrip(")"))
        for line in output.splitlines()
        if "(pid " in line
    ]


def read_until(process: subprocess.Popen, text: str, count: int = 1) -> list[str]:
    """Lines of output up to the ``count``-th one that contains ``text``."""
    lines = []
    while sum(text in line for line in lines) < count:
        lines.append(process.stdout.readline())
    return lines


def test_ctrl_c_stops_every_process_and_their_children(tmp_path):
    # "one" has a child of its own, as a Celery worker has its pool processes.
    with_a_child = f'{sys.executable} -c \'import subprocess; subprocess.run(["sleep", "60"])\''
    path = procfile(tmp_path, one=with_a_child, two="sleep 60")
    process = run_dev(path)
    started = read_until(process, "started", count=2)

    process.send_signal(signal.SIGINT)
    output = "".join(started) + process.communicate(timeout=30)[0]

    assert process.returncode == 0
    assert "sending SIGTERM" not in output  # they stopped on Ctrl-C alone
    assert "all stopped" in output
    pids = child_pids(output)
    assert len(pids) == 2
    assert not any(alive(pid) for pid in pids)
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.killpg(pid, 0)  # nothing left in the process groups either


def test_it_kills_what_ignores_ctrl_c(tmp_path):
    path = procfile(tmp_path, stubborn="sh -c 'trap \"\" INT; echo deaf; sleep 60 & wait'")
    process = run_dev(path, "--grace", "0.5")
    read_until(process, "stubborn | deaf")

    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    output = process.communicate(timeout=30)[0]

    assert "sending SIGTERM to stubborn" in output
    assert time.monotonic() - started < 10


def test_when_one_process_ends_it_stops_the_others(tmp_path):
    path = procfile(tmp_path, short="sh -c 'echo bye; exit 3'", long="sleep 60")
    process = run_dev(path)

    output = process.communicate(timeout=30)[0]

    assert process.returncode == 1
    assert "short | bye" in output
    assert "short exited with code 3" in output
    assert "sending SIGINT to long" in output
