"""A test whose dependency is missing is skipped on a developer's machine and fails under CI, so a CI run
can never be green with tests that did not run; and browser tests are left out of the PostgreSQL run."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.requirements import require, require_module

PROJECT = Path(__file__).resolve().parent.parent


def pytest_in_a_subprocess(*args, cwd=PROJECT, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"CI", "CHROMIUM_PATH", "DATABASE_URL", "PATH"}}
    # PATH holds only the virtualenv: no Chromium to be found there.
    clean["PATH"] = str(Path(sys.executable).parent)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rfEs", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_what_is_there_is_simply_used(monkeypatch):
    monkeypatch.setenv("CI", "true")
    require(True, "never said")
    assert require_module("json", "never said").__name__ == "json"


@pytest.mark.parametrize("ci", [None, "", "0", "false"])
def test_on_a_developers_machine_a_missing_dependency_skips_with_its_reason(monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="no Chromium"):
        require(False, "no Chromium: install it")
    with pytest.raises(pytest.skip.Exception, match="pip install"):
        require_module("a_module_the_newsroom_never_had", "pip install it")


@pytest.mark.parametrize("ci", ["true", "1", "yes"])
def test_under_ci_a_missing_dependency_fails_with_its_reason(monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="no Chromium: install it"):
        require(False, "no Chromium: install it")
    with pytest.raises(pytest.fail.Exception, match="pip install it"):
        require_module("a_module_the_newsroom_never_had", "pip install it")


def test_a_browser_test_without_chromium_fails_under_ci_and_skips_elsewhere(tmp_path):
    # The browser fixture itself, in a test of its own; no database, no server.
    (tmp_path / "test_needs_chromium.py").write_text(
        "from tests.browser.conftest import browser  # noqa: F401\n\n\ndef test_opens_chromium(browser):\n    pass\n"
    )
    options = [str(tmp_path), "-c", str(PROJECT / "pyproject.toml"), "--rootdir", str(PROJECT)]

    under_ci = pytest_in_a_subprocess(*options, CI="true")
    assert under_ci.returncode == 1, under_ci.stdout + under_ci.stderr
    assert "no Chromium" in under_ci.stdout and "1 error" in under_ci.stdout

    locally = pytest_in_a_subprocess(*options)
    assert locally.returncode == 0, locally.stdout + locally.stderr
    assert "SKIPPED" in locally.stdout and "no Chromium" in locally.stdout and "1 skipped" in locally.stdout


def test_an_unreachable_postgresql_is_an_error_under_ci_not_a_skip():
    # Nothing listens on port 1: the PostgreSQL run must stop at its first database test, with the project's
    # conftest loaded as in the whole suite.
    result = pytest_in_a_subprocess(
        "tests/test_models.py", "-x", DATABASE_URL="postgres://postgres@127.0.0.1:1/newsroom", CI="true"
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 1, result.stdout + result.stderr
    assert "error" in summary and "skipped" not in summary, summary


def test_the_postgresql_run_can_leave_out_every_browser_test():
    result = pytest_in_a_subprocess("tests/browser", "--collect-only", "-m", "not browser")
    # pytest's exit status 5: no test selected; the folder's tests were all deselected.
    assert result.returncode == 5, result.stdout + result.stderr
    assert "deselected" in result.stdout
