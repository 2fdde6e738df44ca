"""The engine's state as JSON, so a closed period's state can be kept in the ledger and read
back by any later version: plain names and decimal strings, no pickles."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from points.engine import EngineState
from points.engine.entries import Charge, RecoupItem, Tranche
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
            for key, c in state.counters.items()
        },
        "owed": [
            [contract, party, str(amount)] for (contract, party), amount in state.owed.items()
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
    }
    return json.dumps(document, sort_keys=True)


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
        counters={
            key: Counter(Decimal(a), Decimal(b), Decimal(c))
            for key, (a, b, c) in d["counters"].items()
        },
        owed={(contract, party): Decimal(amount) for contract, party, amount in d["owed"]},
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
    )
