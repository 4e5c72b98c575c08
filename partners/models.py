"""Companies, their members and their profiles (the fields of ``alliance-companies/1``)."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reference import ISIC_SECTION_CHOICES, LANGUAGE_CHOICES

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{1,63}$"
REGION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
MAX_PHRASES = 30
MAX_PHRASE_LENGTH = 200
MAX_GOALS = 10
MAX_GOAL_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 5000


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in with an e-mail address (no username)."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.email


class Company(models.Model):
    class Visibility(models.TextChoices):
        LISTED = "listed", _("Listed in the directory")
        PARTNERS = "partners", _("Visible only to suggested partners")
        HIDDEN = "hidden", _("Hidden")

    key = models.CharField(
        _("key"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(KEY_PATTERN)],
        help_text=_("Stable identifier: lowercase letters, digits and hyphens."),
    )
    name = models.CharField(_("name"), max_length=200)
    language = models.CharField(
        _("language of the texts"), max_length=2, choices=LANGUAGE_CHOICES, default="ja"
    )
    industry = models.CharField(_("industry"), max_length=1, choices=ISIC_SECTION_CHOICES)
    industry_division = models.CharField(_("industry division"), max_length=2, blank=True)
    region = models.CharField(
        _("region"), max_length=6, blank=True, validators=[RegexValidator(REGION_PATTERN)]
    )
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    founded = models.PositiveIntegerField(_("founded"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    strengths = models.JSONField(_("value-chain strengths"), default=list)
    seeks = models.JSONField(_("value-chain activities sought"), default=list)
    capabilities = models.JSONField(_("capabilities"), default=list)
    needs = models.JSONField(_("needs"), default=list)
    goals = models.JSONField(_("long-term goals"), default=list)

    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.LISTED
    )
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)

    # NFKC-normalised, case-folded text of name, description, capabilities,
    # needs and goals: what the directory's free-text filter searches.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="companies"
    )

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["visibility", "industry"]),
            models.Index(fields=["region"]),
        ]

    def __str__(self):
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.company} ({self.role})"
