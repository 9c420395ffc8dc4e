"""The selection run: the call's pool and quotas turned into the files `impactdays select` reads,
the LEXIMIN lottery of core.selection over them, and the run stored with its seed.

The pool is every submitted application; each quota category is a single-value question (a
choice, yes or no, a country, a language) and an applicant's value is their answer, "none" when
they left it empty. An answer no quota names gets an open quota (0 to the panel size) in the
stored quotas file, so the published files alone reproduce the run.
"""

import csv
import datetime as dt
import io
import logging
import math
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from impactdays.applications.models import Application, Call, Question, Quota, SelectionRun
from impactdays.common.services import audit_record
from impactdays.core.selection import (
    InfeasibleQuotasError,
    SelectionInputError,
    SelectionInstance,
    check_feasible,
    draw_panel,
    gini,
    group_types,
    leximin_probabilities,
    read_instance,
)
from impactdays.core.selection.reading import read_quotas
from impactdays.forums.models import Edition
from impactdays.forums.services import edition_lock_for_write
from impactdays.people.models import User

QUOTA_KINDS = (
    Question.Kind.CHOICE,
    Question.Kind.YES_NO,
    Question.Kind.COUNTRY,
    Question.Kind.LANGUAGE,
)
NO_ANSWER = "none"
SEED_LIMIT = 2**32
# From this many applicants on, the LEXIMIN computation gets a time limit: past it the best
# lottery found so far is kept, and the run says it is not certified exact.
LARGE_POOL = 500
TIME_LIMIT_SECONDS = 300.0
# A run still "running" this long after it started has lost its worker (the task's hard limit).
STALE_AFTER_SECONDS = TIME_LIMIT_SECONDS + 600

LOGGER = logging.getLogger(__name__)


def quota_set(
    *, call: Call, category: str, value: str, minimum: int, maximum: int, actor: User | None
) -> Quota:
    """Create or change the quota of one answer to a single-value question.

    Raises ValidationError for a question that is not single-valued, bounds out of order, or
    a maximum above the seats.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        if not call.questions.filter(key=category, kind__in=QUOTA_KINDS).exists():
            raise ValidationError(
                {
                    "category": _(
                        "Quotas count answers to a choice, yes-or-no, country or language question."
                    )
                }
            )
        if maximum > call.seats:
            raise ValidationError({"maximum": _("The maximum cannot exceed the seats.")})
        quota = Quota.objects.filter(call=call, category=category, value=value).first() or Quota(
            call=call, category=category, value=value
        )
        quota.minimum, quota.maximum = minimum, maximum
        quota.full_clean()
        quota.save()
        audit_record(
            actor=actor,
            action="quota_set",
            target=quota,
            edition=edition,
            data={"category": category, "value": value, "min": minimum, "max": maximum},
        )
    return quota


def quota_delete(*, quota: Quota, actor: User | None) -> None:
    with transaction.atomic():
        edition = edition_lock_for_write(quota.call.edition)
        audit_record(
            actor=actor,
            action="quota_delete",
            target=quota,
            edition=edition,
            data={"quota": str(quota)},
        )
        quota.delete()


def _data_lines(text: str) -> list[int]:
    """The line numbers of the non-blank rows after the header, as core.selection reads them."""
    reader = csv.reader(io.StringIO(text))
    next(reader, None)
    return [reader.line_num for cells in reader if any(cell.strip() for cell in cells)]


def quotas_import(*, call: Call, quotas_csv: str, actor: User | None) -> list[Quota]:
    """Replace the call's quotas with those of a quotas file `impactdays select` reads
    (feature,value,min,max or category,feature,min,max).

    Raises ValidationError naming the line, and changes nothing, for a malformed file, a
    question that is not a single-valued one of the call, or a maximum above the seats.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder, "quotas.csv")
            path.write_text(quotas_csv, encoding="utf-8")
            try:
                rows = read_quotas(path)
            except SelectionInputError as error:
                raise ValidationError(
                    _("Line %(line)s: %(error)s")
                    % {"line": error.line, "error": str(error).split(": ", 1)[-1]}
                ) from None
        categories = set(call.questions.filter(kind__in=QUOTA_KINDS).values_list("key", flat=True))
        errors = []
        for line, row in zip(_data_lines(quotas_csv), rows, strict=True):
            if row.category not in categories:
                errors.append(
                    _(
                        "Line %(line)s: %(category)s is not a choice, yes-or-no, country or language question of the call."
                    )
                    % {"line": line, "category": row.category}
                )
            elif row.maximum > call.seats:
                errors.append(
                    _("Line %(line)s: the maximum %(maximum)s exceeds the %(seats)s seats.")
                    % {"line": line, "maximum": row.maximum, "seats": call.seats}
                )
            elif len(row.value) > Quota._meta.get_field("value").max_length:  # type: ignore[operator]
                errors.append(_("Line %(line)s: the answer is too long.") % {"line": line})
        if errors:
            raise ValidationError(errors)
        call.quotas.all().delete()
        quotas = Quota.objects.bulk_create(
            Quota(
                call=call,
                category=row.category,
                value=row.value,
                minimum=row.minimum,
                maximum=row.maximum,
            )
            for row in rows
        )
        audit_record(
            actor=actor,
            action="quotas_import",
            target=call,
            edition=edition,
            data={"quotas": len(quotas)},
        )
    return quotas


