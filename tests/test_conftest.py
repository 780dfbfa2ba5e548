"""The CI rule in conftest: a skipped optional part fails when CI=true."""
from pathlib import Path

pytest_plugins = ["pytester"]

TEST = """
from conftest import needs
def test_part():
    needs(False, "a thing that is not here")
"""


def _run(pytester, monkeypatch, ci: str):
    pytester.makeconftest((Path(__file__).parent / "conftest.py").read_text())
    pytester.makepyfile(test_part=TEST)
    monkeypatch.setenv("CI", ci)
    return pytester.runpytest_inprocess("-p", "no:cacheprovider")


def test_skip_locally(pytester, monkeypatch):
    _run(pytester, monkeypatch, "false").assert_outcomes(skipped=1)


def test_fail_under_ci(pytester, monkeypatch):
    _run(pytester, monkeypatch, "true").assert_outcomes(failed=1)
