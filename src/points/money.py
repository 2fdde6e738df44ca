"""Exact money: the one module that knows Decimal contexts, currencies, rounding and allocation.

Rules (../shared/DOMAIN.md, "Money"; DESIGN.md, "Boundaries"):

* Amounts are ``Decimal``, never ``float``: a float handed in is refused, not converted.
* Arithmetic runs in ``CONTEXT``: 120 significant digits with ``Inexact`` trapped, so an operation
  that would silently drop a digit raises instead of losing a fraction of a cent. Streams pay
  fractions of a cent (0.00312); those fractions are kept until the payable.
* Rounding happens once, at the payable, to the currency's minor unit (``round_payable``). The
  default mode is ``RoundingMode.HALF_UP`` (0.005 → 0.01), the usual rule in royalty accounting;
  ``HALF_EVEN`` (banker's rounding) is the alternative, chosen per contract. What rounding leaves
  over is returned as a remainder, so the caller can carry it to the next period.
* Splitting an amount among shares uses ``allocate``: largest remainder, ties to the earlier share,
  so the parts always sum exactly to the whole and no part is a minor unit or more from its exact
  share.
* Minor units come from the ISO 4217 table (the ``iso4217`` package ships ISO's own list): JPY 0,
  USD 2, BHD 3. Codes with no minor unit (gold, testing codes) are not money we pay out.
* Amounts in different currencies never add, subtract or compare: that raises
  ``CurrencyMismatchError``. Conversion is the engine's job, at a stated rate.

Nobody else rounds or quantises. Formatting for people (symbols, separators) belongs to ``render``.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache

import iso4217

__all__ = [
    "CONTEXT",
    "SHARE_PLACES",
    "Currency",
    "CurrencyMismatchError",
    "Money",
    "RoundingMode",
    "UnknownCurrencyError",
    "allocate",
    "allocate_to_date",
    "currency",
    "exact_decimal",
    "round_payable",
    "split",
    "to_decimal",
    "total",
]

# Arithmetic context: exact or an error. The engine takes a figure that cannot end (a third of
# an album line, a row split between escalation bands) at 20 places, then multiplies it exactly
# by a multiplier, the points, a reserve's and a payee's percentage (a few places each): 38
# digits were not enough for that chain (a hypothesis property found decimal.Inexact on a 33.33%
# reserve and a 33.33/66.67 split), and 76 not enough for a contract with every number at the
# bounds a workspace allows (points.model.limits: eight multipliers of 99.9999% on one line
# needed 110). 120 digits hold that worst case; precision costs nothing for short numbers.
CONTEXT = decimal.Context(
    prec=120,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow, decimal.Inexact],
)
# The only context allowed to drop digits: used by round_payable and nothing else.
_ROUNDING_CONTEXT = CONTEXT.copy()
_ROUNDING_CONTEXT.traps[decimal.Inexact] = False


class UnknownCurrencyError(ValueError):
    """A code that is not an ISO 4217 currency we can pay in."""


class CurrencyMismatchError(ValueError):
    """Two amounts in different currencies met in one operation without a conversion."""


class RoundingMode(StrEnum):
    """How a payable is rounded to the minor unit: a contract setting (DOMAIN.md variants)."""

    HALF_UP = "half_up"
    HALF_EVEN = "half_even"

    @property
    def decimal_rounding(self) -> str:
        return {
            RoundingMode.HALF_UP: decimal.ROUND_HALF_UP,
            RoundingMode.HALF_EVEN: decimal.ROUND_HALF_EVEN,
        }[self]


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency and the number of decimal places its smallest unit has."""

    code: str
    minor_unit: int
    name: str

    @property
    def quantum(self) -> Decimal:
        """The smallest payable amount: Decimal('0.01') for USD, Decimal('1') for JPY."""
        return Decimal((0, (1,), -self.minor_unit))

    def __str__(self) -> str:
        return self.code


