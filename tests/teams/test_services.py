"""Setup checks, formation runs, manual changes with optimistic locking, publishing, canvases."""

import pytest
from django.core.exceptions import ValidationError

from impactdays.teams import services
from impactdays.teams.formation import formation_plan, session_scores
from impactdays.teams.models import CanvasRevision, FormationRun, Pair, TeamMember
from tests.people.factories import UserFactory
from tests.teams.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def test_bounds_that_cannot_hold_everyone_are_explained_before_anything_runs(session, people):
    services.session_update(
        session=session, values={"min_team_size": 4, "max_team_size": 5}, actor=None
    )

    with pytest.raises(ValidationError) as raised:
        services.formation_run_start(session=session, actor=None)

    assert "6 people cannot fill 2 teams of at least 4" in raised.value.messages[0]
    assert not FormationRun.objects.exists()


def test_contradictory_pairs_are_explained_with_names(session, people):
    services.session_update(session=session, values={"organisations_apart": False}, actor=None)
    services.pair_add(
        session=session, first=people[0], second=people[1], kind="together", actor=None
    )
    services.pair_add(
        session=session, first=people[1], second=people[2], kind="together", actor=None
    )
    services.pair_add(session=session, first=people[0], second=people[2], kind="apart", actor=None)

    problems = formation_plan(session).problems

    assert problems == [
        "Member 0 and Member 2 must be kept apart, but the keep-together pairs put them in one team."
    ]


def test_a_pair_is_not_kept_both_apart_and_together(session, people):
    services.pair_add(session=session, first=people[0], second=people[1], kind="apart", actor=None)

    with pytest.raises(ValidationError, match="cannot be kept apart and together"):
        services.pair_add(
            session=session, first=people[1], second=people[0], kind="together", actor=None
        )


def test_too_many_people_of_one_organisation_are_explained(session, people):
    for _index in range(3):
        ParticipantFactory(session=session, user=UserFactory(organisation="Alpha"))

    problems = formation_plan(session).problems

    assert any("5 people come from Alpha but there are only 3 teams" in p for p in problems)


