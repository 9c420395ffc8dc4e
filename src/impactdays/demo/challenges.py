"""The demo's challenges of Yaroslavl 2018: the Great Manufactory and its district, through the
challenges services.

The forum met at the Textil Cultural Center, on the territory of the Great Manufactory (founded
in 1722) in the Krasny Perekop district, and formed its decisions from, among others, an
examination of public spaces. The challenges, places and observations here are illustrative:
written for the demo in the spirit of that walk, not taken from the forum's records. Photos are
small generated pictures, so that the demo builds in a moment.
"""

import io
import random
import uuid
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from impactdays.challenges import services
from impactdays.challenges.geometry import geometry_centre
from impactdays.challenges.models import Challenge, Observation, Photo, Place
from impactdays.common.translated import Translations
from impactdays.demo.builder import DemoForum
from impactdays.forums.models import EditionRole, Organisation
from impactdays.programme.models import Session

# Any: GeoJSON geometries are JSON of several shapes.
# Stable keys, so that building the demo again replays instead of duplicating.
_KEYS = uuid.UUID("6f1d0c1e-2b7a-4f43-9a55-1a2b3c4d5e6f")

GREAT_MANUFACTORY_AREA: dict[str, Any] = {
    "type": "Polygon",
    "coordinates": [
        [
            [39.8790, 57.6025],
            [39.8895, 57.6020],
            [39.8905, 57.6075],
            [39.8800, 57.6082],
            [39.8790, 57.6025],
        ]
    ],
}

CHALLENGES: list[tuple[str, Translations, Translations, str, str]] = [
    # key, title, description, owner (English name), status
    (
        "manufactory",
        {
            "en": "How might we open the Great Manufactory territory to the city?",
            "ru": "Как открыть территорию Большой мануфактуры для города?",
            "de": "Wie könnten wir das Gelände der Großen Manufaktur für die Stadt öffnen?",
        },
        {
            "en": "Behind the fences of the 1722 manufactory lie courtyards, halls and paths that "
            "the city does not use. Textil has opened one building; what would make the "
            "territory a part of Yaroslavl that people cross, visit and stay in?",
            "ru": "Позади ограды мануфактуры 1722 года — дворы, цеха и дорожки, которыми город не "
            "пользуется. «Текстиль» открыл одно здание; что сделает территорию частью "
            "Ярославля, через которую ходят, куда приходят и где остаются?",
        },
        "Textil Cultural Center",
        Challenge.Status.IN_WORK,
    ),
    (
        "connect",
        {
            "en": "How might we connect Krasny Perekop with the centre on foot and by bicycle?",
            "ru": "Как связать Красный Перекоп и центр для пешеходов и велосипедистов?",
            "de": "Wie könnten wir Krasny Perekop zu Fuß und per Rad mit dem Zentrum verbinden?",
        },
        {
            "en": "The district lies across the Kotorosl from the old town: the crossings are "
            "made for cars, and the way to them is long.",
        },
        "SOL Social Innovation Support Center",
        Challenge.Status.ACCEPTED,
    ),
    (
        "elders",
        {
            "en": "How might we involve older residents of the workers' housing in the "
            "district's public life?",
            "ru": "Как вовлечь пожилых жителей рабочих казарм в общественную жизнь района?",
        },
        {"en": "Many who live here once worked at the manufactory and know its history."},
        "SOL Social Innovation Support Center",
        Challenge.Status.ACCEPTED,
    ),
    (
        "embankment",
        {
            "en": "How might we give the Kotorosl embankment places to stay, not only to pass?",
            "ru": "Как сделать набережную Которосли местом, где хочется остаться?",
        },
        {"en": "Benches, shade and reasons to stop along the water."},
        "Textil Cultural Center",
        Challenge.Status.ADDRESSED,
    ),
    (
        "workshops",
        {
            "en": "How might we turn empty factory halls into workshops for young makers?",
            "ru": "Как превратить пустые цеха в мастерские для молодых мастеров?",
        },
        {"en": "A proposal from the walk, waiting for the organisers' decision."},
        "Textil Cultural Center",
        Challenge.Status.PROPOSED,
    ),
]

