"""A year of a small label's book, every entry the engine makes kept in a golden file.

The worked examples (test_run.py, test_rules.py) each check one rule with figures worked by
hand. This checks the words and figures of every entry, summary, held row and problem of one
year in which every term is in play at once, so a change to any of them shows in the diff of
``tests/golden/engine-year.txt`` (reviewed, and updated only with ``--update-golden``):

- an artist's two albums cross-collateralized (advances, itemised recording costs, a video
  cost at its default 50%, a reserve on physical sales with a stated release schedule and
  returns charged against it, a retroactive escalation by units, a foreign multiplier);
- a producer on record one (the artist's recording costs, the net artist rate less another
  producer's points, retro), paid under a letter of direction and so charged to the artist,
  with a recoupable fee, thirds among co-producers, a minimum payment and dropped remainders;
- a producer on PPD and SRLP with a prospective escalation per channel counting
  stream-equivalent units, album lines pro-rated by tracks;
- a deal in euros with a rate for some months only, a profit-share deal, a deal accounting by
  sale period (not computed: held), a pool whose contracts disagree on their currency (held);
- income over four quarters with returns, a deficit, album lines and a recording no contract
  covers.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from points.engine import EngineState, ExchangeRates, Revenue, RunResult, run
from points.model.catalog import Release
from points.model.contracts import Channel, Contract
from points.model.periods import Month

from workspaces import make_contract

D = Decimal
TRACKS = ("QZRLR2600001", "QZRLR2600002", "QZRLR2600003")
OTHER = "QZRLR2600004"  # the second album's single track
STRANGER = "QZRLR2600009"  # no contract covers it
ALBUM = Release.model_validate(
    {
        "upc": "198724001509",
        "title": "Night Transit",
        "artist": "Ava Stone",
        "tracks": TRACKS,
        "prices": [{"format": "cd", "currency": "USD", "ppd": "9.00", "srlp": "14.00"}],
    }
)
RELEASES = {ALBUM.upc: ALBUM}


def contracts() -> list[Contract]:
    album: dict[str, Any] = {
        "payer": "redline",
        "payee": "ava",
        "role": "artist",
        "recoupment_pool": "ava-albums",
        "accounting": {"currency": "USD", "period": "quarterly"},
    }
    return [
        make_contract(
            id="album-1",
            title="Night Transit",
            date="2026-01-05",
            recordings=list(TRACKS),
            releases=[ALBUM.upc],
            advances=[{"amount": 5000, "date": "2026-01-10", "description": "album advance"}],
            costs=[
                {"kind": "recording", "amount": 3000, "date": "2026-01-20", "phase": "tracking"},
                {"kind": "recording", "amount": "1500.50", "date": "2026-02-11"},
                {"kind": "video", "amount": 2000, "date": "2026-04-02"},
            ],
            royalties=[
                {
                    "channels": ["stream", "download"],
                    "points": 18,
                    "escalation": {
                        "mode": "retroactive",
                        "steps": [{"above": 300000, "points": 20}],
                    },
                },
                {"channels": ["physical"], "base": "ppd", "points": 16},
            ],
            multipliers=[{"percent": 50, "outside": ["US"], "reason": "foreign sales"}],
            reserve={
                "percent": 25,
                "channels": ["physical"],
                "liquidation_periods": 2,
                "schedule": [40, 60],
                "returns_against_reserve": True,
            },
            **album,
        ),
        make_contract(
            id="album-2",
            title="Glass Harbor",
            date="2026-03-01",
            recordings=[OTHER],
            advances=[{"amount": 1000, "date": "2026-07-01"}],
            royalties=[{"channels": ["stream", "download"], "points": 15}],
            **album,
        ),
        make_contract(
            id="jane-record-one",
            title="Producer agreement",
            date="2026-01-08",
            payer="ava",
            payee="jane",
            recordings=[TRACKS[0], TRACKS[1]],
            releases=[ALBUM.upc],
            fees=[{"amount": 750, "date": "2026-02-01", "recoupable": True}],
            royalties=[{"channels": ["stream", "download", "physical"], "points": 3}],
            record_one={
                "artist_all_in_points": 18,
                "other_producer_points": 2,
                "artist_contract": "album-1",
            },
            letter_of_direction={"artist": "ava", "paid_by": "redline"},
            payees=[
                {"party": "jane", "percent": "1/3"},
                {"party": "lena", "percent": "1/3"},
                {"party": "marcus", "percent": "1/3"},
            ],
            accounting={
                "currency": "USD",
                "period": "quarterly",
                "minimum_payment": 25,
                "rounding_remainder": "drop",
            },
        ),
        make_contract(
            id="marcus-ppd",
            title="Producer agreement (physical)",
            date="2026-01-08",
            payer="redline",
            payee="marcus",
            recordings=[TRACKS[2]],
            releases=[ALBUM.upc],
            royalties=[
                {
                    "channels": ["stream"],
                    "points": 4,
                    "escalation": {
                        "counter": "stream_equivalent_units",
                        "streams_per_unit": 1500,
                        "scope": "channel",
                        "steps": [{"above": 100, "points": 5}],
                    },
                },
                {"channels": ["physical"], "base": "srlp", "points": 3},
                {"channels": ["download"], "base": "ppd", "points": 4},
            ],
            accounting={"currency": "USD", "period": "semi_annual"},
        ),
        make_contract(
            id="lena-euro",
            title="Remix agreement",
            payer="redline",
            payee="lena",
            recordings=[OTHER],
            royalties=[{"channels": ["stream"], "points": 10}],
            accounting={"currency": "EUR", "period": "quarterly", "exchange_rate": "rates_file"},
        ),
        make_contract(
            id="label-share",
            kind="profit_share",
            title="Net profit split",
            payer="redline",
            payee="ava",
            recordings=[OTHER],
            profit_share={"percent": 50},
            costs=[{"kind": "marketing", "amount": 400, "date": "2026-05-01"}],
            accounting={"currency": "USD", "period": "quarterly"},
        ),
        make_contract(
            id="by-sale",
            title="Sale-period deal",
            payer="redline",
            payee="lena",
            recordings=[TRACKS[2]],
            royalties=[{"channels": ["stream"], "points": 2}],
            accounting={"currency": "USD", "period": "quarterly", "period_basis": "sale"},
        ),
        make_contract(
            id="mixed-a",
            title="Mixed pool A",
            payer="redline",
            payee="marcus",
            recordings=[OTHER],
            recoupment_pool="mixed",
            royalties=[{"channels": ["download"], "points": 5}],
            accounting={"currency": "USD", "period": "quarterly"},
        ),
        make_contract(
            id="mixed-b",
            title="Mixed pool B",
            payer="redline",
            payee="marcus",
            recordings=[OTHER],
            recoupment_pool="mixed",
            royalties=[{"channels": ["download"], "points": 5}],
            accounting={"currency": "GBP", "period": "quarterly"},
        ),
    ]


def income() -> list[Revenue]:
    def row(
        recording: str,
        channel: Channel,
        territory: str,
        month: int,
        units: str,
        net: str,
        currency: str = "USD",
    ) -> Revenue:
        return Revenue(
            recording, channel, territory, Month(2026, month), currency, D(units), D(net), 1,
            (f"dk-2026-{month:02d}.tsv",),
        )  # fmt: skip

    s, d, p = Channel.STREAM, Channel.DOWNLOAD, Channel.PHYSICAL
    upc = f"upc:{ALBUM.upc}"
    return [
        row(TRACKS[0], s, "US", 2, "180000", "720.00"),
        row(TRACKS[1], s, "GB", 2, "90000", "405.00"),
        row(TRACKS[2], s, "US", 3, "160000", "512.00"),
        row(upc, d, "US", 3, "120", "1080.00"),
        row(upc, p, "US", 3, "400", "3600.00"),
        row(OTHER, s, "DE", 3, "50000", "180.00", "EUR"),
        row(OTHER, d, "US", 3, "30", "27.00"),
        row(STRANGER, s, "US", 3, "9000", "36.00"),
        row(TRACKS[0], s, "US", 5, "90000", "360.00"),
        row(upc, p, "US", 5, "-60", "-540.00"),
        row(upc, p, "GB", 6, "100", "900.00"),
        row(OTHER, s, "DE", 6, "40000", "150.00", "EUR"),
        row(TRACKS[1], d, "US", 8, "500", "450.00"),
        row(upc, p, "US", 8, "-300", "-2700.00"),
        row(OTHER, s, "DE", 9, "20000", "70.00", "EUR"),
        row(TRACKS[0], s, "US", 11, "400000", "1600.00"),
        row(TRACKS[2], s, "FR", 12, "20000", "64.00"),
    ]


RATES = ExchangeRates({("EUR", "USD", Month(2026, 3)): D("1.08"), ("EUR", "EUR", None): D(1)})


def dump(result: RunResult) -> str:
    """The run as text: every entry, summary, held and unmatched row and problem, in order."""
    lines = ["# entries: kind | period | contract | party | amount | term | how | row"]
    for e in result.entries:
        source = f"{e.revenue.recording} {e.revenue.channel} {e.revenue.month}" if e.revenue else ""
        lines.append(
            f"{e.kind} | {e.period} | {e.contract} | {e.party} | {e.amount} {e.currency} | "
            f"{e.term} | {e.how} | {source}"
        )
    lines.append("# summaries: period payee contract: earned recouped held released fees ")
    lines.append("#   payable carried unrecouped")
    for s in result.summaries:
        lines.append(
            f"{s.period} {s.payee} {s.contract}: {s.earned} {s.recouped} {s.reserve_held} "
            f"{s.reserve_released} {s.fees} {s.payable} {s.carried_forward} "
            f"{s.unrecouped_balance} {s.currency}"
        )
    lines.append("# held")
    for h in result.held:
        lines.append(f"{h.contract}: {h.revenue.recording} {h.revenue.month} {h.revenue.net} "
                     f"{h.revenue.currency}: {h.reason}")  # fmt: skip
    lines.append("# unmatched")
    lines += [f"{r.recording} {r.month} {r.net} {r.currency}" for r in result.unmatched]
    lines.append("# problems")
    lines += result.problems
    return "\n".join(lines) + "\n"


def test_a_year_of_the_book_entry_by_entry(golden: Callable[[str, str], None]) -> None:
    result = run(contracts(), RELEASES, income(), RATES, through=Month(2026, 12))
    golden("engine-year.txt", dump(result))


def test_the_year_run_half_by_half_books_the_same() -> None:
    """The state carries everything between runs: two runs, each given its half-year's income
    and run through its last month, give the year's entries and summaries. (Run by quarters,
    the semi-annual deal's first half would be run after its first quarter, and the second
    quarter's income booked in the next half, by design.)"""
    whole = run(contracts(), RELEASES, income(), RATES, through=Month(2026, 12))
    state, entries, summaries = EngineState(), [], []
    for half in (1, 2):
        rows = [r for r in income() if r.month.half == half]
        step = run(contracts(), RELEASES, rows, RATES, state, Month(2026, half * 6))
        entries += step.entries
        summaries += step.summaries
        state = step.state
    assert sorted(map(repr, summaries)) == sorted(map(repr, whole.summaries))
    assert sorted(map(repr, entries)) == sorted(map(repr, whole.entries))
