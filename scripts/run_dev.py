#!/usr/bin/env python
"""Run the processes of a Procfile together and stop them all together.

    python scripts/run_dev.py Procfile.dev

Each process runs in a process group of its own, its output prefixed with its
name. Ctrl-C (SIGINT), SIGTERM or the exit of any one process stops them all
the way a terminal's Ctrl-C would: SIGINT to each group, so that a Celery
worker finishes its tasks and stops its pool (whose processes ignore SIGINT)
and the dev server's reloader stops with its server. Whatever is still there
after a grace period gets SIGTERM, then SIGKILL: nothing is left behind.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

PROCFILE_LINE = re.compile(r"^([A-Za-z0-9_-]+):\s*(.+)$")
# How long the processes get to finish after SIGINT, then after SIGTERM.
GRACE_SECONDS = 20.0
ESCALATION_SECONDS = 5.0


def procfile_read(path: Path) -> dict[str, str]:
    """``name: command`` lines; blank lines and ``#`` comments are skipped."""
    commands = {}
    for line in path.read_text().splitlines():
        match = PROCFILE_LINE.match(line.strip())
        if match:
            commands[match[1]] = match[2]
    return commands


class Supervisor:
    def __init__(self, commands: dict[str, str], *, grace: float = GRACE_SECONDS):
        self.commands = commands
        self.stop_steps = (
            (signal.SIGINT, grace),
            (signal.SIGTERM, ESCALATION_SECONDS),
            (signal.SIGKILL, ESCALATION_SECONDS),
        )
        self.width = max(map(len, commands))
        self.processes: dict[str, subprocess.Popen] = {}
        self.print_lock = threading.Lock()
        self.stop_requested = threading.Event()

    def say(self, name: str, text: str) -> None:
        with self.print_lock:
            sys.stdout.write(f"{name:<{self.width}} | {text}\n")
            sys.stdout.flush()

    def start(self) -> None:
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        for name, command in self.commands.items():
            process = subprocess.Popen(
                f"exec {command}",
                shell=True,
                env=environment,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            self.processes[name] = process
            threading.Thread(target=self.relay, args=(name, process), daemon=True).start()
            self.say("run", f"{name} started (pid {process.pid})")

    def relay(self, name: str, process: subprocess.Popen) -> None:
        for line in iter(process.stdout.readline, b""):
            self.say(name, line.decode(errors="replace").rstrip("\n"))

    def wait(self) -> None:
        """Until a stop is asked for or one of the processes ends."""
        while not self.stop_requested.wait(0.2):
            for name, process in self.processes.items():
                if process.poll() is not None:
                    self.say("run", f"{name} exited with code {process.returncode}")
                    return

    def stop(self) -> None:
        for sig, grace in self.stop_steps:
            groups = self.live_groups()
            if not groups:
                break
            self.say("run", f"sending {sig.name} to {', '.join(groups)}")
            for pid in groups.values():
                signal_group(pid, sig)
            deadline = time.monotonic() + grace
            while self.live_groups() and time.monotonic() < deadline:
                time.sleep(0.1)
        self.say("run", "all stopped")

    def live_groups(self) -> dict[str, int]:
        """Processes whose group still has a member (pool processes included)."""
        for process in self.processes.values():
            process.poll()  # reap our own children, so they do not count
        return {
            name: process.pid
            for name, process in self.processes.items()
            if signal_group(process.pid, 0)
        }


def signal_group(pgid: int, sig: int) -> bool:
    """Send ``sig`` to a process group; False if the group is gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        return False
    except PermissionError:  # only zombies are left in it
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("procfile", type=Path)
    parser.add_argument(
        "--grace", type=float, default=GRACE_SECONDS, help="seconds to finish after Ctrl-C"
    )
    args = parser.parse_args(argv)

    supervisor = Supervisor(procfile_read(args.procfile), grace=args.grace)
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda signum, frame: supervisor.stop_requested.set())
    try:
        supervisor.start()
        supervisor.wait()
    finally:
        supervisor.stop()
    # A stop that was asked for is a success; a process that died on its own is not.
    return 0 if supervisor.stop_requested.is_set() else 1


if __name__ == "__main__":
    sys.exit(main())
