"""Quotas and the selection run: a LEXIMIN panel that meets the quotas, stored with its inputs and
seed, that `impactdays select` replays from the stored files alone; conflicts explained, nothing
stored."""

import json

import pytest
from django.core.exceptions import ValidationError

from impactdays.applications import selection
from impactdays.applications.models import Quota, SelectionRun
from impactdays.core.selection.cli import main as select_main
from impactdays.forums.links import edition_url
from tests.applications.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_a_run_meets_the_quotas_and_equalises_the_chances(pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=2, maximum=2, actor=None)

    run = selection.selection_run(call=pool, seed=7, actor=None)

    countries = dict(
        line.split(",") for line in run.people_csv.strip().splitlines()[1:]
    )  # id → country
    assert len(run.panel) == 4
    assert sorted(countries[person] for person in run.panel) == ["AM", "AM", "GE", "GE"]
    assert len(run.probabilities) == 12  # the drafts are not in the pool
    assert {round(p, 3) for p in run.probabilities.values()} == {0.25, 0.5}
    assert run.minimum_probability == pytest.approx(0.25)
    assert sum(run.distribution["weights"]) == pytest.approx(1)
    assert "country,GE,0,4" in run.quotas_csv  # the open quota of an answer no quota names


def test_the_stored_files_and_seed_replay_the_same_panel(pool, tmp_path, capsys):
    selection.quota_set(call=pool, category="country", value="AM", minimum=1, maximum=3, actor=None)
    run = selection.selection_run(call=pool, seed=2018, actor=None)
    (tmp_path / "quotas.csv").write_text(run.quotas_csv)
    (tmp_path / "people.csv").write_text(run.people_csv)

    status = select_main(
        [
            "--categories",
            str(tmp_path / "quotas.csv"),
            "--people",
            str(tmp_path / "people.csv"),
            "--panel-size",
            str(run.panel_size),
            "--seed",
            str(run.seed),
            "--json",
        ]
    )

    replay = json.loads(capsys.readouterr().out)
    assert status == 0
    assert replay["panel"] == run.panel
    assert replay["probabilities"] == pytest.approx(run.probabilities, abs=1e-5)


def test_conflicting_quotas_are_explained_and_nothing_is_stored(pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=4, maximum=4, actor=None)
    selection.quota_set(call=pool, category="country", value="GE", minimum=1, maximum=4, actor=None)

    with pytest.raises(ValidationError) as error:
        selection.selection_run(call=pool, seed=1, actor=None)

    assert error.value.messages[0].startswith("No panel of 4 meets the quotas:")
    assert "country=AM" in error.value.messages[0]
    assert not SelectionRun.objects.exists()


def test_no_run_before_the_selection_stage(call, answers):
    ApplicationFactory(call=call, answers=answers)
    selection.quota_set(call=call, category="country", value="GE", minimum=0, maximum=1, actor=None)

    with pytest.raises(ValidationError) as error:
        selection.selection_run(call=call, actor=None)

    assert error.value.messages == ["Move the edition to “Selection” before drawing the panel."]
    assert not SelectionRun.objects.exists()


@pytest.mark.parametrize(
    ("category", "minimum", "maximum", "field"),
    [("motivation", 0, 1, "category"), ("country", 0, 41, "maximum"), ("country", 3, 2, "__all__")],
)
def test_bad_quotas_are_refused(call, category, minimum, maximum, field):
    with pytest.raises(ValidationError) as error:
        selection.quota_set(
            call=call, category=category, value="GE", minimum=minimum, maximum=maximum, actor=None
        )

    assert field in error.value.message_dict
    assert not Quota.objects.exists()


def test_the_organiser_sets_a_quota_and_draws_on_the_pages(
    client, organiser, pool, django_capture_on_commit_callbacks
):
    client.force_login(organiser)

    client.post(
        edition_url("applications:quota-set", pool.edition),
        {"category": "country", "value": "AM", "minimum": "1", "maximum": "2"},
    )
    with django_capture_on_commit_callbacks(execute=True):  # the task runs eagerly
        response = client.post(
            edition_url("applications:selection-run", pool.edition), {"seed": "5"}
        )

    run = SelectionRun.objects.get()
    assert response["Location"] == edition_url(
        "applications:selection-detail", pool.edition, pk=run.pk
    )
    assert run.seed == 5
    detail = client.get(response["Location"]).content.decode()
    assert "--seed 5" in detail
    people = client.get(response["Location"], {"file": "people"})
    assert people.content.decode() == run.people_csv


