"""The shared catalogue of common indicator codes (``indicators.yaml`` beside this module, read on
first use): what ``init`` lists and ``extract`` suggests for targets.yaml ``indicator``."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

CATALOGUE = Path(__file__).with_name("indicators.yaml")


@dataclass(frozen=True, slots=True)
class Indicator:
    """A common indicator: its code, names (zh, en, other spellings), unit, measure, roll-up and
    the code of the base value weighting it (growth rates)."""

    code: str
    zh: str
    en: str
    unit: str
    measure: str
    rollup: str
    names: tuple[str, ...] = ()
    weight: str | None = None

    def name(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.zh, *self.names)


@functools.cache
def catalogue() -> dict[str, Indicator]:
    """The catalogue by code, in file order."""
    import yaml

    data = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    out: dict[str, Indicator] = {}
    for item in data["indicators"]:
        names = tuple(str(n) for n in item.get("names", ()))
        out[item["code"]] = Indicator(
            code=item["code"],
            zh=item["zh"],
            en=item["en"],
            unit=str(item["unit"]),
            measure=item["measure"],
            rollup=item["rollup"],
            names=names,
            weight=item.get("weight"),
        )
    return out


def catalogue_comment() -> list[str]:
    """The catalogue as YAML comment lines (code, Chinese name, unit, roll-up), for init."""
    lines = [
        "# 常用指标代码（indicator，不同地区方案中代码相同即为同一指标，用于比较、排名和汇总）："
    ]
    for item in catalogue().values():
        weight = f"，按 {item.weight} 加权" if item.weight else ""
        lines.append(f"#   {item.code}: {item.zh}（{item.unit}，rollup: {item.rollup}{weight}）")
    return lines
