import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from impactdays.common.models import AuditEntry
from impactdays.forums import services
from impactdays.forums.formats import default_format
from impactdays.forums.models import Edition, EditionPartner, EditionRole, Room, Venue
from tests.forums.factories import (
    EditionFactory,
    EditionPartnerFactory,
    EditionRoleFactory,
    ForumSeriesFactory,
    RoomFactory,
    VenueFactory,
)
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def _edition_fields(**overrides):
    fields = {
        "title": "Social Impact Days Kaunas 2027",
        "year": 2027,
        "city": "Kaunas",
        "country": "LT",
        "latitude": 54.8985,
        "longitude": 23.9036,
        "starts_on": dt.date(2027, 9, 16),
        "ends_on": dt.date(2027, 9, 19),
        "languages": ["en", "lt"],
        "time_zone": "Europe/Vilnius",
    }
    fields.update(overrides)
    return fields


def test_edition_create_starts_as_draft_with_series_format_and_actor_as_organiser():
    series = ForumSeriesFactory(
        format={**default_format(), "challenges": {"observation_tags": ["river"]}}
    )
    actor = UserFactory()

    edition = services.edition_create(series=series, actor=actor, **_edition_fields())

    assert edition.status == Edition.Status.DRAFT
    assert edition.slug == "kaunas-2027"
    assert edition.format["challenges"] == {"observation_tags": ["river"]}
    assert list(EditionRole.objects.filter(edition=edition).values_list("user", "role")) == [
        (actor.pk, "organiser")
    ]
    assert (
        AuditEntry.objects.filter(action="edition_create", target_id=str(edition.pk)).count() == 1
    )


def test_edition_create_ending_before_start_writes_nothing():
    series = ForumSeriesFactory()

    with pytest.raises(ValidationError) as error:
        services.edition_create(
            series=series, actor=UserFactory(), **_edition_fields(ends_on=dt.date(2027, 9, 1))
        )

    assert error.value.message_dict["ends_on"] == ["The edition cannot end before it starts."]
    assert Edition.objects.count() == 0
    assert EditionRole.objects.count() == 0


@pytest.mark.parametrize(
    ("field", "value"),
    [("latitude", 91.0), ("longitude", -181.0), ("time_zone", "Mars/Olympus"), ("languages", [])],
)
def test_edition_create_rejects_bad_field(field, value):
    series = ForumSeriesFactory()

    with pytest.raises(ValidationError) as error:
        services.edition_create(series=series, actor=None, **_edition_fields(**{field: value}))

    assert field in error.value.message_dict
    assert Edition.objects.count() == 0


def test_edition_slug_is_unique_within_series():
    series = ForumSeriesFactory()
    first = services.edition_create(series=series, actor=None, **_edition_fields())

    second = services.edition_create(series=series, actor=None, **_edition_fields(title="Second"))

    assert (first.slug, second.slug) == ("kaunas-2027", "kaunas-2027-2")


def test_edition_update_changes_fields_and_audits_old_values():
    edition = EditionFactory(theme="Old theme")
    actor = UserFactory()

    services.edition_update(edition=edition, actor=actor, theme="New theme")

    edition.refresh_from_db()
    assert edition.theme == "New theme"
    entry = AuditEntry.objects.get(action="edition_update")
    assert (entry.actor, entry.data) == (actor, {"theme_en": "Old theme"})


def test_edition_update_invalid_value_leaves_row_unchanged():
    edition = EditionFactory(latitude=57.6)

    with pytest.raises(ValidationError):
        services.edition_update(edition=edition, actor=None, latitude=200.0)

    edition.refresh_from_db()
    assert edition.latitude == 57.6


def test_edition_update_refuses_unknown_field():
    edition = EditionFactory()

    with pytest.raises(ValidationError, match="status"):
        services.edition_update(edition=edition, actor=None, status="live")

    edition.refresh_from_db()
    assert edition.status == Edition.Status.OPEN_CALL


def test_edition_update_refused_once_report_is_published():
    edition = EditionFactory(status=Edition.Status.REPORT_PUBLISHED, theme="Kept")

    with pytest.raises(ValidationError, match="report of this edition is published"):
        services.edition_update(edition=edition, actor=None, theme="Changed")

    edition.refresh_from_db()
    assert edition.theme == "Kept"


def _all_moves():
    statuses = list(Edition.Status.values)
    return [(a, b) for a in statuses for b in statuses if a != b]


