"""Money is conserved through the whole pipeline (issue "No cent lost", guard 14).

Random workspaces (several contracts, shared and separate recoupment pools, payees with
fractional shares, reserves, record one, dated fees and advances, minimum payments, income in
dollars and euros with and without a rate, sales and returns, recordings no contract covers)
and random statement lines in real layouts (DistroKid TSV, TuneCore CSV) go through ingest →
import → close quarter by quarter → balances, and through one run over the same files. Then:

- every statement line's net is accepted into some row (the lines written are all readable),
  and the rows' totals per currency are the files' totals;
- every accepted row is earned on, held, or unmatched, for every contract that covers it;
- the contract's money is conserved: what was owed (earned less recouped, plus fees and
  deficits) is paid, dropped, forfeited, carried, held in reserves or accrued for record one;
- what a contract's payees are paid to date never exceeds the contract's rounded total;
- closing quarter by quarter gives the figures of one run, and `balances`, `run --json`, the
  statement and `explain` agree on each payee's figures.

Each example writes files and a ledger, so CI runs few (``POINTS_PIPELINE_EXAMPLES`` asks for
more on demand); the engine's own properties (test_engine.py) run many more, faster.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from points import api
from points.engine import EntryKind, Revenue, RunResult
from points.engine.period import period_of
from points.engine.royalties import Cover
from points.importing import revenue_of
from points.model.periods import Month
from points.money import CONTEXT, Money, currency, round_payable

EXAMPLES = int(os.environ.get("POINTS_PIPELINE_EXAMPLES", "12"))
TRACKS = ["QZRLR2600001", "QZRLR2600002", "QZRLR2600003"]
STRANGER = "QZRLR2600009"  # a recording no contract covers
UPC = "198724001509"
QUARTERS = ("2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")

PARTIES = {
    "parties": [
        {"id": "ava", "legal_name": "Ava Stone", "roles": ["artist"]},
        {"id": "redline", "legal_name": "Redline Records", "roles": ["label"]},
        {"id": "jane", "legal_name": "Jane Doe", "roles": ["producer"]},
        {"id": "lena", "legal_name": "Lena Park", "roles": ["producer"]},
        {"id": "marcus", "legal_name": "Marcus Okafor", "roles": ["producer"]},
    ]
}
CATALOG = {
    "recordings": [
        {"isrc": isrc, "title": f"Track {i}", "artist": "Ava Stone"}
        for i, isrc in enumerate([*TRACKS, STRANGER], start=1)
    ],
    "releases": [
        {
            "upc": UPC,
            "title": "Night Transit",
            "artist": "Ava Stone",
            "tracks": TRACKS,
            "prices": [{"format": "cd", "currency": "USD", "ppd": "8.00"}],
        }
    ],
}

SHARES = st.sampled_from(
    [
        None,
        [("jane", "1/3"), ("lena", "1/3"), ("marcus", "1/3")],
        [("jane", "33.33"), ("lena", "66.67")],
        [("jane", "1/2"), ("marcus", "1/2")],
        [("jane", "1/7"), ("lena", "6/7")],
    ]
)
AMOUNT = st.decimals(min_value=1, max_value=5000, places=2)


@st.composite
def contracts(draw: st.DrawFn, index: int, pool: str | None, code: str) -> dict[str, Any]:
    terms: dict[str, Any] = {
        "id": f"deal-{index}",
        "title": f"Deal {index}",
        "date": "2026-01-05",
        "payer": "ava",
        "payee": "jane",
        "recordings": draw(st.lists(st.sampled_from(TRACKS), min_size=1, max_size=2, unique=True)),
        "releases": [UPC] if draw(st.booleans()) else [],
        "accounting": {
            "currency": code,
            "period": "quarterly",
            "minimum_payment": draw(st.sampled_from(["0", "0", "25"])),
            "rounding_remainder": draw(st.sampled_from(["carry", "carry", "drop"])),
            "exchange_rate": draw(st.sampled_from(["statement", "rates_file"])),
        },
        "royalties": [
            {"channels": ["stream", "download"], "points": str(draw(st.integers(1, 25)))},
            {"channels": ["physical"], "base": "ppd", "points": "4"},
        ],
        "recoupment_pool": pool,
    }
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        terms["advances"] = [{"amount": str(draw(AMOUNT)), "date": f"2026-{month:02d}-10"}]
    if draw(st.booleans()):
        month = draw(st.integers(1, 12))
        terms["fees"] = [
            {"amount": str(draw(AMOUNT)), "due": "date", "date": f"2026-{month:02d}-15"}
        ]
    if draw(st.booleans()):
        terms["reserve"] = {
            "percent": draw(st.sampled_from(["20", "25", "33.33"])),
            "channels": ["physical"],
            "liquidation_periods": draw(st.integers(1, 3)),
            "returns_against_reserve": draw(st.booleans()),
        }
    elif draw(st.booleans()):
        terms["record_one"] = {
            "artist_all_in_points": 30,
            "recording_costs": str(draw(AMOUNT)),
            "retroactive": draw(st.booleans()),
        }
    shares = draw(SHARES)
    if shares:
        terms["payees"] = [{"party": p, "percent": s} for p, s in shares]
    return terms


@st.composite
def lines(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Statement lines: month, recording, channel, units, net, currency; a euro line that
    TuneCore ``converted`` is paid in dollars at 1.1, its euros given beside them. Now and then
    a return of a line drawn, in the same file, month and key."""
    drawn = []
    for _ in range(draw(st.integers(1, 14))):
        net = draw(st.decimals(min_value=-200, max_value=3000, places=4))
        drawn.append(
            {
                "month": draw(st.integers(1, 12)),
                "recording": draw(st.sampled_from([*TRACKS, STRANGER, "upc"])),
                "channel": draw(st.sampled_from(["stream", "download", "physical"])),
                "units": draw(st.integers(0, 5000)) * (1 if net >= 0 else -1),
                "net": net,
                "currency": draw(st.sampled_from(["USD", "USD", "EUR"])),
                "converted": draw(st.booleans()),
            }
        )
    for line in list(drawn):
        if line["net"] > 0 and draw(st.integers(0, 3)) == 0:
            part = draw(st.sampled_from([Decimal(1), Decimal("0.5"), Decimal("0.25")]))
            drawn.append(line | {"net": -line["net"] * part, "units": -line["units"]})
    return drawn


