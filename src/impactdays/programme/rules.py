"""Who may do what with the programme.

Everyone who may see the edition sees its published schedule; only organisers edit the sessions,
publish and run preference rounds; a participant ranks workshops (the services check that the
round is open) and stars sessions for themselves only: every personal page and write looks the
person up from the request, never from an id.
"""

import rules

from impactdays.common.rules import is_site_admin
from impactdays.forums.rules import can_see_edition, is_archived, is_organiser_of, is_participant_of

can_manage = is_site_admin | is_organiser_of

rules.add_perm("programme.view_programme", can_see_edition)
rules.add_perm("programme.manage_programme", can_manage)
rules.add_perm("programme.change_programme", can_manage & ~is_archived)
rules.add_perm("programme.keep_agenda", rules.is_authenticated & can_see_edition & ~is_archived)
rules.add_perm("programme.rank_workshops", is_participant_of & ~is_archived)
