"""Fixtures: hub databases of both backends, and one generated population per backend."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from synth_databases import BACKENDS, TEST_CONFIG, EngineFactory, hub_factory

from onshi.synth import SynthReport, generate


@pytest.fixture(params=BACKENDS)
def new_hub(request: pytest.FixtureRequest, tmp_path: Path) -> EngineFactory:
    """Makes empty, migrated hub databases of one backend (several per test if needed)."""
    return hub_factory(request.param, tmp_path)


@pytest.fixture(scope="session", params=BACKENDS)
def population(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[Engine, SynthReport]]:
    """One generated TEST_CONFIG population per backend, shared by the read-only tests."""
    with hub_factory(request.param, tmp_path_factory.mktemp("synth"))() as engine:
        yield engine, generate(engine, TEST_CONFIG, progress=False)