DK_HEADER = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
)
TC_HEADER = (
    "Sales Period,Posted Date,Store Name,Country Of Sale,Artist,Release Type,Release Title,"
    "Song Title,Label,UPC,Optional UPC,TC Song ID,Optional ISRC,Sales Type,# Units Sold,"
    "Per Unit Price,Net Sales,Net Sales Currency,Exchange Rate,Total Earned,Currency"
)
STORE = {"stream": "Spotify", "download": "iTunes", "physical": "Amazon CD"}
TUNECORE_RATE = Decimal("1.1")  # euros to the account's dollars, as TuneCore states it
TC_TYPE = {"stream": "Streaming", "download": "Download", "physical": "Physical"}


def write_statements(folder: Path, drawn: list[dict[str, Any]]) -> dict[int, list[Path]]:
    """One DistroKid file (dollars) and one TuneCore file (euros) per quarter with lines."""
    files: dict[int, list[Path]] = defaultdict(list)
    for quarter in range(1, 5):
        months = range(quarter * 3 - 2, quarter * 3 + 1)
        mine = [line for line in drawn if line["month"] in months]
        dk = [line for line in mine if line["currency"] == "USD"]
        tc = [line for line in mine if line["currency"] == "EUR"]
        if dk:
            rows = []
            for line in dk:
                album = line["recording"] == "upc"
                isrc = "" if album else line["recording"]
                day = f"2026-{line['month']:02d}-05"
                rows.append(
                    f"{day}\t{day[:7]}\t{STORE[line['channel']]}\tAva Stone\tT\t{isrc}\t{UPC}\t"
                    f"{line['units']}\t100\t{'Album' if album else 'Song'}\tUS\t0\t{line['net']}"
                )
            path = folder / f"dk-q{quarter}.tsv"
            path.write_text("\r\n".join([DK_HEADER, *rows]) + "\r\n", encoding="utf-8")
            files[quarter].append(path)
        if tc:
            rows = []
            for line in tc:
                isrc = "" if line["recording"] == "upc" else line["recording"]
                day = f"2026-{line['month']:02d}"
                kind = "Album" if line["recording"] == "upc" else "Song"
                net = line["net"]
                paid = f"{net * TUNECORE_RATE},USD" if line["converted"] else f"{net},EUR"
                rate = TUNECORE_RATE if line["converted"] else ""
                rows.append(
                    f"{day}-01,{day}-20,{STORE[line['channel']]},DE,Ava Stone,{kind},NT,NT,,"
                    f"{UPC},,{isrc},{isrc},{TC_TYPE[line['channel']]},{line['units']},0,"
                    f"{net},EUR,{rate},{paid}"
                )
            path = folder / f"tc-q{quarter}.csv"
            path.write_text("\r\n".join([TC_HEADER, *rows]) + "\r\n", encoding="utf-8")
            files[quarter].append(path)
    return files


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, Any]:
    pool = draw(st.sampled_from([None, "shared"]))
    code = draw(st.sampled_from(["USD", "USD", "EUR"]))  # the contracts' currency
    deals = [draw(contracts(i, pool, code)) for i in range(draw(st.integers(1, 3)))]
    rated = draw(st.sets(st.integers(1, 12)))  # months with a rate for the other currency
    return {"contracts": deals, "code": code, "rated": sorted(rated), "lines": draw(lines())}


