"""The demo's programme: Yaroslavl 2018 as the article tells it (the seed text), built through
the programme services: the Social Impact Breakfast, Andreas Heinecke's keynote on Dialogue in
the Dark and social franchising, site visits on the Great Manufactory territory, discussions and
two rounds of parallel creative sessions. The first round is finished (everyone ranked and is
placed); the second is open, so that the demo participant can rank on a phone. The schedule is
published as version 1. The times are illustrative: the article gives none.
"""

import datetime as dt
import random
import zoneinfo
from collections.abc import Sequence

from django.db import transaction

from impactdays.common.translated import Translations
from impactdays.demo.builder import DemoForum
from impactdays.forums.models import Edition, EditionRole, Room
from impactdays.people.models import User
from impactdays.programme import rounds, services
from impactdays.programme.models import PreferenceRound, Session, Speaker

TZ = zoneinfo.ZoneInfo("Europe/Moscow")
MANUFACTORY = (57.6049, 39.8843)  # the Great Manufactory territory, Krasny Perekop
WORKSHOP_SEATS = 24  # four workshops a round: room for the 85 who took part

HEINECKE_BIO: Translations = {
    "en": "Serial social entrepreneur and journalist who works for the inclusion of disabled and "
    "elderly people. His projects *Dialogue in the Dark* and *Dialogue with Time* are known all "
    "over the world; they grew as social franchises.",
    "ru": "Серийный социальный предприниматель и журналист, занимается интеграцией людей с "
    "инвалидностью и пожилых людей в общественную жизнь. Его проекты «Диалог в темноте» и "
    "«Диалог со временем» известны во всём мире и выросли как социальные франшизы.",
}
ASFARI_BIO: Translations = {
    "en": "Executive director of SOL Social Innovation Support Center (Moscow), one of the "
    "organisers of Social Impact Days in Russia.",
    "ru": "Исполнительный директор Центра поддержки социальных инноваций SOL (Москва), одного "
    "из организаторов Social Impact Days в России.",
}

ROUND_ONE: list[tuple[Translations, str]] = [
    (
        {"en": "Textile heritage as a common good", "ru": "Текстильное наследие как общее благо"},
        "Main hall",
    ),
    ({"en": "Courtyards for neighbours", "ru": "Дворы для соседей"}, "Workshop room A"),
    ({"en": "Volunteers in the district", "ru": "Волонтёры в районе"}, "Workshop room B"),
    ({"en": "A social franchise for Yaroslavl", "ru": "Социальная франшиза для Ярославля"}, ""),
]
ROUND_TWO: list[tuple[Translations, str]] = [
    ({"en": "New life for empty factory halls", "ru": "Новая жизнь пустых цехов"}, "Main hall"),
    ({"en": "Along the Kotorosl", "ru": "Вдоль Которосли"}, "Workshop room A"),
    ({"en": "A city for every age", "ru": "Город для всех возрастов"}, "Workshop room B"),
    ({"en": "Funding community projects", "ru": "Финансирование проектов сообществ"}, ""),
]


def _at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2018, 10, day, hour, minute, tzinfo=TZ)


def demo_programme(forum: DemoForum) -> None:
    """Yaroslavl 2018's programme, once only, in one transaction (one commit, not seventy)."""
    edition = forum.editions.get("yaroslavl")
    if edition is None or Session.objects.filter(edition=edition).exists():
        return
    with transaction.atomic():
        _build(forum, edition)


def _build(forum: DemoForum, edition: Edition) -> None:
    organiser = forum.accounts[EditionRole.Role.ORGANISER]
    # Keyed by the English name (name_en: modeltranslation's column).
    rooms = {
        str(getattr(room, "name_en", room.name)): room
        for room in Room.objects.filter(venue__edition=edition)
    }
    heinecke = services.speaker_create(
        edition=edition,
        actor=organiser,
        name="Andreas Heinecke",
        organisation="Dialogue Social Enterprise",
        bio=HEINECKE_BIO,
    )
    asfari = services.speaker_create(
        edition=edition,
        actor=organiser,
        name="Jioulnar Asfari",
        organisation="SOL Social Innovation Support Center",
        bio=ASFARI_BIO,
    )
    speaker_account = forum.accounts[EditionRole.Role.SPEAKER]
    host = services.speaker_create(
        edition=edition,
        actor=organiser,
        user=speaker_account,
        name=speaker_account.public_name,
        bio={"en": "Hosts the discussion on partnerships between the public and private sectors."},
    )
    _plenary(edition, organiser, rooms, heinecke, asfari, host)
    first = _creative_round(edition, organiser, rooms, ROUND_ONE, _at(5, 16), "I")
    second = _creative_round(edition, organiser, rooms, ROUND_TWO, _at(6, 14), "II")
    # Everyone who took part: the article's people and those the 2018 call confirmed.
    participants = list(
        User.objects.filter(
            edition_roles__edition=edition, edition_roles__role=EditionRole.Role.PARTICIPANT
        ).order_by("pk")
    )
    rounds.round_move(preference_round=first, actor=organiser, to=PreferenceRound.Status.OPEN)
    _rank_everyone(first, participants, random.Random(2018))  # noqa: S311 -- demo data
    rounds.round_move(preference_round=first, actor=organiser, to=PreferenceRound.Status.CLOSED)
    rounds.round_assign(preference_round=first, actor=organiser)
    rounds.round_move(preference_round=second, actor=organiser, to=PreferenceRound.Status.OPEN)
    services.schedule_publish(
        edition=edition, actor=organiser, changelog="The programme of Yaroslavl 2018."
    )


