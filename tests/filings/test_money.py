"""Strict money parsing: the accepted spellings, the rejected ones, and scalar == vectorised."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.data.filings.money import parse_money, parse_money_array


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1234.56", 123456),
        ("$1,234.56", 123456),
        ("(500.00)", -50000),
        ("$(500)", -50000),
        ("($5.5)", -550),
        ("-$1,000", -100000),
        ("$-1,000.10", -100010),
        (" 42 ", 4200),
        (".75", 75),
        ("12.500", 1250),
        ("1,234,567.89", 123456789),
    ],
)
def test_accepted_spellings(text, cents):
    assert parse_money(text) == cents
    assert parse_money_array(pa.array([text]))[0][0] == cents


@pytest.mark.parametrize(
    "text", ["1,23.4", "12.345", "1.2.3", "$", "abc", "--5", "-(5)", "(5", "5)", "1,2345", "USD 5"]
)
def test_rejected_not_guessed(text):
    with pytest.raises(ValueError, match="unreadable amount"):
        parse_money(text)
    _, missing, invalid = parse_money_array(pa.array([text]))
    assert invalid[0] and not missing[0]


def test_empty_is_missing_not_zero():
    assert parse_money("") is None and parse_money("   ") is None
    _, missing, invalid = parse_money_array(pa.array(["", None]))
    assert list(missing) == [True, True] and not invalid.any()


def _format(cents: int, style: int) -> str:
    dollars, rem = divmod(abs(cents), 100)
    plain = f"{dollars}.{rem:02d}"
    grouped = f"{dollars:,}.{rem:02d}"
    if cents >= 0:
        return [plain, f"${grouped}", grouped][style]
    return [f"-{plain}", f"({grouped})", f"$({grouped})"][style]


@given(st.integers(min_value=-(10**13), max_value=10**13), st.integers(0, 2))
def test_formatted_amounts_round_trip(cents, style):
    text = _format(cents, style)
    assert parse_money(text) == cents
    assert parse_money_array(pa.array([text]))[0][0] == cents


@given(st.text(alphabet="0123456789$,.()- ", max_size=12))
def test_vectorised_matches_scalar(text):
    cents, missing, invalid = parse_money_array(pa.array([text]))
    try:
        expected = parse_money(text)
    except ValueError:
        assert invalid[0]
        return
    assert not invalid[0]
    assert missing[0] == (expected is None)
    if expected is not None:
        assert cents[0] == expected
