"""The units a draft names, resolved against a registry of known spellings."""

from __future__ import annotations

import re
from collections.abc import Iterable

from liuzhang.extract.model import DraftUnit
from liuzhang.plandata.catalog import UnitRegistry, normalize_name

# The kind of an unknown unit, guessed from its name: the first rule that matches.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "group",
        re.compile(
            r"^(?:各|全区各|全县各|全市各|其他|其它|相关|有关|驻区|驻县|驻市)"
            r"|各相关|相关单位|有关单位|成员单位|相关部门|有关部门|各单位|各部门|区直|县直|市直"
        ),
    ),
    ("court", re.compile(r"法院$")),
    ("procuratorate", re.compile(r"检察院$")),
    ("town", re.compile(r"(?:镇|乡|街道|街道办事处|办事处)$")),
    ("company", re.compile(r"(?:公司|集团)$")),
    ("committee", re.compile(r"(?:委员会|领导小组|小组|指挥部|联席会议|专班|安委会|减灾委)$")),
    (
        "party_org",
        re.compile(r"^(?:[区县市省]?(?:纪委|党委)|[区县市省]委)(?!.*管委会)(?!.*政府).{0,6}$"),
    ),
    ("office", re.compile(r"(?:局|办|委|中心|分局|大队|支队|所|站|室|院|处)(?:[(（].*[)）])?$")),
)


def guess_kind(name: str) -> str:
    """What an unknown unit is, from its name: group (各镇, 区直相关单位), court, procuratorate,
    town, company, committee, party_org, office (局/办/委/中心 …), else other."""
    key = normalize_name(name)
    for kind, pattern in _KINDS:
        if pattern.search(key):
            return kind
    return "other"


def _alias(unit: DraftUnit, spelling: str) -> None:
    """A spelling the unit does not have yet (up to spaces and bracket widths) as an alias."""
    have = {normalize_name(n) for n in (unit.name, *unit.aliases)}
    if normalize_name(spelling) not in have:
        unit.aliases.append(spelling)


def resolve_units(
    names: Iterable[str], registry: UnitRegistry | None
) -> tuple[dict[str, str], list[DraftUnit]]:
    """Each spelling's canonical name, and the units of the draft (known ones with their
    registry entry's kind, new ones with their raw spelling; groups such as 各镇 as groups)."""
    canonical: dict[str, str] = {}
    units: dict[str, DraftUnit] = {}
    for name in names:
        if not name.strip() or name in canonical:
            continue
        known = registry.resolve(name) if registry is not None else None
        if known is not None:
            canonical[name] = known.name
            unit = units.get(known.name)
            if unit is None:
                unit = units[known.name] = DraftUnit(
                    known.name,
                    known.kind,
                    aliases=list(known.aliases),
                    members=list(known.members),
                    known=True,
                )
            _alias(unit, name)
            continue
        # an unknown spelling: the same unit as another new one when only spaces or bracket
        # widths differ
        key = normalize_name(name)
        twin = next(
            (u for u in units.values() if not u.known and normalize_name(u.name) == key), None
        )
        if twin is not None:
            canonical[name] = twin.name
            _alias(twin, name)
            continue
        canonical[name] = name
        units[name] = DraftUnit(name, guess_kind(name))
    return canonical, list(units.values())
