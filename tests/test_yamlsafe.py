"""The safe YAML loader: YAML 1.2 typing, positions, and refusals."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhang.plandata.yamlsafe import YamlError, loads, plain_scalar


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("010", 10),
        ("1:30", "1:30"),
        ("2023-12-01", "2023-12-01"),
        ("2023-12", "2023-12"),
        ("7.5", Decimal("7.5")),
        ("-9.4", Decimal("-9.4")),
        ("0.088", Decimal("0.088")),
        ("1e3", Decimal("1e3")),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("12万吨", "12万吨"),
        (".inf", ".inf"),
        ("1e999999999", "1e999999999"),  # would overflow later arithmetic: kept as text
    ],
)
def test_plain_scalar_typing(text: str, expected: object) -> None:
    assert plain_scalar(text) == expected
    assert type(plain_scalar(text)) is type(expected)


def test_quoted_scalars_stay_text() -> None:
    assert loads('a: "010"\nb: \'true\'\nc: "7.5"').data == {"a": "010", "b": "true", "c": "7.5"}


def test_positions_are_one_based_lines_and_columns() -> None:
    loaded = loads("targets:\n  - id: a\n    unit: 亿元\n")
    assert loaded.positions[("targets", 0, "unit")] == (3, 11)
    assert loaded.position(("targets", 0, "missing_field")) == (2, 5)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml_duplicate_key", 3),
        ("a: &x [1, 2]\nb: *x\n", "yaml_alias", 1),
        ("a: !!python/object/apply:os.system [ls]\n", "yaml_tag", 1),
        ("a: [1, 2\nb: 3\n", "yaml_syntax", 2),
        ("a: 1\n---\nb: 2\n", "yaml_multiple_documents", 2),
        ("? [a, b]\n: 1\n", "yaml_complex_key", 1),
        ("a: b\nc d\ne: f\n", "yaml_syntax", 2),
        ("a: 'x\n", "yaml_syntax", 2),
        ("a: 1\nb: \x07\n", "yaml_syntax", 2),
    ],
)
def test_refusals_name_the_line(text: str, code: str, line: int) -> None:
    with pytest.raises(YamlError) as info:
        loads(text)
    assert info.value.code == code
    assert info.value.line == line


def test_alias_bomb_is_refused_without_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    with pytest.raises(YamlError) as info:
        loads(bomb)
    assert info.value.code == "yaml_alias"


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(YamlError) as info:
        loads("[" * 100 + "]" * 100)
    assert info.value.code == "yaml_too_deep"


_PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn"))
_TEXT = st.text(_PRINTABLE, max_size=8)
_KEY = st.text(_PRINTABLE, min_size=1, max_size=6)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | _TEXT,
        lambda children: (
            st.lists(children, max_size=4) | st.dictionaries(_KEY, children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_round_trip_of_json_like_values(value: object) -> None:
    """Whatever the JSON dumper writes (JSON is YAML 1.2), the loader reads back unchanged."""
    import json

    assert loads(json.dumps(value, ensure_ascii=False)).data == value