def build(folder: Path, drawn: dict[str, Any]) -> tuple[Path, dict[int, list[Path]]]:
    root = folder / "ws"
    (root / "contracts").mkdir(parents=True)
    (root / "points.yaml").write_text("name: pipeline\ncurrency: USD\n")
    (root / "parties.yaml").write_text(_yaml(PARTIES))
    (root / "catalog.yaml").write_text(_yaml(CATALOG))
    for deal in drawn["contracts"]:
        (root / "contracts" / f"{deal['id']}.yaml").write_text(_yaml(deal))
    if drawn["code"] == "USD":  # a euro is worth 1.0m dollars in month m, where there is a rate
        rates = [f"2026-{m:02d},EUR,USD,1.{m:02d},test" for m in drawn["rated"]]
    else:
        rates = [f"2026-{m:02d},USD,EUR,0.{90 + m},test" for m in drawn["rated"]]
    header = "month,currency,to,rate,source"
    (root / "rates.csv").write_text("\n".join([header, *rates]) + "\n")
    return root, write_statements(folder, drawn["lines"])


@pytest.fixture(autouse=True)
def exact_sums() -> Iterator[None]:
    with localcontext(CONTEXT):
        yield


def written_totals(drawn: list[dict[str, Any]], sign: int) -> dict[str, Decimal]:
    """What the files' lines of one sign (sales 1, returns -1) pay per currency: a converted
    euro line pays dollars."""
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for line in drawn:
        if line["net"] * sign <= 0:
            continue
        if line["currency"] == "EUR" and line["converted"]:
            totals["USD"] += line["net"] * TUNECORE_RATE
        else:
            totals[line["currency"]] += line["net"]
    return dict(totals)


