# ruff: noqa: RUF001  -- the demo's Russian content: Cyrillic letters on purpose
"""The demo's decisions: what Yaroslavl 2018 decided, why, and who carries it out, through the
decisions services.

The article in shared/seed says that the forum's decisions were formed through discussions, the
examination of public spaces and creative sessions, and names what they drew on: the Textil
Cultural Center as the region's change point, Andreas Heinecke's talk on social franchising, and
Jioulnar Asfari's call for private and public partners to work together. It does not list the
decisions themselves, so their wording, the counts of the votes taken in the room and the
commitments are illustrative, and each decision says so.
"""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image, ImageDraw

from impactdays.common.translated import Translations
from impactdays.decisions import commitments, services
from impactdays.decisions.evidence import evidence_choices
from impactdays.decisions.models import Commitment, Decision
from impactdays.demo.builder import DemoForum
from impactdays.forums.models import Edition, EditionRole, Organisation
from impactdays.people.models import User

ILLUSTRATIVE: Translations = {
    "en": "(Illustrative: the article does not list the decisions.)",
    "ru": "(Иллюстративный пример: в статье решения не перечислены.)",
    "de": "(Illustrativ: Der Artikel nennt die Beschlüsse nicht.)",
}

# title, text, evidence [(kind, summary, url)], votes in the room (agree, abstain, disagree, block)
DECISIONS: list[
    tuple[
        Translations, Translations, list[tuple[str, Translations, str]], tuple[int, int, int, int]
    ]
] = [
    (
        {
            "en": "Open the Great Manufactory's grounds to neighbourhood initiatives",
            "ru": "Открыть территорию Большой мануфактуры для соседских инициатив",
            "de": "Das Gelände der Großen Manufaktur für Nachbarschaftsinitiativen öffnen",
        },
        {
            "en": "Textil gives local initiatives free space on the historic grounds for their "
            "meetings and markets, and the forum's partners help them start.",
            "ru": "«Текстиль» бесплатно предоставляет местным инициативам место на исторической "
            "территории для встреч и ярмарок, а партнёры форума помогают им начать.",
            "de": "Textil stellt lokalen Initiativen kostenlos Raum auf dem historischen Gelände "
            "für Treffen und Märkte zur Verfügung, und die Partner des Forums helfen beim Start.",
        },
        [
            (
                "text",
                {
                    "en": "The examination of public spaces: Textil has become the region's "
                    "change point and can drive change in Yaroslavl and other Russian cities.",
                    "ru": "Исследование общественных пространств: «Текстиль» стал точкой "
                    "изменений региона и может стать силой перемен в Ярославле и других городах.",
                    "de": "Die Erkundung öffentlicher Räume: Textil ist zum Wendepunkt der Region "
                    "geworden und kann Veränderungen in Jaroslawl und anderen Städten anstoßen.",
                },
                "",
            ),
        ],
        (62, 8, 4, 0),
    ),
    (
        {
            "en": "Start a learning circle on social franchising",
            "ru": "Запустить учебный круг по социальному франчайзингу",
            "de": "Einen Lernkreis zum Social Franchising gründen",
        },
        {
            "en": "Social entrepreneurs from the forum meet every two months online to learn how "
            "a proven social project is handed on to other cities.",
            "ru": "Социальные предприниматели форума раз в два месяца встречаются онлайн, чтобы "
            "учиться передавать проверенный социальный проект другим городам.",
            "de": "Sozialunternehmer des Forums treffen sich alle zwei Monate online und lernen, "
            "wie ein bewährtes soziales Projekt an andere Städte weitergegeben wird.",
        },
        [
            (
                "text",
                {
                    "en": "Andreas Heinecke's talk: “Dialogue in the Dark” and “Dialogue with "
                    "Time” show how a social franchise spreads a project worldwide.",
                    "ru": "Выступление Андреаса Хайнеке: «Диалог в темноте» и «Диалог со "
                    "временем» показывают, как социальная франшиза распространяет проект по миру.",
                    "de": "Der Vortrag von Andreas Heinecke: „Dialog im Dunkeln“ und „Dialog mit "
                    "der Zeit“ zeigen, wie ein Social Franchise ein Projekt weltweit verbreitet.",
                },
                "",
            ),
            (
                "link",
                {
                    "en": "MitOst, the initiator of the series",
                    "ru": "MitOst, инициатор серии",
                    "de": "MitOst, Initiator der Reihe",
                },
                "https://www.mitost.org",
            ),
        ],
        (54, 14, 6, 0),
    ),
    (
        {
            "en": "Hold a yearly dialogue of public and private partners in Yaroslavl",
            "ru": "Проводить ежегодный диалог государственных и частных партнёров в Ярославле",
            "de": "Jährlich einen Dialog öffentlicher und privater Partner in Jaroslawl abhalten",
        },
        {
            "en": "Once a year the city, businesses and civil society meet at Textil to choose "
            "local problems they will solve together.",
            "ru": "Раз в год город, бизнес и гражданское общество встречаются в «Текстиле», "
            "чтобы выбрать местные проблемы, которые они решат вместе.",
            "de": "Einmal im Jahr treffen sich Stadt, Unternehmen und Zivilgesellschaft bei "
            "Textil und wählen lokale Probleme, die sie gemeinsam lösen.",
        },
        [
            (
                "text",
                {
                    "en": "Jioulnar Asfari (SOL): innovative ideas cannot be born in the state "
                    "machine; they come from people who see a problem and know how to solve it.",
                    "ru": "Джульнар Асфари («СОЛЬ»): инновационные идеи не рождаются в "
                    "государственной машине; их приносят люди, которые видят проблему и знают, "
                    "как её решить.",
                    "de": "Jioulnar Asfari (SOL): Innovative Ideen entstehen nicht in der "
                    "Staatsmaschine; sie kommen von Menschen, die ein Problem sehen und wissen, "
                    "wie es zu lösen ist.",
                },
                "",
            ),
        ],
        (44, 20, 10, 0),
    ),
    (
        {
            "en": "Ask the city to run Textil's programme",
            "ru": "Попросить город взять на себя программу «Текстиля»",
            "de": "Die Stadt bitten, das Programm von Textil zu übernehmen",
        },
        {
            "en": "The city administration takes over the cultural programme of Textil.",
            "ru": "Администрация города берёт на себя культурную программу «Текстиля».",
            "de": "Die Stadtverwaltung übernimmt das Kulturprogramm von Textil.",
        },
        [
            (
                "text",
                {
                    "en": "A state is conservative by nature, its task is stability (Jioulnar "
                    "Asfari); participants feared the programme would lose its independence.",
                    "ru": "Государство консервативно по своей природе, его задача — стабильность "
                    "(Джульнар Асфари); участники опасались, что программа потеряет "
                    "независимость.",
                    "de": "Ein Staat ist von Natur aus konservativ, seine Aufgabe ist Stabilität "
                    "(Jioulnar Asfari); die Teilnehmenden fürchteten um die Unabhängigkeit.",
                },
                "",
            ),
        ],
        (18, 12, 28, 4),
    ),
]

