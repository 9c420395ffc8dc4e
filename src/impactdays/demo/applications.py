"""The demo's open call: Kaunas 2027 (the upcoming edition) takes applications, through the
applications services: 120 generated applicants (fewer than the issue's 300, since every demo
build in the tests pays for each), weighted criteria, anonymised review with reviewers assigned
and some scores given, and quotas by country and sector.
"""

import datetime as dt
import random

from django.utils import timezone

from impactdays.applications import selection, services
from impactdays.applications.models import Call, Review
from impactdays.demo.builder import DEMO_DOMAIN, DemoForum
from impactdays.demo.people import _demo_password_hash
from impactdays.forums.models import Edition, EditionRole
from impactdays.forums.services import edition_role_grant
from impactdays.people.models import ConsentKind, User
from impactdays.people.services import account_create

APPLICANT_COUNT = 120
DRAFT_COUNT = 10
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
    """Open Kaunas 2027's call with its applications, reviews and quotas. once only."""
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
    for review in Review.objects.filter(reviewer=reviewers[1]).order_by("pk")[:60]:
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