def selection_files(call: Call) -> tuple[str, str]:
    """The quotas file (feature,value,min,max) and the people file (id and one column per
    category) of the call's current pool, as `impactdays select` reads them."""
    quotas = list(call.quotas.order_by("category", "value"))
    categories = list(dict.fromkeys(quota.category for quota in quotas))
    pool = list(
        Application.objects.filter(call=call, status=Application.Status.SUBMITTED).order_by("pk")
    )
    people_rows = [
        [str(application.pk)]
        + [str(application.answers.get(category) or NO_ANSWER) for category in categories]
        for application in pool
    ]
    named = {(quota.category, quota.value) for quota in quotas}
    open_quotas = sorted(
        {
            (category, row[1 + index])
            for row in people_rows
            for index, category in enumerate(categories)
            if (category, row[1 + index]) not in named
        }
    )
    quotas_out = io.StringIO()
    writer = csv.writer(quotas_out, lineterminator="\n")
    writer.writerow(["feature", "value", "min", "max"])
    rows = [(q.category, q.value, q.minimum, q.maximum) for q in quotas]
    rows += [(category, value, 0, call.seats) for category, value in open_quotas]
    writer.writerows(sorted(rows))
    people_out = io.StringIO()
    writer = csv.writer(people_out, lineterminator="\n")
    writer.writerow(["id", *categories])
    writer.writerows(people_rows)
    return quotas_out.getvalue(), people_out.getvalue()


def _instance_from_files(quotas_csv: str, people_csv: str, seats: int) -> SelectionInstance:
    with tempfile.TemporaryDirectory() as folder:
        quotas_path, people_path = Path(folder, "quotas.csv"), Path(folder, "people.csv")
        quotas_path.write_text(quotas_csv, encoding="utf-8")
        people_path.write_text(people_csv, encoding="utf-8")
        return read_instance(quotas_path, people_path, seats)


def _stale_runs_fail(call: Call) -> None:
    """Mark failed the runs a worker took and never finished (it stopped, or the task's hard
    limit killed it), and those queued for a day: they would block every new run."""
    now = timezone.now()
    message = _("The computation stopped before it finished; start a new run.")
    call.selection_runs.filter(
        status=SelectionRun.Status.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=STALE_AFTER_SECONDS),
    ).update(status=SelectionRun.Status.FAILED, step=SelectionRun.Step.FINISHED, error=message)
    call.selection_runs.filter(
        status=SelectionRun.Status.QUEUED, created_at__lt=now - dt.timedelta(days=1)
    ).update(status=SelectionRun.Status.FAILED, step=SelectionRun.Step.FINISHED, error=message)


