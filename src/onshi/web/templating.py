"""Jinja2 templates for onshi's web screens, with the date and ratio filters they share.

Templates live in this package's `templates/` folder; the stylesheet in `static/`.
"""

from __future__ import annotations

from datetime import date, datetime

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import (
    BaseLoader,
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    select_autoescape,
)

from onshi.rules.burden import ratio_label
from onshi.rules.era import wareki

PACKAGE = "onshi.web"


def templates(package_dir: str | None = None) -> Jinja2Templates:
    """The shared templates; `package_dir` is a folder of templates searched first (overrides)."""
    loaders: list[BaseLoader] = [PackageLoader(PACKAGE, "templates")]
    if package_dir is not None:
        loaders.insert(0, FileSystemLoader(package_dir))
    env = Environment(loader=ChoiceLoader(loaders), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters.update(wareki=wareki_filter, yyyymmdd_time=wareki_time_filter,
                       ratio=ratio_filter)
    return Jinja2Templates(env=env)


def mount_static(app: FastAPI) -> None:
    """Serve `static/` at /static; templates link it with url_for('static', path=…)."""
    app.mount("/static", StaticFiles(packages=[(PACKAGE, "static")]), name="static")


def wareki_filter(day: date | None) -> str:
    """2025-05-15 → 令和7年5月15日; None → ""; a day before 明治 stays as written (1850-01-02)."""
    if day is None:
        return ""
    try:
        return wareki(day)
    except ValueError:
        return day.isoformat()


def wareki_time_filter(moment: datetime | None) -> str:
    """2025-05-15 10:30 → 令和7年5月15日 10:30."""
    if moment is None:
        return ""
    return f"{wareki_filter(moment.date())} {moment:%H:%M}"


def ratio_filter(percent: str | None) -> str:
    """An OQS ratio in percent ("020") → "2割"; a value that is not a whole 割 stays in percent."""
    if not percent:
        return ""
    try:
        return ratio_label(int(percent))
    except ValueError:
        return f"{percent.strip()}%"