def _session(
    edition: Edition,
    organiser: User,
    title: Translations,
    start: dt.datetime,
    minutes: int,
    kind: str,
    **fields: object,
) -> Session:
    return services.session_create(
        edition=edition,
        actor=organiser,
        kind=kind,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(minutes=minutes),
        languages=["en", "ru"],
        **fields,  # type: ignore[arg-type]  # the demo passes only SessionFields
    )


def _plenary(
    edition: Edition,
    organiser: User,
    rooms: dict[str, Room],
    heinecke: Speaker,
    asfari: Speaker,
    host: Speaker,
) -> None:
    hall = rooms["Main hall"]
    _session(
        edition,
        organiser,
        {"en": "Welcome and introductions", "ru": "Знакомство"},
        _at(4, 17),
        90,
        "networking",
        room=hall,
    )
    _session(
        edition,
        organiser,
        {"en": "Social Impact Breakfast", "ru": "Social Impact Breakfast"},
        _at(5, 8, 30),
        75,
        "breakfast",
        room=hall,
        description={"en": "Breakfast with the forum's partners and the people of Textil."},
    )
    _session(
        edition,
        organiser,
        {
            "en": "Dialogue in the Dark: growing a social franchise",
            "ru": "«Диалог в темноте»: как растёт социальная франшиза",
        },
        _at(5, 10),
        75,
        "keynote",
        room=hall,
        speakers=[heinecke],
        track="Social entrepreneurship",
        description={
            "en": "Andreas Heinecke on **Dialogue in the Dark** and **Dialogue with Time**, and "
            "on social franchising as a way for social entrepreneurs to grow an idea.",
            "ru": "Андреас Хайнеке о проектах «Диалог в темноте» и «Диалог со временем» и о "
            "социальной франшизе как пути для социальных предпринимателей.",
        },
    )
    _session(
        edition,
        organiser,
        {
            "en": "Site visit: the Great Manufactory territory",
            "ru": "Выезд: территория Большой мануфактуры",
        },
        _at(5, 12),
        150,
        "site_visit",
        place="Great Manufactory gate",
        latitude=MANUFACTORY[0],
        longitude=MANUFACTORY[1],
        track="Public spaces",
        description={
            "en": "A walk through the mill founded by decree of Peter the Great in "
            "1722, its public spaces and the Textil Cultural Center."
        },
    )
    _session(
        edition,
        organiser,
        {
            "en": "Discussion: unlocking communities' potential",
            "ru": "Дискуссия: раскрыть потенциал сообществ",
        },
        _at(5, 14, 45),
        60,
        "discussion",
        room=hall,
        speakers=[asfari],
        description={
            "en": "Innovation rarely comes from the state machine: how people who "
            "see a problem can solve it together."
        },
    )
    _session(
        edition,
        organiser,
        {
            "en": "Site visit: public spaces of Krasny Perekop",
            "ru": "Выезд: общественные пространства Красного Перекопа",
        },
        _at(6, 9, 30),
        120,
        "site_visit",
        place="Krasny Perekop square",
        latitude=57.6034,
        longitude=39.8770,
        track="Public spaces",
    )
    _session(
        edition,
        organiser,
        {
            "en": "Discussion: private and public partnerships",
            "ru": "Дискуссия: частно-государственное партнёрство",
        },
        _at(6, 12),
        60,
        "discussion",
        room=hall,
        speakers=[host],
    )
    _session(edition, organiser, {"en": "Lunch", "ru": "Обед"}, _at(6, 13), 60, "break", room=hall)
    _session(
        edition,
        organiser,
        {"en": "Presenting the ideas", "ru": "Презентация идей"},
        _at(7, 10),
        120,
        "plenary",
        room=hall,
    )


def _where(rooms: dict[str, Room], room: str) -> dict[str, object]:
    """A room of Textil by its English name, or the courtyard outside."""
    if room:
        return {"room": rooms[room]}
    return {"place": "Manufactory courtyard", "latitude": 57.6052, "longitude": 39.8851}


def _creative_round(
    edition: Edition,
    organiser: User,
    rooms: dict[str, Room],
    workshops: Sequence[tuple[Translations, str]],
    start: dt.datetime,
    numeral: str,
) -> PreferenceRound:
    sessions = [
        _session(
            edition,
            organiser,
            title,
            start,
            120,
            "creative_session",
            capacity=WORKSHOP_SEATS,
            track="Creative sessions",
            **_where(rooms, room),
        )
        for title, room in workshops
    ]
    return rounds.round_create(
        edition=edition,
        actor=organiser,
        title={"en": f"Creative sessions {numeral}", "ru": f"Творческие сессии {numeral}"},
        sessions=sessions,
    )


def _rank_everyone(
    preference_round: PreferenceRound, participants: list[User], rng: random.Random
) -> None:
    workshops = list(preference_round.sessions.order_by("pk"))
    # Zipf-like popularity: the heritage workshop is everyone's favourite more often.
    weights = [4, 2, 1.5, 1]
    for person in participants:
        ranking: list[Session] = []
        pool, pool_weights = list(workshops), list(weights)
        for _ in range(3):
            choice = rng.choices(range(len(pool)), weights=pool_weights)[0]
            ranking.append(pool.pop(choice))
            pool_weights.pop(choice)
        rounds.preferences_set(preference_round=preference_round, user=person, ranking=ranking)
