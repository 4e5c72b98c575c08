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
    # The language of the e-mail Kyoso sends this user: the one last used on the site.
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

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
    seeks = models.JSONField(_("value-chain activities sought"), default=list, blank=True)
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
    # Set by staff when they hide a profile after a report (``partners.services.reports``):
    # the owner sees it; cleared when the company is listed again.
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)
    # The digest of the company's logo (``CompanyLogo``), empty without one: pages build
    # the logo's address from it without reading the image, and a new logo a new address.
    logo_digest = models.CharField(_("logo digest"), max_length=16, blank=True, default="")

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
            # The directory lists companies by name, all of them or one industry's: read
            # in index order, a page costs a few rows instead of sorting every company.
            models.Index(fields=["visibility", "name", "id"], name="company_directory"),
            models.Index(
                fields=["visibility", "industry", "name", "id"], name="company_directory_industry"
            ),
            models.Index(fields=["region"]),
        ]

    def __str__(self):
        return self.name

    @property
    def hidden_by_staff(self) -> bool:
        """Hidden by Kyoso staff (with a reason), not by its own members: only staff
        show it again."""
        return self.visibility == self.Visibility.HIDDEN and bool(self.hidden_reason)


class CompanyLogo(models.Model):
    """A company's logo: a PNG that Kyoso re-encoded (``partners.services.logos``), never
    the uploaded file itself, so no metadata, script or other format reaches a browser."""

    company = models.OneToOneField(
        Company, on_delete=models.CASCADE, primary_key=True, related_name="logo"
    )
    image = models.BinaryField(_("image"))
    width = models.PositiveSmallIntegerField(_("width"))
    height = models.PositiveSmallIntegerField(_("height"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("company logo")
        verbose_name_plural = _("company logos")

    def __str__(self):
        return f"{self.company} ({self.width}×{self.height})"


class CompanyKeyHistory(models.Model):
    """A key a company had before its owner changed it: its old addresses lead to the
    company under its new key (``partners.key_views``), for those who may see it."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="former_keys", verbose_name=_("company")
    )
    key = models.CharField(_("former key"), max_length=64, unique=True)
    replaced_at = models.DateTimeField(_("replaced"), auto_now_add=True)

    class Meta:
        verbose_name = _("former key")
        verbose_name_plural = _("former keys")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"{self.key} → {self.company.key}"


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


# --- Co-creation: interest → match → alliance proposals → alliance -------------------------
#
# Flat and mutual by design: no side is "host" or "applicant". Interest is one-sided
# and private until it is mutual; a Match (an unordered pair, stored with the lower
# company id first) reveals contact details; either side proposes an Alliance in
# versions that the other side accepts, declines or answers with changes.


class Interest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        MUTUAL = "mutual", _("Mutual")
        DECLINED = "declined", _("Declined")

    sender = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="interests_sent", verbose_name=_("from")
    )
    recipient = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="interests_received", verbose_name=_("to")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decline_reason = models.TextField(_("reason for declining"), blank=True, max_length=1000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "recipient"], name="one_interest_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="interest_not_in_itself"
            ),
        ]
        indexes = [models.Index(fields=["sender", "created_at"])]

    def __str__(self):
        return f"{self.sender} → {self.recipient} ({self.status})"


class InterestWithdrawal(models.Model):
    """A pending interest its sender took back (the ``Interest`` row itself is deleted,
    so the pair is as if it had never been sent and may be sent again).

    Kept so that a withdrawn interest still counts against the sender's daily limit
    (``INTEREST_DAILY_LIMIT``) from the time it was sent: sending and withdrawing
    again and again must not notify a company more often than sending does.
    """

    sender = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    interest_id = models.PositiveIntegerField(_("interest"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawn interest")
        verbose_name_plural = _("withdrawn interests")
        ordering = ["-withdrawn_at", "-id"]
        indexes = [models.Index(fields=["sender", "sent_at"])]

    def __str__(self):
        return f"{self.sender} ↛ {self.recipient}"


class Match(models.Model):
    """Mutual interest between two companies; ``company_a`` has the lower id."""

    company_a = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    company_b = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("matched"), auto_now_add=True)

    class Meta:
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company_a", "company_b"], name="one_match_per_pair"),
            models.CheckConstraint(
                condition=models.Q(company_a__lt=models.F("company_b")), name="match_pair_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.company_a} ↔ {self.company_b}"

    def other(self, company: Company) -> Company:
        return self.company_b if company.pk == self.company_a_id else self.company_a


class AllianceProposal(models.Model):
    """One version of the terms of an alliance; a new version supersedes the open one."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        SUPERSEDED = "superseded", _("Replaced by a newer version")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="proposals")
    version = models.PositiveIntegerField(_("version"))
    previous = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="next_version"
    )
    proposed_by = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed by")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    shared_goal = models.TextField(_("shared goal"), max_length=MAX_GOAL_LENGTH)
    value_chain_change = models.TextField(
        _("change in the value chain"), max_length=MAX_DESCRIPTION_LENGTH, blank=True
    )
    activities = models.JSONField(_("value-chain activities concerned"), default=list, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    duration_months = models.PositiveIntegerField(_("duration in months"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), max_length=MAX_DESCRIPTION_LENGTH, blank=True)
    # The writer's own second text for a partner who reads another language (no machine
    # translation): the goal, the change and the conditions again, in ``translation_language``.
    translation_language = models.CharField(
        _("language of the second text"), max_length=2, choices=LANGUAGE_CHOICES, blank=True
    )
    shared_goal_translation = models.TextField(
        _("shared goal, second text"), max_length=MAX_GOAL_LENGTH, blank=True
    )
    value_chain_change_translation = models.TextField(
        _("change in the value chain, second text"), max_length=MAX_DESCRIPTION_LENGTH, blank=True
    )
    conditions_translation = models.TextField(
        _("conditions, second text"), max_length=MAX_DESCRIPTION_LENGTH, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    response_note = models.TextField(_("answer"), blank=True, max_length=1000)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    created_at = models.DateTimeField(_("proposed"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance proposal")
        verbose_name_plural = _("alliance proposals")
        ordering = ["match", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["match", "version"], name="one_proposal_per_version"),
            models.UniqueConstraint(
                fields=["match"],
                condition=models.Q(status="open"),
                name="one_open_proposal_per_match",
            ),
        ]

    def __str__(self):
        return f"{self.match} v{self.version} ({self.status})"


class Alliance(models.Model):
    """An accepted proposal: the terms both sides agreed to, kept as they were accepted."""

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="alliances")
    proposal = models.OneToOneField(
        AllianceProposal, on_delete=models.PROTECT, related_name="alliance"
    )
    company_a = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    company_b = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    shared_goal = models.TextField(_("shared goal"))
    value_chain_change = models.TextField(_("change in the value chain"), blank=True)
    activities = models.JSONField(_("value-chain activities concerned"), default=list, blank=True)
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    private_a = models.BooleanField(_("kept private by the first company"), default=False)
    private_b = models.BooleanField(_("kept private by the second company"), default=False)
    created_at = models.DateTimeField(_("agreed"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.company_a} × {self.company_b}: {self.shared_goal[:40]}"

    @property
    def sides(self) -> tuple[Company, Company]:
        return (self.company_a, self.company_b)


class Notification(models.Model):
    class Kind(models.TextChoices):
        INTEREST_RECEIVED = "interest_received", _("A company is interested in yours")
        INTEREST_DECLINED = "interest_declined", _("Your interest was declined")
        MATCH = "match", _("Mutual interest: a new match")
        PROPOSAL = "proposal", _("An alliance was proposed")
        PROPOSAL_DECLINED = "proposal_declined", _("An alliance proposal was declined")
        ACCEPTED = "accepted", _("An alliance was agreed")
        PROFILE_HIDDEN = "profile_hidden", _("Kyoso staff hid your profile")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("your company")
    )
    other = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="+", verbose_name=_("the other company")
    )
    interest = models.ForeignKey(Interest, null=True, blank=True, on_delete=models.CASCADE)
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.CASCADE)
    proposal = models.ForeignKey(AllianceProposal, null=True, blank=True, on_delete=models.CASCADE)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"{self.user}: {self.kind}"


class NotificationPreference(models.Model):
    """A member's choice to receive (or not) e-mail for one kind of notification."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Notification.Kind.choices)
    email = models.BooleanField(_("send e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind"),
        ]

    def __str__(self):
        return f"{self.user}: {self.kind} e-mail {'on' if self.email else 'off'}"


class ApiToken(models.Model):
    """A member's personal API token: shown once when created, stored as a SHA-256 digest.

    The token itself is ``kyo_<prefix>_<secret>``; ``prefix`` is kept in clear so that
    the member can tell their tokens apart, ``digest`` is what a request is checked
    against. A revoked token stays listed (with when it was revoked) but authenticates
    nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=80)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.user}: {self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Webhook(models.Model):
    """An HTTPS endpoint of a company that receives the events it subscribed to."""

    class Event(models.TextChoices):
        SUGGESTIONS_REFRESHED = "suggestions.refreshed", _("Suggestions refreshed")
        INTEREST_RECEIVED = "interest.received", _("Interest received")
        INTEREST_WITHDRAWN = "interest.withdrawn", _("Interest withdrawn by its sender")
        MATCH_CREATED = "match.created", _("Mutual interest: a new match")
        ALLIANCE_PROPOSED = "alliance.proposed", _("An alliance was proposed")
        ALLIANCE_ACCEPTED = "alliance.accepted", _("An alliance was agreed")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=500)
    events = models.JSONField(_("events"), default=list)
    # Signs every delivery (HMAC-SHA256); shown to the member once, when created.
    secret = models.CharField(_("signing secret"), max_length=64)
    description = models.CharField(_("description"), max_length=200, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.company}: {self.url}"


