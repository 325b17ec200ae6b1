"""The use case behind ``report --notices``: the 督办通知 of a bulletin, with the reply date
(整改时限)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from liuzhang.services import ServiceError

if TYPE_CHECKING:
    from liuzhang.i18n import Lang


def notices(
    bulletin: dict[str, Any],
    plan_reply_days: int,
    lang: Lang = "zh",
    reply_days: int | None = None,
    reply_by: str | None = None,
    holidays: Sequence[str] = (),
    workdays: Sequence[str] = (),
) -> dict[str, Any]:
    """The notices of ``bulletin`` (the model of :func:`liuzhang.services.bulletin.bulletin`,
    with its date): replies due on ``reply_by`` (ISO), else ``reply_days`` working days after
    the bulletin's date, else ``plan_reply_days`` (plan.yaml ``documents.reply_days``, in the
    bulletin's :class:`~liuzhang.domain.plan.DocumentStyle`), counting neither weekends nor
    ``holidays`` but the ``workdays`` (调休) among them (plan.yaml ``documents``)."""
    from liuzhang.views.notices import build_notices

    days = reply_days if reply_days is not None else plan_reply_days
    due = reply_date(bulletin["date"], days, reply_by, holidays, workdays)
    return build_notices(bulletin, due, lang)


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


def reply_date(
    date_iso: str,
    reply_days: int,
    reply_by: str | None = None,
    holidays: Sequence[str] = (),
    workdays: Sequence[str] = (),
) -> str:
    """The 整改时限 (ISO): ``reply_by`` when given (not before ``date_iso``), else ``reply_days``
    working days after ``date_iso`` (:func:`liuzhang.domain.workdays.add_workdays`; ISO
    ``holidays`` off, ISO weekend ``workdays`` worked)."""
    from datetime import date

    from liuzhang.domain.workdays import add_workdays

    start = date.fromisoformat(date_iso)
    if reply_by is None:
        off = [date.fromisoformat(d) for d in holidays]
        worked = [date.fromisoformat(d) for d in workdays]
        return add_workdays(start, reply_days, off, worked).isoformat()
    try:
        chosen = date.fromisoformat(reply_by.strip())
    except ValueError:
        raise ServiceError("reply_by_malformed", 2, value=reply_by) from None
    if chosen < start:
        raise ServiceError("reply_by_before_date", 2, value=reply_by, date=date_iso)
    return chosen.isoformat()
