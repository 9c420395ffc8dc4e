"""Every user-facing string has a Russian and a German translation, and the compiled catalogue matches."""

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import impactdays

LOCALE = Path(impactdays.__file__).parent / "locale"


def _entries(po_file: Path) -> list[dict[str, str]]:
    """The entries of a .po file as {keyword: text}; the header (empty msgid) is left out."""
    entries: list[dict[str, str]] = []
    entry: dict[str, str] = {}
    keyword = ""
    for line in po_file.read_text(encoding="utf-8").splitlines():
        starts_entry = line.startswith(("msgctxt ", "msgid ", "#,")) and any(
            k.startswith("msgstr") for k in entry
        )
        if starts_entry or (not line.strip() and entry):
            entries.append(entry)
            entry = {}
        if line.startswith("#,") and "fuzzy" in line:
            entry["fuzzy"] = "yes"
        elif line.startswith('"'):
            entry[keyword] += ast.literal_eval(line)
        elif line and not line.startswith("#"):
            keyword, _, literal = line.partition(" ")
            entry[keyword] = ast.literal_eval(literal)
    entries.append(entry)
    return [e for e in entries if e.get("msgid")]


@pytest.mark.parametrize("language", ["ru", "de"])
def test_catalogue_translates_every_string(language):
    entries = _entries(LOCALE / language / "LC_MESSAGES" / "django.po")

    untranslated = [
        e["msgid"]
        for e in entries
        if "fuzzy" in e or not all(v for k, v in e.items() if k.startswith("msgstr"))
    ]

    assert len(entries) > 100
    assert untranslated == []


@pytest.mark.parametrize("language", ["ru", "de"])
def test_compiled_catalogue_matches_the_source(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    stale = []
    for entry in _entries(folder / "django.po"):
        context = f"{entry['msgctxt']}\x04" if "msgctxt" in entry else ""
        if "msgid_plural" in entry:
            got = catalogue.ngettext(context + entry["msgid"], entry["msgid_plural"], 1)
            want = entry["msgstr[0]"]
        else:
            got = catalogue.gettext(context + entry["msgid"])
            want = entry["msgstr"]
        if got != want:
            stale.append(entry["msgid"])

    assert stale == []


@pytest.mark.parametrize(("language", "expected"), [("ru", "Пропустить"), ("de", "Zum Inhalt")])
def test_compiled_catalogue_is_used(language, expected):
    with translation.override(language):
        assert translation.gettext("Skip to content").startswith(expected)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "word"), [("ru", "Регистрация"), ("de", "Registrieren")])
def test_home_page_renders_in_the_language_of_its_url(language, word):
    # The URL decides, whatever the browser asks for: a link keeps its language.
    client = Client(headers={"accept-language": "en"})

    response = client.get(f"/{language}/")

    assert f'lang="{language}"' in response.content.decode()
    assert word in response.content.decode()


INFORMAL_GERMAN = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner)\b", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "signed_in"),
    [
        ("/de/accounts/login/", False),
        ("/de/accounts/signup/", False),
        ("/de/accounts/password/reset/", False),
        ("/de/accounts/logout/", True),
        ("/de/accounts/email/", True),
        ("/de/accounts/password/change/", True),
    ],
)
def test_german_account_pages_address_the_reader_formally(client, participant, path, signed_in):
    # allauth's German catalogue mixes "du" into its "Sie"; locale_overrides/de corrects it.
    if signed_in:
        client.force_login(participant)

    page = client.get(path).content.decode()

    assert '<html lang="de">' in page
    assert INFORMAL_GERMAN.findall(page) == []


def test_the_formal_german_overrides_allauth():
    with translation.override("de"):
        assert translation.gettext("Are you sure you want to sign out?") == (
            "Möchten Sie sich wirklich abmelden?"
        )
