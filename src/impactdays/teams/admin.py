"""Creative sessions in the Django admin: read-only, since every change goes through the services."""

from django.contrib import admin

from impactdays.common.admin import ReadOnlyAdmin, ReadOnlyInline
from impactdays.teams.models import Canvas, CreativeSession, FormationRun, Team, Topic


class TopicInline(ReadOnlyInline):
    model = Topic
    fields = ["position", "title"]


class RunInline(ReadOnlyInline):
    model = FormationRun
    fields = ["created_at", "status", "seed", "rounds", "diversity", "message"]


@admin.register(CreativeSession)
class CreativeSessionAdmin(ReadOnlyAdmin[CreativeSession]):
    list_display = ["title", "edition", "starts_at", "published_at"]
    list_select_related = ["edition"]
    inlines = [TopicInline, RunInline]


@admin.register(Team)
class TeamAdmin(ReadOnlyAdmin[Team]):
    list_display = ["__str__", "session", "topic", "is_locked"]
    list_select_related = ["session", "topic"]


@admin.register(Canvas)
class CanvasAdmin(ReadOnlyAdmin[Canvas]):
    list_display = ["__str__", "version", "updated_at"]
    list_select_related = ["team__session"]
