"""``manage.py import_companies FILE``: create and update companies from an exchange file."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.management.console import progress_bars
from partners.services.exchange import ImportValidationError, companies_import_json


class Command(BaseCommand):
    help = (
        "Import companies from an alliance-companies/1 file (- reads standard input). "
        "Known keys are updated, new ones created; a file with any problem is refused whole."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=gettext_lazy("path of the file, or - for stdin"))
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("do not draw progress bars")
        )
        parser.add_argument(
            "--max-errors",
            type=int,
            default=100,
            help=gettext_lazy("list at most this many problems of a refused file (0: all)"),
        )

    def handle(self, *args, file: str, no_progress: bool, max_errors: int, **options) -> None:
        data = _read(file)
        with progress_bars(self.stderr, enabled=not no_progress) as progress:
            try:
                result = companies_import_json(data=data, progress=progress)
            except ImportValidationError as exc:
                raise CommandError(_refusal(exc, max_errors)) from None
        self.stdout.write(
            _("%(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )


def _read(file: str) -> bytes:
    if file == "-":
        stdin = sys.stdin
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    try:
        return Path(file).read_bytes()
    except OSError as exc:
        raise CommandError(
            _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror or exc}
        ) from None


def _refusal(exc: ImportValidationError, max_errors: int) -> str:
    shown = exc.errors if max_errors <= 0 else exc.errors[:max_errors]
    lines = [str(exc), *(f"  {problem}" for problem in shown)]
    if len(shown) < len(exc.errors):
        lines.append(
            _("  ... and %(count)d more (see --max-errors)")
            % {"count": len(exc.errors) - len(shown)}
        )
    return "\n".join(lines)
