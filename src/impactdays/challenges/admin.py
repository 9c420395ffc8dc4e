"""Challenges in the Django admin: read-only, since every change goes through the services
(photos must be stripped of metadata, moves follow the table, hiding is audited)."""

from django.contrib import admin

from impactdays.challenges.models import Challenge, Observation, Photo, Place, Report
from impactdays.common.admin import ReadOnlyAdmin


@admin.register(Challenge)
class ChallengeAdmin(ReadOnlyAdmin[Challenge]):
    list_display = ["title", "edition", "status", "is_hidden"]
    list_filter = ["status", "is_hidden"]


@admin.register(Place)
class PlaceAdmin(ReadOnlyAdmin[Place]):
    list_display = ["name", "edition", "is_hidden"]


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin[Observation]):
    list_display = ["__str__", "edition", "author", "is_hidden"]
    list_filter = ["is_hidden"]


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdmin[Photo]):
    list_display = ["__str__", "edition", "shows_people", "has_consent", "is_hidden"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin[Report]):
    list_display = ["__str__", "edition", "resolved_at"]
