import json

import pytest

WRITE_METHODS = {"post", "put", "patch", "delete"}
HTTP_METHODS = WRITE_METHODS | {"get", "head", "options"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _operations(document):
    return [
        (method, path, operation)
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
    ]


def test_openapi_json_lists_every_path(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Impact Days API"
    assert sorted(document["paths"]) == [
        "/api/v1/challenges/{challenge_id}/status",
        "/api/v1/commitments/{commitment_id}/status",
        "/api/v1/commitments/{commitment_id}/updates",
        "/api/v1/conversations/{conversation_id}",
        "/api/v1/conversations/{conversation_id}/results",
        "/api/v1/conversations/{conversation_id}/statements",
        "/api/v1/conversations/{conversation_id}/votes",
        "/api/v1/creative-sessions/{session_id}/teams",
        "/api/v1/decisions/{decision_id}",
        "/api/v1/decisions/{decision_id}/commitments",
        "/api/v1/decisions/{decision_id}/votes",
        "/api/v1/editions",
        "/api/v1/editions/{edition_id}",
        "/api/v1/editions/{edition_id}/call",
        "/api/v1/editions/{edition_id}/call/application",
        "/api/v1/editions/{edition_id}/call/application/withdraw",
        "/api/v1/editions/{edition_id}/call/selection",
        "/api/v1/editions/{edition_id}/challenges",
        "/api/v1/editions/{edition_id}/creative-sessions",
        "/api/v1/editions/{edition_id}/decisions",
        "/api/v1/editions/{edition_id}/geojson/challenges",
        "/api/v1/editions/{edition_id}/geojson/observations",
        "/api/v1/editions/{edition_id}/geojson/places",
        "/api/v1/editions/{edition_id}/geojson/venues",
        "/api/v1/editions/{edition_id}/observations",
        "/api/v1/editions/{edition_id}/open-data",
        "/api/v1/editions/{edition_id}/places",
        "/api/v1/editions/{edition_id}/programme",
        "/api/v1/editions/{edition_id}/programme/agenda",
        "/api/v1/editions/{edition_id}/programme/rounds/{round_id}/ranking",
        "/api/v1/editions/{edition_id}/programme/sessions/{session_id}",
        "/api/v1/editions/{edition_id}/programme/sessions/{session_id}/star",
        "/api/v1/editions/{edition_id}/status",
        "/api/v1/editions/{edition_id}/venues",
        "/api/v1/observations/{observation_id}",
        "/api/v1/observations/{observation_id}/photos",
        "/api/v1/organisations",
        "/api/v1/organisations/{slug}",
        "/api/v1/series",
        "/api/v1/series/{slug}",
        "/api/v1/teams/{team_id}/canvas",
    ]


def test_openapi_docs_page_is_served(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200


def test_openapi_every_operation_declares_a_client_error(document):
    without_4xx = [
        (method, path)
        for method, path, operation in _operations(document)
        if not any(code.startswith("4") for code in operation["responses"])
    ]

    assert without_4xx == []


def test_openapi_every_write_declares_401_403_413_422(document):
    writes = [
        (method, path, set(operation["responses"]))
        for method, path, operation in _operations(document)
        if method in WRITE_METHODS
    ]

    assert writes  # the document has writes to check
    assert [
        (method, path)
        for method, path, codes in writes
        if not {"401", "403", "413", "422"} <= codes
    ] == []


def test_openapi_every_operation_with_a_path_parameter_declares_404(document):
    lookups = [
        (method, path, set(operation["responses"]))
        for method, path, operation in _operations(document)
        if "{" in path
    ]

    assert lookups
    assert [(method, path) for method, path, codes in lookups if "404" not in codes] == []


def test_openapi_errors_use_the_declared_error_shapes(document):
    shapes = {
        (code, response["content"]["application/json"]["schema"]["$ref"])
        for _method, _path, operation in _operations(document)
        for code, response in operation["responses"].items()
        if code.startswith("4")
    }

    assert shapes == {
        ("401", "#/components/schemas/ErrorOut"),
        ("403", "#/components/schemas/ErrorOut"),
        ("404", "#/components/schemas/ErrorOut"),
        ("409", "#/components/schemas/ErrorOut"),
        ("413", "#/components/schemas/ErrorOut"),
        ("422", "#/components/schemas/ValidationErrorOut"),
        ("429", "#/components/schemas/ErrorOut"),
    }


def test_openapi_reads_accept_anonymous_callers_and_writes_do_not(document):
    security = {
        (method, path): operation["security"] for method, path, operation in _operations(document)
    }

    assert {key for key, value in security.items() if {} in value} == {
        (method, path) for method, path in security if method == "get"
    }
    assert security[("get", "/api/v1/editions/{edition_id}")] == [
        {"BearerTokenAuth": []},
        {"SessionAuth": []},
        {},
    ]
    assert security[("patch", "/api/v1/editions/{edition_id}")] == [
        {"BearerTokenAuth": []},
        {"SessionAuth": []},
    ]


def test_openapi_every_operation_with_typed_input_declares_422(document):
    # A parameter that is not a plain string (an id, a year, pagination) can fail validation.
    typed = [
        (method, path, set(operation["responses"]))
        for method, path, operation in _operations(document)
        if any(p.get("schema", {}).get("type") != "string" for p in operation.get("parameters", []))
        or "requestBody" in operation
    ]

    assert typed
    assert [(method, path) for method, path, codes in typed if "422" not in codes] == []


@pytest.mark.django_db
def test_edition_id_that_is_not_a_number_answers_the_declared_422(client):
    response = client.get("/api/v1/editions/abc")

    assert response.status_code == 422
    assert "errors" in response.json()