def check_rows_are_accounted_for(result: RunResult, contracts: list[Any], releases: Any) -> None:
    """Every row is earned on, held, or paid nothing on (a channel the deal does not pay), by
    every contract that covers it; or it is unmatched."""
    earned = {(e.contract, id(e.revenue)) for e in result.entries if e.revenue is not None}
    held = {(h.contract, h.revenue) for h in result.held}
    unmatched = list(result.unmatched)
    rows = {id(e.revenue): e.revenue for e in result.entries if e.revenue is not None}
    for contract in contracts:
        cover = Cover(contract, releases)
        paid_channels = {c for rate in contract.royalties for c in rate.channels}
        for row in rows.values():
            if row.recording not in cover.keys or row.channel not in paid_channels:
                continue
            assert (contract.id, id(row)) in earned or (contract.id, row) in held
    for row in unmatched:
        assert not any(row.recording in Cover(c, releases).keys for c in contracts)


def check_conservation(result: RunResult, contracts: list[Any]) -> None:
    sums: dict[tuple[str, EntryKind], Decimal] = defaultdict(Decimal)
    for entry in result.entries:
        sums[entry.contract, entry.kind] += entry.amount
    state = result.state
    for contract in contracts:
        c = contract.id
        owed = (
            sums[c, EntryKind.EARNED]
            - sums[c, EntryKind.RECOUPED]
            + sums[c, EntryKind.FEE]
            + sums[c, EntryKind.DEFICIT]
        )
        to_date = [a for (cid, _), a in state.to_date.items() if cid == c]
        carried = sum((a.carried for a in to_date), Decimal(0))
        reserved = sum((t.outstanding for t in state.reserves.get(c, ())), Decimal(0))
        accrued = sum(state.accrued.get(c, {}).values(), Decimal(0))
        out = sums[c, EntryKind.PAYABLE] + sums[c, EntryKind.DROPPED] + sums[c, EntryKind.FORFEITED]
        assert out + carried + reserved + accrued == owed, c
        # the payees are never paid more than the contract's rounded total to date
        exact = sum((a.exact for a in to_date), Decimal(0))
        rounded = round_payable(Money(exact, currency(contract.accounting.currency)))[0].amount
        assert sums[c, EntryKind.PAYABLE] <= rounded, c


def check_everything_lands_in_its_own_period(result: RunResult, contracts: Any) -> None:
    """A dated fee or advance is booked in the period of its date, income or not; a reserve is
    released in the periods after it was held, within its liquidation periods."""
    for entry in result.entries:
        contract = contracts[entry.contract]
        if entry.kind in (EntryKind.FEE, EntryKind.ADVANCE):
            name, _, index = entry.term.rstrip("]").partition("[")
            term = getattr(contract, name)[int(index)]
            if term.date is not None:
                due = period_of(Month.of(term.date), contract.accounting.period)
                assert entry.period == due.name, (entry, due)
        if entry.kind is EntryKind.RESERVE_RELEASED:
            held_in = entry.how.removeprefix("reserve held in ").split(" ")[0]
            quarters = _quarter_number(entry.period) - _quarter_number(held_in)
            assert 1 <= quarters <= contract.reserve.liquidation_periods, entry


def _by_currency(rows: Iterable[Revenue]) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        totals[row.currency] += row.net
    return dict(totals)


def _quarter_number(name: str) -> int:
    year, quarter = name.split("-Q")
    return int(year) * 4 + int(quarter)


def payee_figures(result: RunResult) -> dict[tuple[str, str], tuple[Decimal, ...]]:
    """Per payee and contract: paid in all, and carried and unrecouped after the last period."""
    paid: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    last: dict[tuple[str, str], tuple[Decimal, Decimal]] = {}
    for s in sorted(result.summaries, key=lambda s: s.period):
        paid[s.payee, s.contract] += s.payable
        last[s.payee, s.contract] = (s.carried_forward, s.unrecouped_balance)
    return {key: (paid[key], *last[key]) for key in last}


