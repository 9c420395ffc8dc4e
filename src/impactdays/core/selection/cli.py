"""`impactdays select`: choose a panel from a pool under quotas, by LEXIMIN or LEGACY.

Methods: LEXIMIN (Flanigan, Gölz, Gupta, Hennig, Procaccia, "Fair algorithms for selecting
citizens' assemblies", Nature 596:548-552, 2021) by column generation over types (`leximin`), and
the greedy LEGACY of the same paper (`legacy`). Reads the replication's `categories.csv` /
`respondents.csv` and sortition-algorithms' `features.csv` / people files (`reading`). Prints the
selection probabilities, their minimum and Gini coefficient, one panel drawn with the given seed
and the computing time; `--json` prints them as one JSON object. Malformed files and infeasible
quotas end with a message on standard error and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

from impactdays.core.selection.feasibility import InfeasibleQuotasError
from impactdays.core.selection.instance import FloatArray, group_types
from impactdays.core.selection.legacy import LegacyDeadEndError, legacy_probabilities
from impactdays.core.selection.leximin import leximin_probabilities
from impactdays.core.selection.lottery import draw_panel, gini
from impactdays.core.selection.reading import SelectionInputError, read_instance

EXIT_USAGE = 2
# Probabilities are printed to this many decimals: enough to tell LP rounding (about 1e-12) from
# real differences, and k/n prints exactly (0.1, not 0.09999999999999999).
DECIMALS = 10
# Seconds after which LEXIMIN returns its best mix so far with a certified bound instead.
DEFAULT_TIME_LIMIT = 240.0


def _parser() -> argparse.ArgumentParser:
    """Return the command's argument parser."""
    parser = argparse.ArgumentParser(
        prog="impactdays select",
        description="Choose a panel of K people from a pool under quotas (LEXIMIN or LEGACY).",
    )
    parser.add_argument(
        "--categories",
        type=Path,
        required=True,
        help="quotas: categories.csv (category,feature,min,max) or features.csv "
        "(feature,value,min,max)",
    )
    parser.add_argument(
        "--people",
        type=Path,
        required=True,
        help="the pool: respondents.csv or a people file with an id column",
    )
    parser.add_argument("--panel-size", type=int, required=True, metavar="K")
    parser.add_argument("--method", choices=("leximin", "legacy"), default="leximin")
    parser.add_argument(
        "--seed",
        type=int,
        help="seed of the draw (default: a fresh one, printed so the run can be replayed)",
    )
    parser.add_argument(
        "--id-column", help="the people file's id column (default: detected, else row numbers)"
    )
    parser.add_argument(
        "--legacy-draws",
        type=int,
        default=1000,
        help="LEGACY only: draws that estimate the probabilities (default 1000)",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=DEFAULT_TIME_LIMIT,
        metavar="SECONDS",
        help="LEXIMIN only: stop the column generation after this long and report how close "
        f"to optimal the result is certified to be (default {DEFAULT_TIME_LIMIT:.0f}; 0: none)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def _report(
    ids: tuple[str, ...],
    probabilities: FloatArray,
    panel: list[int],
    panel_size: int,
    seconds: float,
    extra: dict[str, object],
) -> dict[str, object]:
    """Assemble the command's output object."""
    return {
        "probabilities": {
            person: round(float(p), DECIMALS) for person, p in zip(ids, probabilities, strict=True)
        },
        "min_probability": round(float(probabilities.min()), DECIMALS),
        "gini": round(gini(probabilities, panel_size), DECIMALS),
        "panel": [ids[index] for index in panel],
        "seconds": round(seconds, 3),
        **extra,
    }


def main(argv: list[str]) -> int:
    """Run `impactdays select` with `argv` (the words after `select`); return the exit status.

    Preconditions: none. Effects: reads the two files, prints the result on standard output or
    an error on standard error. Errors: none raised; bad input and infeasible quotas return 2
    (argparse exits with 2 on bad arguments).
    """
    args = _parser().parse_args(argv)
    if args.panel_size < 1:
        print("impactdays select: --panel-size must be at least 1", file=sys.stderr)
        return EXIT_USAGE
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    try:
        instance = read_instance(args.categories, args.people, args.panel_size, args.id_column)
        started = time.perf_counter()
        types = group_types(instance)
        rng = random.Random(seed)  # noqa: S311 - a replayable lottery needs a seeded generator, not secrecy
        extra: dict[str, object] = {"method": args.method, "seed": seed}
        if args.method == "leximin":
            result = leximin_probabilities(
                types, time_limit=args.time_limit if args.time_limit > 0 else None
            )
            probabilities = result.distribution.person_probabilities()
            panel = draw_panel(result.distribution, rng)
            extra.update(
                types=types.type_count,
                levels=result.levels,
                panels_in_support=len(result.distribution.panels),
                exact=result.exact,
            )
            if not result.exact:
                # Honest about a cut run: every person has at least target_share times the
                # probability of the LP relaxation's LEXIMIN, whose minimum bounds the optimum's.
                extra.update(
                    target_share=round(result.target_share, DECIMALS),
                    min_probability_upper_bound=None
                    if result.minimum_upper_bound is None
                    else round(result.minimum_upper_bound, DECIMALS),
                )
        else:
            probabilities, panel = legacy_probabilities(types, rng, draws=args.legacy_draws)
            extra.update(legacy_draws=args.legacy_draws)
        seconds = time.perf_counter() - started
    except SelectionInputError as error:
        print(f"impactdays select: {error}", file=sys.stderr)
        return EXIT_USAGE
    except InfeasibleQuotasError as error:
        print(
            f"impactdays select: {args.categories}: {error}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    except LegacyDeadEndError as error:
        print(f"impactdays select: {error}", file=sys.stderr)
        return EXIT_USAGE
    report = _report(instance.person_ids, probabilities, panel, args.panel_size, seconds, extra)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{args.method}: n={instance.pool_size} k={args.panel_size} seed={seed} "
            f"min probability {report['min_probability']} gini {report['gini']} "
            f"({report['seconds']} s)"
        )
        if report.get("exact") is False:
            print(
                "not proven optimal within the time limit: the optimal minimum probability is "
                f"at most {report['min_probability_upper_bound']}; every person has at least "
                f"{report['target_share']} of that bound's probability"
            )
        print("panel:", " ".join(instance.person_ids[index] for index in panel))
    return 0