@pytest.mark.parametrize(("start", "to"), _all_moves())
def test_edition_status_move_follows_transition_table(start, to):
    edition = EditionFactory(status=start)
    allowed = to in Edition.TRANSITIONS[start]

    if allowed:
        services.edition_status_move(edition=edition, to=to, actor=None)
    else:
        with pytest.raises(ValidationError):
            services.edition_status_move(edition=edition, to=to, actor=None)

    edition.refresh_from_db()
    assert edition.status == (to if allowed else start)


def test_edition_status_move_table_reaches_every_status_from_draft():
    reached, frontier = {"draft"}, ["draft"]
    while frontier:
        for nxt in Edition.TRANSITIONS[frontier.pop()]:
            if nxt not in reached:
                reached.add(nxt)
                frontier.append(nxt)

    assert reached == set(Edition.Status.values)


def test_edition_publish_emails_everyone_with_a_role(django_capture_on_commit_callbacks):
    edition = EditionFactory(status=Edition.Status.DRAFT, title="SID Kaunas")
    people = [
        EditionRoleFactory(edition=edition, role=role).user for role in ("organiser", "speaker")
    ]
    EditionRoleFactory(role="participant")  # someone of another edition

    with django_capture_on_commit_callbacks(execute=True):
        services.edition_status_move(edition=edition, to=Edition.Status.OPEN_CALL, actor=None)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert mail.outbox[0].subject == "SID Kaunas is published"


def test_edition_later_moves_send_no_email(django_capture_on_commit_callbacks):
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    EditionRoleFactory(edition=edition)

    with django_capture_on_commit_callbacks(execute=True):
        services.edition_status_move(edition=edition, to=Edition.Status.SELECTION, actor=None)

    assert mail.outbox == []


def test_edition_replicate_copies_format_rooms_partners_never_people():
    applications = {**default_format()["applications"], "quota_categories": ["country"]}
    source = EditionFactory(format={**default_format(), "applications": applications})
    RoomFactory(venue=VenueFactory(edition=source), name="Main hall", capacity=120)
    partner = EditionPartnerFactory(edition=source, role=EditionPartner.Role.HOST)
    EditionRoleFactory(edition=source, role="participant")
    organiser = UserFactory()

    copy = services.edition_replicate(
        source=source,
        city="Kaunas",
        country="LT",
        year=2027,
        starts_on=dt.date(2027, 9, 16),
        ends_on=dt.date(2027, 9, 19),
        latitude=54.9,
        longitude=23.9,
        include_partners=True,
        actor=organiser,
    )

    assert copy.status == Edition.Status.DRAFT
    assert copy.replicated_from == source
    assert copy.format["applications"]["quota_categories"] == ["country"]
    assert copy.room_template == [{"name": "Main hall", "capacity": 120}]
    assert list(copy.partners.values_list("organisation", "role")) == [
        (partner.organisation_id, "host")
    ]
    assert list(copy.roles.values_list("user", "role")) == [(organiser.pk, "organiser")]
    assert Venue.objects.filter(edition=copy).count() == 0


def test_edition_replicate_without_partners_copies_none():
    source = EditionFactory()
    EditionPartnerFactory(edition=source)

    copy = services.edition_replicate(
        source=source,
        city="Kaunas",
        country="LT",
        year=2027,
        starts_on=dt.date(2027, 9, 16),
        ends_on=dt.date(2027, 9, 19),
        latitude=54.9,
        longitude=23.9,
        actor=None,
    )

    assert copy.partners.count() == 0


def test_venue_create_applies_room_template():
    edition = EditionFactory(
        room_template=[{"name": "Hall", "capacity": 80}, {"name": "Lab", "capacity": 12}]
    )

    venue = services.venue_create(
        edition=edition,
        name="Kaunas Cultural Centre",
        address="Laisvės al. 1",
        latitude=54.9,
        longitude=23.9,
        apply_room_template=True,
        actor=None,
    )

    assert sorted(venue.rooms.values_list("name", "capacity")) == [("Hall", 80), ("Lab", 12)]


def test_room_create_rejects_zero_capacity():
    venue = VenueFactory()

    with pytest.raises(ValidationError):
        services.room_create(venue=venue, name="Closet", capacity=0, actor=None)

    assert Room.objects.count() == 0


def test_edition_partner_add_twice_in_same_role_is_refused():
    partner = EditionPartnerFactory(role=EditionPartner.Role.HOST)

    with pytest.raises(ValidationError):
        services.edition_partner_add(
            edition=partner.edition, organisation=partner.organisation, role="host", actor=None
        )

    assert EditionPartner.objects.count() == 1


