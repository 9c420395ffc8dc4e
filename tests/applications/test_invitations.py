"""Invitations: the panel is invited, confirms or declines by the deadline; a decline or an expiry
draws a replacement that keeps the quotas; confirmed applicants become participants."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from impactdays.applications import invitations
from impactdays.applications.models import Application, Invitation
from impactdays.forums.links import edition_url
from impactdays.forums.models import EditionRole
from tests.people.factories import UserFactory

pytestmark = pytest.mark.django_db


def _country(invitation: Invitation) -> str:
    return invitation.application.answers["country"]


@pytest.fixture
def invited(drawn, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invitations_send(
            run=drawn, respond_by=timezone.now() + dt.timedelta(days=5), actor=None
        )
    return list(Invitation.objects.select_related("application__applicant"))


def test_the_panel_is_invited_by_mail(drawn, invited):
    assert sorted(str(i.application_id) for i in invited) == sorted(drawn.panel)
    assert len(mail.outbox) == 4
    assert {message.to[0] for message in mail.outbox} == {
        i.application.applicant.email for i in invited
    }


def test_invitations_go_out_once(drawn, invited):
    with pytest.raises(ValidationError):
        invitations.invitations_send(
            run=drawn, respond_by=timezone.now() + dt.timedelta(days=5), actor=None
        )

    assert Invitation.objects.count() == 4


def test_a_confirmation_makes_a_participant(invited):
    invitation = invited[0]
    applicant = invitation.application.applicant

    invitations.invitation_respond(invitation=invitation, user=applicant, is_accepted=True)

    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.CONFIRMED
    assert EditionRole.objects.filter(
        user=applicant, edition=invitation.edition, role=EditionRole.Role.PARTICIPANT
    ).exists()


def test_a_decline_draws_a_replacement_that_keeps_the_quotas(invited):
    leaving = next(i for i in invited if _country(i) == "AM")

    _invitation, replacement = invitations.invitation_respond(
        invitation=leaving, user=leaving.application.applicant, is_accepted=False
    )

    assert replacement is not None
    assert replacement.replaces == leaving
    assert _country(replacement) == "AM"
    assert str(replacement.application_id) not in {str(i.application_id) for i in invited}
    open_countries = sorted(
        _country(i) for i in Invitation.objects.filter(status=Invitation.Status.INVITED)
    )
    assert open_countries == ["AM", "AM", "GE", "GE"]


def test_the_waiting_list_runs_dry_and_the_seat_stays_empty(invited):
    # Four Armenians applied: two invited; two declines use up the other two.
    for _round in range(3):
        leaving = (
            Invitation.objects.filter(status=Invitation.Status.INVITED)
            .select_related("application")
            .filter(application__answers__country="AM")
            .first()
        )
        _inv, replacement = invitations.invitation_respond(
            invitation=leaving, user=leaving.application.applicant, is_accepted=False
        )

    assert replacement is None


def test_someone_else_cannot_answer_an_invitation(invited):
    invitation = invited[0]

    with pytest.raises(ValidationError):
        invitations.invitation_respond(invitation=invitation, user=UserFactory(), is_accepted=True)

    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.INVITED


def test_a_late_answer_is_refused_and_the_expiry_replaces(invited):
    invitation = invited[0]

    with time_machine.travel(invitation.respond_by + dt.timedelta(minutes=1)):
        with pytest.raises(ValidationError) as error:
            invitations.invitation_respond(
                invitation=invitation, user=invitation.application.applicant, is_accepted=True
            )
        replacements = invitations.invitations_expire(edition=invitation.edition, actor=None)

    assert error.value.messages == ["The deadline to answer this invitation has passed."]
    assert len(replacements) == 4
    assert Invitation.objects.filter(status=Invitation.Status.EXPIRED).count() == 4


def test_the_applicant_confirms_on_the_call_page(client, invited):
    invitation = invited[0]
    client.force_login(invitation.application.applicant)

    page = client.get(edition_url("applications:call-detail", invitation.edition))
    client.post(edition_url("applications:invitation-respond", invitation.edition), {"confirm": ""})

    assert "Confirm my seat" in page.content.decode()
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.CONFIRMED


def test_an_applicant_without_an_invitation_finds_none(client, invited):
    outsider_application = Application.objects.exclude(
        pk__in=[i.application_id for i in invited]
    ).first()
    client.force_login(outsider_application.applicant)

    response = client.post(
        edition_url("applications:invitation-respond", invited[0].edition), {"confirm": ""}
    )

    assert response.status_code == 404
    assert not Invitation.objects.filter(status=Invitation.Status.CONFIRMED).exists()


def test_the_organiser_invites_from_the_run_page(client, organiser, drawn):
    client.force_login(organiser)

    client.post(
        edition_url("applications:invitations-send", drawn.call.edition, pk=drawn.pk),
        {"respond_by": "2099-01-01T12:00"},
    )

    assert Invitation.objects.count() == 4


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider"])
def test_invitation_writes_are_closed_to(request, client, drawn, role):
    client.force_login(request.getfixturevalue(role))

    replies = [
        client.post(
            edition_url("applications:invitations-send", drawn.call.edition, pk=drawn.pk),
            {"respond_by": "2099-01-01T12:00"},
        ),
        client.post(edition_url("applications:invitations-expire", drawn.call.edition)),
    ]

    assert [reply.status_code for reply in replies] == [403, 403]
    assert not Invitation.objects.exists()


def test_the_hourly_task_expires_overdue_invitations(invited):
    from impactdays.applications.tasks import invitations_expire_task

    with time_machine.travel(invited[0].respond_by + dt.timedelta(minutes=1)):
        replaced = invitations_expire_task.delay().get()

    assert replaced == 4
    assert not Invitation.objects.filter(
        status=Invitation.Status.INVITED, replaces__isnull=True
    ).exists()


def test_invitations_without_notice_send_no_mail(drawn, django_capture_on_commit_callbacks):
    """The demo's past call: its invitations and replacement are records, not e-mails."""
    with django_capture_on_commit_callbacks(execute=True):
        sent = invitations.invitations_send(
            run=drawn, respond_by=timezone.now() + dt.timedelta(days=5), actor=None, notify=False
        )
        _invitation, replacement = invitations.invitation_respond(
            invitation=sent[0],
            user=sent[0].application.applicant,
            is_accepted=False,
            notify=False,
        )

    assert len(sent) == 4
    assert replacement is not None
    assert mail.outbox == []