# decision index, organisation (English name), what, resources, due on, moves, updates
# [(date, text, link, with photo)], drop reason
COMMITMENTS = [
    (
        0,
        "Textil Cultural Center",
        "Give three neighbourhood initiatives free space for a season.",
        "The east courtyard and a hall, a caretaker on Saturdays",
        dt.date(2019, 6, 1),
        ["in_progress", "done"],
        [
            (
                dt.date(2018, 12, 10),
                "Two initiatives chosen: a repair café and a weekend market.",
                "",
                False,
            ),
            (
                dt.date(2019, 5, 18),
                "The third, a children's theatre, opened in the hall; 60 "
                "neighbours came to the first market.",
                "",
                True,
            ),
        ],
        "",
    ),
    (
        1,
        "SOL Social Innovation Support Center",
        "Host the learning circle's online meetings for a year.",
        "A facilitator, a video-call account",
        dt.date(2019, 10, 1),
        ["in_progress"],
        [
            (
                dt.date(2019, 2, 5),
                "First meeting with 14 social entrepreneurs from 6 cities.",
                "https://www.mitost.org",
                False,
            ),
        ],
        "",
    ),
    (
        2,
        "MitOst",
        "Fund the first public-private dialogue and share its format.",
        "2,000 EUR, the format's guide in English and Russian",
        dt.date(2019, 9, 30),
        [],
        [],
        "",
    ),
    (
        2,
        "International Alumni Center",
        "Bring alumni from other cities to the first dialogue.",
        "Travel grants for five alumni",
        dt.date(2019, 9, 30),
        ["dropped"],
        [],
        "The grant programme closed before the dialogue was scheduled.",
    ),
]


def _photo() -> SimpleUploadedFile:
    """A small drawn picture (a courtyard market) so the demo needs no image file."""
    image = Image.new("RGB", (480, 320), (214, 226, 233))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 220, 480, 320), fill=(170, 150, 120))
    for left in range(30, 450, 90):
        draw.rectangle((left, 150, left + 60, 220), fill=(196, 72, 52))
        draw.polygon([(left - 8, 150), (left + 30, 120), (left + 68, 150)], fill=(240, 240, 230))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile("market.jpg", buffer.getvalue(), content_type="image/jpeg")


def _with_note(text: Translations) -> Translations:
    return {code: f"{value} {ILLUSTRATIVE[code]}" for code, value in text.items() if value}


