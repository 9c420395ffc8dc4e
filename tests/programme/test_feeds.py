"""Calendar feeds and the frab exports, validated against the voc/schedule schemas (frab/README.md)."""

import json
from pathlib import Path

import icalendar
import jsonschema_rs
import pytest
from lxml import etree

from impactdays.forums.links import edition_url
from impactdays.programme import services
from impactdays.programme.models import Session

pytestmark = pytest.mark.django_db

SCHEMAS = Path(__file__).parent / "frab"


@pytest.fixture
def published(edition, organiser, sessions):
    sessions[0].materials = [{"title": "Slides", "url": "https://example.org/slides"}]
    sessions[0].save()
    return services.schedule_publish(edition=edition, actor=organiser)


def test_frab_json_validates_against_the_voc_schema(client, edition, published, sessions):
    response = client.get(edition_url("programme:schedule-json", edition))

    data = response.json()
    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    validator = jsonschema_rs.validator_for(schema)
    assert [error.message for error in validator.iter_errors(data)] == []
    days = data["schedule"]["conference"]["days"]
    assert [day["date"] for day in days] == ["2018-10-05", "2018-10-06"]
    titles = {
        event["title"] for day in days for events in day["rooms"].values() for event in events
    }
    assert titles == {s.title for s in sessions}


def test_frab_xml_validates_against_the_voc_xsd(client, edition, published):
    response = client.get(edition_url("programme:schedule-xml", edition))

    # Both documents are ours (the stored schema, our own export), not untrusted input.
    schema = etree.XMLSchema(etree.parse(str(SCHEMAS / "schedule.xml.xsd")))  # noqa: S320
    document = etree.fromstring(response.content)  # noqa: S320
    assert schema.validate(document), schema.error_log
    assert document.xpath("count(//event)") == 3


def test_frab_json_schema_refuses_a_broken_export(client, edition, published):
    data = client.get(edition_url("programme:schedule-json", edition)).json()
    del data["schedule"]["conference"]["days"][0]["rooms"]

    schema = json.loads((SCHEMAS / "schedule.schema.json").read_text())
    assert not jsonschema_rs.validator_for(schema).is_valid(data)


def test_programme_ical_has_every_published_session(client, edition, published, sessions):
    response = client.get(edition_url("programme:programme-ical", edition))

    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert sorted(str(e["summary"]) for e in events) == sorted(s.title for s in sessions)
    keynote = next(e for e in events if str(e["summary"]) == "Dialogue in the Dark")
    assert keynote.decoded("dtstart").isoformat() == "2018-10-05T07:00:00+00:00"
    assert str(keynote["location"]) == "Hall"


def test_session_ical_has_one_event(client, edition, published, sessions):
    response = client.get(edition_url("programme:session-ical", edition, pk=sessions[2].pk))

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Great Manufactory walk"]
    assert events[0]["geo"].latitude == 57.61


def test_nothing_is_public_before_publishing(client, edition, sessions):
    for name in ("programme-ical", "schedule-json", "schedule-xml"):
        assert client.get(edition_url(f"programme:{name}", edition)).status_code == 404
    page = client.get(edition_url("programme:timetable", edition))
    assert "Dialogue in the Dark" not in page.content.decode()


def test_unpublished_changes_stay_out_of_the_feeds(client, edition, organiser, published, sessions):
    services.session_create(
        edition=edition,
        actor=organiser,
        kind=Session.Kind.TALK,
        title="Not yet announced",
        starts_at=sessions[0].starts_at,
        ends_at=sessions[0].ends_at,
    )

    body = client.get(edition_url("programme:programme-ical", edition)).content.decode()

    assert "Not yet announced" not in body


def test_agenda_feed_shows_the_persons_sessions_until_revoked(
    client, edition, participant, published, sessions
):
    services.star_set(session=sessions[1], user=participant, is_starred=True)
    link = services.agenda_link_create(edition=edition, user=participant)
    url = f"/programme/agenda/{link.token}.ics"

    events = icalendar.Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Social Impact Breakfast"]

    services.agenda_link_revoke(edition=edition, user=participant)

    response = client.get(url)
    assert response.status_code == 404
    assert b"Breakfast" not in response.content
    assert client.get("/programme/agenda/not-a-token.ics").status_code == 404