def selection_run_start(
    *, call: Call, actor: User | None, seed: int | None = None, defer: bool = True
) -> SelectionRun:
    """Store a queued run with its inputs (the two files) and seed, and compute it in the
    background (`selection_run_task`, after the commit) unless `defer` is False.

    Preconditions: the edition is at "selection", the call has quotas, no other run of the call
    is queued or running. `seed` defaults to a fresh one from the system's randomness. Pools of
    LARGE_POOL applicants or more get a time limit of TIME_LIMIT_SECONDS. Raises
    ValidationError, storing nothing, when the pool is smaller than the seats or the quotas
    conflict (the message names the conflicting quotas): that check runs before anything else.
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        if edition.status != Edition.Status.SELECTION:
            raise ValidationError(_("Move the edition to “Selection” before drawing the panel."))
        if not call.quotas.exists():
            raise ValidationError(_("Set the quotas first."))
        _stale_runs_fail(call)
        if call.selection_runs.filter(
            status__in=[SelectionRun.Status.QUEUED, SelectionRun.Status.RUNNING]
        ).exists():
            raise ValidationError(_("A run of this call is still being computed."))
        if seed is None:
            seed = random.SystemRandom().randrange(SEED_LIMIT)
        if not 0 <= seed < SEED_LIMIT:
            raise ValidationError({"seed": _("The seed is a whole number from 0 to 4294967295.")})
        quotas_csv, people_csv = selection_files(call)
        try:
            instance = _instance_from_files(quotas_csv, people_csv, call.seats)
            check_feasible(group_types(instance))
        except SelectionInputError as error:
            raise ValidationError(
                _("The pool cannot be read: %(error)s") % {"error": error}
            ) from None
        except InfeasibleQuotasError as error:
            raise ValidationError(
                _("No panel of %(seats)s meets the quotas: %(reason)s")
                % {"seats": call.seats, "reason": error}
            ) from None
        run = SelectionRun.objects.create(
            call=call,
            started_by=actor if actor is not None and actor.pk else None,
            seed=seed,
            panel_size=call.seats,
            quotas_csv=quotas_csv,
            people_csv=people_csv,
            time_limit_seconds=TIME_LIMIT_SECONDS if instance.pool_size >= LARGE_POOL else None,
        )
        audit_record(
            actor=actor,
            action="selection_run_start",
            target=run,
            edition=edition,
            data={"seed": seed, "pool": instance.pool_size},
        )
        if defer:
            # Imported here: the task module imports this one.
            from impactdays.applications.tasks import selection_run_task

            run_id = run.pk
            transaction.on_commit(lambda: selection_run_task.delay(run_id), robust=True)
    return run


def _run_step(run: SelectionRun, step: str, **fields: object) -> None:
    """Record the run's progress at once, outside any surrounding transaction's wait."""
    SelectionRun.objects.filter(pk=run.pk).update(step=step, **fields)
    run.step = step
    for name, value in fields.items():
        setattr(run, name, value)


def selection_run_execute(*, run: SelectionRun) -> SelectionRun:
    """Compute a queued (or interrupted running) run: the LEXIMIN probabilities from its stored
    files, the panel drawn with its seed; store them and mark it done, or failed with the reason.

    Runs outside the edition lock (it may take minutes). A run already done or failed is
    returned as it is. Effects: the run's row, an audit record.
    """
    if run.status not in (SelectionRun.Status.QUEUED, SelectionRun.Status.RUNNING):
        return run
    _run_step(
        run,
        SelectionRun.Step.PROBABILITIES,
        status=SelectionRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    started = time.perf_counter()
    try:
        instance = _instance_from_files(run.quotas_csv, run.people_csv, run.panel_size)
        types = group_types(instance)
        result = leximin_probabilities(types, time_limit=run.time_limit_seconds)
        _run_step(run, SelectionRun.Step.DRAWING)
        # A replayable lottery needs a seeded generator, not secrecy; the seed is published.
        panel = draw_panel(result.distribution, random.Random(run.seed))  # noqa: S311
    except (SelectionInputError, InfeasibleQuotasError, RuntimeError, ValueError) as error:
        LOGGER.exception("selection run %s failed", run.pk)
        _run_step(
            run,
            SelectionRun.Step.FINISHED,
            status=SelectionRun.Status.FAILED,
            finished_at=timezone.now(),
            duration_seconds=time.perf_counter() - started,
            error=str(error) or type(error).__name__,
        )
        return run
    probabilities = result.distribution.person_probabilities()
    with transaction.atomic():
        run.probabilities = {
            person: round(float(p), 6)
            for person, p in zip(instance.person_ids, probabilities, strict=True)
        }
        run.distribution = {
            "categories": list(instance.categories),
            "types": [list(instance.person_values[m[0]]) for m in types.members],
            "panels": [[int(c) for c in counts] for counts in result.distribution.panels],
            "weights": [float(w) for w in result.distribution.weights],
        }
        run.panel = [instance.person_ids[index] for index in panel]
        run.minimum_probability = float(probabilities.min())
        run.gini = float(gini(probabilities, run.panel_size))
        run.is_exact = result.exact
        run.duration_seconds = time.perf_counter() - started
        run.status, run.step = SelectionRun.Status.DONE, SelectionRun.Step.FINISHED
        run.finished_at = timezone.now()
        run.save()
        audit_record(
            actor=run.started_by,
            action="selection_run",
            target=run,
            edition=run.call.edition,
            data={"seed": run.seed, "panel": run.panel, "exact": run.is_exact},
        )
    return run


def selection_run(*, call: Call, actor: User | None, seed: int | None = None) -> SelectionRun:
    """Start a run and compute it at once, in this process (the demo, tests, the shell).

    Same preconditions and errors as `selection_run_start`; returns the run done or failed.
    """
    run = selection_run_start(call=call, actor=actor, seed=seed, defer=False)
    return selection_run_execute(run=run)


def selection_run_publish(*, run: SelectionRun, actor: User | None) -> SelectionRun:
    """Publish the run: its method, probabilities (by application number, no names), quotas and
    files go on the call's public page. Only the call's latest run may be published."""
    with transaction.atomic():
        edition = edition_lock_for_write(run.call.edition)
        if run.status != SelectionRun.Status.DONE:
            raise ValidationError(_("Only a finished run can be published."))
        if run.call.selection_runs.filter(status=SelectionRun.Status.DONE).first() != run:
            raise ValidationError(_("Publish the latest run only."))
        if run.published_at is None:
            run.published_at = timezone.now()
            run.save(update_fields=["published_at"])
            audit_record(actor=actor, action="selection_run_publish", target=run, edition=edition)
    return run


def selection_run_published(call: Call) -> SelectionRun | None:
    """The call's published run, if any: the latest one."""
    return call.selection_runs.filter(
        published_at__isnull=False, status=SelectionRun.Status.DONE
    ).first()


