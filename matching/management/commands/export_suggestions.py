"""``manage.py export_suggestions [--top K] [FILE|-]``: the ``alliance-suggestions/1`` format."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching.services.export import suggestions_export


class Command(BaseCommand):
    # Plain text: argparse cannot format a lazy translation.
    help = "Write every company's current suggestions in the alliance-suggestions/1 format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file", nargs="?", default="-", help=gettext_lazy("output file, or - for stdout")
        )
        parser.add_argument(
            "--top", type=int, default=None, help=gettext_lazy("at most K suggestions per company")
        )

    def handle(self, *args, file: str, top: int | None, **options):
        if top is not None and top < 1:
            raise CommandError(_("--top must be at least 1."))
        try:
            if file == "-":
                count = suggestions_export(out=self.stdout._out, top=top)
            else:
                with open(file, "w", encoding="utf-8") as out:
                    count = suggestions_export(out=out, top=top)
        except LookupError as error:
            raise CommandError(_("No suggestions have been computed yet.")) from error
        if file != "-":
            self.stderr.write(
                _("%(count)d suggestions written to %(file)s.") % {"count": count, "file": file}
            )
