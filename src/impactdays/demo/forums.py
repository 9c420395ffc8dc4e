"""The demo's forum: Social Impact Days with its 2018 edition in Yaroslavl, through the forums services.

Facts about the 2018 edition come from the article in shared/seed; the earlier editions (Georgia,
Armenia, Ukraine) and the upcoming one are marked illustrative, since their records are not kept.
Every name, place and description is given in English, Russian and German (common.translated).
"""

import datetime as dt
from typing import Any

from impactdays.common.translated import Translations
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

BERLIN: Translations = {"en": "Berlin", "ru": "Берлин", "de": "Berlin"}
YAROSLAVL: Translations = {"en": "Yaroslavl", "ru": "Ярославль", "de": "Jaroslawl"}
TEXTIL: Translations = {
    "en": "Textil Cultural Center",
    "ru": "Культурный центр «Текстиль»",
    "de": "Kulturzentrum Textil",
}

ORGANISATIONS: list[tuple[Translations, str, str, Translations, str, float, float]] = [
    # name, kind, country, city, website, latitude, longitude
    (
        {"en": "MitOst", "ru": "MitOst", "de": "MitOst"},
        Organisation.Kind.NGO,
        "DE",
        BERLIN,
        "https://www.mitost.org",
        52.5024,
        13.4111,
    ),
    (
        {
            "en": "International Alumni Center",
            "ru": "Международный центр выпускников",
            "de": "International Alumni Center",
        },
        Organisation.Kind.FOUNDATION,
        "DE",
        BERLIN,
        "https://www.iac-berlin.org",
        52.5323,
        13.4005,
    ),
    (
        {
            "en": "SOL Social Innovation Support Center",
            "ru": "Центр поддержки социальных инноваций «СОЛЬ»",
            "de": "SOL - Zentrum für soziale Innovation",
        },
        Organisation.Kind.NGO,
        "RU",
        {"en": "Moscow", "ru": "Москва", "de": "Moskau"},
        "",
        55.7558,
        37.6173,
    ),
    (TEXTIL, Organisation.Kind.CULTURAL_CENTRE, "RU", YAROSLAVL, "", 57.6049, 39.8843),
]
YAROSLAVL_PARTNERS = [
    ("MitOst", EditionPartner.Role.INITIATOR),
    ("International Alumni Center", EditionPartner.Role.ORGANISER),
    ("SOL Social Innovation Support Center", EditionPartner.Role.ORGANISER),
    ("Textil Cultural Center", EditionPartner.Role.HOST),
]

# Earlier editions: the article names the countries, not the cities or years.
ILLUSTRATIVE_EDITIONS: list[tuple[Translations, str, int, float, float, str, list[str]]] = [
    (
        {"en": "Tbilisi", "ru": "Тбилиси", "de": "Tiflis"},
        "GE",
        2015,
        41.7151,
        44.8271,
        "Asia/Tbilisi",
        ["en", "ka"],
    ),
    (
        {"en": "Yerevan", "ru": "Ереван", "de": "Eriwan"},
        "AM",
        2016,
        40.1792,
        44.4991,
        "Asia/Yerevan",
        ["en", "hy"],
    ),
    (
        {"en": "Lviv", "ru": "Львов", "de": "Lwiw"},
        "UA",
        2017,
        49.8397,
        24.0297,
        "Europe/Kyiv",
        ["en", "uk"],
    ),
]
ILLUSTRATIVE_DESCRIPTION: Translations = {
    "en": "Illustrative: the series was hosted in this country before 2018; city, year and "
    "dates are assumed.",
    "ru": "Иллюстративный пример: серия проходила в этой стране до 2018 года; город, год и "
    "даты предположительны.",
    "de": "Illustrativ: Die Reihe war vor 2018 in diesem Land zu Gast; Stadt, Jahr und Daten "
    "sind angenommen.",
}

