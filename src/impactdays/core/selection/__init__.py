"""Fair selection of a panel from a pool under quotas: LEXIMIN lotteries and the LEGACY greedy.

Method: Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting citizens'
assemblies", Nature 596:548-552 (2021). `leximin_probabilities` computes the LEXIMIN selection
probabilities by column generation over types of interchangeable people (HiGHS for the LPs and the
pricing ILP) with a panel distribution reproducing them; `draw_panel` draws from it with a seeded
`random.Random`; `legacy_panel` is the greedy the paper compares against; infeasible quotas raise
`InfeasibleQuotasError` naming the quotas that conflict.
"""

from impactdays.core.selection.feasibility import InfeasibleQuotasError, QuotaBound, check_feasible
from impactdays.core.selection.instance import PoolTypes, Quota, SelectionInstance, group_types
from impactdays.core.selection.legacy import legacy_panel, legacy_probabilities
from impactdays.core.selection.leximin import LeximinResult, leximin_probabilities
from impactdays.core.selection.lottery import PanelDistribution, draw_panel, gini
from impactdays.core.selection.reading import SelectionInputError, read_instance

__all__ = [
    "InfeasibleQuotasError",
    "LeximinResult",
    "PanelDistribution",
    "PoolTypes",
    "Quota",
    "QuotaBound",
    "SelectionInputError",
    "SelectionInstance",
    "check_feasible",
    "draw_panel",
    "gini",
    "group_types",
    "legacy_panel",
    "legacy_probabilities",
    "leximin_probabilities",
    "read_instance",
]
