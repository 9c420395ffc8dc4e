"""The demo's open calls, through the applications services.

Yaroslavl 2018 (the article's edition) has its call as it ran: 300 generated applications,
quotas by country, sector and gender, two reviews each, a published LEXIMIN run drawing 40
seats, the invitations answered with one decline replaced. Kaunas 2027 (the upcoming edition)
is the call open now, smaller (60 applicants, some drafts), so that the reviewer and the
organiser have something to work on: anonymised review with reviewers assigned and some scores
given, and quotas by country and sector.
"""

import datetime as dt
import random

from django.utils import timezone

from impactdays.applications import invitations, questions, selection, services
from impactdays.applications.models import (
    Application,
    Call,
    Criterion,
    Invitation,
    Question,
    Review,
    Score,
    SelectionRun,
)
from impactdays.demo.builder import DEMO_DOMAIN, DemoForum
from impactdays.demo.people import _demo_password_hash
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_role_grant
from impactdays.people.models import ConsentKind, User
from impactdays.people.services import account_create

APPLICANT_COUNT = 60
DRAFT_COUNT = 6
COUNTRIES = ["LT", "LV", "EE", "PL", "DE", "UA", "GE", "AM", "RU", "SE", "FI", "CZ"]
SECTORS = [
    "business",
    "urbanism",
    "civil_society",
    "education",
    "finance",
    "public_sector",
    "culture",
]
FIRST_NAMES = ["Aistė", "Jonas", "Marta", "Pavel", "Ieva", "Tomas", "Olga", "Karl", "Nino", "Liis"]
LAST_NAMES = ["Kazlauskas", "Ozola", "Tamm", "Nowak", "Weber", "Shevchenko", "Beridze", "Sargsyan"]
ORGANISATIONS = ["Urban Lab", "City Hall", "Repair Café", "Green Yards", "Open School", ""]
MOTIVATIONS = [
    "I want to learn how other cities open their courtyards to neighbours.",
    "Our district has empty factory halls; I look for partners to reuse them.",
    "I run a volunteer programme and want to meet people who do the same elsewhere.",
    "I teach urban design and want my students to work on real challenges.",
]


def _kaunas() -> Edition | None:
    return Edition.objects.filter(series__slug="social-impact-days", city="Kaunas").first()


def _applicant(index: int, rng: random.Random, admin: User) -> User:
    email = f"applicant{index:03d}@{DEMO_DOMAIN}"
    return User.objects.filter(email=email).first() or account_create(
        email=email,
        password_hash=_demo_password_hash(),
        display_name=f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}",
        country=COUNTRIES[index % len(COUNTRIES)],
        organisation=rng.choice(ORGANISATIONS),
        languages=["en"],
        consents=(ConsentKind.TERMS,),
        actor=admin,
    )


def demo_applications(forum: DemoForum) -> None:
    """Yaroslavl 2018's finished call, and Kaunas 2027's open one; each once only."""
    demo_yaroslavl_call(forum)
    demo_kaunas_call(forum)


def demo_kaunas_call(forum: DemoForum) -> None:
    """Open Kaunas 2027's call with its applications, reviews and quotas."""
    kaunas = _kaunas()
    if kaunas is None or Call.objects.filter(edition=kaunas).exists():
        return
    organiser = forum.accounts[EditionRole.Role.ORGANISER]
    rng = random.Random(2027)  # noqa: S311 -- demo data, the same on every machine
    now = timezone.now()
    call = services.call_create(
        edition=kaunas,
        title="Call for participants: Social Impact Days Kaunas 2027",
        description="Forty seats for people who change their cities together. Apply by the deadline.",
        opens_at=now - dt.timedelta(days=14),
        closes_at=now + dt.timedelta(days=60),
        seats=40,
        reviewers_per_application=2,
        is_review_anonymised=True,
        actor=organiser,
    )
    criteria = [
        services.criterion_create(call=call, label="Motivation", weight=2, actor=organiser),
        services.criterion_create(call=call, label="Project to share", weight=1, actor=organiser),
    ]
    for index in range(1, APPLICANT_COUNT + 1):
        applicant = _applicant(index, rng, forum.admin)
        is_draft = index > APPLICANT_COUNT - DRAFT_COUNT
        answers: dict[str, object] = {"motivation": rng.choice(MOTIVATIONS)}
        if not is_draft:
            answers.update(
                experience="A neighbourhood project I lead.",
                alumni=rng.choice(["yes", "no", "no", "no"]),
                country=COUNTRIES[index % len(COUNTRIES)],
                sector=SECTORS[index % len(SECTORS)],
                language="en",
                consent=True,
            )
        services.application_save(
            call=call, applicant=applicant, answers=answers, is_submitted=not is_draft, notify=False
        )
    reviewers = [forum.accounts[EditionRole.Role.REVIEWER], _applicant(901, rng, forum.admin)]
    for reviewer in reviewers:
        edition_role_grant(
            edition=kaunas, user=reviewer, role=EditionRole.Role.REVIEWER, actor=organiser
        )
    services.reviews_assign(call=call, actor=organiser)
    # The second reviewer has scored a first batch; the demo reviewer's share is left to try.
    for review in Review.objects.filter(reviewer=reviewers[1]).order_by("pk")[:30]:
        services.review_submit(
            review=review,
            scores={criterion.pk: rng.randint(1, 5) for criterion in criteria},
            comment="Clear plan and a good fit for the theme.",
            actor=reviewers[1],
        )
    for country in COUNTRIES:
        selection.quota_set(
            call=call, category="country", value=country, minimum=1, maximum=6, actor=organiser
        )
    for sector in SECTORS:
        selection.quota_set(
            call=call, category="sector", value=sector, minimum=3, maximum=10, actor=organiser
        )


