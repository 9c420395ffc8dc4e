"""The demo's creative sessions: Yaroslavl 2018's two creative sessions, through the teams
services, with the participants checked in, teams formed by the engine and idea canvases filled.

The article in shared/seed says only that the forum's decisions were formed in discussions,
examinations of public spaces and creative sessions; the sessions' titles, topics and canvases
here are illustrative, written around what the article names (Textil in the Great Manufactory,
Andreas Heinecke's dialogue projects, social franchising, volunteer programmes). The sessions'
topics are the edition's challenges (demo/challenges.py) and each takes place in one of the
programme's creative sessions (demo/programme.py), so the members find their team in their agenda.
"""

import datetime as dt
import random

from impactdays.challenges.models import Challenge
from impactdays.common.translated import Translations
from impactdays.demo.builder import DemoForum
from impactdays.forums.models import Edition, EditionRole
from impactdays.programme.models import Session as ProgrammeSession
from impactdays.teams import services
from impactdays.teams.models import CreativeSession, FormationRun, Participant

# A few rounds of the search: a good split in a fraction of a second, so the demo stays fast.
DEMO_MAX_ROUNDS = 3
ABSENT_EVERY = 15  # every fifteenth participant missed the session

SESSIONS: list[dict[str, object]] = [
    {
        "title": {
            "en": "Creative session: unlocking the Great Manufactory",
            "ru": "Творческая сессия: открыть Большую мануфактуру",
            "de": "Kreativsession: die Große Manufaktur öffnen",
        },
        "starts_at": dt.datetime(2018, 10, 5, 14, 0, tzinfo=dt.UTC),
        "preference": CreativeSession.Preference.IGNORE,
        # The programme's creative session (demo/programme.py), by its English title.
        "programme_session": "Textile heritage as a common good",
        # The edition's challenges (demo/challenges.py), by their English titles.
        "challenges": [
            "How might we open the Great Manufactory territory to the city?",
            "How might we connect Krasny Perekop with the centre on foot and by bicycle?",
            "How might we involve older residents of the workers' housing in the ",
        ],
    },
    {
        "title": {
            "en": "Creative session: social franchises for Yaroslavl",
            "ru": "Творческая сессия: социальные франшизы для Ярославля",
            "de": "Kreativsession: Sozialfranchises für Jaroslawl",
        },
        "starts_at": dt.datetime(2018, 10, 6, 10, 0, tzinfo=dt.UTC),
        "preference": CreativeSession.Preference.SOFT,
        "programme_session": "Funding community projects",
        "challenges": [
            "How might we give the Kotorosl embankment places to stay, not only to pass?",
            "How might we open the Great Manufactory territory to the city?",
        ],
    },
]

CANVASES: list[dict[str, str]] = [
    {
        "problem": "The factory halls stand empty between events; neighbours do not feel "
        "they may come in.",
        "idea": "Open house on weekday evenings: a repair café and a reading room run by "
        "neighbours.",
        "who_benefits": "Families of Krasny Perekop, pensioners, students.",
        "partners_needed": "Textil, the district council, a local library.",
        "resources": "One hall two evenings a week, tables, a small budget for tools.",
        "first_steps": "Ask twenty neighbours what they would do there; test one evening in "
        "November.",
    },
    {
        "problem": "Courtyards are parking lots; children play on the road.",
        "idea": "A courtyard festival that turns one yard a month into a garden for a day, "
        "and leaves one planter behind.",
        "who_benefits": "Children and their parents; neighbours who never meet.",
        "partners_needed": "Housing associations, a gardening shop, the traffic police.",
        "resources": "Planters, seedlings, volunteers with cars for one morning.",
        "first_steps": "Find one association willing to try; map the yards with space.",
    },
    {
        "problem": "Elderly people in the district are lonely and lose touch with the city.",
        "idea": "Walks with time: volunteers and elderly residents walk the old manufactory "
        "quarter and record its stories.",
        "who_benefits": "Elderly residents, school pupils, the city's memory.",
        "partners_needed": "A volunteer centre, a school, the local museum.",
        "resources": "Recorders, a meeting room, a map of the quarter.",
        "first_steps": "Pair five volunteers with five residents for a first walk.",
    },
]
REVISED_IDEA = (
    "Open house on weekday evenings: a repair café, a reading room and a children's corner "
    "run by neighbours."
)


