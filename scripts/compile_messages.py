#!/usr/bin/env python
"""Compile every locale/*/LC_MESSAGES/*.po into its .mo, without GNU gettext.

``manage.py compilemessages`` needs gettext's msgfmt, which a fresh machine or
a slim container may not have; polib does the same in pure Python. A catalogue
whose .mo is newer than its .po is skipped, so a second run is instant. A
missing locale folder or catalogue is not an error: there is nothing to compile.

Usage: python scripts/compile_messages.py [--force] [LOCALE_DIR ...]
"""

import argparse
import sys
from pathlib import Path

import polib

BASE_DIR = Path(__file__).resolve().parent.parent


def catalogue_compile(po_path: Path, *, force: bool = False) -> bool:
    """Write ``po_path``'s .mo beside it; return False when it was already up to date."""
    mo_path = po_path.with_suffix(".mo")
    if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        return False
    catalogue = polib.pofile(str(po_path))
    # Fuzzy entries are guesses that msgfmt leaves out too.
    for entry in catalogue.fuzzy_entries():
        catalogue.remove(entry)
    catalogue.save_as_mofile(str(mo_path))
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("locale_dirs", nargs="*", type=Path, default=[BASE_DIR / "locale"])
    parser.add_argument("--force", action="store_true", help="recompile up-to-date catalogues")
    args = parser.parse_args(argv)

    po_paths = sorted(
        path for folder in args.locale_dirs for path in folder.glob("*/LC_MESSAGES/*.po")
    )
    if not po_paths:
        print("compile_messages: no .po catalogues yet, nothing to compile")
        return 0
    for po_path in po_paths:
        try:
            compiled = catalogue_compile(po_path, force=args.force)
        except (OSError, ValueError) as error:
            print(f"compile_messages: {po_path}: {error}", file=sys.stderr)
            return 1
        shown = po_path.relative_to(BASE_DIR) if po_path.is_relative_to(BASE_DIR) else po_path
        print(f"compile_messages: {shown} {'compiled' if compiled else 'up to date'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
