"""The demo forum: Social Impact Days, with its 2018 edition in Yaroslavl, built through the services.

Idempotent: each object is looked up first and only created when missing. Facts about the 2018
edition come from the article in shared/seed; the earlier editions (Georgia, Armenia, Ukraine)
and the upcoming one are marked illustrative, since their records are not kept here.
"""

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from impactdays.forums import services
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Venue,
)
from impactdays.people.models import ConsentKind, ConsentRecord, Sector, User

DEMO_DOMAIN = "demo.impactdays.org"
DEMO_PASSWORD = "impact-days-demo"  # noqa: S105 -- printed to the person who runs the demo
# Base32 secret for the demo accounts that must use two-factor; `impactdays demo_totp` prints codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 -- demo accounts only


@dataclass(frozen=True)
class DemoAccount:
    email: str
    display_name: str
    role: str  # an EditionRole.Role, or "site_admin"
    country: str
    sector: str
    organisation: str


DEMO_ACCOUNTS = [
    DemoAccount(
        f"admin@{DEMO_DOMAIN}",
        "Site Admin",
        "site_admin",
        "DE",
        Sector.CIVIL_SOCIETY,
        "Impact Days",
    ),
    DemoAccount(
        f"organiser@{DEMO_DOMAIN}",
        "Olga Organiser",
        EditionRole.Role.ORGANISER,
        "RU",
        Sector.CIVIL_SOCIETY,
        "SOL Social Innovation Support Center",
    ),
    DemoAccount(
        f"facilitator@{DEMO_DOMAIN}",
        "Felix Facilitator",
        EditionRole.Role.FACILITATOR,
        "DE",
        Sector.EDUCATION,
        "MitOst",
    ),
    DemoAccount(
        f"reviewer@{DEMO_DOMAIN}",
        "Rita Reviewer",
        EditionRole.Role.REVIEWER,
        "DE",
        Sector.CIVIL_SOCIETY,
        "International Alumni Center",
    ),
    DemoAccount(
        f"speaker@{DEMO_DOMAIN}",
        "Sergei Speaker",
        EditionRole.Role.SPEAKER,
        "RU",
        Sector.BUSINESS,
        "Social entrepreneur",
    ),
    DemoAccount(
        f"participant@{DEMO_DOMAIN}",
        "Paula Participant",
        EditionRole.Role.PARTICIPANT,
        "PL",
        Sector.URBANISM,
        "City Lab Gdańsk",
    ),
    DemoAccount(
        f"partner@{DEMO_DOMAIN}",
        "Pavel Partner",
        EditionRole.Role.PARTNER,
        "RU",
        Sector.CULTURE,
        "Textil Cultural Center",
    ),
]

ORGANISATIONS = [
    # name, kind, country, city, website, latitude, longitude
    ("MitOst", Organisation.Kind.NGO, "DE", "Berlin", "https://www.mitost.org", 52.5024, 13.4111),
    (
        "International Alumni Center",
        Organisation.Kind.FOUNDATION,
        "DE",
        "Berlin",
        "https://www.iac-berlin.org",
        52.5323,
        13.4005,
    ),
    (
        "SOL Social Innovation Support Center",
        Organisation.Kind.NGO,
        "RU",
        "Moscow",
        "",
        55.7558,
        37.6173,
    ),
    (
        "Textil Cultural Center",
        Organisation.Kind.CULTURAL_CENTRE,
        "RU",
        "Yaroslavl",
        "",
        57.6049,
        39.8843,
    ),
]
YAROSLAVL_PARTNERS = [
    ("MitOst", EditionPartner.Role.INITIATOR),
    ("International Alumni Center", EditionPartner.Role.ORGANISER),
    ("SOL Social Innovation Support Center", EditionPartner.Role.ORGANISER),
    ("Textil Cultural Center", EditionPartner.Role.HOST),
]

# Earlier editions: the article names the countries, not the cities or years.
ILLUSTRATIVE_EDITIONS = [
    ("Tbilisi", "GE", 2015, 41.7151, 44.8271, "Asia/Tbilisi", ["en", "ka"]),
    ("Yerevan", "AM", 2016, 40.1792, 44.4991, "Asia/Yerevan", ["en", "hy"]),
    ("Lviv", "UA", 2017, 49.8397, 24.0297, "Europe/Kyiv", ["en", "uk"]),
]