@cache
def _iso_table() -> dict[str, Currency]:
    table: dict[str, Currency] = {}
    for entry in iso4217.Currency:
        if entry.exponent is None:  # gold, SDR, testing codes: no minor unit, not payable money
            continue
        table[entry.code] = Currency(entry.code, entry.exponent, entry.currency_name)
    return table


def currency(code: str) -> Currency:
    """Look up an ISO 4217 currency by its three-letter code (case-insensitive).

    Raises:
        UnknownCurrencyError: the code is not in ISO 4217, or has no minor unit.
    """
    found = _iso_table().get(code.strip().upper()) if isinstance(code, str) else None
    if found is None:
        raise UnknownCurrencyError(f"{code!r} is not an ISO 4217 currency code")
    return found


def known_currency_codes() -> tuple[str, ...]:
    """Every code ``currency`` accepts, sorted."""
    return tuple(sorted(_iso_table()))


def to_decimal(value: object) -> Decimal:
    """Convert an exact number (Decimal, int or numeric text) to a finite Decimal.

    Floats and bools are refused: a float has already lost the cents we are meant to keep.

    Raises:
        TypeError: a float, a bool or another type.
        ValueError: text that is not a number, or a NaN or infinity.
    """
    if isinstance(value, bool | float):
        raise TypeError(f"money must be exact: got {type(value).__name__} {value!r}")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except decimal.InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
    else:
        raise TypeError(f"cannot read a number from {type(value).__name__} {value!r}")
    if not result.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    return result


