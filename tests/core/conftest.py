"""Core tests: no database, no settings. Real public data sets are optional.

`shared_data` is the `data/` folder of the shared material laid beside the clone (`../shared`),
or the folder named by `IMPACTDAYS_SHARED`. Tests that use it skip when it is absent; the
project never commits copies of that data.
"""

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]


def shared_folder() -> Path:
    return Path(os.environ.get("IMPACTDAYS_SHARED", REPOSITORY.parent / "shared"))


@pytest.fixture
def shared_data() -> Path:
    folder = shared_folder() / "data"
    if not folder.is_dir():
        pytest.skip(
            f"the shared data sets are absent ({folder}); set IMPACTDAYS_SHARED to use them"
        )
    return folder
