"""The use case behind ``report --notices``: the 督办通知 of a bulletin, with the reply date
(整改时限) and the plan's document style."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.services import ServiceError, load_plan

if TYPE_CHECKING:
    from liuzhang.domain.plan import DocumentStyle
    from liuzhang.i18n import Lang


@dataclass
class Notices:
    model: dict[str, Any]  # liuzhang.views.notices.build_notices
    style: DocumentStyle  # the plan's fonts (plan.yaml documents)


def notices(
    data_dir: Path,
    bulletin: dict[str, Any],
    lang: Lang = "zh",
    plan: str | None = None,
    reply_days: int | None = None,
    reply_by: str | None = None,
) -> Notices:
    """The notices of ``bulletin`` (the model of :func:`liuzhang.services.bulletin.bulletin`, of
    the plan ``plan`` names, else of the bulletin's year); replies due on ``reply_by`` (ISO), else
    ``reply_days`` working days after the bulletin's date, else the plan's ``reply_days``."""
    from liuzhang.domain.plan import DocumentStyle
    from liuzhang.views.notices import build_notices

    catalog = load_plan(data_dir, plan, bulletin["year"])
    style = catalog.plan.style if catalog.plan is not None else DocumentStyle()
    days = reply_days if reply_days is not None else style.reply_days
    deadline = reply_date(bulletin["date"], days, reply_by)
    return Notices(build_notices(bulletin, deadline, lang), style)


def check_reply_options(
    notices: bool, reply_days: int | None, reply_by: str | None, date: str | None
) -> None:
    """Usage errors of --reply-days/--reply-by before anything is written: given without
    --notices, both given, a malformed date, a date before the document's (``date``: --date,
    default today)."""
    from liuzhang.services.bulletin import document_date

    if not notices and (reply_days is not None or reply_by is not None):
        raise ServiceError("reply_options_without_notices", 2)
    if reply_days is not None and reply_by is not None:
        raise ServiceError("reply_options_conflict", 2)
    if reply_by is not None:
        reply_date(document_date(date), 1, reply_by)


def reply_date(date_iso: str, reply_days: int, reply_by: str | None = None) -> str:
    """The 整改时限 (ISO): ``reply_by`` when given (not before ``date_iso``), else ``reply_days``
    working days after ``date_iso`` (:func:`liuzhang.domain.workdays.add_workdays`)."""
    from datetime import date

    from liuzhang.domain.workdays import add_workdays

    start = date.fromisoformat(date_iso)
    if reply_by is None:
        return add_workdays(start, reply_days).isoformat()
    try:
        chosen = date.fromisoformat(reply_by.strip())
    except ValueError:
        raise ServiceError("reply_by_malformed", 2, value=reply_by) from None
    if chosen < start:
        raise ServiceError("reply_by_before_date", 2, value=reply_by, date=date_iso)
    return chosen.isoformat()
