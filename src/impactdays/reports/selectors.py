"""Reads of the edition report: who came, counted (never named)."""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django_countries import countries

from impactdays.forums.models import Edition, EditionRole
from impactdays.people.models import Sector, User
from impactdays.reports.charts import Bar


def _participants(edition: Edition) -> list[User]:
    return list(
        User.objects.filter(
            edition_roles__edition=edition,
            edition_roles__role=EditionRole.Role.PARTICIPANT,
            is_active=True,
        )
        .distinct()
        .only("country", "sector")
    )


def _bars(counts: Counter[str], labels: dict[str, str]) -> list[Bar]:
    """Largest first, ties by label; an unknown value counts as "Not said"."""
    bars = [
        Bar(label=labels.get(key, key) if key else _("Not said"), value=value)
        for key, value in counts.items()
    ]
    return sorted(bars, key=lambda bar: (-bar.value, bar.label))


@dataclass(frozen=True)
class WhoCame:
    total: int
    countries: list[Bar]
    sectors: list[Bar]


def who_came(edition: Edition) -> WhoCame:
    """The edition's participants counted by country and by sector (one query)."""
    people = _participants(edition)
    return WhoCame(
        total=len(people),
        countries=_bars(
            Counter(str(person.country) for person in people),
            {code: str(name) for code, name in countries},
        ),
        sectors=_bars(
            Counter(person.sector for person in people),
            {str(value): str(label) for value, label in Sector.choices},
        ),
    )