def test_a_run_forms_diverse_teams_that_keep_organisations_apart(
    session, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        run = services.formation_run_start(session=session, seed=3, actor=None)

    run.refresh_from_db()
    scores = session_scores(session)
    assert run.status == FormationRun.Status.DONE
    assert sorted(len(row.members) for row in scores.teams) == [3, 3]
    assert all(row.breaks == [] for row in scores.teams)
    assert scores.diversity > scores.random_diversity
    assert {row.team.topic.title for row in scores.teams} == {"Courtyards", "River banks"}


def test_a_rerun_keeps_locked_teams(session, people, formed, django_capture_on_commit_callbacks):
    services.team_lock_set(team=formed[0], is_locked=True, version=None, actor=None)
    locked_members = set(formed[0].members.values_list("user_id", flat=True))

    with django_capture_on_commit_callbacks(execute=True):
        services.formation_run_start(session=session, seed=5, actor=None)

    formed[0].refresh_from_db()
    assert formed[0].is_locked
    assert set(formed[0].members.values_list("user_id", flat=True)) == locked_members
    assert TeamMember.objects.filter(session=session).count() == 6


def test_a_move_flags_the_broken_rules_and_changes_the_score(session, people, formed):
    before = session_scores(session)

    services.team_member_move(
        session=session, user=people[3], team=formed[0], version=session.version, actor=None
    )

    after = session_scores(session)
    assert after.teams[0].breaks == [
        "4 members, outside 2 to 3.",
        "Member 0 and Member 3 are both from Alpha.",
    ]
    assert after.diversity != before.diversity


def test_two_facilitators_do_not_lose_each_others_moves(session, people, formed):
    seen_by_both = session.version
    services.team_members_swap(
        session=session, first=people[0], second=people[3], version=seen_by_both, actor=None
    )

    with pytest.raises(ValidationError, match="Another facilitator changed the teams") as raised:
        services.team_member_move(
            session=session, user=people[1], team=formed[1], version=seen_by_both, actor=None
        )

    assert raised.value.code == "stale"
    assert TeamMember.objects.get(user=people[0]).team == formed[1]
    assert TeamMember.objects.get(user=people[1]).team == formed[0]


def test_publishing_opens_a_canvas_per_team(session, formed):
    services.session_publish(session=session, version=session.version, actor=None)

    session.refresh_from_db()
    assert session.is_published
    assert all(hasattr(team, "canvas") for team in session.teams.all())


def test_a_canvas_keeps_its_revisions_and_refuses_a_stale_save(session, published):
    canvas = published[0].canvas
    services.canvas_save(
        canvas=canvas, sections={"problem": "Empty courtyards"}, version=0, actor=None
    )
    services.canvas_save(
        canvas=canvas, sections={"idea": "Courtyard festivals"}, version=1, actor=None
    )

    with pytest.raises(ValidationError, match="Someone else saved the canvas"):
        services.canvas_save(
            canvas=canvas, sections={"idea": "Something else"}, version=1, actor=None
        )

    canvas.refresh_from_db()
    assert canvas.sections == {"problem": "Empty courtyards", "idea": "Courtyard festivals"}
    assert list(CanvasRevision.objects.values_list("version", flat=True)) == [2, 1]


def test_a_canvas_refuses_an_unknown_section(session, published):
    with pytest.raises(ValidationError, match="not a section"):
        services.canvas_save(
            canvas=published[0].canvas, sections={"budget": "x"}, version=0, actor=None
        )


def test_pairs_need_people_of_the_session(session, people):
    with pytest.raises(ValidationError, match="Both people must take part"):
        services.pair_add(
            session=session, first=people[0], second=UserFactory(), kind=Pair.Kind.APART, actor=None
        )


def test_an_application_answer_counts_towards_diversity(session, people):
    import datetime as dt

    from django.utils import timezone

    from impactdays.applications.services import call_create
    from impactdays.teams.formation import attribute_labels, distances_of
    from tests.applications.factories import ApplicationFactory

    now = timezone.now()
    call = call_create(
        edition=session.edition,
        title="Call",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=1),
        seats=10,
        actor=None,
    )
    for index, user in enumerate(people[:3]):
        ApplicationFactory(call=call, applicant=user, answers={"alumni": "yes" if index else "no"})
    assert "answer:alumni" in attribute_labels(session.edition)

    updated = services.session_update(
        session=session, values={}, weights={"answer:alumni": 2.0}, actor=None
    )
    distance = distances_of(updated, people[:3])

    assert distance[0, 1] == 2.0
    assert distance[1, 2] == 0.0
    with pytest.raises(ValidationError, match="not an attribute"):
        services.session_update(
            session=session, values={}, weights={"answer:motto": 1.0}, actor=None
        )


def test_a_second_run_waits_for_the_first_unless_it_was_lost(session, people):
    import datetime as dt

    first = services.formation_run_start(session=session, seed=1, actor=None, enqueue=False)

    with pytest.raises(ValidationError, match="already running"):
        services.formation_run_start(session=session, seed=2, actor=None, enqueue=False)
    FormationRun.objects.filter(pk=first.pk).update(
        created_at=first.created_at - dt.timedelta(hours=1)
    )
    second = services.formation_run_start(session=session, seed=2, actor=None, enqueue=False)

    assert second.status == FormationRun.Status.QUEUED


def test_a_persons_data_download_holds_their_sessions_and_canvas_work(session, people, published):
    from impactdays.people.personal_data import personal_data_of

    canvas = published[0].canvas
    services.canvas_save(canvas=canvas, sections={"idea": "Gardens"}, version=0, actor=people[0])
    services.canvas_comment_add(canvas=canvas, body="Let us ask the council.", actor=people[0])

    mine = personal_data_of(people[0])["creative_sessions"]

    assert mine["sessions"][0]["team"] == "Team 1"
    assert mine["canvas_revisions"][0]["sections"] == {"idea": "Gardens"}
    assert mine["canvas_comments"][0]["body"] == "Let us ask the council."
    assert personal_data_of(people[3])["creative_sessions"]["canvas_comments"] == []
