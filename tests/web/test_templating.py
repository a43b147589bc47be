"""The shared web pieces: filters, the template loader and the stylesheet route."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

import onshi.web
from onshi.server import serving
from onshi.web.templating import (
    mount_static,
    ratio_filter,
    templates,
    wareki_filter,
    wareki_time_filter,
)


@pytest.mark.parametrize(("day", "shown"), [
    (date(2025, 5, 15), "令和7年5月15日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(1980, 7, 1), "昭和55年7月1日"),
    (date(1850, 1, 2), "1850-01-02"),
    (None, ""),
])
def test_wareki(day: date | None, shown: str) -> None:
    assert wareki_filter(day) == shown


def test_wareki_time() -> None:
    assert wareki_time_filter(datetime(2025, 5, 15, 10, 30, 59)) == "令和7年5月15日 10:30"
    assert wareki_time_filter(None) == ""


@pytest.mark.parametrize(("percent", "shown"), [
    ("010", "1割"), ("020", "2割"), ("030", "3割"), ("025", "025%"), (None, ""), ("", ""),
])
def test_ratio(percent: str | None, shown: str) -> None:
    assert ratio_filter(percent) == shown


def test_filters_are_registered_under_their_template_names() -> None:
    env = templates().env
    rendered = env.from_string("{{ d|wareki }}／{{ t|yyyymmdd_time }}／{{ r|ratio }}").render(
        d=date(2025, 5, 15), t=datetime(2025, 5, 15, 10, 30), r="020")
    assert rendered == "令和7年5月15日／令和7年5月15日 10:30／2割"


def test_templates_autoescape_and_accept_overrides(tmp_path: Path) -> None:
    assert "&lt;b&gt;" in templates().env.from_string("{{ v }}").render(v="<b>")
    (tmp_path / "base.html").write_text("override", encoding="utf-8")
    assert templates(str(tmp_path)).get_template("base.html").render() == "override"
    assert "terminal/layout.html" in templates(str(tmp_path)).env.list_templates()


def test_stylesheet_is_served() -> None:
    app = FastAPI()
    mount_static(app)
    with serving(app) as url:
        response = httpx.get(f"{url}/static/onshi.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


def test_web_imports_only_rules_and_third_party() -> None:
    for source in Path(onshi.web.__file__).parent.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                assert not name.startswith("onshi.") or name.startswith("onshi.rules"), (
                    source.name, name)