PLACES: list[tuple[str, Translations, Translations, dict[str, Any], list[str]]] = [
    # key, name, description, geometry, challenges
    (
        "territory",
        {
            "en": "Great Manufactory territory",
            "ru": "Территория Большой мануфактуры",
            "de": "Gelände der Großen Manufaktur",
        },
        {"en": "Courtyards and halls of the manufactory founded by decree of Peter the Great."},
        GREAT_MANUFACTORY_AREA,
        ["manufactory", "workshops"],
    ),
    (
        "courtyard",
        {"en": "Textil courtyard", "ru": "Двор «Текстиля»", "de": "Hof des Textil"},
        {"en": "The one courtyard already open to visitors."},
        {"type": "Point", "coordinates": [39.8843, 57.6049]},
        ["manufactory"],
    ),
    (
        "embankment",
        {"en": "Kotorosl embankment", "ru": "Набережная Которосли", "de": "Kotorosl-Ufer"},
        {"en": "The river front between the district and the old town."},
        {"type": "Point", "coordinates": [39.8795, 57.6105]},
        ["embankment", "connect"],
    ),
    (
        "housing",
        {
            "en": "Workers' housing of Krasny Perekop",
            "ru": "Рабочие казармы Красного Перекопа",
            "de": "Arbeiterwohnhäuser von Krasny Perekop",
        },
        {"en": "Brick houses built for the manufactory's workers."},
        {"type": "Point", "coordinates": [39.8870, 57.6010]},
        ["elders"],
    ),
    (
        "bridge",
        {
            "en": "Bridge across the Kotorosl",
            "ru": "Мост через Которосль",
            "de": "Brücke über die Kotorosl",
        },
        {"en": "The crossing towards the centre."},
        {"type": "Point", "coordinates": [39.8770, 57.6140]},
        ["connect"],
    ),
]

# What the walkers noted, by place: (text, tags); repeated with variations to about 60.
NOTES: dict[str, list[tuple[str, list[str]]]] = {
    "territory": [
        ("The gate on the north side is locked; people walk around the whole fence.", ["mobility"]),
        ("Brick halls in good shape, empty since the 2000s.", ["heritage"]),
        ("No lighting along the inner road after dark.", ["safety"]),
        ("Old trees in the inner yard; could be a small park.", ["greenery"]),
        ("Signs only in Russian and only for trucks.", ["accessibility", "mobility"]),
        ("Kids play on the loading ramps.", ["public-life", "safety"]),
    ],
    "courtyard": [
        ("Steps at the entrance, no ramp for wheelchairs or prams.", ["accessibility"]),
        ("Saturday market draws people from the centre.", ["public-life"]),
        ("Bins overflow after events.", ["cleanliness"]),
        ("The facade tells the factory's story; a plaque would help.", ["heritage"]),
    ],
    "embankment": [
        ("No benches for a kilometre along the water.", ["public-life"]),
        ("Fishermen come every morning; they need a safe edge.", ["water", "safety"]),
        ("The path floods in spring.", ["water", "mobility"]),
        ("Willows give shade in summer.", ["greenery"]),
    ],
    "housing": [
        ("Residents sit on chairs they bring out themselves.", ["public-life"]),
        ("Courtyard paths are broken; hard with a walking stick.", ["accessibility"]),
        ("A resident showed photos of the manufactory in the 1960s.", ["heritage"]),
    ],
    "bridge": [
        ("The pavement on the bridge is narrow, trucks pass close.", ["safety", "mobility"]),
        ("No bicycle lane towards the centre.", ["mobility"]),
        ("Stairs down to the embankment are steep and unlit.", ["accessibility", "safety"]),
    ],
}
OBSERVATION_COUNT = 60
PHOTO_EVERY = 3  # one observation in three has a photo
GALLERY_CAPTIONS = [
    "Walk across the manufactory territory",
    "Textil courtyard on the forum's second day",
    "The Kotorosl embankment at dusk",
    "Looking at the halls with residents",
]
COLOURS = [(176, 84, 52), (68, 110, 148), (94, 132, 72), (150, 120, 80), (120, 90, 140)]


