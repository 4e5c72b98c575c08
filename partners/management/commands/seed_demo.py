"""``manage.py seed_demo --companies N``: realistic demo companies (and demo logins)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.management.console import progress_bars
from partners.models import Company
from partners.services.demo import (
    DEMO_PASSWORD,
    STAFF_EMAIL,
    demo_seed,
    demo_staff_setup,
    demo_users_setup,
)


class Command(BaseCommand):
    help = (
        "Create demo companies in Japanese and English, across every industry, with readable "
        "keys made from their names (e.g. kyousou-seimitsu-kougyou). "
        "The same seed always gives the same companies; running again updates them in place."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--companies", type=int, default=300, help=gettext_lazy("how many (default 300)")
        )
        parser.add_argument(
            "--seed", type=int, default=1, help=gettext_lazy("random seed (default 1)")
        )
        parser.add_argument(
            "--with-users",
            action="store_true",
            help=gettext_lazy(
                "also create the verified logins demo@kyoso.example and partner@kyoso.example, "
                "and the staff login staff@kyoso.example"
            ),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=gettext_lazy("do nothing at all if any company exists already"),
        )
        parser.add_argument(
            "--no-progress", action="store_true", help=gettext_lazy("do not draw progress bars")
        )

    def handle(self, *args, companies: int, seed: int, with_users: bool, if_empty: bool, **options):
        if companies < 2 and with_users:
            raise CommandError(_("--with-users needs at least 2 companies."))
        if companies < 1:
            raise CommandError(_("--companies must be at least 1."))
        if if_empty and Company.objects.exists():
            self.stdout.write(_("Companies exist already; no demo data added."))
            return
        with progress_bars(self.stderr, enabled=not options["no_progress"]) as progress:
            result = demo_seed(companies=companies, seed=seed, progress=progress)
        self.stdout.write(
            _("Demo companies: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
        if with_users:
            self._users()

    def _users(self) -> None:
        for login in demo_users_setup():
            self.stdout.write(
                _("Demo login %(email)s (password %(password)s) owns %(company)s [%(key)s].")
                % {
                    "email": login.email,
                    "password": DEMO_PASSWORD,
                    "company": login.company.name,
                    "key": login.company.key,
                }
            )
        demo_staff_setup()
        self.stdout.write(
            _("Demo staff login %(email)s (password %(password)s), for /dashboard/ and /admin/.")
            % {"email": STAFF_EMAIL, "password": DEMO_PASSWORD}
        )