def test_an_infeasible_draw_on_the_page_shows_why(client, organiser, pool):
    selection.quota_set(call=pool, category="country", value="AM", minimum=4, maximum=4, actor=None)
    selection.quota_set(call=pool, category="country", value="GE", minimum=1, maximum=4, actor=None)
    client.force_login(organiser)

    response = client.post(edition_url("applications:selection-run", pool.edition), {"seed": "5"})

    assert response.status_code == 200
    assert "No panel of 4 meets the quotas" in response.content.decode()
    assert not SelectionRun.objects.exists()


@pytest.mark.parametrize("role", ["participant", "reviewer", "outsider"])
def test_quotas_runs_and_results_are_closed_to(request, client, pool, role):
    selection.quota_set(call=pool, category="country", value="AM", minimum=1, maximum=2, actor=None)
    run = selection.selection_run(call=pool, seed=3, actor=None)
    client.force_login(request.getfixturevalue(role))

    replies = [
        client.get(edition_url("applications:selection-manage", pool.edition)),
        client.get(edition_url("applications:selection-detail", pool.edition, pk=run.pk)),
        client.post(
            edition_url("applications:quota-set", pool.edition),
            {"category": "country", "value": "GE", "minimum": "0", "maximum": "1"},
        ),
        client.post(edition_url("applications:selection-run", pool.edition), {"seed": "1"}),
    ]

    assert [reply.status_code for reply in replies] == [403] * 4
    assert Quota.objects.count() == 1
    assert SelectionRun.objects.count() == 1


def test_a_published_run_is_public_without_names(client, anonymous_api, drawn):
    names = [a.applicant.public_name for a in drawn.call.applications.all()]
    page_before = client.get(edition_url("applications:selection-public", drawn.call.edition))

    selection.selection_run_publish(run=drawn, actor=None)

    page = client.get(edition_url("applications:selection-public", drawn.call.edition))
    body = page.content.decode()
    api = anonymous_api.get(f"/editions/{drawn.call.edition_id}/call/selection").json()
    assert page_before.status_code == 404
    assert page.status_code == 200
    assert "--seed 7" in body
    assert not any(name in body for name in names)
    assert api["panel"] == drawn.panel
    assert api["seed"] == 7


def test_the_quotas_met_are_counted_on_the_panel(drawn):
    assert sorted(selection.quotas_met(drawn)) == [
        ("country", "AM", 2, 2, 2),
        ("country", "GE", 2, 2, 2),
    ]


def test_an_unpublished_run_is_not_in_the_api(anonymous_api, drawn):
    reply = anonymous_api.get(f"/editions/{drawn.call.edition_id}/call/selection")

    assert reply.status_code == 404


def test_the_public_page_draws_the_chances_as_a_chart(client, drawn):
    selection.selection_run_publish(run=drawn, actor=None)

    body = client.get(edition_url("applications:selection-public", drawn.call.edition)).content
    svg = body.decode().split("<svg", 1)[1].split("</svg>", 1)[0]

    assert 'role="img"' in svg
    assert 'aria-labelledby="chart-title chart-description"' in svg
    assert svg.count("<rect") == 12
    assert svg.count('fill="#1f4e8c"') == 4  # the drawn panel
    assert "12 applications; chances from 0.250 to 0.500" in svg


def test_the_chart_scales_the_bars_to_the_chances(drawn):
    chart = selection.probability_chart(drawn)

    assert chart is not None
    heights = [bar.height for bar in chart.bars]
    assert heights == sorted(heights, reverse=True)  # highest first
    assert heights[0] == pytest.approx(2 * heights[-1])  # chances 0.5 and 0.25
    assert chart.ticks[-1][1] == "0.50"
    assert chart.equal_share == pytest.approx(4 / 12)
    assert all(bar.x + bar.width <= chart.width for bar in chart.bars)
