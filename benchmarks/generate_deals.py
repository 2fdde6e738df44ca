"""Generate a realistic engine workload: 10,000 contracts over 8 quarters of aggregated income.

Deterministic for a given seed. Built with the project's own models (``Contract``, ``Release``)
and the engine's ``Revenue``, as ingest and the loader would hand them to ``points.engine.run``.

The catalog is a list of *acts*, each one release of 1-3 tracks (``QZGEN`` ISRCs, check-digited
UPCs). Two kinds of act:

* **independent** (about 80%): the artist releases through a distributor and pays 1-2 producers
  points out of what comes in: 3-4 points on net receipts (some 4-5 on PPD for downloads), an
  advance recouped from royalties; some with a foreign-sales multiplier, some with an
  escalation (stream-equivalent units, prospective or retroactive), some with a co-producer
  payee split, and some producers paid only a flat fee (work for hire).
* **label** (about 20%): the label's recording agreement with the artist (18 points all-in,
  an album advance and itemised recording costs, 25% reserve on physical over 3 periods, foreign
  75%), cross-collateralized across the artist's two albums; and 1-2 producers on record one
  (net artist rate, costs from the artist's contract), paid by the label on a letter of
  direction, some as a share of the artist's royalty, some with a reserve on physical.

A few producers' deals sit in one cross-collateralized pool (one producer, several acts), and
about 3% of contracts account in EUR (so every foreign row is converted at a monthly rate).

Income: per recording and month, streams in the US (USD) and often one other territory
(GB in GBP, DE/FR/NL in EUR, others in USD), downloads now and then; label acts also sell
physical copies, reported per album (``upc:…``, pro-rated to each producer's tracks) with the
odd return. About 4-6 rows per recording per quarter; all amounts exact decimals.

    .venv/bin/python benchmarks/generate_deals.py          # prints the workload's size
"""

from __future__ import annotations

import argparse
import random
from collections import Counter as Tally
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from points.engine import ExchangeRates, Revenue
from points.model.catalog import Release
from points.model.common import gtin_check_digit
from points.model.contracts import Channel, Contract
from points.model.periods import Month

__all__ = ["Workload", "generate_workload"]

MONTHS = tuple(Month(year, month) for year in (2025, 2026) for month in range(1, 13))
# (territory, currency, share of foreign stream rows, per-stream pay in 1e-8 of the currency)
FOREIGN = (
    ("GB", "GBP", 20, (260_000, 380_000)),
    ("DE", "EUR", 18, (280_000, 400_000)),
    ("FR", "EUR", 10, (250_000, 360_000)),
    ("NL", "EUR", 6, (280_000, 400_000)),
    ("BR", "USD", 12, (60_000, 140_000)),
    ("MX", "USD", 10, (70_000, 150_000)),
    ("JP", "USD", 8, (300_000, 450_000)),
    ("CA", "USD", 10, (280_000, 400_000)),
    ("AU", "USD", 6, (280_000, 400_000)),
)
PRICES = {  # PPD, SRLP per format, in USD
    "cd": ("7.50", "12.98"),
    "vinyl": ("16.00", "27.98"),
    "digital_track": ("0.70", "1.29"),
}


@dataclass
class Workload:
    contracts: list[Contract]
    releases: dict[str, Release]
    revenue: list[Revenue]
    rates: ExchangeRates
    kinds: Tally[str] = field(default_factory=Tally)

    @property
    def recordings(self) -> int:
        return sum(len(release.tracks) for release in self.releases.values())


@dataclass
class _Act:
    index: int
    label: bool
    release: Release
    physical: bool
    download_price: bool


def _isrc(n: int) -> str:
    return f"QZGEN{25 + n // 100_000:02d}{n % 100_000:05d}"


def _upc(n: int) -> str:
    body = f"19872{n:06d}"
    return body + str(gtin_check_digit(body))


