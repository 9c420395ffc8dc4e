"""Who may download an edition's open data: whoever may see the edition (a draft edition only
the people who hold a role in it, as a preview). The package itself always holds only what an
anonymous visitor sees (reports.opendata)."""

import rules

from impactdays.forums.rules import can_see_edition

rules.add_perm("reports.view_open_data", can_see_edition)
rules.add_perm("reports.view_report", can_see_edition)
