"""How fast ``manage.py import_companies`` and ``export_companies`` are at scale.

Generates a contract file of N demo companies (100,000 by default), then times:
the first import (all created), a re-import of the same file (all unchanged), an
import of a changed file with the same keys (all updated) and an export. Prints
the figures; asserts nothing about time.

    DJANGO_SETTINGS_MODULE=alliance.settings.local .venv/bin/python benchmarks/import_companies.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kyoso_bench \\
        DJANGO_SETTINGS_MODULE=alliance.settings.local \\
        .venv/bin/python benchmarks/import_companies.py --flush

Without DATABASE_URL it uses a new SQLite file in a temporary folder. A database
given by DATABASE_URL is migrated first and must hold no companies (``--flush``
empties it: every table, so never point it at a database you care about).
"""

import argparse
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="kyoso-bench-") as folder:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        _setup_django()
        from django.core.management import call_command

        from partners.models import Company

        call_command("migrate", verbosity=0)
        if Company.objects.exists():
            if not args.flush:
                print("The database holds companies; pass --flush to empty it.", file=sys.stderr)
                return 2
            call_command("flush", interactive=False, verbosity=0)
        _run(args, Path(folder))
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--flush", action="store_true", help="empty a database that has data")
    return parser.parse_args()


def _setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alliance.settings.local")
    import django

    django.setup()


def _run(args: argparse.Namespace, folder: Path) -> None:
    from django.db import connection

    n = args.companies
    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}), {n:,} companies")
    first = _timed("generate file", n, lambda: _write_file(folder / "first.json", n, args.seed))
    changed = folder / "changed.json"
    _write_file(changed, n, args.seed + 1)  # same keys, other contents
    print(f"  file size: {first.stat().st_size / 1e6:.1f} MB")
    _timed("import (create)", n, lambda: _command("import_companies", str(first)))
    _timed("re-import (unchanged)", n, lambda: _command("import_companies", str(first)))
    _timed("import (update)", n, lambda: _command("import_companies", str(changed)))
    _timed("export", n, lambda: _command("export_companies", str(folder / "out.json")))


def _write_file(path: Path, count: int, seed: int) -> Path:
    from partners.exchange import FORMAT
    from partners.services.demo import demo_company_records

    records = list(demo_company_records(count=count, seed=seed))
    text = json.dumps({"format": FORMAT, "companies": records}, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return path


def _command(name: str, *args: str) -> str:
    from django.core.management import call_command

    out = io.StringIO()
    call_command(name, *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def _timed(label: str, count: int, step: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - start
    summary = f"  ({result})" if isinstance(result, str) else ""
    print(f"{label:<24}{seconds:8.1f} s {count / seconds:10,.0f} companies/s{summary}")
    return result


if __name__ == "__main__":
    sys.exit(main())
