from io import StringIO

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from impactdays.forums.links import edition_url
from impactdays.forums.models import Edition, EditionRole, Organisation
from impactdays.people.models import User
from impactdays.programme.models import PreferenceRound, ScheduleVersion, Session

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # the demo is for development machines; pytest-django turns DEBUG off


def _counts() -> dict[str, int]:
    """Every model's row count: a second build may add nothing anywhere, in any app."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_builds_yaroslavl_2018_as_in_the_article(demo_forum):
    edition = Edition.objects.get(city="Yaroslavl", year=2018)
    assert edition.theme == "Unlocking Communities' Potential for Collaborative Cities"
    assert edition.is_illustrative is False
    assert edition.venues.get().name == "Textil Cultural Center"
    assert sorted(edition.partners.values_list("organisation__name", "role")) == [
        ("International Alumni Center", "organiser"),
        ("MitOst", "initiator"),
        ("SOL Social Innovation Support Center", "organiser"),
        ("Textil Cultural Center", "host"),
    ]


def test_demo_has_about_45_participants_from_12_countries_and_the_article_sectors(demo_forum):
    # The article's participants; the 2018 call's confirmed applicants are participants too.
    participants = User.objects.filter(
        edition_roles__edition__city="Yaroslavl", edition_roles__role=EditionRole.Role.PARTICIPANT
    ).exclude(applications__call__edition__city="Yaroslavl")
    assert participants.count() == 45
    assert participants.values("country").distinct().count() >= 12
    assert {"business", "urbanism", "volunteering", "education", "finance", "investment"} <= set(
        participants.values_list("sector", flat=True)
    )


def test_demo_marks_earlier_editions_illustrative(demo_forum):
    assert sorted(
        Edition.objects.filter(is_illustrative=True).values_list("country", flat=True)
    ) == ["AM", "GE", "LT", "UA"]


def test_demo_has_one_account_per_role_and_prints_them(demo_forum):
    out = StringIO()

    call_command("demo", stdout=out)

    roles = set(
        EditionRole.objects.filter(user__email__endswith="@demo.impactdays.org")
        .exclude(user__email__startswith="participant0")
        .exclude(user__email__regex=r"^participant\d")
        .values_list("role", flat=True)
    )
    assert roles == set(EditionRole.Role.values)
    assert User.objects.get(email="admin@demo.impactdays.org").is_superuser
    for role in (
        "admin",
        "organiser",
        "facilitator",
        "reviewer",
        "speaker",
        "participant",
        "partner",
    ):
        assert f"{role}@demo.impactdays.org" in out.getvalue()


def test_demo_is_idempotent(demo_forum):
    first = _counts()

    call_command("demo", stdout=StringIO())

    assert _counts() == first


def test_demo_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="only runs with DEBUG on"):
        call_command("demo", stdout=StringIO())

    assert User.objects.count() == 0


def test_demo_never_promotes_an_existing_account():
    existing = User.objects.create_user(
        email="admin@demo.impactdays.org", password="their-own-pw-42"
    )

    call_command("demo", stdout=StringIO())

    existing.refresh_from_db()
    assert (existing.is_superuser, existing.is_staff) == (False, False)
    assert existing.check_password("their-own-pw-42")


@pytest.mark.parametrize(
    ("language", "title", "place", "description", "venue", "room"),
    [
        (
            "ru",
            "Social Impact Days Ярославль 2018",
            "Ярославль, Россия",
            "Более 40 участников из разных европейских стран приехали в Ярославль",
            "Культурный центр «Текстиль»",
            "Большой зал",
        ),
        (
            "de",
            "Social Impact Days Jaroslawl 2018",
            "Jaroslawl, Russland",
            "Mehr als 40 Teilnehmende aus verschiedenen europäischen Ländern kamen nach",
            "Kulturzentrum Textil",
            "Großer Saal",
        ),
    ],
)
def test_demo_2018_edition_reads_in_russian_and_german(
    client, demo_forum, language, title, place, description, venue, room
):
    path = Edition.objects.get(city_en="Yaroslavl", year=2018).get_absolute_url()

    page = client.get(f"/{language}{path}").content.decode()

    assert f"<h1>{title}</h1>" in page
    assert f"<dd>{place}</dd>" in page
    assert description in page
    assert f"<h3>{venue}</h3>" in page
    assert f"<td>{room}</td>" in page
    assert 'class="translation-note"' not in page  # nothing falls back to another language


def test_demo_content_is_complete_in_every_language(demo_forum):
    from impactdays.common.translated import translated_field_names, translations_of
    from impactdays.forums.models import ForumSeries, Room, Venue

    missing = [
        (model.__name__, str(instance), field, language)
        for model in [Organisation, ForumSeries, Edition, Venue, Room]
        for instance in model.objects.all()
        for field in translated_field_names(model)
        for language, text in translations_of(instance, field).items()
        if not text and any(translations_of(instance, field).values())
    ]
    assert missing == []


def test_demo_opens_the_kaunas_call_with_applications_reviews_and_quotas(demo_forum):
    from impactdays.applications.models import Application, Call, Quota, Review

    call = Call.objects.get(edition__city="Kaunas")
    submitted = call.applications.filter(status=Application.Status.SUBMITTED)
    assert submitted.count() == 54
    assert call.applications.filter(status=Application.Status.DRAFT).count() == 6
    # Two reviewers each, less those whose organisation is the applicant's.
    assert not submitted.filter(reviews__isnull=True).exists()
    reviews = Review.objects.filter(application__call=call)
    assert 54 < reviews.count() <= 108
    assert reviews.filter(submitted_at__isnull=False).count() == 30
    assert Quota.objects.filter(call=call).count() == 19


def test_demo_builds_the_2018_programme_with_a_finished_preference_round(demo_forum):
    edition = Edition.objects.get(city="Yaroslavl", year=2018)
    kinds = set(Session.objects.filter(edition=edition).values_list("kind", flat=True))
    assert {"breakfast", "keynote", "site_visit", "discussion", "creative_session"} <= kinds
    keynote = Session.objects.get(edition=edition, kind="keynote")
    assert [s.name for s in keynote.speakers.all()] == ["Andreas Heinecke"]
    assert "Dialogue in the Dark" in keynote.title
    first, second = PreferenceRound.objects.filter(edition=edition).order_by("pk")
    assert (first.status, second.status) == ("assigned", "open")
    took_part = EditionRole.objects.filter(edition=edition, role=EditionRole.Role.PARTICIPANT)
    assert first.assignments.count() == took_part.count() > 45
    assert sum(first.rank_profile) == took_part.count()
    assert ScheduleVersion.objects.filter(edition=edition).count() == 1


def test_demo_has_the_2018_decisions_with_evidence_and_commitments(demo_forum):
    from impactdays.decisions.models import Commitment, Decision, Evidence

    decisions = Decision.objects.filter(edition__year=2018)
    assert sorted(decisions.values_list("status", flat=True)) == [
        "adopted",
        "adopted",
        "adopted",
        "rejected",
    ]
    assert all(decision.evidence.exists() for decision in decisions)
    cited = Evidence.objects.filter(decision__in=decisions, object_id__isnull=False)
    assert set(cited.values_list("kind", flat=True)) == {
        "statement",
        "idea",
        "observation",
        "challenge",
    }
    assert all(item.reference.edition == item.decision.edition for item in cited)
    assert cited.count() == 8  # every record demo/decisions.py CITED names
    assert sorted(Commitment.objects.values_list("status", flat=True)) == [
        "done",
        "dropped",
        "in_progress",
        "planned",
    ]
    assert Commitment.objects.get(status="done").updates.exclude(photo="").count() == 1


def test_demo_has_yaroslavl_2018s_finished_call_with_its_draw_and_one_replacement(demo_forum):
    from impactdays.applications.models import Application, Call, Invitation, SelectionRun
    from impactdays.applications.selection import quotas_met

    call = Call.objects.get(edition__city="Yaroslavl")
    run = SelectionRun.objects.get(call=call)
    invitations = Invitation.objects.filter(run=run)
    confirmed = invitations.filter(status=Invitation.Status.CONFIRMED)
    replacement = invitations.get(replaces__isnull=False)
    participants = set(
        EditionRole.objects.filter(
            edition=call.edition, role=EditionRole.Role.PARTICIPANT
        ).values_list("user_id", flat=True)
    )
    assert call.applications.filter(status=Application.Status.SUBMITTED).count() == 300
    assert {q.category for q in call.quotas.all()} == {"country", "sector", "gender"}
    assert not call.applications.filter(reviews__submitted_at__isnull=True).exists()
    assert (run.status, len(run.panel), run.published_at.year) == ("done", 40, 2018)
    assert all(minimum <= count <= maximum for _c, _v, minimum, maximum, count in quotas_met(run))
    assert confirmed.count() == 40
    assert invitations.filter(status=Invitation.Status.DECLINED).count() == 1
    assert replacement.status == Invitation.Status.CONFIRMED
    assert set(confirmed.values_list("application__applicant_id", flat=True)) <= participants
    assert call.edition.status == Edition.Status.CLOSED


def test_the_2018_edition_page_links_to_every_stage_of_the_forum(demo_forum, client):
    edition = Edition.objects.get(city="Yaroslavl", year=2018)

    page = client.get(edition.get_absolute_url()).content.decode()

    stages = page.split('class="stage-links"', 1)[1].split("</nav>", 1)[0]
    for name in (
        "applications:call-detail",
        "programme:timetable",
        "challenges:edition-map",
        "teams:session-list",
        "deliberation:conversation-list",
        "decisions:decision-list",
    ):
        url = edition_url(name, edition)
        assert f'href="{url}"' in stages, name
        assert client.get(url).status_code == 200, name


def test_demo_has_yaroslavls_conversation_with_a_finished_analysis(demo_forum):
    from impactdays.deliberation.models import Analysis, Conversation

    conversation = Conversation.objects.get(edition__city="Yaroslavl", edition__year=2018)
    analysis = Analysis.objects.get(conversation=conversation)
    assert conversation.voters_set.count() == 45
    assert analysis.result["group_count"] >= 2
    assert len(analysis.result["points"]) == 45