def quotas_met(run: SelectionRun) -> list[tuple[str, str, int, int, int]]:
    """Each quota of the run's file with how many of the drawn panel hold it:
    (category, value, minimum, maximum, count)."""
    people = {row["id"]: row for row in csv.DictReader(io.StringIO(run.people_csv))}
    rows = []
    for quota in csv.DictReader(io.StringIO(run.quotas_csv)):
        count = sum(1 for person in run.panel if people[person][quota["feature"]] == quota["value"])
        rows.append((quota["feature"], quota["value"], int(quota["min"]), int(quota["max"]), count))
    return rows


@dataclass(frozen=True)
class ChartBar:
    x: float
    y: float
    width: float
    height: float
    is_drawn: bool


@dataclass(frozen=True)
class ProbabilityChart:
    """Every application's chance as a bar, highest first, in SVG user units (drawn on the
    server: the public page needs no script). `ticks` are (y, label) of the vertical axis and
    `equal_y` the height of the equal share, seats over pool."""

    width: int
    height: int
    left: int
    bottom: float
    bars: list[ChartBar]
    ticks: list[tuple[float, str]]
    equal_y: float
    equal_share: float
    lowest: float
    highest: float
    count: int


CHART_WIDTH, CHART_HEIGHT, CHART_LEFT, CHART_TOP, CHART_BOTTOM = 640, 240, 44, 10, 24


def probability_chart(run: SelectionRun) -> ProbabilityChart | None:
    """The chart of the run's probabilities; None for a run without any (not done)."""
    if not run.probabilities:
        return None
    panel = set(run.panel)
    rows: list[tuple[str, float]] = sorted(
        ((str(person), float(p)) for person, p in run.probabilities.items()),
        key=lambda item: (-item[1], int(item[0])),
    )
    plot_width = CHART_WIDTH - CHART_LEFT - 4
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    bottom = CHART_TOP + plot_height
    # The axis ends at the next tenth above the highest chance (at least 0.1).
    top_value = max(0.1, math.ceil(max(p for _, p in rows) * 10 - 1e-9) / 10)
    step = plot_width / len(rows)

    def y_of(value: float) -> float:
        return round(bottom - plot_height * value / top_value, 2)

    bars = [
        ChartBar(
            x=round(CHART_LEFT + index * step, 2),
            y=y_of(probability),
            width=round(max(step * 0.8, 0.5), 2),
            height=round(bottom - y_of(probability), 2),
            is_drawn=person in panel,
        )
        for index, (person, probability) in enumerate(rows)
    ]
    tick_count = 5
    ticks = [
        (y_of(top_value * i / tick_count), f"{top_value * i / tick_count:.2f}")
        for i in range(tick_count + 1)
    ]
    equal_share = run.panel_size / len(rows)
    return ProbabilityChart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        left=CHART_LEFT,
        bottom=bottom,
        bars=bars,
        ticks=ticks,
        equal_y=y_of(min(equal_share, top_value)),
        equal_share=equal_share,
        lowest=rows[-1][1],
        highest=rows[0][1],
        count=len(rows),
    )
