"""Shared test set-up: no test writes to the user's cache."""

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
    return directory
