"""The open call in the Django admin: read-only, since every change goes through the services."""

from django.contrib import admin

from impactdays.applications.models import Application, Call, Criterion, Question, Review
from impactdays.common.admin import ReadOnlyAdmin, ReadOnlyInline


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ["position", "key", "kind", "label", "is_required"]


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ["position", "label", "weight"]


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin[Call]):
    list_display = ["title", "edition", "opens_at", "closes_at", "seats"]
    list_select_related = ["edition"]
    inlines = [QuestionInline, CriterionInline]


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ["reviewer", "weighted_score", "submitted_at"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin[Application]):
    list_display = ["pk", "applicant", "call", "status", "submitted_at"]
    list_filter = ["status"]
    list_select_related = ["applicant", "call"]
    search_fields = ["applicant__email", "applicant__display_name"]
    inlines = [ReviewInline]