class WebhookDelivery(models.Model):
    """One event sent (or being sent) to one webhook, with every attempt's outcome."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(_("event"), max_length=40, choices=Webhook.Event.choices)
    event_id = models.UUIDField(_("event id"), unique=True)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_status = models.PositiveSmallIntegerField(_("response status"), null=True, blank=True)
    response_body = models.TextField(_("response (start)"), blank=True)
    error = models.TextField(_("error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["webhook", "-created_at"])]

    def __str__(self):
        return f"{self.webhook_id} {self.event} {self.status}"


class Report(models.Model):
    """A member's report of a company profile, for staff to act on (hide it or dismiss)."""

    class Reason(models.TextChoices):
        MISLEADING = "misleading", _("Misleading or false information")
        SPAM = "spam", _("Spam or advertising")
        INAPPROPRIATE = "inappropriate", _("Inappropriate content")
        IMPERSONATION = "impersonation", _("Impersonates another company")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HIDDEN = "hidden", _("Profile hidden")
        DISMISSED = "dismissed", _("Dismissed")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("reported company"),
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="reports",
        verbose_name=_("reported by"),
    )
    reporter_company = models.ForeignKey(
        Company,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    # What staff wrote when they acted: for a hidden profile, the reason its owner sees.
    resolution = models.TextField(_("staff note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            # A member has at most one open report on a company.
            models.UniqueConstraint(
                fields=["company", "reporter"],
                condition=models.Q(status="open"),
                name="one_open_report_per_reporter",
            )
        ]

    def __str__(self):
        return f"{self.company}: {self.get_reason_display()} ({self.get_status_display()})"


class Consent(models.Model):
    """A member's acceptance of one version of the terms of use and privacy policy.

    Kept per version: when the documents change, a new row records the new acceptance
    and the old ones remain as the history of what the member agreed to and when.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    terms_version = models.CharField(_("version of the terms"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-accepted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "terms_version"], name="one_consent_per_version"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.terms_version}"


class ReviewRequest(models.Model):
    """A hidden company's request that staff look at its profile again.

    One per hiding: ``hidden_at`` is the moment staff hid the profile, so a company
    asks once for each time it was hidden.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SHOWN = "shown", _("Profile shown again")
        KEPT = "kept", _("Profile kept hidden")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="review_requests",
        verbose_name=_("company"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    hidden_at = models.DateTimeField(_("hidden"))
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolution = models.TextField(_("staff note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "hidden_at"], name="one_review_request_per_hiding"
            ),
        ]

    def __str__(self):
        return f"{self.company}: {self.get_status_display()}"


class Invitation(models.Model):
    """An owner's invitation of a colleague, by e-mail, to become a member of the company.

    The link sent carries a secret token; only its SHA-256 digest is kept. An invitation
    is open until it is accepted, revoked (sending it again revokes it and sends a new
    one) or past ``expires_at``; a company has at most one open invitation per address.
    """

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    digest = models.CharField(_("digest"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["company", "created_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.company} ({self.role})"