SERIES_DESCRIPTION: Translations = {
    "en": "A forum series launched in 2014 on the initiative of the Berlin non-profit MitOst: "
    "people from across Europe and its neighbours develop and apply social innovations for "
    "sustainable urban development, hosted each year by another city.",
    "ru": "Серия форумов, начатая в 2014 году по инициативе берлинской некоммерческой "
    "организации MitOst: люди со всей Европы и из соседних регионов разрабатывают и применяют "
    "социальные инновации для устойчивого развития городов; каждый год форум принимает "
    "другой город.",
    "de": "Eine Forumsreihe, 2014 auf Initiative der Berliner gemeinnützigen Organisation "
    "MitOst gegründet: Menschen aus ganz Europa und den Nachbarregionen entwickeln soziale "
    "Innovationen für eine nachhaltige Stadtentwicklung und setzen sie um; jedes Jahr ist eine "
    "andere Stadt Gastgeberin.",
}

YAROSLAVL_2018: dict[str, Translations] = {
    "title": {
        "en": "Social Impact Days Yaroslavl 2018",
        "ru": "Social Impact Days Ярославль 2018",
        "de": "Social Impact Days Jaroslawl 2018",
    },
    "theme": {
        "en": "Unlocking Communities' Potential for Collaborative Cities",
        "ru": "Раскрыть потенциал сообществ ради городов сотрудничества",
        "de": "Das Potenzial von Gemeinschaften für kooperative Städte erschließen",
    },
    "city": YAROSLAVL,
    "description": {
        "en": "More than 40 participants from different European countries came to Yaroslavl, "
        "to the Textil Cultural Center on the historic territory of the Great Manufactory, "
        "founded by decree of Peter the Great in 1722. All of the forum's decisions are formed "
        "through discussions, the examination of public spaces and creative sessions.",
        "ru": "Более 40 участников из разных европейских стран приехали в Ярославль, в "
        "культурный центр «Текстиль» на исторической территории Большой мануфактуры, "
        "основанной указом Петра Великого в 1722 году. Все решения форума рождаются в "
        "дискуссиях, в исследовании общественных пространств и на творческих сессиях.",
        "de": "Mehr als 40 Teilnehmende aus verschiedenen europäischen Ländern kamen nach "
        "Jaroslawl, in das Kulturzentrum Textil auf dem historischen Gelände der Großen "
        "Manufaktur, die 1722 auf Erlass Peters des Großen gegründet wurde. Alle Beschlüsse des "
        "Forums entstehen in Diskussionen, bei der Erkundung öffentlicher Räume und in kreativen "
        "Sessions.",
    },
}
TEXTIL_VENUE: dict[str, Translations] = {
    "name": TEXTIL,
    "address": {
        "en": "Great Manufactory, Krasny Perekop, Yaroslavl",
        "ru": "Большая мануфактура, Красный Перекоп, Ярославль",
        "de": "Große Manufaktur, Krasny Perekop, Jaroslawl",
    },
    "description": {
        "en": "A cultural centre in the historic buildings of the Great Manufactory (1722).",
        "ru": "Культурный центр в исторических зданиях Большой мануфактуры (1722).",
        "de": "Ein Kulturzentrum in den historischen Gebäuden der Großen Manufaktur (1722).",
    },
}
TEXTIL_ROOMS: list[tuple[Translations, int]] = [
    ({"en": "Main hall", "ru": "Большой зал", "de": "Großer Saal"}, 120),
    ({"en": "Workshop room A", "ru": "Мастерская A", "de": "Werkstattraum A"}, 30),
    ({"en": "Workshop room B", "ru": "Мастерская B", "de": "Werkstattraum B"}, 30),
    ({"en": "Library", "ru": "Библиотека", "de": "Bibliothek"}, 20),
]
KAUNAS_2027: dict[str, Translations] = {
    "title": {
        "en": "Social Impact Days Kaunas 2027",
        "ru": "Social Impact Days Каунас 2027",
        "de": "Social Impact Days Kaunas 2027",
    },
    "city": {"en": "Kaunas", "ru": "Каунас", "de": "Kaunas"},
    "description": {
        "en": "Illustrative: an upcoming edition replicated from Yaroslavl 2018 to show the "
        "open call.",
        "ru": "Иллюстративный пример: предстоящий выпуск, повторённый по образцу Ярославля 2018, "
        "чтобы показать открытый набор.",
        "de": "Illustrativ: eine kommende Ausgabe, nach dem Vorbild Jaroslawl 2018 wiederholt, "
        "um die offene Ausschreibung zu zeigen.",
    },
}