def _yaroslavl() -> Edition | None:
    return Edition.objects.filter(series__slug="social-impact-days", year=2018).first()


def _session(edition: Edition, spec: dict[str, object], forum: DemoForum) -> CreativeSession | None:
    title: Translations = spec["title"]  # type: ignore[assignment]  # SESSIONS' shape
    if CreativeSession.objects.filter(edition=edition, title_en=title["en"]).exists():
        return None
    facilitator = forum.accounts[EditionRole.Role.FACILITATOR]
    session = services.session_create(
        edition=edition,
        title=title,
        starts_at=spec["starts_at"],  # type: ignore[arg-type]  # SESSIONS' shape
        min_team_size=5,
        max_team_size=7,
        actor=facilitator,
    )
    services.session_update(
        session=session,
        values={"preference": spec["preference"], "seconds": 1},
        actor=facilitator,
    )
    for title_start in spec["challenges"]:  # type: ignore[attr-defined]  # SESSIONS' shape
        challenge = Challenge.objects.filter(
            edition=edition, title_en__startswith=title_start
        ).first()
        if challenge is not None:
            services.topic_add_challenge(session=session, challenge=challenge, actor=facilitator)
    return session


def _link_to_programme(edition: Edition, forum: DemoForum) -> None:
    """Each session to the programme's creative session it takes place in (once)."""
    facilitator = forum.accounts[EditionRole.Role.FACILITATOR]
    for spec in SESSIONS:
        title: Translations = spec["title"]  # type: ignore[assignment]  # SESSIONS' shape
        session = CreativeSession.objects.filter(
            edition=edition, title_en=title["en"], programme_session__isnull=True
        ).first()
        workshop = ProgrammeSession.objects.filter(
            edition=edition,
            kind=ProgrammeSession.Kind.CREATIVE_SESSION,
            title_en=spec["programme_session"],
        ).first()
        if session is not None and workshop is not None:
            services.session_update(
                session=session, values={"programme_session": workshop}, actor=facilitator
            )


def demo_teams(forum: DemoForum) -> None:
    """Yaroslavl 2018's creative sessions with teams formed and published, canvases filled."""
    edition = _yaroslavl()
    if edition is None or not forum.participants:
        return
    facilitator = forum.accounts[EditionRole.Role.FACILITATOR]
    rng = random.Random(2018)  # noqa: S311 -- demo data, the same on every machine
    for number, spec in enumerate(SESSIONS):
        session = _session(edition, spec, forum)
        if session is None:
            continue
        services.participants_add_from_edition(session=session, actor=facilitator)
        present = [
            user.pk
            for index, user in enumerate(forum.participants)
            if (index + number) % ABSENT_EVERY
        ]
        services.checkin_set(session=session, present=present, actor=facilitator)
        topic_ids = list(session.topics.values_list("pk", flat=True))
        if session.preference != CreativeSession.Preference.IGNORE:
            for participant in Participant.objects.filter(session=session):
                services.ranking_set(
                    participant=participant,
                    topic_ids=rng.sample(topic_ids, len(topic_ids)),
                    actor=participant.user,
                )
        run = services.formation_run_start(
            session=session, seed=2018 + number, actor=facilitator, enqueue=False
        )
        run = services.formation_run_execute(run=run, max_rounds=DEMO_MAX_ROUNDS)
        if run.status != FormationRun.Status.DONE:
            continue
        session.refresh_from_db()
        services.session_publish(session=session, version=session.version, actor=facilitator)
        for team in session.teams.select_related("canvas").order_by("number"):
            text = CANVASES[(team.number - 1) % len(CANVASES)]
            member = team.members.select_related("user").first()
            author = member.user if member else facilitator
            canvas = services.canvas_save(
                canvas=team.canvas, sections=text, version=0, actor=author
            )
            if team.number == 1:
                services.canvas_save(
                    canvas=canvas,
                    sections={"idea": REVISED_IDEA},
                    version=canvas.version,
                    actor=facilitator,
                )
                services.canvas_comment_add(
                    canvas=canvas,
                    body="Textil could lend the small hall on Tuesdays: let us ask them.",
                    actor=facilitator,
                )
    _link_to_programme(edition, forum)
