"""Exit 0 if celery beat left its heartbeat lately (the compose healthcheck of beat)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from alliance.dashboard.health import beat_status


class Command(BaseCommand):
    help = "Exit 0 if celery beat recorded its heartbeat within BEAT_ALIVE_WITHIN seconds."

    def handle(self, *args, **options):
        seen, alive = beat_status()
        if not alive:
            raise CommandError(
                _("celery beat was last seen at %(seen)s.") % {"seen": seen}
                if seen
                else _("celery beat has never been seen.")
            )
        self.stdout.write(_("celery beat is alive (last seen at %(seen)s).") % {"seen": seen})