@settings(max_examples=EXAMPLES, deadline=None)
@given(workspaces())
def test_money_is_conserved_from_statement_line_to_balance(drawn: dict[str, Any]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="points-pipeline-"))
    try:
        _check_pipeline(folder, drawn)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _check_pipeline(folder: Path, drawn: dict[str, Any]) -> None:
    root, files = build(folder, drawn)
    every_file = [path for quarter in sorted(files) for path in files[quarter]]

    # Ingest: every line accepted; per currency, the rows hold exactly what the files said,
    # sales and returns apart (a row is all sales or all returns, never the two netted).
    ingested = api.ingest_files(every_file)
    for item in ingested:
        assert item.read is not None, item.error
        assert item.read.counts.rejected == 0, item.read.problems
    rows = revenue_of(ingested)
    for sign in (1, -1):
        accepted: dict[str, Decimal] = defaultdict(Decimal)
        for row in rows:
            if row.net * sign > 0:
                accepted[row.currency] += row.net
        assert {k: v for k, v in accepted.items() if v} == {
            k: v for k, v in written_totals(drawn["lines"], sign).items() if v
        }

    # One run over the files.
    whole = api.run_workspace(root, every_file, api_month("2026-12"))
    assert whole.result is not None, whole.loaded.problems
    workspace = whole.loaded.workspace
    contracts = list(workspace.contracts)
    check_rows_are_accounted_for(whole.result, contracts, workspace.releases_by_upc)
    check_conservation(whole.result, contracts)
    check_everything_lands_in_its_own_period(whole.result, workspace.contracts_by_id)

    # The statement and explain give run's figures, payee by payee.
    for summary in whole.result.summaries[:6]:
        report = api.payee_statement(root, summary.payee, summary.period, every_file)
        assert report.statement is not None
        document = json.loads(api.render_statement(report.statement, "json"))
        (figures,) = [
            c
            for account in document["accounts"]
            for c in account["contracts"]
            if c["contract"] == summary.contract
        ]
        assert Decimal(figures["payable"]) == summary.payable
        assert Decimal(figures["carried_forward"]) == summary.carried_forward
        assert Decimal(figures["unrecouped_balance"]) == summary.unrecouped_balance

    # Import and close quarter by quarter: the same figures, and balances agree.
    for quarter, period in enumerate(QUARTERS, start=1):
        if files.get(quarter):
            api.import_files(root, files[quarter])
        api.close_through(root, api_month(period))
    closed = api.run_workspace(root, [], api_month("2026-12"))  # nothing open: no figures
    assert closed.result is not None
    assert closed.result.summaries == []
    # ...but what no contract could take is still there, kept past every close, and shown
    assert _by_currency(closed.result.unmatched) == _by_currency(whole.result.unmatched)
    held_then = [h.revenue for h in whole.result.held]
    assert _by_currency(h.revenue for h in closed.result.held) == _by_currency(held_then)
    books = {}
    with api.ledger_of(root) as ledger:
        results = ledger.closed_results()
    for s in results.summaries:
        books.setdefault((s.payee, s.contract), []).append(s)
    step = {
        key: (
            sum((s.payable for s in found), Decimal(0)),
            found[-1].carried_forward,
            found[-1].unrecouped_balance,
        )
        for key, found in books.items()
    }
    assert step == payee_figures(whole.result)
    for balance in api.balances(root):
        mine = [key for key in step if key[0] == balance.payee]
        assert balance.payable == sum((step[key][0] for key in mine), Decimal(0))
        assert balance.carried == sum((step[key][1] for key in mine), Decimal(0))
        held = {(h.currency, h.reason): h.net for h in balance.held}
        expected: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        for item in whole.result.held:
            contract = workspace.contracts_by_id[item.contract]
            if balance.payee in {s.party for s in contract.payee_shares}:
                expected[item.revenue.currency, item.why] += item.revenue.net
        assert held == dict(expected)
        # each recoupment pool's balance once, however many of its contracts pay the payee
        pools = {
            workspace.contracts_by_id[contract].pool: step[payee, contract][2]
            for payee, contract in mine
        }
        assert balance.unrecouped == sum(pools.values(), Decimal(0))


def api_month(text: str) -> Any:
    from points.engine.period import last_month_of

    return last_month_of(text)


def _yaml(document: Any) -> str:
    """YAML 1.2 reads JSON, and JSON needs no YAML library to write."""
    return json.dumps(document, indent=1)