def _organisation(name: str) -> Organisation:
    return Organisation.objects.get(name_en=name)


def _ensure_role(edition: Edition, user: User, role: str, actor: User) -> None:
    if not EditionRole.objects.filter(edition=edition, user=user, role=role).exists():
        services.edition_role_grant(edition=edition, user=user, role=role, actor=actor)


def _ensure_edition(
    series: ForumSeries,
    city: Translations,
    year: int,
    actor: User | None,
    **fields: Any,  # Any: the keywords of edition_create
) -> Edition:
    edition = Edition.objects.filter(series=series, city_en=city["en"], year=year).first()
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
        if not Organisation.objects.filter(name_en=name["en"]).exists():
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
        # A name the series keeps in every language.
        name={"en": "Social Impact Days", "ru": "Social Impact Days", "de": "Social Impact Days"},
        founded_year=2014,
        description=SERIES_DESCRIPTION,
        actor=admin,
    )

    for city, country, year, latitude, longitude, time_zone, languages in ILLUSTRATIVE_EDITIONS:
        edition = _ensure_edition(
            series,
            city,
            year,
            admin,
            title={code: f"Social Impact Days {name} {year}" for code, name in city.items()},
            country=country,
            latitude=latitude,
            longitude=longitude,
            starts_on=dt.date(year, 9, 20),
            ends_on=dt.date(year, 9, 23),
            time_zone=time_zone,
            languages=languages,
            is_illustrative=True,
            description=ILLUSTRATIVE_DESCRIPTION,
        )
        _move_to(edition, Edition.Status.CLOSED, admin)

    yaroslavl = _ensure_edition(
        series,
        YAROSLAVL,
        2018,
        admin,
        title=YAROSLAVL_2018["title"],
        theme=YAROSLAVL_2018["theme"],
        country="RU",
        latitude=57.6261,
        longitude=39.8845,
        starts_on=dt.date(2018, 10, 4),
        ends_on=dt.date(2018, 10, 7),
        time_zone="Europe/Moscow",
        languages=["en", "ru"],
        description=YAROSLAVL_2018["description"],
    )
    for partner_name, role in YAROSLAVL_PARTNERS:
        organisation = _organisation(partner_name)
        if not EditionPartner.objects.filter(
            edition=yaroslavl, organisation=organisation, role=role
        ).exists():
            services.edition_partner_add(
                edition=yaroslavl, organisation=organisation, role=role, actor=admin
            )
    venue = Venue.objects.filter(edition=yaroslavl, name_en=TEXTIL["en"]).first()
    if venue is None:
        venue = services.venue_create(
            edition=yaroslavl,
            name=TEXTIL_VENUE["name"],
            address=TEXTIL_VENUE["address"],
            description=TEXTIL_VENUE["description"],
            latitude=57.6049,
            longitude=39.8843,
            actor=admin,
        )
        for room, capacity in TEXTIL_ROOMS:
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
            city=str(KAUNAS_2027["city"]["en"]),
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
            title=KAUNAS_2027["title"],
            city=KAUNAS_2027["city"],
            description=KAUNAS_2027["description"],
        )
        services.edition_status_move(
            edition=upcoming, to=Edition.Status.OPEN_CALL, actor=organiser, notify=False
        )
    forum.editions["yaroslavl"] = yaroslavl
