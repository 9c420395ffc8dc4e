"""The selection run: the call's pool and quotas turned into the files `impactdays select` reads,
the LEXIMIN lottery of core.selection over them, and the run stored with its seed.

The pool is every submitted application; each quota category is a single-value question (a
choice, yes or no, a country, a language) and an applicant's value is their answer, "none" when
they left it empty. An answer no quota names gets an open quota (0 to the panel size) in the
stored quotas file, so the published files alone reproduce the run.
"""

import csv
import io
import random
import tempfile
import time
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
    draw_panel,
    gini,
    group_types,
    leximin_probabilities,
    read_instance,
)
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


def selection_run(*, call: Call, actor: User | None, seed: int | None = None) -> SelectionRun:
    """Draw the panel by the LEXIMIN lottery and store the run (inputs, probabilities, seed, panel).

    Preconditions: the edition is at "selection", the call has quotas. `seed` defaults to a fresh
    one from the system's randomness. Raises ValidationError, storing nothing, when the pool is
    smaller than the seats or the quotas conflict (the message names the conflicting quotas).
    """
    with transaction.atomic():
        edition = edition_lock_for_write(call.edition)
        if edition.status != Edition.Status.SELECTION:
            raise ValidationError(_("Move the edition to “Selection” before drawing the panel."))
        if not call.quotas.exists():
            raise ValidationError(_("Set the quotas first."))
        if seed is None:
            seed = random.SystemRandom().randrange(SEED_LIMIT)
        if not 0 <= seed < SEED_LIMIT:
            raise ValidationError({"seed": _("The seed is a whole number from 0 to 4294967295.")})
        quotas_csv, people_csv = selection_files(call)
        started = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory() as folder:
                quotas_path, people_path = Path(folder, "quotas.csv"), Path(folder, "people.csv")
                quotas_path.write_text(quotas_csv, encoding="utf-8")
                people_path.write_text(people_csv, encoding="utf-8")
                instance = read_instance(quotas_path, people_path, call.seats)
            types = group_types(instance)
            result = leximin_probabilities(types)
        except SelectionInputError as error:
            raise ValidationError(
                _("The pool cannot be read: %(error)s") % {"error": error}
            ) from None
        except InfeasibleQuotasError as error:
            raise ValidationError(
                _("No panel of %(seats)s meets the quotas: %(reason)s")
                % {"seats": call.seats, "reason": error}
            ) from None
        # A replayable lottery needs a seeded generator, not secrecy; the seed is published.
        panel = draw_panel(result.distribution, random.Random(seed))  # noqa: S311
        probabilities = result.distribution.person_probabilities()
        duration = time.perf_counter() - started
        run = SelectionRun.objects.create(
            call=call,
            started_by=actor if actor is not None and actor.pk else None,
            seed=seed,
            panel_size=call.seats,
            quotas_csv=quotas_csv,
            people_csv=people_csv,
            probabilities={
                person: round(float(p), 6)
                for person, p in zip(instance.person_ids, probabilities, strict=True)
            },
            distribution={
                "categories": list(instance.categories),
                "types": [list(instance.person_values[m[0]]) for m in types.members],
                "panels": [
                    [int(c) for c in panel_counts] for panel_counts in result.distribution.panels
                ],
                "weights": [float(w) for w in result.distribution.weights],
            },
            panel=[instance.person_ids[index] for index in panel],
            minimum_probability=float(probabilities.min()),
            gini=float(gini(probabilities, call.seats)),
            duration_seconds=duration,
        )
        audit_record(
            actor=actor,
            action="selection_run",
            target=run,
            edition=edition,
            data={"seed": seed, "panel": run.panel},
        )
    return run


def selection_run_publish(*, run: SelectionRun, actor: User | None) -> SelectionRun:
    """Publish the run: its method, probabilities (by application number, no names), quotas and
    files go on the call's public page. Only the call's latest run may be published."""
    with transaction.atomic():
        edition = edition_lock_for_write(run.call.edition)
        if run.call.selection_runs.first() != run:
            raise ValidationError(_("Publish the latest run only."))
        if run.published_at is None:
            run.published_at = timezone.now()
            run.save(update_fields=["published_at"])
            audit_record(actor=actor, action="selection_run_publish", target=run, edition=edition)
    return run


def selection_run_published(call: Call) -> SelectionRun | None:
    """The call's published run, if any: the latest one."""
    return call.selection_runs.filter(published_at__isnull=False).first()


def quotas_met(run: SelectionRun) -> list[tuple[str, str, int, int, int]]:
    """Each quota of the run's file with how many of the drawn panel hold it:
    (category, value, minimum, maximum, count)."""
    people = {row["id"]: row for row in csv.DictReader(io.StringIO(run.people_csv))}
    rows = []
    for quota in csv.DictReader(io.StringIO(run.quotas_csv)):
        count = sum(1 for person in run.panel if people[person][quota["feature"]] == quota["value"])
        rows.append((quota["feature"], quota["value"], int(quota["min"]), int(quota["max"]), count))
    return rows
