"""The demo's people, through the people services: the site admin, one account per role, and
about 45 participants from 14 European countries in the sectors the article names.
"""

import functools
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from impactdays.demo.builder import DEMO_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET, DemoForum
from impactdays.forums.models import EditionRole
from impactdays.people import services
from impactdays.people.models import ConsentKind, Sector, User


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


PARTICIPANT_COUNT = 45


@functools.cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; the demo's fifty accounts share one password, so hash it once.
    return make_password(DEMO_PASSWORD)


def _ensure_account(account: DemoAccount, actor: User | None) -> User:
    """The demo account with this address, created if missing; an existing account is never changed."""
    return User.objects.filter(email=account.email).first() or services.account_create(
        email=account.email,
        password_hash=_demo_password_hash(),
        display_name=account.display_name,
        country=account.country,
        sector=account.sector,
        organisation=account.organisation,
        languages=["en"],
        consents=(ConsentKind.TERMS, ConsentKind.DIRECTORY_LISTING),
        is_site_admin=account.role == "site_admin",
        actor=actor,
    )


def _ensure_totp(user: User) -> None:
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)


def demo_people(forum: DemoForum) -> None:
    """The accounts: forum.admin, forum.accounts by role, forum.participants."""
    forum.admin = _ensure_account(DEMO_ACCOUNTS[0], None)
    _ensure_totp(forum.admin)
    for account in DEMO_ACCOUNTS[1:]:
        user = _ensure_account(account, forum.admin)
        forum.accounts[account.role] = user
        if account.role == EditionRole.Role.ORGANISER:
            _ensure_totp(user)
    for index in range(PARTICIPANT_COUNT - 1):  # the demo participant account is the 45th
        first, last = FIRST_NAMES[index % len(FIRST_NAMES)], LAST_NAMES[index % len(LAST_NAMES)]
        person = DemoAccount(
            f"participant{index + 1:02d}@{DEMO_DOMAIN}",
            f"{first} {last}",
            EditionRole.Role.PARTICIPANT,
            COUNTRIES[index % len(COUNTRIES)],
            SECTORS[index % len(SECTORS)],
            "",
        )
        forum.participants.append(_ensure_account(person, forum.admin))