# About 45 participants from 14 European countries in the sectors the article names.
FIRST_NAMES = [
    "Anna",
    "Ben",
    "Clara",
    "Dmitri",
    "Eva",
    "Filip",
    "Greta",
    "Hanna",
    "Igor",
    "Jana",
    "Karl",
    "Lena",
    "Marek",
    "Nina",
    "Oskar",
]
LAST_NAMES = [
    "Berg",
    "Novak",
    "Ivanova",
    "Schmidt",
    "Rossi",
    "Kowalska",
    "Dubois",
    "Jansen",
    "Lind",
]
COUNTRIES = ["DE", "RU", "UA", "GE", "AM", "PL", "FR", "IT", "ES", "NL", "SE", "AT", "CZ", "LT"]
SECTORS = [
    Sector.BUSINESS,
    Sector.URBANISM,
    Sector.VOLUNTEERING,
    Sector.EDUCATION,
    Sector.FINANCE,
    Sector.INVESTMENT,
]
PARTICIPANT_COUNT = 45


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo's fifty accounts share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _ensure_user(
    email: str,
    display_name: str,
    country: str,
    sector: str,
    organisation: str,
    is_site_admin: bool = False,
) -> User:
    """The demo account with this address, created if missing; an existing account is never changed."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create(
            email=email,
            password=_demo_password_hash(),
            display_name=display_name,
            country=country,
            sector=sector,
            organisation=organisation,
            languages=["en"],
            is_staff=is_site_admin,
            is_superuser=is_site_admin,
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        ConsentRecord.objects.bulk_create(
            ConsentRecord(user=user, kind=kind, is_given=True)
            for kind in (ConsentKind.TERMS, ConsentKind.DIRECTORY_LISTING)
        )
    return user


def _ensure_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def _ensure_role(edition: Edition, user: User, role: str, actor: User) -> None:
    if not EditionRole.objects.filter(edition=edition, user=user, role=role).exists():
        services.edition_role_grant(edition=edition, user=user, role=role, actor=actor)


def _ensure_edition(
    series: ForumSeries,
    city: str,
    year: int,
    actor: User | None,
    **fields: Any,  # Any: the keywords of edition_create
) -> Edition:
    edition = Edition.objects.filter(series=series, city=city, year=year).first()
    if edition is None:
        edition = services.edition_create(
            series=series, city=city, year=year, actor=actor, **fields
        )
    return edition


def _move_to(edition: Edition, status: str, actor: User | None) -> None:
    order = list(Edition.Status.values)
    while order.index(edition.status) < order.index(status):
        forward = [
            s for s in edition.allowed_moves() if order.index(s) > order.index(edition.status)
        ]
        services.edition_status_move(edition=edition, to=forward[0], actor=actor, notify=False)


def demo_build() -> list[DemoAccount]:
    """Create (or complete) the demo forum; return the demo accounts to print."""
    admin = _ensure_user(
        DEMO_ACCOUNTS[0].email,
        DEMO_ACCOUNTS[0].display_name,
        "DE",
        Sector.CIVIL_SOCIETY,
        "Impact Days",
        is_site_admin=True,
    )
    _ensure_totp(admin)

    for name, kind, country, city, website, latitude, longitude in ORGANISATIONS:
        if not Organisation.objects.filter(name=name).exists():
            services.organisation_create(
                name=name,
                kind=kind,
                country=country,
                city=city,
                website=website,
                latitude=latitude,
                longitude=longitude,
                actor=admin,
            )

    series = ForumSeries.objects.filter(
        slug="social-impact-days"
    ).first() or services.series_create(
        name="Social Impact Days",
        founded_year=2014,
        description=(
            "A forum series launched in 2014 on the initiative of the Berlin non-profit MitOst: "
            "people from across Europe and its neighbours develop and apply social innovations "
            "for sustainable urban development, hosted each year by another city."
        ),
        actor=admin,
    )

    for city, country, year, latitude, longitude, time_zone, languages in ILLUSTRATIVE_EDITIONS:
        edition = _ensure_edition(
            series,
            city,
            year,
            admin,
            title=f"Social Impact Days {city} {year}",
            country=country,
            latitude=latitude,
            longitude=longitude,
            starts_on=dt.date(year, 9, 20),
            ends_on=dt.date(year, 9, 23),
            time_zone=time_zone,
            languages=languages,
            is_illustrative=True,
            description="Illustrative: the series was hosted in this country before 2018; city, year and dates are assumed.",
        )
        _move_to(edition, Edition.Status.CLOSED, admin)

    yaroslavl = _ensure_edition(
        series,
        "Yaroslavl",
        2018,
        admin,
        title="Social Impact Days Yaroslavl 2018",
        theme="Unlocking Communities' Potential for Collaborative Cities",
        country="RU",
        latitude=57.6261,
        longitude=39.8845,
        starts_on=dt.date(2018, 10, 4),
        ends_on=dt.date(2018, 10, 7),
        time_zone="Europe/Moscow",
        languages=["en", "ru"],
        description=(
            "More than 40 participants from different European countries came to Yaroslavl, to the "
            "Textil Cultural Center on the historic territory of the Great Manufactory, founded by "
            "decree of Peter the Great in 1722. All of the forum's decisions are formed through "
            "discussions, the examination of public spaces and creative sessions."
        ),
    )
    for name, role in YAROSLAVL_PARTNERS:
        organisation = _organisation(name)
        if not EditionPartner.objects.filter(
            edition=yaroslavl, organisation=organisation, role=role
        ).exists():
            services.edition_partner_add(
                edition=yaroslavl, organisation=organisation, role=role, actor=admin
            )
    venue = Venue.objects.filter(edition=yaroslavl, name="Textil Cultural Center").first()
    if venue is None:
        venue = services.venue_create(
            edition=yaroslavl,
            name="Textil Cultural Center",
            address="Great Manufactory, Krasny Perekop, Yaroslavl",
            latitude=57.6049,
            longitude=39.8843,
            description="A cultural centre in the historic buildings of the Great Manufactory (1722).",
            actor=admin,
        )
        for room, capacity in [
            ("Main hall", 120),
            ("Workshop room A", 30),
            ("Workshop room B", 30),
            ("Library", 20),
        ]:
            services.room_create(venue=venue, name=room, capacity=capacity, actor=admin)

    accounts = [
        _ensure_user(a.email, a.display_name, a.country, a.sector, a.organisation)
        for a in DEMO_ACCOUNTS[1:]
    ]
    for account, user in zip(DEMO_ACCOUNTS[1:], accounts, strict=True):
        _ensure_role(yaroslavl, user, account.role, admin)
        if account.role == EditionRole.Role.ORGANISER:
            _ensure_totp(user)
    for index in range(PARTICIPANT_COUNT - 1):  # the demo participant account is the 45th
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
        person = _ensure_user(
            f"participant{index + 1:02d}@{DEMO_DOMAIN}",
            f"{first} {last}",
            COUNTRIES[index % len(COUNTRIES)],
            SECTORS[index % len(SECTORS)],
            "",
        )
        _ensure_role(yaroslavl, person, EditionRole.Role.PARTICIPANT, admin)
    _move_to(yaroslavl, Edition.Status.CLOSED, admin)

    organiser = accounts[0]
    if not Edition.objects.filter(series=series, replicated_from=yaroslavl).exists():
        upcoming = services.edition_replicate(
            source=yaroslavl,
            city="Kaunas",
            country="LT",
            year=2027,
            starts_on=dt.date(2027, 9, 16),
            ends_on=dt.date(2027, 9, 19),
            latitude=54.8985,
            longitude=23.9036,
            include_partners=True,
            actor=organiser,
        )
        services.edition_update(
            edition=upcoming,
            actor=organiser,
            is_illustrative=True,
            time_zone="Europe/Vilnius",
            description="Illustrative: an upcoming edition replicated from Yaroslavl 2018 to show the open call.",
        )
        services.edition_status_move(
            edition=upcoming, to=Edition.Status.OPEN_CALL, actor=organiser, notify=False
        )
    return DEMO_ACCOUNTS