def _picture(seed: int) -> SimpleUploadedFile:
    """A small generated picture: a sky, a ground and a building of varying shape."""
    rng = random.Random(seed)  # noqa: S311 -- shapes of a demo picture, not security
    image = Image.new("RGB", (160, 120), (200, 220, 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 85, 160, 120), fill=(120, 130, 100))
    left = rng.randint(5, 60)
    draw.rectangle(
        (left, rng.randint(25, 55), left + rng.randint(50, 90), 90), fill=rng.choice(COLOURS)
    )
    for window in range(3):
        x = left + 8 + window * 14
        draw.rectangle((x, 62, x + 7, 72), fill=(240, 230, 180))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(_KEYS, name)


def demo_challenges(forum: DemoForum) -> None:
    """Challenges, places, about 60 observations with photos, and a gallery for Yaroslavl 2018."""
    edition = forum.editions["yaroslavl"]
    organiser = forum.accounts[EditionRole.Role.ORGANISER]
    challenges: dict[str, Challenge] = {}
    for key, title, description, owner_name, status in CHALLENGES:
        challenge = Challenge.objects.filter(edition=edition, title_en=title["en"]).first()
        if challenge is None:
            challenge = services.challenge_create(
                edition=edition,
                actor=organiser,
                title=title,
                description=description,
                owner=Organisation.objects.filter(name_en=owner_name).first(),
                geometry=GREAT_MANUFACTORY_AREA if key == "manufactory" else None,
                status=status,
            )
        challenges[key] = challenge
    places: dict[str, Place] = {}
    for key, name, description, geometry, linked in PLACES:
        place = Place.objects.filter(edition=edition, name_en=name["en"]).first()
        if place is None:
            place = services.place_create(
                edition=edition,
                actor=organiser,
                name=name,
                description=description,
                geometry=geometry,
                challenges=[challenges[challenge_key] for challenge_key in linked],
            )
        places[key] = place

    walkers = forum.participants or [organiser]
    # The programme's site visits (demo/programme.py runs first): the walks observed on.
    site_visits = list(
        Session.objects.filter(edition=edition, kind=Session.Kind.SITE_VISIT).order_by("starts_at")
    )
    place_keys = list(NOTES)
    rng = random.Random(2018)  # noqa: S311 -- positions of demo observations, not security
    for index in range(OBSERVATION_COUNT):
        place_key = place_keys[index % len(place_keys)]
        notes = NOTES[place_key]
        text, tags = notes[(index // len(place_keys)) % len(notes)]
        place = places[place_key]
        longitude, latitude = _near(place.geometry, rng)
        place_challenge = place.challenges.first()
        author = walkers[index % len(walkers)]
        site_visit = site_visits[index % len(site_visits)] if site_visits else None
        observation, _created = services.observation_record(
            edition=edition,
            author=author,
            key=_key(f"observation-{index}"),
            text=text,
            tags=tags,
            latitude=latitude,
            longitude=longitude,
            location_source=Observation.LocationSource.MAP,
            place=place,
            challenge=place_challenge
            if place_challenge and place_challenge.status != Challenge.Status.PROPOSED
            else None,
            session=site_visit,
        )
        if observation.session_id is None and site_visit is not None:
            services.observation_update(observation=observation, actor=author, session=site_visit)
        if index % PHOTO_EVERY == 0:
            gallery = index // PHOTO_EVERY < len(GALLERY_CAPTIONS)
            services.photo_add(
                edition=edition,
                actor=author,
                upload=_picture(index),
                key=_key(f"photo-{index}"),
                observation=observation,
                session=site_visit,
                caption=GALLERY_CAPTIONS[index // PHOTO_EVERY] if gallery else text[:80],
                credit=author.public_name if gallery else "",
                is_in_gallery=gallery,
            )
    if not Photo.objects.filter(edition=edition, challenge=challenges["manufactory"]).exists():
        services.photo_add(
            edition=edition,
            actor=organiser,
            upload=_picture(1722),
            key=_key("photo-manufactory"),
            challenge=challenges["manufactory"],
            caption="The Great Manufactory from the Kotorosl",
            credit="Textil Cultural Center",
            is_in_gallery=True,
        )


def _near(geometry: dict[str, Any], rng: random.Random) -> tuple[float, float]:
    """A position a few dozen metres from the place (longitude, latitude)."""
    centre = geometry_centre(geometry) or (39.8843, 57.6049)
    return (
        round(centre[0] + rng.uniform(-0.0015, 0.0015), 6),
        round(centre[1] + rng.uniform(-0.0008, 0.0008), 6),
    )