def test_edition_role_revoke_last_organiser_is_refused():
    grant = EditionRoleFactory(role=EditionRole.Role.ORGANISER)

    with pytest.raises(ValidationError, match="at least one organiser"):
        services.edition_role_revoke(grant=grant, actor=None)

    assert EditionRole.objects.filter(pk=grant.pk).exists()


def test_edition_role_revoke_one_of_two_organisers():
    grant = EditionRoleFactory(role=EditionRole.Role.ORGANISER)
    EditionRoleFactory(edition=grant.edition, role=EditionRole.Role.ORGANISER)

    services.edition_role_revoke(grant=grant, actor=None)

    assert not EditionRole.objects.filter(pk=grant.pk).exists()


def test_edition_replicate_names_each_template_room_once():
    source = EditionFactory()
    RoomFactory(venue=VenueFactory(edition=source), name="Library", capacity=20)
    RoomFactory(venue=VenueFactory(edition=source), name="Library", capacity=35)

    copy = services.edition_replicate(
        source=source,
        city="Kaunas",
        country="LT",
        year=2027,
        starts_on=dt.date(2027, 9, 16),
        ends_on=dt.date(2027, 9, 19),
        latitude=54.9,
        longitude=23.9,
        actor=None,
    )

    assert [room["name"] for room in copy.room_template] == ["Library"]


def test_venue_create_with_repeated_template_room_writes_nothing():
    edition = EditionFactory(room_template=[{"name": "Hall", "capacity": 80}] * 2)

    with pytest.raises(ValidationError, match="names a room twice"):
        services.venue_create(
            edition=edition,
            name="Centre",
            address="Street 1",
            latitude=54.9,
            longitude=23.9,
            apply_room_template=True,
            actor=None,
        )

    assert Venue.objects.count() == 0


def test_edition_update_does_not_undo_a_status_move_made_meanwhile():
    edition = EditionFactory(status=Edition.Status.OPEN_CALL, theme="Old")
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.SELECTION)

    services.edition_update(edition=edition, actor=None, theme="New")

    edition.refresh_from_db()
    assert (edition.status, edition.theme) == (Edition.Status.SELECTION, "New")


def test_edition_update_refused_when_report_was_published_meanwhile():
    edition = EditionFactory(status=Edition.Status.CLOSED, theme="Kept")
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.REPORT_PUBLISHED)

    with pytest.raises(ValidationError, match="report of this edition is published"):
        services.edition_update(edition=edition, actor=None, theme="Changed")

    assert Edition.objects.get(pk=edition.pk).theme == "Kept"


