"""Shared test set-up: no test writes to the user's cache; every test speaks English."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Each test gets its own empty plan cache."""
    directory = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("ADD_CACHE_DIR", str(directory))
    monkeypatch.delenv("ADD_NO_CACHE", raising=False)
    monkeypatch.setenv("ADD_LOCK_DIR", str(tmp_path_factory.mktemp("locks")))  # writers' locks
    # One language for every test (issue 16): English, so the assertions on text hold
    # whatever the machine's locale; tests of Dutch ask for it (--lang nl or ADD_LANG=nl).
    monkeypatch.setenv("ADD_LANG", "en")
    from add_cli.core.i18n import set_language

    set_language("en")
    return directory
