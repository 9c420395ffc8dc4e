"""The applications API: the call as public as its edition, the caller's own application only."""

import pytest

from impactdays.applications.models import Application
from impactdays.forums.models import Edition
from tests.applications.factories import ApplicationFactory
from tests.people.factories import UserFactory
from tests.permissions import edition_at

pytestmark = pytest.mark.django_db


def _path(call, tail=""):
    return f"/editions/{call.edition_id}/call{tail}"


def test_anyone_reads_the_call_with_its_questions(anonymous_api, call):
    body = anonymous_api.get(_path(call)).json()

    assert body["title"] == "Call for participants"
    assert [q["key"] for q in body["questions"]][:3] == ["motivation", "experience", "alumni"]
    sector = next(q for q in body["questions"] if q["key"] == "sector")
    assert sector["choices"][0] == {"key": "business", "label": "Business"}


def test_the_call_of_a_draft_edition_is_hidden(anonymous_api, call):
    edition_at(call.edition, Edition.Status.DRAFT)

    assert anonymous_api.get(_path(call)).status_code == 404


def test_an_applicant_applies_and_reads_only_their_own(api_as, call, answers):
    applicant = UserFactory()
    ApplicationFactory(call=call, answers={**answers, "motivation": "Someone else's secret"})
    api = api_as(applicant)

    saved = api.put(_path(call, "/application"), {"answers": answers, "submit": True})
    mine = api.get(_path(call, "/application"))

    assert saved.status_code == 200
    assert saved.json()["status"] == "submitted"
    assert mine.json()["answers"] == answers
    assert Application.objects.get(applicant=applicant).answers == answers


def test_someone_without_an_application_gets_404(api_as, anonymous_api, call):
    ApplicationFactory(call=call)

    assert api_as(UserFactory()).get(_path(call, "/application")).status_code == 404
    assert anonymous_api.get(_path(call, "/application")).status_code == 404


def test_answers_that_break_the_rules_are_refused_and_nothing_is_saved(api_as, call, answers):
    api = api_as(UserFactory())

    reply = api.put(
        _path(call, "/application"), {"answers": {**answers, "sector": "astrology"}, "submit": True}
    )
    wrong_type = api.put(_path(call, "/application"), {"answers": {"consent": 1}, "submit": True})

    assert reply.status_code == 422
    assert reply.json()["errors"] == {"sector": ["Choose from the list."]}
    assert wrong_type.status_code == 422
    assert not Application.objects.exists()


def test_anonymous_writes_are_refused(anonymous_api, call, answers):
    reply = anonymous_api.put(_path(call, "/application"), {"answers": answers})

    assert reply.status_code == 401
    assert not Application.objects.exists()


def test_withdraw_through_the_api(api_as, call):
    application = ApplicationFactory(call=call)

    reply = api_as(application.applicant).post(_path(call, "/application/withdraw"), {})

    assert reply.json()["status"] == "withdrawn"