@pytest.mark.django_db(transaction=True)
def test_edition_publish_with_mail_server_down_still_publishes(settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    edition = EditionFactory(status=Edition.Status.DRAFT)
    EditionRoleFactory(edition=edition)

    services.edition_status_move(edition=edition, to=Edition.Status.OPEN_CALL, actor=None)

    assert Edition.objects.get(pk=edition.pk).status == Edition.Status.OPEN_CALL
    assert "Error calling" in caplog.text


# The write guard: every edition-scoped service refuses a frozen edition and audits by edition.


def _frozen_edition_writes(edition, actor):
    venue = VenueFactory(edition=edition)
    room = RoomFactory(venue=venue)
    partner = EditionPartnerFactory(edition=edition)
    grant = EditionRoleFactory(edition=edition, role=EditionRole.Role.SPEAKER)
    return {
        "edition_update": lambda: services.edition_update(edition=edition, actor=actor, theme="X"),
        "venue_create": lambda: services.venue_create(
            edition=edition, name="New", address="A", latitude=1, longitude=1, actor=actor
        ),
        "room_create": lambda: services.room_create(
            venue=venue, name="New", capacity=5, actor=actor
        ),
        "room_delete": lambda: services.room_delete(room=room, actor=actor),
        "venue_delete": lambda: services.venue_delete(venue=venue, actor=actor),
        "edition_partner_add": lambda: services.edition_partner_add(
            edition=edition, organisation=partner.organisation, role="host", actor=actor
        ),
        "edition_partner_remove": lambda: services.edition_partner_remove(
            partner=partner, actor=actor
        ),
        "edition_role_grant": lambda: services.edition_role_grant(
            edition=edition, user=UserFactory(), role="participant", actor=actor
        ),
        "edition_role_revoke": lambda: services.edition_role_revoke(grant=grant, actor=actor),
    }


def test_every_edition_service_refuses_a_frozen_edition_and_writes_nothing():
    edition = EditionFactory(status=Edition.Status.REPORT_PUBLISHED)
    writes = _frozen_edition_writes(edition, UserFactory(is_superuser=True))
    before = (
        list(Venue.objects.values()),
        list(Room.objects.values()),
        list(EditionPartner.objects.values()),
        list(EditionRole.objects.values()),
        AuditEntry.objects.count(),
    )

    refused = {}
    for name, write in writes.items():
        with pytest.raises(ValidationError) as error:
            write()
        refused[name] = error.value.messages

    frozen = ["The report of this edition is published; move it back to closed to edit it."]
    assert refused == {name: frozen for name in writes}
    assert before == (
        list(Venue.objects.values()),
        list(Room.objects.values()),
        list(EditionPartner.objects.values()),
        list(EditionRole.objects.values()),
        AuditEntry.objects.count(),
    )


def test_what_happened_in_an_edition_is_one_query(django_assert_num_queries):
    edition = EditionFactory(status=Edition.Status.OPEN_CALL)
    other = EditionFactory(status=Edition.Status.OPEN_CALL)
    writes = _frozen_edition_writes(edition, UserFactory())
    for write in writes.values():
        write()
    services.venue_create(
        edition=other, name="Elsewhere", address="A", latitude=1, longitude=1, actor=None
    )

    with django_assert_num_queries(1):
        actions = sorted(edition.audit_entries.values_list("action", flat=True))

    assert actions == sorted(writes)


def test_edition_update_from_an_older_version_is_refused_and_writes_nothing():
    edition = EditionFactory(theme="Old", description="Before")
    opened_at = edition.version
    services.edition_update(edition=edition, actor=None, theme="Changed by the API")

    with pytest.raises(ValidationError) as error:
        services.edition_update(
            edition=edition, actor=None, expected_version=opened_at, description="Mine"
        )

    edition.refresh_from_db()
    assert error.value.messages == [
        "Someone else changed this edition after you opened it. Reload the page to see their "
        "changes, then make yours again."
    ]
    assert (edition.theme, edition.description, edition.version) == (
        "Changed by the API",
        "Before",
        opened_at + 1,
    )


def test_edition_update_from_the_current_version_raises_it():
    edition = EditionFactory()

    services.edition_update(
        edition=edition, actor=None, expected_version=edition.version, theme="New"
    )

    assert Edition.objects.get(pk=edition.pk).version == 2


def test_edition_replicate_twice_to_the_same_city_and_year_is_refused():
    source = EditionFactory(status=Edition.Status.CLOSED)
    where = {
        "city": "Kaunas",
        "country": "LT",
        "year": 2027,
        "starts_on": dt.date(2027, 9, 16),
        "ends_on": dt.date(2027, 9, 19),
        "latitude": 54.9,
        "longitude": 23.9,
    }
    first = services.edition_replicate(source=source, actor=None, **where)

    with pytest.raises(ValidationError) as error:
        services.edition_replicate(source=source, actor=None, **{**where, "city": " kaunas"})

    assert error.value.message_dict == {
        "city": [f"{source.series.name} already has an edition in Kaunas in 2027: “{first.title}”."]
    }
    assert Edition.objects.filter(series=source.series, year=2027).count() == 1


def test_edition_slug_keeps_a_cyrillic_city():
    edition = services.edition_create(
        series=ForumSeriesFactory(),
        actor=None,
        **_edition_fields(city="Санкт-Петербург", country="RU", time_zone="Europe/Moscow"),
    )

    assert edition.slug == "sankt-peterburg-2027"


@pytest.mark.parametrize("city", ["!!!", "2027", "  "])
def test_edition_create_refuses_a_city_without_letters(city):
    with pytest.raises(ValidationError) as error:
        services.edition_create(
            series=ForumSeriesFactory(), actor=None, **_edition_fields(city=city)
        )

    assert "city" in error.value.message_dict
    assert Edition.objects.count() == 0


def test_room_capacity_beyond_any_room_is_refused_in_words():
    venue = VenueFactory()

    with pytest.raises(ValidationError) as error:
        services.room_create(venue=venue, name="Stadium", capacity=2_147_483_648, actor=None)

    assert error.value.message_dict == {
        "capacity": ["A room seats at most 100000 people; a larger space is an outdoor place."]
    }
    assert Room.objects.count() == 0


def test_edition_status_move_to_an_unknown_status_says_where_it_can_go():
    edition = EditionFactory(status=Edition.Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.edition_status_move(edition=edition, to="bogus", actor=None)

    assert error.value.messages == [
        "“bogus” is not a status. From Draft the edition can move to: Open call."
    ]
