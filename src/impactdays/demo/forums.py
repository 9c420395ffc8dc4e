"""The demo's forum: Social Impact Days with its 2018 edition in Yaroslavl, through the forums services.

Facts about the 2018 edition come from the article in shared/seed; the earlier editions (Georgia,
Armenia, Ukraine) and the upcoming one are marked illustrative, since their records are not kept.
"""

import datetime as dt
from typing import Any

from impactdays.demo.builder import DemoForum
from impactdays.forums import services
from impactdays.forums.models import (
    Edition,
    EditionPartner,
    EditionRole,
    ForumSeries,
    Organisation,
    Venue,
)
from impactdays.people.models import User

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


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


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


def demo_forums(forum: DemoForum) -> None:
    """The series, its editions, partners, venue and rooms; the demo accounts' roles in Yaroslavl."""
    admin = forum.admin
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

    for role_name, user in forum.accounts.items():
        _ensure_role(yaroslavl, user, role_name, admin)
    for person in forum.participants:
        _ensure_role(yaroslavl, person, EditionRole.Role.PARTICIPANT, admin)
    _move_to(yaroslavl, Edition.Status.CLOSED, admin)

    organiser = forum.accounts[EditionRole.Role.ORGANISER]
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
    forum.editions["yaroslavl"] = yaroslavl
