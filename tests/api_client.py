"""A Django test client that speaks JSON to /api/v1/, optionally with a bearer token."""

import json
from typing import Any

from django.test import Client


class ApiClient:
    def __init__(self, key: str | None = None, client: Client | None = None) -> None:
        self.client = client or Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **query: Any):
        return self.client.get(f"/api/v1{path}", query, headers=self.headers)

    def patch(self, path: str, body: Any, *, raw: bool = False):
        return self._send("patch", path, body, raw=raw)

    def post(self, path: str, body: Any, *, raw: bool = False):
        return self._send("post", path, body, raw=raw)

    def put(self, path: str, body: Any, *, raw: bool = False):
        return self._send("put", path, body, raw=raw)

    def _send(self, method: str, path: str, body: Any, *, raw: bool):
        return getattr(self.client, method)(
            f"/api/v1{path}",
            data=body if raw else json.dumps(body),
            content_type="application/json",
            headers=self.headers,
        )
