"""The data step of 0006_translated_content: what was written before becomes the English text."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

BEFORE = [("forums", "0005_edition_invitation")]
AFTER = [("forums", "0006_translated_content")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_content_is_copied_into_english_and_back():
    old = _migrate(BEFORE)
    series = old.get_model("forums", "ForumSeries").objects.create(
        name="Social Impact Days", slug="sid", description=""
    )

    new = _migrate(AFTER)
    copied = new.get_model("forums", "ForumSeries").objects.get(pk=series.pk)
    new.get_model("forums", "ForumSeries").objects.filter(pk=series.pk).update(
        name_en="Social Impact Days (en)"
    )
    back = _migrate(BEFORE).get_model("forums", "ForumSeries").objects.get(pk=series.pk)
    _migrate_to_latest()

    assert (copied.name_en, copied.name_ru, copied.name_de) == ("Social Impact Days", None, None)
    assert copied.description_en is None  # empty text stays empty in every language
    assert back.name == "Social Impact Days (en)"
