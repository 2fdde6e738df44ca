"""The engine's state as JSON, so a closed period's state can be kept in the ledger and read
back by any later version: plain names and decimal strings, no pickles."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from points.engine import EngineState, Held, Revenue
from points.engine.entries import Charge, RecoupItem, ToDate, Tranche
from points.engine.period import Period
from points.engine.royalties import Counter
from points.model.contracts import AccountingPeriod, Channel
from points.model.periods import Month

__all__ = ["state_from_json", "state_to_json"]


def _period(period: Period) -> list[Any]:
    return [period.kind.value, period.year, period.index]


def _read_period(value: list[Any]) -> Period:
    return Period(AccountingPeriod(value[0]), int(value[1]), int(value[2]))


def state_to_json(state: EngineState) -> str:
    document = {
        "last_period": {pool: _period(p) for pool, p in state.last_period.items()},
        "recoup": {
            pool: [
                [i.ref, i.contract, sorted(c.value for c in i.channels), str(i.remaining)]
                for i in items
            ]
            for pool, items in state.recoup.items()
        },
        "booked": sorted(state.booked),
        "counters": {
            key: [str(c.count), str(c.rated_base), str(c.points)]
            + ([{ch.value: str(base) for ch, base in c.by_channel}] if c.by_channel else [])
            for key, c in state.counters.items()
        },
        "to_date": [
            [contract, party, str(account.exact), str(account.paid)]
            for (contract, party), account in state.to_date.items()
        ],
        "reserves": {
            contract: [
                [_period(t.held_in), t.channel.value, str(t.amount), str(t.out)] for t in tranches
            ]
            for contract, tranches in state.reserves.items()
        },
        "gates": {contract: str(amount) for contract, amount in state.gates.items()},
        "triggered": sorted(state.triggered),
        "accrued": {
            contract: {channel.value: str(amount) for channel, amount in by_channel.items()}
            for contract, by_channel in state.accrued.items()
        },
        "charges": [
            [c.ref, c.artist_contract, str(c.paid_in), str(c.amount), c.how] for c in state.charges
        ],
        "held": [[_revenue(h.revenue), h.contract, h.reason] for h in state.held],
        "unmatched": [_revenue(row) for row in state.unmatched],
        "closed_through": str(state.closed_through) if state.closed_through else None,
    }
    return json.dumps(document, sort_keys=True)


def _counter(
    count: str, rated_base: str, points: str, by_channel: dict[str, str] | None = None
) -> Counter:
    """A counter as kept; one kept before its base per channel was has none."""
    bases = tuple((Channel(ch), Decimal(base)) for ch, base in sorted((by_channel or {}).items()))
    return Counter(Decimal(count), Decimal(rated_base), Decimal(points), bases)


def state_from_json(text: str) -> EngineState:
    d = json.loads(text)
    return EngineState(
        last_period={pool: _read_period(p) for pool, p in d["last_period"].items()},
        recoup={
            pool: tuple(
                RecoupItem(ref, contract, frozenset(map(Channel, channels)), Decimal(remaining))
                for ref, contract, channels, remaining in items
            )
            for pool, items in d["recoup"].items()
        },
        booked=frozenset(d["booked"]),
        counters={key: _counter(*kept) for key, kept in d["counters"].items()},
        to_date=_to_date(d),
        reserves={
            contract: tuple(
                Tranche(_read_period(held), Channel(channel), Decimal(amount), Decimal(out))
                for held, channel, amount, out in tranches
            )
            for contract, tranches in d["reserves"].items()
        },
        gates={contract: Decimal(amount) for contract, amount in d["gates"].items()},
        triggered=frozenset(d["triggered"]),
        accrued={
            contract: {Channel(ch): Decimal(amount) for ch, amount in by_channel.items()}
            for contract, by_channel in d["accrued"].items()
        },
        charges=tuple(
            Charge(ref, artist, Month.parse(paid_in), Decimal(amount), how)
            for ref, artist, paid_in, amount, how in d["charges"]
        ),
        held=tuple(
            Held(_read_revenue(row), contract, reason)
            for row, contract, reason in d.get("held", ())
        ),
        unmatched=tuple(_read_revenue(row) for row in d.get("unmatched", ())),
        closed_through=Month.parse(d["closed_through"]) if d.get("closed_through") else None,
    )


def _to_date(d: dict[str, Any]) -> dict[tuple[str, str], ToDate]:
    """What each payee was owed and paid to date; a ledger closed before payees were paid on
    their totals to date kept only what was carried: it is read as owed and not yet paid."""
    if "owed" in d:
        return {
            (contract, party): ToDate(Decimal(amount), Decimal(0))
            for contract, party, amount in d["owed"]
        }
    return {
        (contract, party): ToDate(Decimal(exact), Decimal(paid))
        for contract, party, exact, paid in d["to_date"]
    }


def _revenue(row: Revenue) -> list[Any]:
    return [
        row.recording,
        row.channel.value,
        row.territory,
        str(row.month),
        row.currency,
        str(row.units),
        str(row.net),
        row.lines,
        list(row.sources),
        row.other_currency,
        str(row.other_net),
    ]


def _read_revenue(cells: list[Any]) -> Revenue:
    recording, channel, territory, month, code, units, net, lines, sources, other, other_net = cells
    return Revenue(
        recording,
        Channel(channel),
        territory,
        Month.parse(month),
        code,
        Decimal(units),
        Decimal(net),
        int(lines),
        tuple(sources),
        other,
        Decimal(other_net),
    )
