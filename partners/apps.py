from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Companies and members")

    def ready(self) -> None:
        from alliance import checks  # noqa: F401  (registers the system checks)

        from . import receivers  # noqa: F401  (connects the signal receivers)
