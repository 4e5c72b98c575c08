"""``manage.py recompute_matches [--company KEY] [--sync] [--include-same-division]``."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import services
from matching.management.progress import progress_bar
from matching.selectors import match_run_active, match_run_latest
from matching.tasks import company_rescore_task, match_run_dispatch_task
from partners.models import Company


class Command(BaseCommand):
    # Plain text: argparse cannot format a lazy translation.
    help = (
        "Recompute suggestions: a full run split into blocks for the workers, or one company. "
        "With --sync, everything runs in this process (no broker), missing embeddings first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", metavar="KEY", help=gettext_lazy("rescore one company"))
        parser.add_argument(
            "--sync", action="store_true", help=gettext_lazy("run here instead of in the workers")
        )
        parser.add_argument(
            "--include-same-division",
            action="store_true",
            help=gettext_lazy("also pair companies of the same industry division"),
        )
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help=gettext_lazy("do nothing if a full run has completed or is under way"),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("do not draw progress bars")
        )

    def handle(self, *args, company: str | None, sync: bool, **options):
        bars = not options["no_progress"]
        if options["if_missing"] and (match_run_latest() or match_run_active()):
            self.stdout.write(_("Suggestions exist already; no run started."))
            return
        if company:
            pk = Company.objects.filter(key=company).values_list("id", flat=True).first()
            if pk is None:
                raise CommandError(_("No company with the key %(key)s.") % {"key": company})
            self._company(pk, sync, bars)
        else:
            self._full(sync, options["include_same_division"], bars)

    def _company(self, pk: int, sync: bool, bars: bool) -> None:
        if not sync:
            company_rescore_task.delay(pk)
            self.stdout.write(_("Rescoring enqueued."))
            return
        with progress_bar(self.stderr, enabled=bars) as progress:
            services.phrases_embed_missing(company_ids=[pk], progress=progress)
        run = services.company_rescore(company_id=pk)
        self.stdout.write(
            _("Run %(run)d: %(lists)d list(s) updated.")
            % {"run": run.pk, "lists": run.companies_count}
        )

    def _full(self, sync: bool, include_same_division: bool, bars: bool) -> None:
        run = services.match_run_start(include_same_division=include_same_division)
        if not sync:
            match_run_dispatch_task.delay(run.pk)
            self.stdout.write(str(run.pk))
            return
        with progress_bar(self.stderr, enabled=bars) as progress:
            services.phrases_embed_missing(progress=progress)
            run = services.match_run_sync(run=run, progress=progress)
        if run.status != run.Status.COMPLETE:
            raise CommandError(
                _("Run %(run)d is %(status)s.") % {"run": run.pk, "status": run.status}
            )
        self.stdout.write(
            _(
                "Run %(run)d complete: %(companies)d companies, %(suggestions)d suggestions, "
                "exposure Gini %(gini).3f, in %(seconds).1f s."
            )
            % {
                "run": run.pk,
                "companies": run.companies_count,
                "suggestions": run.suggestions_count,
                "gini": run.exposure_gini or 0.0,
                "seconds": run.duration.total_seconds(),
            }
        )
