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
        # DEBUG on unless a test says otherwise, as the suite runs (settings default to off).
        env={**clean, "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_refuses_default_secret_key_without_debug(tmp_path):
    result = _impactdays("check", DEBUG="0", IMPACTDAYS_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "SECRET_KEY is still the default while DEBUG is off" in result.stderr


def test_debug_is_off_unless_set(tmp_path):
    result = _impactdays(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEBUG)",
        DEBUG="",  # empty counts as unset
        SECRET_KEY="a-long-random-secret-for-this-test-only-0123456789",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
    )

    assert result.stdout.split()[-1:] == ["False"]


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
        REDIS_URL="redis://127.0.0.1:6379/0",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_without_a_shared_cache(tmp_path):
    result = _impactdays(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY="x7#kP2!vQ9zL4mN8rT1wY6uB3eH5jD0gF-a_long_random_production_key",
        ALLOWED_HOSTS="forum.example.org",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
        REDIS_URL="",
    )

    assert "impactdays.W001" in result.stderr + result.stdout


def test_empty_variable_counts_as_unset(tmp_path):
    result = _impactdays(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.STATIC_ROOT, settings.CELERY_TASK_ALWAYS_EAGER)",
        DEBUG="1",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
        STATIC_ROOT="",
        CELERY_BROKER_URL="",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )

    assert result.stdout.split()[-2:] == [str(tmp_path / "static"), "False"]


def test_relative_data_dir_is_refused(tmp_path):
    result = _impactdays("check", IMPACTDAYS_DATA_DIR="var")

    assert result.returncode != 0
    assert "IMPACTDAYS_DATA_DIR must be an absolute path" in result.stderr


def test_map_tile_host_is_allowed_for_images(tmp_path):
    result = _impactdays(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
        MAP_TILE_URL="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png",
    )

    assert (
        result.stdout.split("\n")[-2]
        == "[\"'self'\", 'data:', 'blob:', 'https://*.tile.openstreetmap.org']"
    )


def test_negative_trusted_proxy_count_is_refused(tmp_path):
    result = _impactdays("check", TRUSTED_PROXY_COUNT="-1", IMPACTDAYS_DATA_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more; got -1." in result.stderr


def test_trusted_proxy_count_reaches_allauth(tmp_path):
    result = _impactdays(
        "shell",
        "-c",
        "from allauth import app_settings; print(app_settings.TRUSTED_PROXY_COUNT)",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
        TRUSTED_PROXY_COUNT="2",
    )

    assert result.stdout.split()[-1] == "2"


def test_production_cookies_are_secure(tmp_path):
    result = _impactdays(
        "shell",
        "-c",
        "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.LANGUAGE_COOKIE_HTTPONLY)",
        DEBUG="0",
        SECRET_KEY="x7#kP2!vQ9zL4mN8rT1wY6uB3eH5jD0gF-a_long_random_production_key",
        ALLOWED_HOSTS="forum.example.org",
        IMPACTDAYS_DATA_DIR=str(tmp_path),
    )

    assert result.stdout.split()[-5:] == ["True"] * 5, result.stderr


def test_check_deploy_warns_behind_a_proxy_that_is_not_trusted(tmp_path):
    production = {
        "DEBUG": "0",
        "SECRET_KEY": "x7#kP2!vQ9zL4mN8rT1wY6uB3eH5jD0gF-a_long_random_production_key",
        "ALLOWED_HOSTS": "forum.example.org",
        "SITE_URL": "https://forum.example.org",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "IMPACTDAYS_DATA_DIR": str(tmp_path),
        "BEHIND_TLS_PROXY": "1",
    }

    untrusted = _impactdays("check", "--deploy", **production, TRUSTED_PROXY_COUNT="0")
    trusted = _impactdays("check", "--deploy", **production, TRUSTED_PROXY_COUNT="1")

    assert "impactdays.W002" in untrusted.stderr + untrusted.stdout
    assert "impactdays.W002" not in trusted.stderr + trusted.stdout