# What each decision (by its index in DECISIONS) cites of the 2018 forum's own records: the
# kind, the start of the record's English text, and why it matters. A record the other parts of
# the demo did not build (or a statement the analysis did not find in consensus) is skipped.
CITED: dict[int, list[tuple[str, str, Translations]]] = {
    0: [
        (
            "challenge",
            "How might we open the Great Manufactory territory",
            {
                "en": "The challenge Textil posed: the territory should become part of the city.",
                "ru": "Вызов, поставленный «Текстилем»: территория должна стать частью города.",
                "de": "Die Herausforderung von Textil: Das Gelände soll Teil der Stadt werden.",
            },
        ),
        (
            "observation",
            "The gate on the north side is locked",
            {
                "en": "The walk found the grounds closed to the neighbourhood.",
                "ru": "Прогулка показала, что территория закрыта для жителей района.",
                "de": "Der Rundgang zeigte, dass das Gelände für die Nachbarschaft verschlossen ist.",
            },
        ),
        (
            "idea",
            "Open house on weekday evenings",
            {
                "en": "A team's idea for using the empty halls with the neighbours.",
                "ru": "Идея команды: использовать пустующие цеха вместе с соседями.",
                "de": "Die Idee eines Teams, die leeren Hallen mit den Nachbarn zu nutzen.",
            },
        ),
        (
            "statement",
            "Every district needs a place where neighbours can meet",
            {
                "en": "All the opinion groups agreed.",
                "ru": "С этим согласились все группы мнений.",
                "de": "Alle Meinungsgruppen stimmten zu.",
            },
        ),
    ],
    2: [
        (
            "statement",
            "Volunteers cannot replace the city's services",
            {
                "en": "Partners agreed that the city must stay at the table.",
                "ru": "Участники согласились, что город должен оставаться за столом.",
                "de": "Die Teilnehmenden waren sich einig, dass die Stadt am Tisch bleiben muss.",
            },
        ),
        (
            "challenge",
            "How might we involve older residents",
            {
                "en": "A challenge that needs the city, businesses and civil society together.",
                "ru": "Вызов, для которого нужны город, бизнес и гражданское общество вместе.",
                "de": "Eine Herausforderung, die Stadt, Wirtschaft und Zivilgesellschaft "
                "gemeinsam brauchen.",
            },
        ),
        (
            "idea",
            "Walks with time",
            {
                "en": "A team's idea that depends on a volunteer centre, a school and a museum.",
                "ru": "Идея команды, которой нужны волонтёрский центр, школа и музей.",
                "de": "Die Idee eines Teams, die ein Freiwilligenzentrum, eine Schule und ein "
                "Museum braucht.",
            },
        ),
    ],
    3: [
        (
            "statement",
            "The city administration should run community centres itself",
            {
                "en": "The opinion map showed little support for the city running the centres.",
                "ru": "Карта мнений показала слабую поддержку того, чтобы центры вёл город.",
                "de": "Die Meinungskarte zeigte wenig Zustimmung dafür, dass die Stadt die "
                "Zentren betreibt.",
            },
        ),
    ],
}


def _cite_records(decision: Decision, index: int, organiser: User) -> None:
    """Cite the 2018 records CITED names for the decision, where the demo built them."""
    with translation.override("en"):
        offered = {
            value: title
            for _label, records in evidence_choices(decision.edition)
            for value, title in records
        }
    for kind, starts, summary in CITED.get(index, []):
        value = next(
            (
                value
                for value, title in offered.items()
                if value.startswith(f"{kind}:") and title.startswith(starts)
            ),
            None,
        )
        if value is not None:
            services.evidence_add(
                decision=decision,
                kind=kind,
                summary=summary,
                reference_id=int(value.partition(":")[2]),
                actor=organiser,
            )


def demo_decisions(forum: DemoForum) -> None:
    """The 2018 decisions with their evidence and outcomes, and partners' commitments."""
    edition = Edition.objects.filter(series__slug="social-impact-days", year=2018).first()
    if edition is None or Decision.objects.filter(edition=edition).exists():
        return
    organiser = forum.accounts[EditionRole.Role.ORGANISER]
    partner = forum.accounts[EditionRole.Role.PARTNER]
    decided_at = dt.datetime(2018, 10, 7, 15, 0, tzinfo=dt.UTC)
    decisions = []
    for index, (title, text, evidence, (agree, abstain, disagree, block)) in enumerate(DECISIONS):
        decision = services.decision_create(
            edition=edition, title=title, text=_with_note(text), actor=organiser
        )
        for kind, summary, url in evidence:
            services.evidence_add(
                decision=decision, kind=kind, summary=summary, url=url, actor=organiser
            )
        _cite_records(decision, index, organiser)
        services.decision_outcome_record_in_room(
            decision=decision,
            agree=agree,
            abstain=abstain,
            disagree=disagree,
            block=block,
            decided_at=decided_at,
            actor=organiser,
        )
        decisions.append(decision)
    for index, organisation_name, what, resources, due_on, moves, updates, reason in COMMITMENTS:
        # The partner account reports for the host and the funders, the organiser for SOL.
        committer = organiser if organisation_name.startswith("SOL") else partner
        commitment = commitments.commitment_create(
            decision=decisions[index],
            committer=committer,
            organisation=Organisation.objects.get(name_en=organisation_name),
            what=what,
            resources=resources,
            due_on=due_on,
            actor=organiser,
        )
        for happened_on, update_text, link, has_photo in updates:
            commitments.commitment_update_post(
                commitment=commitment,
                author=committer,
                happened_on=happened_on,
                text=update_text,
                link=link,
                photo=_photo() if has_photo else None,
            )
        for move in moves:
            commitment = commitments.commitment_status_move(
                commitment=commitment,
                to=move,
                reason=reason if move == Commitment.Status.DROPPED else "",
                actor=committer,
            )
