"""The dashboard's platform-wide figures, counted in the background (``services``).

Counting every company, member and flow takes about a second at 100,000 companies,
too long for a page: a worker counts them every minute and the page reads the last
count (and counts itself only when none is recent enough).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    key = models.CharField(max_length=40, primary_key=True)
    data = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("counted"))
    seconds = models.FloatField(_("seconds to count"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")

    def __str__(self):
        return f"{self.key} {self.computed_at:%Y-%m-%d %H:%M:%S}"
