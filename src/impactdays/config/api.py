"""The one NinjaAPI, mounted at /api/v1/: each app's Router from its api.py, and the handlers
that give every error reply a declared JSON shape (both in common/api.py)."""

from ninja import NinjaAPI

from impactdays.applications.api import router as applications_router
from impactdays.challenges.api import router as challenges_router
from impactdays.common.api import StrictJsonParser, errors_as_json
from impactdays.decisions.api import router as decisions_router
from impactdays.deliberation.api import router as deliberation_router
from impactdays.forums.api import router as forums_router
from impactdays.programme.api import router as programme_router
from impactdays.reports.api import router as reports_router
from impactdays.teams.api import router as teams_router

api = NinjaAPI(
    title="Impact Days API",
    version="1",
    description=(
        "Forum series, editions, organisations and venues of Impact Days.\n\n"
        "Reads are public. Send `Authorization: Bearer <key>` (or use a signed-in session with "
        "its CSRF token) to also see the draft editions you hold a role in, and to write.\n\n"
        "Content (titles, themes, descriptions, names of places) comes in the language asked for "
        "with `?lang=en|ru|de` or the Accept-Language header, falling back to another language "
        "where it has no text. Writes take the plain field (in that language) or one per "
        "language: `title_ru`."
    ),
    urls_namespace="api",
    parser=StrictJsonParser(),
)
errors_as_json(api)

api.add_router("/", forums_router)
api.add_router("/", applications_router)
api.add_router("/", programme_router)
api.add_router("/", decisions_router)
api.add_router("/", challenges_router)
api.add_router("/", teams_router)
api.add_router("/", deliberation_router)
api.add_router("/", reports_router)
