"""Decisions in the Django admin: read-only, since every change goes through the services."""

from django.contrib import admin

from impactdays.common.admin import ReadOnlyAdmin, ReadOnlyInline
from impactdays.decisions.models import (
    Commitment,
    CommitmentUpdate,
    Decision,
    DecisionVersion,
    Evidence,
    Reminder,
)


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["position", "kind", "summary", "url", "content_type", "object_id"]


class DecisionVersionInline(ReadOnlyInline):
    model = DecisionVersion
    fields = ["version", "is_adopted", "voter_count", "participant_count", "decided_at"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin[Decision]):
    list_display = ["title", "edition", "status", "version"]
    list_filter = ["status"]
    list_select_related = ["edition"]
    inlines = [EvidenceInline, DecisionVersionInline]


class CommitmentUpdateInline(ReadOnlyInline):
    model = CommitmentUpdate
    fields = ["happened_on", "text", "link", "photo"]


class ReminderInline(ReadOnlyInline):
    model = Reminder
    fields = ["kind", "due_on", "send_on", "sent_at"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin[Commitment]):
    list_display = ["what", "decision", "committer", "organisation", "due_on", "status"]
    list_filter = ["status"]
    list_select_related = ["decision", "committer", "organisation"]
    inlines = [CommitmentUpdateInline, ReminderInline]
