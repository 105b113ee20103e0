"""What a test needs beyond Python and the suite's database: Chromium, Playwright, axe-core, a server...

On a developer's machine a test whose dependency is missing is skipped, with the reason and how to get it.
Under CI (CI=true in the environment, as `.ci/run` sets it) the same test fails instead: CI installs every
dependency, so one that is missing there is a broken CI, and a skip would report green for a test that never
ran. Tests that need PostgreSQL's own features are another matter: they are skipped when the suite runs on
SQLite by design (`.ci/run` runs it on both), and a PostgreSQL run whose server cannot be reached errors.
"""

import importlib
import os

import pytest


def under_ci():
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require(condition, reason):
    """Go on when `condition` holds; otherwise skip the test (or the module) with `reason`, or fail under CI."""
    if condition:
        return
    if under_ci():
        pytest.fail(
            f"{reason} (CI=true: every dependency must be installed, so this fails instead of skipping)", pytrace=False
        )
    pytest.skip(reason, allow_module_level=True)


def require_module(name, reason):
    """The module `name`, imported; when it cannot be, `require` decides between a skip and a failure."""
    try:
        return importlib.import_module(name)
    except ImportError:
        require(False, reason)
