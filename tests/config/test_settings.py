"""Start-up safety: the server refuses the default secret key, and production settings pass check --deploy."""

import os
import subprocess
import sys


def _impactdays(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-m", "impactdays.manage", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_refuses_default_secret_key_without_debug(tmp_path):
    result = _impactdays("check", DEBUG="0", IMPACTDAYS_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "SECRET_KEY is still the default while DEBUG is off" in result.stderr


def test_bad_boolean_variable_stops_start_up(tmp_path):
    result = _impactdays("check", DEBUG="maybe", IMPACTDAYS_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_check_deploy_is_clean_with_documented_production_variables(tmp_path):
    result = _impactdays(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x7#kP2!vQ9zL4mN8rT1wY6uB3eH5jD0gF-a_long_random_production_key",
        ALLOWED_HOSTS="forum.example.org",
        SITE_URL="https://forum.example.org",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