def _money(rng: random.Random, low: int, high: int, places: int = 2) -> str:
    """A random amount between ``low`` and ``high`` (whole units) with ``places`` decimals."""
    scale = 10**places
    return str(Decimal(rng.randint(low * scale, high * scale)).scaleb(-places))


def _accounting(rng: random.Random, currency: str = "USD") -> dict[str, Any]:
    return {
        "currency": currency,
        "period": "quarterly",
        "minimum_payment": rng.choice(["0", "25", "50", "50", "100"]),
        "rounding": "half_even" if rng.random() < 0.1 else "half_up",
        "rounding_remainder": "drop" if rng.random() < 0.05 else "carry",
    }


def _escalation(rng: random.Random, points: Decimal) -> dict[str, Any]:
    return {
        "counter": "stream_equivalent_units",
        "streams_per_unit": 1500,
        "mode": "retroactive" if rng.random() < 0.25 else "prospective",
        "steps": [
            {"above": rng.choice([400, 800, 1500]), "points": str(points + Decimal("0.5"))},
            {"above": rng.choice([3000, 6000]), "points": str(points + 1)},
        ],
    }


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.contracts: list[dict[str, Any]] = []
        self.kinds: list[str] = []
        self.isrcs = 0
        self.pools = 0

    def act(self, index: int) -> _Act:
        rng = self.rng
        label = rng.random() < 0.2
        tracks = [_isrc(self.isrcs + i) for i in range(rng.choice([1, 1, 2, 3, 3]))]
        self.isrcs += len(tracks)
        physical = label and rng.random() < 0.6
        download_price = rng.random() < 0.3
        prices = []
        if physical:  # one physical format, so a PPD royalty has one price to apply
            form = "cd" if rng.random() < 0.7 else "vinyl"
            ppd, srlp = PRICES[form]
            prices.append({"format": form, "currency": "USD", "ppd": ppd, "srlp": srlp})
        if download_price:
            ppd, srlp = PRICES["digital_track"]
            prices.append({"format": "digital_track", "currency": "USD", "ppd": ppd, "srlp": srlp})
        release = Release.model_validate(
            {
                "upc": _upc(index),
                "title": f"Release {index}",
                "artist": f"Artist {index}",
                "release_date": f"2024-{rng.randint(1, 12):02d}-15",
                "tracks": tracks,
                "prices": prices,
            }
        )
        return _Act(index, label, release, physical, download_price)

    def _add(self, kind: str, terms: dict[str, Any]) -> None:
        self.kinds.append(kind)
        self.contracts.append(terms)

    def producer(self, act: _Act, n: int, artist_contract: str | None) -> dict[str, Any]:
        rng = self.rng
        tracks = list(act.release.tracks)
        # The first producer made the whole release; a second one some of its tracks.
        ours = tracks if n == 0 else rng.sample(tracks, rng.randint(1, len(tracks)))
        # Record one measures the artist's account: same currency as the artist's contract.
        currency = "EUR" if rng.random() < 0.03 and not artist_contract else "USD"
        points = Decimal(rng.choice(["3", "3", "3.5", "4"]))
        terms: dict[str, Any] = {
            "id": f"a{act.index}-producer-{n}",
            "title": f"Producer agreement {act.index}/{n}",
            "date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "payer": "label" if artist_contract else f"artist-{act.index}",
            "payee": f"producer-{act.index}-{n}",
            "recordings": sorted(ours),
            "releases": [act.release.upc],
            "accounting": _accounting(rng, currency),
        }
        if rng.random() < 0.08 and not artist_contract:  # work for hire: a flat fee, no points
            terms["fees"] = [{"amount": _money(rng, 500, 3000, 0), "due": "delivery"}]
            self._add("producer, flat fee (work for hire)", terms)
            return terms
        stream: dict[str, Any] = {"channels": ["stream"], "points": str(points)}
        download: dict[str, Any] = {"channels": ["download"], "points": str(points)}
        if act.download_price and rng.random() < 0.5:
            download = {"channels": ["download"], "base": "ppd", "points": str(points + 1)}
        if rng.random() < 0.1:
            stream["escalation"] = _escalation(rng, points)
        royalties = [stream, download]
        if act.physical:
            royalties.append({"channels": ["physical"], "base": "ppd", "points": str(points)})
        if artist_contract and rng.random() < 0.3:
            for rate in royalties:
                if rate.get("base", "net_receipts") == "net_receipts":
                    rate["share_of_artist"] = {"artist_points": 18}
        terms["royalties"] = royalties
        terms["advances"] = [{"amount": _money(rng, 250, 3000, 0), "due": "signing"}]
        if rng.random() < 0.15:
            terms["multipliers"] = [{"reason": "foreign sales", "outside": ["US"], "percent": 75}]
        if rng.random() < 0.1:
            split = rng.choice([("50", "50"), ("60", "40"), ("33.33", "66.67")])
            terms["payees"] = [
                {"party": terms["payee"], "percent": split[0]},
                {"party": f"coproducer-{act.index}-{n}", "percent": split[1]},
            ]
        if artist_contract:
            terms["record_one"] = {
                "artist_all_in_points": 18,
                "other_producer_points": "3" if n else "0",
                "artist_contract": artist_contract,
            }
            terms["letter_of_direction"] = {"artist": f"artist-{act.index}", "paid_by": "label"}
            if act.physical and rng.random() < 0.3:
                terms["reserve"] = {"percent": 20, "channels": "physical", "liquidation_periods": 2}
            self._add("producer, record one (label act)", terms)
        else:
            self._add("producer, points and advance", terms)
        return terms

    def artist(self, act: _Act, pool: str | None) -> dict[str, Any]:
        rng = self.rng
        terms: dict[str, Any] = {
            "id": f"a{act.index}-artist",
            "title": f"Recording agreement {act.index}",
            "date": "2024-01-10",
            "payer": "label",
            "payee": f"artist-{act.index}",
            "role": "artist",
            "releases": [act.release.upc],
            "accounting": _accounting(rng),
            "advances": [{"amount": _money(rng, 5000, 40000, 0), "due": "signing"}],
            "royalties": [
                {"channels": ["stream", "download"], "points": 18},
                {"channels": ["physical"], "base": "ppd", "points": 18},
            ],
            "multipliers": [
                {"reason": "foreign sales", "outside": ["US"], "percent": 75},
                {"reason": "licences", "channels": "sync", "percent": 50},
            ],
            "costs": [
                {"kind": "recording", "phase": phase, "amount": _money(rng, 1000, 9000, 0)}
                for phase in ("tracking", "mixing", "mastering")
            ],
            "recoupment_pool": pool,
        }
        if act.physical:
            terms["reserve"] = {"percent": 25, "channels": "physical", "liquidation_periods": 3}
        self._add("artist, label deal", terms)
        return terms

    def build(self, count: int) -> tuple[list[Contract], dict[str, Release], list[_Act]]:
        rng = self.rng
        acts: list[_Act] = []
        shared_pool: list[dict[str, Any]] = []  # one producer's deals, cross-collateralized
        pool_size = 0
        while len(self.contracts) < count:
            act = self.act(len(acts))
            acts.append(act)
            if act.label:
                pool = f"label-artist-{act.index // 2}" if rng.random() < 0.5 else None
                artist = self.artist(act, pool)
                for n in range(rng.choice([1, 1, 2])):
                    self.producer(act, n, artist["id"])
            else:
                for n in range(rng.choice([1, 1, 1, 2])):
                    terms = self.producer(act, n, None)
                    if "royalties" in terms and rng.random() < 0.06:
                        shared_pool.append(terms)
                        if len(shared_pool) == 1:
                            self.pools += 1
                            pool_size = rng.choice([2, 3, 4])
                        terms["recoupment_pool"] = f"producer-pool-{self.pools}"
                        terms["payee"] = f"pooled-producer-{self.pools}"
                        terms.pop("payees", None)
                        terms["accounting"]["currency"] = "USD"
                        if len(shared_pool) == pool_size:
                            shared_pool = []
        # Drop whole acts' worth of producers from the end to land on exactly ``count``.
        del self.contracts[count:], self.kinds[count:]
        contracts = [Contract.model_validate(terms) for terms in self.contracts]
        releases = {act.release.upc: act.release for act in acts}
        return contracts, releases, acts


