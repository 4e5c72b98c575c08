"""Matching runs, their suggestions and the phrase-embedding cache.

A reader sees, for each company, the suggestion list that its
:class:`SuggestionList` pointer names. A full run writes all its rows first and
then moves every pointer in one transaction, so no reader ever sees half a run;
a company rescoring writes a small run of its own and moves the pointers of the
lists it changed, also in one transaction.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Company


class MatchRun(models.Model):
    class Kind(models.TextChoices):
        FULL = "full", _("Full recompute")
        COMPANY = "company", _("Company rescoring")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        PUBLISHING = "publishing", _("Publishing")
        COMPLETE = "complete", _("Complete")
        FAILED = "failed", _("Failed")
        SUPERSEDED = "superseded", _("Superseded")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    company = models.ForeignKey(
        Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    include_same_division = models.BooleanField(default=False)
    blocks_total = models.PositiveIntegerField(_("blocks"), default=0)
    blocks_done = models.PositiveIntegerField(_("blocks done"), default=0)
    companies_count = models.PositiveIntegerField(_("companies"), default=0)
    suggestions_count = models.PositiveIntegerField(_("suggestions"), default=0)
    # Gini coefficient of how often each company is suggested (full runs; 0 = even).
    exposure_gini = models.FloatField(_("exposure Gini"), null=True, blank=True)
    # Full runs: the exposure cutoffs (company key → cutoff, see matching/engine/exposure.py)
    # that every worker of the run chooses lists by, computed once by whoever claimed them
    # first ({} when the population gets none); rescorings reuse the latest run's.
    exposure_cutoffs = models.JSONField(_("exposure cutoffs"), null=True, blank=True)
    exposure_claimed_at = models.DateTimeField(null=True, blank=True)
    # Complete full runs: the distributions the staff dashboard draws, counted once when
    # the run is published (``matching.selectors.stats.run_stats``).
    stats = models.JSONField(_("statistics"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "status"])]
        constraints = [
            # Only one full run may be pending or running at a time.
            models.UniqueConstraint(
                fields=["kind"],
                condition=models.Q(kind="full", status__in=["pending", "running", "publishing"]),
                name="one_active_full_run",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def progress(self) -> float:
        """Share of blocks done, in [0, 1]."""
        if self.status == self.Status.COMPLETE:
            return 1.0
        return self.blocks_done / self.blocks_total if self.blocks_total else 0.0

    @property
    def duration(self):
        if self.started_at and self.finished_at:
            return self.finished_at - self.started_at
        return None

    @property
    def duration_seconds(self) -> float | None:
        duration = self.duration
        return None if duration is None else duration.total_seconds()


class MatchBlock(models.Model):
    """One block of rows of a full run: the unit of work a worker claims."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="blocks")
    index = models.PositiveIntegerField()
    company_ids = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="unique_block_per_run")
        ]

    def __str__(self):
        return f"{self.run} block {self.index}"


class Suggestion(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="suggestions")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    # {"goals": x, "complementarity": x, "value_chain": x, "cross_industry": x,
    #  "for_you": {...per-direction...}, "for_them": {...}}
    components = models.JSONField(default=dict)
    # Structured evidence from the engine, rendered in the viewer's language.
    reasons = models.JSONField(default=list)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["rank"]
        indexes = [models.Index(fields=["run", "company", "rank"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "company", "partner"], name="unique_partner_per_list"
            )
        ]

    def __str__(self):
        return f"{self.company_id} → {self.partner_id} #{self.rank}"


class SuggestionList(models.Model):
    """Which run's rows are a company's current suggestions."""

    company = models.OneToOneField(
        Company, primary_key=True, on_delete=models.CASCADE, related_name="suggestion_list"
    )
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.company_id} → run {self.run_id}"


class PhraseEmbedding(models.Model):
    """Cached embedding of one distinct, normalised phrase for one model."""

    digest = models.CharField(max_length=64)
    model = models.CharField(max_length=40)
    text = models.TextField()
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "digest"], name="unique_phrase_per_model")
        ]

    def __str__(self):
        return f"{self.model}: {self.text[:60]}"


class Dismissal(models.Model):
    """A company's "not for us" on a suggested partner: that partner is never shown again.

    Dismissals filter what is shown; they are never fed back into the scores.
    """

    class Reason(models.TextChoices):
        NOT_RELEVANT = "not_relevant", _("Not relevant to us")
        KNOWN = "known", _("We already know them")
        NOT_NOW = "not_now", _("Not the right time")
        OTHER = "other", _("Another reason")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="dismissals")
    partner = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("dismissed"), auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["company", "partner"], name="one_dismissal_per_pair"),
        ]

    def __str__(self):
        return f"{self.company} ✕ {self.partner}"


class SavedSuggestion(models.Model):
    """A suggested partner a company keeps for later."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="saved_partners")
    partner = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved suggestion")
        verbose_name_plural = _("saved suggestions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["company", "partner"], name="one_save_per_pair"),
        ]

    def __str__(self):
        return f"{self.company} ☆ {self.partner}"


class Heartbeat(models.Model):
    """When a background process last said it was alive (celery beat writes one)."""

    name = models.CharField(max_length=40, primary_key=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return f"{self.name} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class SuggestionsSeen(models.Model):
    """What a member last saw of their company's suggestions: when they last opened the
    suggestions page and which partners its list held then. Their home page counts as
    new the partners listed since."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("last seen"))
    partner_ids = models.JSONField(default=list)

    class Meta:
        verbose_name = _("suggestions seen")
        verbose_name_plural = _("suggestions seen")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="one_seen_list_per_member"),
        ]

    def __str__(self):
        return f"{self.user_id} saw {self.company_id}'s list at {self.seen_at:%Y-%m-%d %H:%M}"
