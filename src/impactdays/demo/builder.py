"""The demo forum, built above all apps: each app adds its part through its own services.

`impactdays demo` calls demo_build(), which runs DEMO_PARTS in order; each part takes the
DemoForum built so far (the accounts, the editions) and adds its own: people makes the accounts,
forums the series and editions with their roles; a later app (programme, challenges, …) appends
its part here. Every part is idempotent: it looks each object up and creates only what is missing.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from impactdays.forums.models import Edition
from impactdays.people.models import User

DEMO_DOMAIN = "demo.impactdays.org"
DEMO_PASSWORD = "impact-days-demo"  # noqa: S105 -- printed to the person who runs the demo
# Base32 secret for the demo accounts that must use two-factor; `impactdays demo_totp` prints codes.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 -- demo accounts only


@dataclass
class DemoForum:
    admin: User = field(default_factory=User)
    accounts: dict[str, User] = field(default_factory=dict)  # by role
    participants: list[User] = field(default_factory=list)
    editions: dict[str, Edition] = field(default_factory=dict)


def demo_parts() -> list[Callable[[DemoForum], None]]:
    """The parts in the order they build on each other (the apps' layers, bottom up)."""
    from impactdays.demo.applications import demo_applications
    from impactdays.demo.challenges import demo_challenges
    from impactdays.demo.decisions import demo_decisions
    from impactdays.demo.deliberation import demo_deliberation
    from impactdays.demo.forums import demo_forums
    from impactdays.demo.people import demo_people
    from impactdays.demo.programme import demo_programme
    from impactdays.demo.teams import demo_teams

    return [
        demo_people,
        demo_forums,
        demo_applications,
        demo_programme,
        demo_challenges,
        demo_teams,
        demo_deliberation,
        demo_decisions,
    ]


def demo_build() -> DemoForum:
    """Create (or complete) the demo forum; return what was built."""
    forum = DemoForum()
    for part in demo_parts():
        part(forum)
    return forum