def _rates(rng: random.Random) -> ExchangeRates:
    rates: dict[tuple[str, str, Month | None], Decimal] = {}
    for month in MONTHS:
        eur = Decimal(rng.randint(10_500, 11_200)).scaleb(-4)
        gbp = Decimal(rng.randint(12_400, 13_100)).scaleb(-4)
        rates["EUR", "USD", month] = eur
        rates["GBP", "USD", month] = gbp
        rates["USD", "EUR", month] = Decimal(rng.randint(8_900, 9_500)).scaleb(-4)
        rates["GBP", "EUR", month] = Decimal(rng.randint(11_400, 12_000)).scaleb(-4)
    return ExchangeRates(rates)


def _revenue(rng: random.Random, acts: list[_Act]) -> list[Revenue]:
    rows: list[Revenue] = []
    weights = [share for _, _, share, _ in FOREIGN]

    def streams(recording: str, month: Month, territory: str, currency: str, scale: int) -> None:
        units = rng.randint(scale // 4, scale)
        pay = rng.randint(280_000, 420_000) if territory == "US" else 0
        if not pay:
            low, high = next(r for t, _, _, r in FOREIGN if t == territory)
            pay = rng.randint(low, high)
        net = Decimal(units * pay // 100).scaleb(-6)  # 6 places, as a distributor reports
        rows.append(
            Revenue(recording, Channel.STREAM, territory, month, currency, Decimal(units), net)
        )

    for act in acts:
        popularity = rng.choice([5_000, 20_000, 80_000, 300_000, 1_200_000])
        for isrc in act.release.tracks:
            for month in MONTHS:
                streams(isrc, month, "US", "USD", popularity)
                if rng.random() < 0.6:
                    territory, currency, _, _ = rng.choices(FOREIGN, weights)[0]
                    streams(isrc, month, territory, currency, popularity // 2)
                if rng.random() < 0.2:
                    units = rng.randint(1, max(2, popularity // 2_000))
                    net = Decimal(units * 7).scaleb(-1)  # 0.70 a track
                    rows.append(
                        Revenue(isrc, Channel.DOWNLOAD, "US", month, "USD", Decimal(units), net)
                    )
        if act.physical:
            album = f"upc:{act.release.upc}"
            for month in MONTHS:
                if rng.random() < 0.5:
                    units = rng.randint(20, 2_000)
                    if rng.random() < 0.05:
                        units = -rng.randint(1, 40)  # returns
                    net = Decimal(units * 750).scaleb(-2)
                    rows.append(
                        Revenue(album, Channel.PHYSICAL, "US", month, "USD", Decimal(units), net)
                    )
    return rows


def generate_workload(contracts: int = 10_000, seed: int = 2026) -> Workload:
    """The contracts, their catalog, 24 months (8 quarters) of income and the exchange rates."""
    builder = _Builder(seed)
    deals, releases, acts = builder.build(contracts)
    rng = random.Random(seed + 1)
    revenue = _revenue(rng, acts)
    return Workload(deals, releases, revenue, _rates(rng), Tally(builder.kinds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("contracts", type=int, nargs="?", default=10_000)
    args = parser.parse_args()
    workload = generate_workload(args.contracts)
    print(f"{len(workload.contracts):,} contracts, {len(workload.releases):,} releases, ")
    print(f"{workload.recordings:,} recordings, {len(workload.revenue):,} revenue rows")
    for kind, n in sorted(workload.kinds.items()):
        print(f"  {n:6,} {kind}")


if __name__ == "__main__":
    main()
