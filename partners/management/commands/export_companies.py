"""``manage.py export_companies [FILE|-]``: write every company in the exchange format."""

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from partners.management.console import RawWriter, progress_bars
from partners.services.exchange import ExportResult, companies_export


class Command(BaseCommand):
    help = (
        "Export every company as an alliance-companies/1 file, ordered by key "
        "(to standard output by default, or - )."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help=gettext_lazy("path to write, or - for stdout")
        )
        parser.add_argument(
            "--indent", type=int, default=None, help=gettext_lazy("pretty-print with this indent")
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("do not draw a progress bar")
        )

    def handle(self, *args, file: str, indent: int | None, no_progress: bool, **options) -> None:
        with progress_bars(self.stderr, enabled=not no_progress) as progress:
            if file == "-":
                try:
                    result = companies_export(
                        out=RawWriter(self.stdout), indent=indent, progress=progress
                    )
                except BrokenPipeError:
                    _silence_stdout()  # the reader left (| head): stop quietly, like cat
                    return
            else:
                result = _export_to_file(Path(file), indent=indent, progress=progress)
        # The summary goes where it does not mix with the JSON.
        report = self.stderr if file == "-" else self.stdout
        count = result.exported
        report.write(
            ngettext("%(count)d company exported.", "%(count)d companies exported.", count)
            % {"count": count}
        )
        if result.skipped:
            count = len(result.skipped)
            self.stderr.write(
                ngettext(
                    "%(count)d company left out, its profile is incomplete: %(keys)s",
                    "%(count)d companies left out, their profiles are incomplete: %(keys)s",
                    count,
                )
                % {"count": count, "keys": ", ".join(result.skipped)}
            )


def _export_to_file(path: Path, *, indent: int | None, progress) -> ExportResult:
    """Write beside the target and rename, so a failed export leaves no half file."""
    try:
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CommandError(
            _("Cannot write %(file)s: %(error)s") % {"file": path, "error": exc.strerror or exc}
        ) from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            result = companies_export(out=out, indent=indent, progress=progress)
        os.chmod(temp, 0o666 & ~_umask())  # mkstemp makes it private; a plain open would not
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return result


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _silence_stdout() -> None:
    # Python would report the broken pipe again when it flushes stdout at exit.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
