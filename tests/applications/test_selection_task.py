"""The selection run in the background: queued with its inputs, computed by a Celery task (eager in
tests), its progress on a page that polls; failures and inexact (time-limited) lotteries said so."""

import dataclasses
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from impactdays.applications import invitations, selection
from impactdays.applications.models import SelectionRun
from impactdays.applications.tasks import selection_run_task
from impactdays.forums.links import edition_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def quotas(pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=1, maximum=2, actor=None)
    return pool


def _start(client, call):
    return client.post(edition_url("applications:selection-run", call.edition), {"seed": "5"})


def test_a_started_run_is_queued_with_its_inputs_and_the_page_polls(client, organiser, quotas):
    client.force_login(organiser)

    response = _start(client, quotas)  # the on-commit task is not run: no worker took it yet

    run = SelectionRun.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert run.status == SelectionRun.Status.QUEUED
    assert run.people_csv.count("\n") == 13  # the header and the twelve submitted
    assert run.panel == []
    assert 'data-poll-seconds="3"' in page
    assert "Queued" in page
    assert "run_progress.js" in page


def test_the_task_computes_the_run_and_the_page_shows_the_panel(
    client, organiser, quotas, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = _start(client, quotas)

    run = SelectionRun.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert len(callbacks) == 1
    assert run.status == SelectionRun.Status.DONE
    assert run.step == SelectionRun.Step.FINISHED
    assert run.is_exact
    assert len(run.panel) == 4
    assert run.started_at is not None
    assert run.finished_at is not None
    assert "data-poll-seconds" not in page
    assert "Chances and panel" in page
    assert page.count("<rect") == 12  # the chart of every applicant's chance
    assert "not certified" not in page


def test_a_second_run_waits_for_the_first(client, organiser, quotas):
    client.force_login(organiser)
    _start(client, quotas)

    response = _start(client, quotas)

    assert response.status_code == 200
    assert "A run of this call is still being computed." in response.content.decode()
    assert SelectionRun.objects.count() == 1


def test_a_queued_run_can_be_neither_published_nor_invited(quotas):
    run = selection.selection_run_start(call=quotas, actor=None, seed=1, defer=False)

    with pytest.raises(ValidationError, match="Only a finished run can be published"):
        selection.selection_run_publish(run=run, actor=None)
    with pytest.raises(ValidationError, match="Only a finished run's panel can be invited"):
        invitations.invitations_send(
            run=run, respond_by=timezone.now() + dt.timedelta(days=3), actor=None
        )


def test_a_failing_computation_marks_the_run_failed_and_says_why(
    client, organiser, quotas, monkeypatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("HiGHS gave up")

    monkeypatch.setattr(selection, "leximin_probabilities", broken)
    run = selection.selection_run_start(call=quotas, actor=None, seed=1, defer=False)

    selection_run_task(run.pk)

    run.refresh_from_db()
    client.force_login(organiser)
    page = client.get(edition_url("applications:selection-detail", quotas.edition, pk=run.pk))
    assert run.status == SelectionRun.Status.FAILED
    assert run.error == "HiGHS gave up"
    assert run.panel == []
    assert "The run failed: HiGHS gave up" in page.content.decode()
    assert "data-poll-seconds" not in page.content.decode()


def test_a_large_pool_gets_a_time_limit_and_an_inexact_result_is_said(
    client, organiser, quotas, monkeypatch
):
    limits = []
    compute = selection.leximin_probabilities

    def cut_short(types, *, time_limit=None):
        limits.append(time_limit)
        return dataclasses.replace(compute(types), exact=False)

    monkeypatch.setattr(selection, "LARGE_POOL", 10)
    monkeypatch.setattr(selection, "leximin_probabilities", cut_short)

    run = selection.selection_run(call=quotas, actor=None, seed=1)
    selection.selection_run_publish(run=run, actor=None)

    client.force_login(organiser)
    detail = client.get(edition_url("applications:selection-detail", quotas.edition, pk=run.pk))
    public = client.get(edition_url("applications:selection-public", quotas.edition))
    manage = client.get(edition_url("applications:selection-manage", quotas.edition))
    assert limits == [selection.TIME_LIMIT_SECONDS]
    assert run.time_limit_seconds == selection.TIME_LIMIT_SECONDS
    assert not run.is_exact
    assert "not certified to be the exact LEXIMIN" in detail.content.decode()
    assert "not certified to be the exact LEXIMIN" in public.content.decode()
    assert "not certified exact" in manage.content.decode()


def test_a_small_pool_runs_without_a_time_limit(quotas):
    run = selection.selection_run(call=quotas, actor=None, seed=1)

    assert run.time_limit_seconds is None
    assert run.is_exact


def test_the_task_leaves_a_finished_run_alone(drawn):
    panel = list(drawn.panel)

    assert selection_run_task(drawn.pk) == "done"
    drawn.refresh_from_db()
    assert drawn.panel == panel


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider", None])
def test_a_running_run_is_closed_to(request, client, quotas, role):
    run = selection.selection_run_start(call=quotas, actor=None, seed=1, defer=False)
    if role is not None:
        client.force_login(request.getfixturevalue(role))

    page = client.get(edition_url("applications:selection-detail", quotas.edition, pk=run.pk))

    assert page.status_code in (302, 403)
    assert "Queued" not in page.content.decode()


def test_a_run_whose_worker_stopped_no_longer_blocks_a_new_one(quotas):
    stuck = selection.selection_run_start(call=quotas, actor=None, seed=1, defer=False)
    SelectionRun.objects.filter(pk=stuck.pk).update(
        status=SelectionRun.Status.RUNNING,
        started_at=timezone.now() - dt.timedelta(seconds=selection.STALE_AFTER_SECONDS + 1),
    )

    run = selection.selection_run(call=quotas, actor=None, seed=2)

    stuck.refresh_from_db()
    assert stuck.status == SelectionRun.Status.FAILED
    assert "stopped before it finished" in stuck.error
    assert run.status == SelectionRun.Status.DONE


def test_a_recently_started_run_still_blocks_a_new_one(quotas):
    running = selection.selection_run_start(call=quotas, actor=None, seed=1, defer=False)
    SelectionRun.objects.filter(pk=running.pk).update(
        status=SelectionRun.Status.RUNNING, started_at=timezone.now()
    )

    with pytest.raises(ValidationError, match="still being computed"):
        selection.selection_run_start(call=quotas, actor=None, seed=2, defer=False)
