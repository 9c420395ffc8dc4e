from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from impactdays.forums.models import Edition, EditionPartner, EditionRole, Organisation
from impactdays.people.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True  # the demo is for development machines; pytest-django turns DEBUG off


def _counts():
    return (
        Edition.objects.count(),
        Organisation.objects.count(),
        EditionPartner.objects.count(),
        EditionRole.objects.count(),
        User.objects.count(),
    )


def test_demo_builds_yaroslavl_2018_as_in_the_article():
    call_command("demo", stdout=StringIO())

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


def test_demo_has_about_45_participants_from_12_countries_and_the_article_sectors():
    call_command("demo", stdout=StringIO())

    participants = User.objects.filter(
        edition_roles__edition__city="Yaroslavl", edition_roles__role=EditionRole.Role.PARTICIPANT
    )
    assert participants.count() == 45
    assert participants.values("country").distinct().count() >= 12
    assert {"business", "urbanism", "volunteering", "education", "finance", "investment"} <= set(
        participants.values_list("sector", flat=True)
    )


def test_demo_marks_earlier_editions_illustrative():
    call_command("demo", stdout=StringIO())

    assert sorted(
        Edition.objects.filter(is_illustrative=True).values_list("country", flat=True)
    ) == ["AM", "GE", "LT", "UA"]


def test_demo_has_one_account_per_role_and_prints_them():
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


def test_demo_is_idempotent():
    call_command("demo", stdout=StringIO())
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
    client, language, title, place, description, venue, room
):
    call_command("demo", stdout=StringIO())
    path = Edition.objects.get(city_en="Yaroslavl", year=2018).get_absolute_url()

    page = client.get(f"/{language}{path}").content.decode()

    assert f"<h1>{title}</h1>" in page
    assert f"<dd>{place}</dd>" in page
    assert description in page
    assert f"<h3>{venue}</h3>" in page
    assert f"<td>{room}</td>" in page
    assert 'class="translation-note"' not in page  # nothing falls back to another language


def test_demo_content_is_complete_in_every_language():
    from impactdays.common.translated import translated_field_names, translations_of
    from impactdays.forums.models import ForumSeries, Room, Venue

    call_command("demo", stdout=StringIO())

    missing = [
        (model.__name__, str(instance), field, language)
        for model in [Organisation, ForumSeries, Edition, Venue, Room]
        for instance in model.objects.all()
        for field in translated_field_names(model)
        for language, text in translations_of(instance, field).items()
        if not text and any(translations_of(instance, field).values())
    ]
    assert missing == []


def test_demo_opens_the_kaunas_call_with_applications_reviews_and_quotas():
    from impactdays.applications.models import Application, Call, Quota, Review

    call_command("demo", stdout=StringIO())

    call = Call.objects.get(edition__city="Kaunas")
    submitted = call.applications.filter(status=Application.Status.SUBMITTED)
    assert submitted.count() == 110
    assert call.applications.filter(status=Application.Status.DRAFT).count() == 10
    # Two reviewers each, less those whose organisation is the applicant's.
    assert not submitted.filter(reviews__isnull=True).exists()
    assert 110 < Review.objects.filter(application__call=call).count() <= 220
    assert Review.objects.filter(submitted_at__isnull=False).count() == 60
    assert Quota.objects.filter(call=call).count() == 19


def test_demo_has_yaroslavls_conversation_with_a_finished_analysis():
    from impactdays.deliberation.models import Analysis, Conversation

    call_command("demo", stdout=StringIO())
    call_command("demo", stdout=StringIO())  # idempotent

    conversation = Conversation.objects.get(edition__city="Yaroslavl", edition__year=2018)
    analysis = Analysis.objects.get(conversation=conversation)
    assert conversation.voters_set.count() == 45
    assert analysis.result["group_count"] >= 2
    assert len(analysis.result["points"]) == 45