# Yaroslavl 2018's call, as it ran: 300 generated applications, quotas by country, sector and
# gender, two reviews each, a LEXIMIN run that drew 40 seats, the invitations answered (one
# declined and replaced). Built in bulk (the services' checks are today's: a call takes
# applications only while open, and each account creation hashes and audits), so the part
# stays quick in every demo build; the run and the invitations go through the services.
YAROSLAVL_APPLICANTS = 300
YAROSLAVL_SEATS = 40
YAROSLAVL_SEED = 20181004  # the first day of the forum, as a public seed
YAROSLAVL_COUNTRIES = ["RU", "DE", "UA", "BY", "GE", "AM", "PL", "LT", "LV", "EE", "FI", "SE"]
GENDERS = [("female", "Female"), ("male", "Male"), ("diverse", "Diverse")]


def _yaroslavl_applicants(count: int, rng: random.Random) -> list[User]:
    emails = [f"applicant2018-{index:03d}@{DEMO_DOMAIN}" for index in range(1, count + 1)]
    existing = set(User.objects.filter(email__in=emails).values_list("email", flat=True))
    password = _demo_password_hash()
    User.objects.bulk_create(
        User(
            email=email,
            password=password,
            display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
            country=YAROSLAVL_COUNTRIES[index % len(YAROSLAVL_COUNTRIES)],
            organisation=rng.choice(ORGANISATIONS),
            languages=["en", "ru"],
        )
        for index, email in enumerate(emails)
        if email not in existing
    )
    by_email = {user.email: user for user in User.objects.filter(email__in=emails)}
    return [by_email[email] for email in emails]