def _as_factor(value: object) -> Decimal:
    if isinstance(value, Money):
        raise TypeError("multiplying money by money has no meaning")
    return to_decimal(value)


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount in one currency. Arithmetic is exact; mixing currencies raises."""

    amount: Decimal
    currency: Currency

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount))
        elif not self.amount.is_finite():
            raise ValueError(f"{self.amount!r} is not a finite amount")
        if not isinstance(self.currency, Currency):
            raise TypeError(f"currency must be a Currency, got {self.currency!r}")

    @classmethod
    def of(cls, amount: Decimal | int | str, code: str) -> Money:
        """``Money.of("12.50", "USD")``: build from an exact number and a currency code."""
        return cls(to_decimal(amount), currency(code))

    @classmethod
    def zero(cls, code: str | Currency) -> Money:
        return cls(Decimal(0), code if isinstance(code, Currency) else currency(code))

    def _same_currency(self, other: object) -> Money:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatchError(
                f"cannot combine {self.currency.code} and {other.currency.code} "
                "without converting at a stated exchange rate"
            )
        return other

    def __add__(self, other: Money) -> Money:
        return Money(CONTEXT.add(self.amount, self._same_currency(other).amount), self.currency)

    def __sub__(self, other: Money) -> Money:
        return Money(
            CONTEXT.subtract(self.amount, self._same_currency(other).amount), self.currency
        )

    def __neg__(self) -> Money:
        return Money(CONTEXT.minus(self.amount), self.currency)

    def __abs__(self) -> Money:
        return Money(CONTEXT.abs(self.amount), self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(CONTEXT.multiply(self.amount, _as_factor(factor)), self.currency)

    __rmul__ = __mul__

    def __lt__(self, other: Money) -> bool:
        return self.amount < self._same_currency(other).amount

    def __le__(self, other: Money) -> bool:
        return self.amount <= self._same_currency(other).amount

    def __gt__(self, other: Money) -> bool:
        return self.amount > self._same_currency(other).amount

    def __ge__(self, other: Money) -> bool:
        return self.amount >= self._same_currency(other).amount

    def percent(self, points: Decimal | int) -> Money:
        """``points`` percent of this amount, exactly: 3 points of 10.00 is 0.30."""
        return Money(
            CONTEXT.multiply(self.amount, CONTEXT.scaleb(_as_factor(points), -2)), self.currency
        )

    def is_zero(self) -> bool:
        return self.amount.is_zero()

    def is_whole(self, places: int | None = None) -> bool:
        """True when the amount has no digits beyond ``places`` (default: the minor unit)."""
        places = self.currency.minor_unit if places is None else places
        scaled = CONTEXT.scaleb(self.amount, places)
        return scaled == scaled.to_integral_value()

    def __str__(self) -> str:
        return f"{self.amount} {self.currency.code}"

    def __repr__(self) -> str:
        return f"Money('{self.amount}', '{self.currency.code}')"


def total(amounts: Iterable[Money], code: str | Currency) -> Money:
    """Sum amounts of one currency; an empty sum is zero in ``code``."""
    result = Money.zero(code)
    for amount in amounts:
        result = result + amount
    return result


def round_payable(amount: Money, mode: RoundingMode = RoundingMode.HALF_UP) -> tuple[Money, Money]:
    """Round a payable to the currency's minor unit, once.

    Returns:
        ``(payable, remainder)`` with ``payable + remainder == amount`` exactly. The remainder is
        the sub-minor-unit fraction a contract may carry to the next period or drop.
    """
    rounded, remainder = round_amount(amount.amount, amount.currency.quantum, mode)
    return Money(rounded, amount.currency), Money(remainder, amount.currency)


def round_amount(
    amount: Decimal, quantum: Decimal, mode: RoundingMode = RoundingMode.HALF_UP
) -> tuple[Decimal, Decimal]:
    """``round_payable`` on a bare amount, for a loop over many payees of one currency: the
    amount rounded to ``quantum`` (a currency's ``quantum``) and the exact remainder."""
    rounded = amount.quantize(quantum, rounding=mode.decimal_rounding, context=_ROUNDING_CONTEXT)
    return rounded, CONTEXT.subtract(amount, rounded)


def allocate(
    whole: Money, weights: Sequence[Decimal | int | Fraction], *, places: int | None = None
) -> list[Money]:
    """Split ``whole`` among ``weights`` so the parts sum exactly to it (largest remainder).

    Each part is first its exact share rounded down to ``places`` decimals (default: the
    currency's minor unit); the units left over go one each to the parts with the largest
    dropped fractions, ties to the earlier weight, so the result is deterministic. No part is a
    unit or more away from its exact share. A negative ``whole`` is split like its magnitude.

    Args:
        whole: the amount to split; it must already be whole in ``places`` decimals.
        weights: non-negative shares in any unit (percentages, points, track counts).
        places: the decimal places of the smallest unit to hand out.

    Raises:
        ValueError: no weights, a negative weight, all weights zero, or ``whole`` not whole.
    """
    places = whole.currency.minor_unit if places is None else places
    if not weights:
        raise ValueError("allocate needs at least one share")
    fractions = [
        weight if isinstance(weight, Fraction) else Fraction(to_decimal(weight))
        for weight in weights
    ]
    if any(weight < 0 for weight in fractions):
        raise ValueError(f"shares must not be negative: {list(weights)}")
    weight_sum = sum(fractions, Fraction(0))
    if weight_sum == 0:
        raise ValueError("shares must not all be zero")
    if not whole.is_whole(places):
        raise ValueError(
            f"{whole} has digits beyond {places} decimal places: round it before allocating"
        )
    units = int(CONTEXT.scaleb(whole.amount, places))
    sign, units = (-1 if units < 0 else 1), abs(units)
    exact = [units * weight / weight_sum for weight in fractions]
    parts = [share.numerator // share.denominator for share in exact]
    left_over = units - sum(parts)
    by_dropped_fraction = sorted(range(len(exact)), key=lambda i: (-(exact[i] - parts[i]), i))
    for index in by_dropped_fraction[:left_over]:
        parts[index] += 1
    return [Money(CONTEXT.scaleb(Decimal(sign * part), -places), whole.currency) for part in parts]


def exact_decimal(value: Fraction) -> Decimal | None:
    """The fraction as a Decimal, if one holds it exactly (its denominator has no prime but 2
    and 5: 1/8, 33.33/100); ``None`` for a third."""
    denominator = value.denominator
    for prime in (2, 5):
        while denominator % prime == 0:
            denominator //= prime
    if denominator != 1:
        return None
    return CONTEXT.divide(Decimal(value.numerator), Decimal(value.denominator))


# Places at which a share that no decimal holds (a third) is taken, as the engine takes a third
# of an album line: far below any minor unit, and the parts still sum exactly to the whole.
SHARE_PLACES = 20


def split(amount: Decimal, shares: Sequence[Fraction]) -> list[Decimal]:
    """``amount`` in parts by ``shares`` (which sum to 1), the parts summing exactly to it.

    Each part is exact where every part is a finite decimal (shares such as 33.33% always give
    one); otherwise (thirds) each is taken at ``SHARE_PLACES`` places, or the amount's own if it
    has more, by largest remainder, ties to the earlier share. Not a payable: nothing here is
    rounded to a minor unit.
    """
    whole = Fraction(amount)
    exact = [exact_decimal(whole * share) for share in shares]
    if all(part is not None for part in exact):
        return [part for part in exact if part is not None]
    places = max(SHARE_PLACES, -int(amount.as_tuple().exponent))
    units = int(CONTEXT.scaleb(amount, places))
    sign, units = (-1 if units < 0 else 1), abs(units)
    wanted = [units * share for share in shares]
    parts = [int(want) for want in wanted]  # rounded down: each share is not negative
    left_over = units - sum(parts)
    by_dropped = sorted(range(len(wanted)), key=lambda i: (-(wanted[i] - parts[i]), i))
    for index in by_dropped[:left_over]:
        parts[index] += 1
    return [CONTEXT.scaleb(Decimal(sign * part), -places) for part in parts]


def allocate_to_date(total: Decimal, exact: Sequence[Decimal], quantum: Decimal) -> list[Decimal]:
    """Cut ``total`` (whole in ``quantum``, the rounded sum of ``exact``) into parts as near as
    can be to the ``exact`` amounts: each part is its exact amount rounded down to the quantum,
    and the quanta left over go one each to the largest dropped fractions, ties to the earlier
    (fractions are compared at ``TIE_PLACES``, below which a figure taken at 20 places is
    noise). The parts sum to ``total`` and none is a quantum or more from its exact amount.

    A contract's payees are paid so, on what the contract owed them to date: what each has been
    paid to date always sums to the contract's rounded total to date (largest remainder, taken
    cumulatively; DOMAIN.md, "Splits").

    Raises:
        ValueError: ``total`` is not the sum of ``exact`` rounded to ``quantum``.
    """
    units = [Fraction(CONTEXT.divide(amount, quantum)) for amount in exact]
    floors = [want.numerator // want.denominator for want in units]
    left_over = int(CONTEXT.divide(total, quantum)) - sum(floors)
    if not 0 <= left_over <= len(units) or CONTEXT.divide(total, quantum) % 1:
        raise ValueError(f"{total} is not the sum of {list(exact)} rounded to {quantum}")
    dropped = [_as_tie(CONTEXT.subtract(amount, CONTEXT.multiply(Decimal(floor), quantum)))
               for amount, floor in zip(exact, floors, strict=True)]  # fmt: skip
    by_dropped = sorted(range(len(units)), key=lambda i: (-dropped[i], i))
    for index in by_dropped[:left_over]:
        floors[index] += 1
    return [CONTEXT.multiply(Decimal(part), quantum) for part in floors]


TIE_PLACES = 18
"""Places at which payees' dropped fractions are compared (``allocate_to_date``). A figure
that cannot end (a third) is taken at ``SHARE_PLACES`` (20), so two payees whose exact shares
tie, at 10% and 70% of a third, differ by that rounding times their shares: noise in the 20th
place. Compared at 18 places they tie, and the tie goes to the earlier payee, as it would in
exact arithmetic; without it the noise chose who was paid the cent."""

_TIE = Decimal(1).scaleb(-TIE_PLACES)
_TIE_CONTEXT = decimal.Context(prec=CONTEXT.prec, rounding=decimal.ROUND_HALF_EVEN)


def _as_tie(dropped: Decimal) -> Decimal:
    return dropped.quantize(_TIE, context=_TIE_CONTEXT)
