"""The format's flat fields move into one section per app (forums.formats)."""

from django.db import migrations

# flat field -> (section, field)
MOVES = {
    "session_kinds": ("programme", "session_kinds"),
    "application_questions": ("applications", "questions"),
    "quota_categories": ("applications", "quota_categories"),
    "observation_tags": ("challenges", "observation_tags"),
    "idea_canvas_sections": ("teams", "idea_canvas_sections"),
    "report_sections": ("reports", "sections"),
}


def _nest(flat):
    if not isinstance(flat, dict) or not set(flat) & set(MOVES):
        return flat
    nested = {}
    for field, value in flat.items():
        section, name = MOVES.get(field, (field, None))
        if name is None:
            nested[field] = value
        else:
            nested.setdefault(section, {})[name] = value
    return nested


def _flatten(nested):
    flat = {}
    for field, (section, name) in MOVES.items():
        if name in nested.get(section, {}):
            flat[field] = nested[section][name]
    return flat


def _convert(apps, convert):
    for model_name in ("ForumSeries", "Edition"):
        model = apps.get_model("forums", model_name)
        for row in model.objects.only("pk", "format"):
            model.objects.filter(pk=row.pk).update(format=convert(row.format))


def forwards(apps, schema_editor):
    _convert(apps, _nest)


def backwards(apps, schema_editor):
    _convert(apps, _flatten)


class Migration(migrations.Migration):
    dependencies = [("forums", "0003_edition_version_and_readable_limits")]

    operations = [migrations.RunPython(forwards, backwards)]