def demo_yaroslavl_call(forum: DemoForum) -> None:
    """Yaroslavl 2018's finished call with its run, invitations and confirmed participants."""
    yaroslavl = Edition.objects.filter(series__slug="social-impact-days", year=2018).first()
    if yaroslavl is None or Call.objects.filter(edition=yaroslavl).exists():
        return
    organiser = forum.accounts[EditionRole.Role.ORGANISER]
    rng = random.Random(2018)  # noqa: S311 -- demo data, the same on every machine
    opens_at = dt.datetime(2018, 6, 1, 9, tzinfo=dt.UTC)
    closes_at = dt.datetime(2018, 7, 31, 21, tzinfo=dt.UTC)
    status = yaroslavl.status
    # The run needs the "selection" stage; the edition goes back to where it was at the end.
    Edition.objects.filter(pk=yaroslavl.pk).update(status=Edition.Status.SELECTION)
    call = services.call_create(
        edition=yaroslavl,
        title="Call for participants: Social Impact Days Yaroslavl 2018",
        description="Forty seats for people who change their cities together.",
        opens_at=opens_at,
        closes_at=closes_at,
        seats=YAROSLAVL_SEATS,
        reviewers_per_application=2,
        is_review_anonymised=True,
        actor=organiser,
    )
    questions.question_create(
        call=call,
        key="gender",
        kind=Question.Kind.CHOICE,
        label="Your gender",
        is_required=False,
        choices=GENDERS,
        actor=organiser,
    )
    criteria = [
        services.criterion_create(call=call, label="Motivation", weight=2, actor=organiser),
        services.criterion_create(call=call, label="Project to share", weight=1, actor=organiser),
    ]
    applicants = _yaroslavl_applicants(YAROSLAVL_APPLICANTS, rng)
    span = (closes_at - opens_at).total_seconds()
    Application.objects.bulk_create(
        Application(
            call=call,
            applicant=applicant,
            status=Application.Status.SUBMITTED,
            submitted_at=opens_at + dt.timedelta(seconds=span * index / len(applicants)),
            answers={
                "motivation": rng.choice(MOTIVATIONS),
                "experience": "A neighbourhood project I lead.",
                "alumni": rng.choice(["yes", "no", "no", "no"]),
                "country": str(applicant.country),
                "sector": SECTORS[index % len(SECTORS)],
                "language": "ru" if str(applicant.country) in ("RU", "BY") else "en",
                "consent": True,
                "gender": rng.choice(["female", "female", "male", "male", "diverse"]),
            },
        )
        for index, applicant in enumerate(applicants)
    )
    _yaroslavl_reviews(call, criteria, forum, rng)
    for country in YAROSLAVL_COUNTRIES:
        selection.quota_set(
            call=call, category="country", value=country, minimum=2, maximum=6, actor=organiser
        )
    for sector in SECTORS:
        selection.quota_set(
            call=call, category="sector", value=sector, minimum=3, maximum=9, actor=organiser
        )
    for gender, minimum, maximum in (("female", 16, 24), ("male", 14, 22), ("diverse", 1, 6)):
        selection.quota_set(
            call=call,
            category="gender",
            value=gender,
            minimum=minimum,
            maximum=maximum,
            actor=organiser,
        )
    run = selection.selection_run(call=call, seed=YAROSLAVL_SEED, actor=organiser)
    selection.selection_run_publish(run=run, actor=organiser)
    sent = invitations.invitations_send(
        run=run, respond_by=timezone.now() + dt.timedelta(days=7), actor=organiser, notify=False
    )
    declined = sent[0]
    invitations.invitation_respond(
        invitation=declined, user=declined.application.applicant, is_accepted=False, notify=False
    )
    # The forty confirmations in bulk (what invitation_respond does for each: the invitation
    # confirmed, its applicant a participant), about three seconds less per demo build.
    confirmed = Invitation.objects.filter(run=run, status=Invitation.Status.INVITED)
    EditionRole.objects.bulk_create(
        [
            EditionRole(edition=yaroslavl, user_id=user_id, role=EditionRole.Role.PARTICIPANT)
            for user_id in confirmed.values_list("application__applicant_id", flat=True)
        ],
        ignore_conflicts=True,
    )
    confirmed.update(status=Invitation.Status.CONFIRMED)
    # Back to 2018: the run was drawn after the review, the answers came within a week.
    drawn_at = dt.datetime(2018, 8, 20, 12, tzinfo=dt.UTC)
    SelectionRun.objects.filter(pk=run.pk).update(
        created_at=drawn_at, started_at=drawn_at, finished_at=drawn_at, published_at=drawn_at
    )
    Invitation.objects.filter(run=run).update(
        respond_by=drawn_at + dt.timedelta(days=7),
        responded_at=drawn_at + dt.timedelta(days=3),
    )
    Invitation.objects.filter(run=run).exclude(replaces=None).update(
        invited_at=drawn_at + dt.timedelta(days=3)
    )
    Edition.objects.filter(pk=yaroslavl.pk).update(status=status)


def _yaroslavl_reviews(
    call: Call, criteria: list[Criterion], forum: DemoForum, rng: random.Random
) -> None:
    """Two scored reviews per application, by the demo reviewer and the organiser."""
    reviewers = [
        forum.accounts[EditionRole.Role.REVIEWER],
        forum.accounts[EditionRole.Role.ORGANISER],
    ]
    reviewed_at = call.closes_at + dt.timedelta(days=5)
    reviews = Review.objects.bulk_create(
        Review(
            application=application,
            reviewer=reviewer,
            comment="A clear plan that fits the theme.",
            submitted_at=reviewed_at,
        )
        for application in call.applications.all()
        for reviewer in reviewers
    )
    total_weight = sum(criterion.weight for criterion in criteria)
    scores = []
    for review in reviews:
        values = {criterion.pk: rng.randint(1, 5) for criterion in criteria}
        review.weighted_score = (
            sum(values[criterion.pk] * criterion.weight for criterion in criteria) / total_weight
        )
        scores += [
            Score(review=review, criterion_id=criterion_pk, value=value)
            for criterion_pk, value in values.items()
        ]
    Review.objects.bulk_update(reviews, ["weighted_score"])
    Score.objects.bulk_create(scores)
