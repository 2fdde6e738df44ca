"""The "no cent lost or invented" defects, reproduced from the user's side: small workspaces
and statements in real layouts, taken through `points import`, `run`, `close`, `balances` and
`statement` as a royalty desk would, with the figures worked by hand in each docstring."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from points.cli import main
from statement_fixtures import cargo_sale_and_return

from conftest import WorkspaceMaker

CENT = Decimal("0.01")

PARTIES = """
    parties:
      - {id: ava, legal_name: Ava Stone, roles: [artist]}
      - {id: redline, legal_name: Redline Records LLC, roles: [label]}
      - {id: jane, legal_name: Jane Doe, roles: [producer]}
      - {id: lena, legal_name: Lena Park, roles: [producer]}
      - {id: marcus, legal_name: Marcus Okafor, roles: [producer]}
    """
CATALOG = """
    recordings:
      - {isrc: QZ-RLR-26-00001, title: Night Transit, artist: Ava Stone}
      - {isrc: QZ-RLR-26-00002, title: Glass Harbor, artist: Ava Stone}
    """
DISTROKID = (
    "Reporting Date\tSale Month\tStore\tArtist\tTitle\tISRC\tUPC\tQuantity\tTeam Percentage\t"
    "Song/Album\tCountry of Sale\tSongwriter Royalties Withheld\tEarnings (USD)"
)
TUNECORE = (
    "Sales Period,Posted Date,Store Name,Country Of Sale,Artist,Release Type,Release Title,"
    "Song Title,Label,UPC,Optional UPC,TC Song ID,Optional ISRC,Sales Type,# Units Sold,"
    "Per Unit Price,Net Sales,Net Sales Currency,Exchange Rate,Total Earned,Currency"
)


def distrokid(folder: Path, name: str, *lines: tuple[str, str, str]) -> Path:
    """A DistroKid export: (reporting date, ISRC, earnings) per line, streamed on Spotify."""
    rows = [
        f"{day}\t{day[:7]}\tSpotify\tAva Stone\tTitle\t{isrc}\t\t1000\t100\tSong\tUS\t0\t{amount}"
        for day, isrc, amount in lines
    ]
    path = folder / name
    path.write_text("\r\n".join([DISTROKID, *rows]) + "\r\n", encoding="utf-8")
    return path


def cli(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def balances(root: Path) -> list[dict[str, Any]]:
    output = cli("balances", "--json", "--workspace", str(root))
    return json.loads(output)["balances"]  # type: ignore[no-any-return]


def workspace(make: WorkspaceMaker, contracts: dict[str, str], **extra: str) -> Path:
    files = {
        "points.yaml": "name: Redline desk\ncurrency: USD\n",
        "parties.yaml": PARTIES,
        "catalog.yaml": CATALOG,
        **{f"contracts/{name}.yaml": text for name, text in contracts.items()},
        **extra,
    }
    return make(files)


ALBUM = """
    id: {id}
    title: Album {n}
    payer: redline
    payee: ava
    role: artist
    recordings: [{isrc}]
    recoupment_pool: ava-albums
    accounting: {{currency: USD, period: quarterly}}
    advances:
      - {{amount: {advance}, date: 2026-01-10}}
    royalties:
      - {{channels: [stream], points: 18}}
    """


def test_balances_show_a_cross_collateralized_pool_once(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 1. Two album contracts in one pool, advances 100,000 and 20,000: 120,000 to
    recoup. Q1: 1,000.00 of streams on album 1, 18% = 180.00 → 119,820.00 unrecouped. Q2:
    2,000.00 on album 2, 360.00 → 119,460.00. `balances` counted the pool once per contract
    (239,640.00); it must agree with `run` and say 119,820.00, then 119,460.00."""
    root = workspace(
        make_workspace,
        {
            "album-1": ALBUM.format(id="album-1", n=1, isrc="QZ-RLR-26-00001", advance=100000),
            "album-2": ALBUM.format(id="album-2", n=2, isrc="QZ-RLR-26-00002", advance=20000),
        },
    )
    q1 = distrokid(tmp_path, "q1.tsv", ("2026-02-05", "QZRLR2600001", "1000.00"))
    q2 = distrokid(tmp_path, "q2.tsv", ("2026-05-05", "QZRLR2600002", "2000.00"))
    for statement, period, expected in ((q1, "2026-Q1", "119820"), (q2, "2026-Q2", "119460")):
        cli("import", "--workspace", str(root), str(statement))
        cli("close", period, "--workspace", str(root))
        (ava,) = balances(root)
        assert Decimal(ava["unrecouped_balance"]) == Decimal(expected)
        run = json.loads(cli("run", str(root), "--json", "--through", period))
        assert run["periods"] == []  # everything is closed: nothing open to run
    text = cli("balances", "--workspace", str(root))
    assert "unrecouped $119,460.00" in text


FEES = """
    id: jane-fees
    title: Producer agreement
    payer: ava
    payee: jane
    recordings: [QZ-RLR-26-00001]
    accounting: {currency: USD, period: quarterly}
    fees:
      - {amount: 1000, due: signing, date: 2026-02-01}
      - {amount: 1500, due: delivery, date: 2026-05-15}
    royalties:
      - {channels: [stream], points: 4}
    """


def test_fees_fall_due_in_their_own_period_income_or_not(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 3. A signing fee due 2026-02-01 (Q1) and a delivery fee due 2026-05-15 (Q2); the
    only statement reports in August (Q3): 500.00 × 4% = 20.00. The fees were booked only in
    Q3; each belongs to its own quarter: Q1 1,000, Q2 1,500, Q3 20.00."""
    root = workspace(make_workspace, {"jane-fees": FEES})
    statement = distrokid(tmp_path, "aug.tsv", ("2026-08-05", "QZRLR2600001", "500.00"))
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    payable = {p["period"]: [x["payable"] for x in p["payees"]] for p in run["periods"]}
    assert payable == {"2026-Q1": ["1000.00"], "2026-Q2": ["1500.00"], "2026-Q3": ["20.00"]}


RESERVE = """
    id: ava-label
    title: Label deal
    payer: redline
    payee: ava
    role: artist
    recordings: [QZ-RLR-26-00001]
    accounting: {currency: USD, period: semi_annual}
    royalties:
      - {channels: [stream], points: 20}
    reserve: {percent: 25, channels: [stream], liquidation_periods: 2}
    """


def test_a_reserve_is_released_in_its_own_period(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 3. 2026-H2: 10,000.00 × 20% = 2,000.00, 25% held (500.00), released in equal
    halves over 2027-H1 and 2027-H2 (250.00 each). A statement of 2027-H2 only: 2027-H1 has
    no income, and its release landed in 2027-H2 (500.00 at once). Each half lands in its
    own period: 2027-H1 pays 250.00, 2027-H2 250.00 + 20% of 100.00, less 25% of that held."""
    root = workspace(make_workspace, {"ava-label": RESERVE})
    statement = distrokid(
        tmp_path,
        "dk.tsv",
        ("2026-09-05", "QZRLR2600001", "10000.00"),
        ("2027-09-05", "QZRLR2600001", "100.00"),
    )
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    figures = {
        p["period"]: tuple(Decimal(x[k]) for k in ("reserve_held", "reserve_released", "payable"))
        for p in run["periods"]
        for x in p["payees"]
    }
    assert figures == {
        "2026-H2": (500, 0, 1500),
        "2027-H1": (0, 250, 250),
        "2027-H2": (5, 250, 265),
    }


def co_production(points: int, shares: dict[str, str]) -> str:
    """A co-production deal on Night Transit's streams, split among producers by ``shares``."""
    payees = "".join(f"\n      - {{party: {p}, percent: {s}}}" for p, s in shares.items())
    return f"""
    id: co-production
    title: Co-production
    payer: ava
    payee: jane
    recordings: [QZ-RLR-26-00001]
    accounting: {{currency: USD, period: quarterly}}
    royalties:
      - {{channels: [stream], points: {points}}}
    payees:{payees}
    """


THIRDS = co_production(100, {"jane": "1/3", "lena": "1/3", "marcus": "1/3"})


def test_three_payees_at_thirds_are_never_paid_more_than_the_contract_owes(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 4. Thirds written as 1/3. Q1 owes 0.02: 0.00666… each. Paid 0.01 each (0.03)
    before; now 0.01, 0.01 and 0.00, the third cent paid in Q2 once 0.01 more is owed."""
    root = workspace(make_workspace, {"co-production": THIRDS})
    cli("check", str(root))
    statement = distrokid(
        tmp_path,
        "dk.tsv",
        ("2026-02-05", "QZRLR2600001", "0.02"),
        ("2026-05-05", "QZRLR2600001", "0.01"),
    )
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    paid = {p["period"]: {x["payee"]: x["payable"] for x in p["payees"]} for p in run["periods"]}
    assert paid == {
        "2026-Q1": {"jane": "0.01", "lena": "0.01", "marcus": "0"},
        "2026-Q2": {"jane": "0", "lena": "0", "marcus": "0.01"},
    }
    (deal,) = json.loads(cli("deals", str(root), "--json"))["deals"]
    assert "33 1/3% to Jane Doe" in json.dumps(deal)


EURO_DEAL = """
    id: jane-euro
    title: Producer agreement
    payer: ava
    payee: jane
    recordings: [QZ-RLR-26-00001]
    accounting: {currency: USD, period: quarterly}
    royalties:
      - {channels: [stream], points: 10}
    """


def tunecore(folder: Path, name: str, posted: str, total: str, code: str) -> Path:
    """A TuneCore sales report line for QZRLR2600001, earning ``total`` in ``code``."""
    line = (
        f"{posted[:7]}-01,{posted},Spotify,DE,Ava Stone,Song,Night Transit,Night Transit,,,,"
        f"QZRLR2600001,QZRLR2600001,Streaming,1000,0.004,{total},{code},,{total},{code}"
    )
    path = folder / name
    path.write_text(f"{TUNECORE}\r\n{line}\r\n", encoding="utf-8")
    return path


def test_income_without_a_rate_stays_held_past_a_close_until_a_rate_is_given(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defects 2 and 10. 1,234.56 EUR of streams in Q1 with no EUR rate: held. Closing Q1
    kept nothing of it; now it is carried in the ledger, shown by `run`, `balances` and the
    statement ("held: 1,234.56 EUR, no rate"), and once rates.csv gives 1.10 it is booked in
    the first open period, Q2: 1,234.56 × 1.10 = 1,358.016 USD, 10% = 135.8016 → 135.80."""
    root = workspace(make_workspace, {"jane-euro": EURO_DEAL})
    usd = distrokid(tmp_path, "q1-usd.tsv", ("2026-02-05", "QZRLR2600001", "100.00"))
    eur = tunecore(tmp_path, "q1-eur.csv", "2026-03-10", "1234.56", "EUR")
    cli("import", "--workspace", str(root), str(usd), str(eur))
    run = cli("run", str(root))
    assert "held: 1,234.56 EUR, no rate (jane-euro, 1 row(s))" in run
    cli("close", "2026-Q1", "--workspace", str(root))
    (jane,) = balances(root)
    assert (jane["payable"], jane["held"]) == (
        "10.00",
        [{"currency": "EUR", "net": "1234.56", "reason": "no rate", "rows": 1}],
    )
    assert "held: 1,234.56 EUR, no rate" in cli("balances", "--workspace", str(root))
    assert "held: 1,234.56 EUR, no rate" in cli("run", str(root))  # after the close too
    explained = cli("explain", "jane", "--period", "2026-Q1", "--workspace", str(root))
    assert "Income held: 1,234.56 EUR, no rate (jane-euro)" in explained
    out = tmp_path / "jane.json"
    cli("statement", "jane", "--period", "2026-Q1", "--format", "json", "--out", str(out),
        "--workspace", str(root))  # fmt: skip
    assert json.loads(out.read_text())["held"] == ["held: 1,234.56 EUR, no rate (jane-euro)"]
    (root / "rates.csv").write_text("month,currency,rate,source\n2026-03,EUR,1.10,ECB\n")
    run = json.loads(cli("run", str(root), "--json", "--through", "2026-Q2"))
    assert run["held"] == []
    ((q2,),) = [p["payees"] for p in run["periods"] if p["period"] == "2026-Q2"]
    assert (q2["earned"], q2["payable"]) == ("135.80160", "135.80")
    cli("close", "2026-Q2", "--workspace", str(root))
    (jane,) = balances(root)
    assert (jane["payable"], jane["held"]) == ("145.80", [])


def test_close_takes_rates_too(make_workspace: WorkspaceMaker, tmp_path: Path) -> None:
    """`points close --rates FILE` books what `run --rates FILE` computes: 1,234.56 EUR at
    1.10 → 1,358.016 USD, 10% = 135.80."""
    root = workspace(make_workspace, {"jane-euro": EURO_DEAL})
    eur = tunecore(tmp_path, "q1-eur.csv", "2026-03-10", "1234.56", "EUR")
    rates = tmp_path / "rates.csv"
    rates.write_text("month,currency,rate,source\n2026-03,EUR,1.10,ECB\n")
    cli("import", "--workspace", str(root), str(eur))
    cli("close", "2026-Q1", "--workspace", str(root), "--rates", str(rates))
    (jane,) = balances(root)
    assert (jane["payable"], jane["held"]) == ("135.80", [])


def test_income_no_contract_covers_is_booked_once_a_contract_does(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 10. Q1 has 500.00 on Glass Harbor (QZRLR2600002), which no contract covers yet:
    unmatched. Closing Q1 lost it for good. Once Jane's contract lists the recording, it is
    booked in the first open period, Q2: 500.00 × 10% = 50.00."""
    root = workspace(make_workspace, {"jane-euro": EURO_DEAL})
    statement = distrokid(tmp_path, "q1.tsv", ("2026-02-05", "QZRLR2600002", "500.00"))
    cli("import", "--workspace", str(root), str(statement))
    cli("close", "2026-Q1", "--workspace", str(root))
    contract = root / "contracts" / "jane-euro.yaml"
    contract.write_text(
        contract.read_text().replace("[QZ-RLR-26-00001]", "[QZ-RLR-26-00001, QZ-RLR-26-00002]")
    )
    run = json.loads(cli("run", str(root), "--json", "--through", "2026-Q2"))
    assert run["unmatched"] == []
    ((q2,),) = [p["payees"] for p in run["periods"] if p["period"] == "2026-Q2"]
    assert q2["payable"] == "50.00"


PHYSICAL_DEAL = """
    id: ava-physical
    title: Label deal, physical
    payer: redline
    payee: ava
    role: artist
    releases: ["198724001509"]
    accounting: {currency: GBP, period: quarterly}
    royalties:
      - {channels: [physical], points: 100}
    reserve: {percent: 30, channels: [physical], liquidation_periods: 2}
    """


def test_a_reserve_on_positive_sales_sees_the_sales_not_the_sales_less_returns(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 5. A Cargo physical statement for January 2023: 2,400.00 of LPs sold and
    (400.00) returned, same LP, shop country and month. At 100 points and a 30% reserve on
    positive sales, 720.00 is held (30% of 2,400.00); summed with the return first it was
    600.00. Payable: 2,400.00 - 400.00 - 720.00 = 1,280.00."""
    catalog = CATALOG.rstrip(" ") + (
        '    releases:\n      - {upc: "198724001509", title: Night Transit, artist: Ava Stone,'
        " tracks: [QZ-RLR-26-00001, QZ-RLR-26-00002]}\n"
    )
    root = workspace(make_workspace, {"ava-physical": PHYSICAL_DEAL}, **{"catalog.yaml": catalog})
    statement = cargo_sale_and_return(
        tmp_path / "cargo-2023-q1.xlsx", (120, 3000.0, 2400.0), (-20, -500.0, "(400.00)")
    )
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    ((q1,),) = [p["payees"] for p in run["periods"] if p["period"] == "2023-Q1"]
    assert (Decimal(q1["earned"]), Decimal(q1["reserve_held"]), q1["payable"]) == (
        2000,
        720,
        "1280.00",
    )


def test_a_contract_in_euros_takes_the_statement_s_own_conversion(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 2, the statement's rate. A TuneCore line from a German store: Net Sales 92.00 EUR
    at an Exchange Rate of 1.087 is Total Earned 100.00 USD. A producer accounted in euros at
    10% is owed 9.20 EUR, from the statement's own 92.00 EUR, with no rates file at all; the
    engine never read the statement's conversion, and held the line for want of a rate."""
    euro = EURO_DEAL.replace("currency: USD", "currency: EUR")
    root = workspace(make_workspace, {"jane-euro": euro})
    line = (
        "2026-02-01,2026-02-20,Spotify,DE,Ava Stone,Song,Night Transit,Night Transit,,,,"
        "QZRLR2600001,QZRLR2600001,Streaming,20000,0.005,92.00,EUR,1.087,100.00,USD"
    )
    statement = tmp_path / "tunecore.csv"
    statement.write_text(f"{TUNECORE}\r\n{line}\r\n", encoding="utf-8")
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    assert run["held"] == []
    ((q1,),) = [p["payees"] for p in run["periods"]]
    assert (q1["currency"], q1["earned"], q1["payable"]) == ("EUR", "9.200", "9.20")


SPLIT_DEAL = co_production(50, {"jane": "1/3", "lena": "2/3"})


def test_a_deficit_of_returns_is_an_unrecouped_balance_not_a_negative_carry(
    make_workspace: WorkspaceMaker, tmp_path: Path
) -> None:
    """Defect 5, the deficit. 50 points, Jane 1/3 and Lena 2/3. Q1: 100.00 of streams, 50.00
    earned, paid 16.67 and 33.33. Q2: a return of 300.00, -150.00 earned: nothing is payable,
    and the 150.00 is the pool's unrecouped balance, not a carried -50.00 and -100.00.
    Q3: 500.00, 250.00 earned, 150.00 of it recoups the deficit: 33.33 and 66.67 are paid."""
    root = workspace(make_workspace, {"co-production": SPLIT_DEAL})
    statement = distrokid(
        tmp_path,
        "dk.tsv",
        ("2026-02-05", "QZRLR2600001", "100.00"),
        ("2026-05-05", "QZRLR2600001", "-300.00"),
        ("2026-08-05", "QZRLR2600001", "500.00"),
    )
    run = json.loads(cli("run", str(root), "--statements", str(statement), "--json"))
    figures = {
        (p["period"], x["payee"]): (x["payable"], Decimal(x["carried_forward"]).quantize(CENT))
        for p in run["periods"]
        for x in p["payees"]
    }
    balance = {p["period"]: {x["unrecouped_balance"] for x in p["payees"]} for p in run["periods"]}
    assert figures == {
        ("2026-Q1", "jane"): ("16.67", 0),
        ("2026-Q1", "lena"): ("33.33", 0),
        ("2026-Q2", "jane"): ("0", 0),
        ("2026-Q2", "lena"): ("0", 0),
        ("2026-Q3", "jane"): ("33.33", 0),
        ("2026-Q3", "lena"): ("66.67", 0),
    }
    assert [Decimal(next(iter(balance[q]))) for q in ("2026-Q1", "2026-Q2", "2026-Q3")] == [
        0,
        150,
        0,
    ]
    out = tmp_path / "jane-q2.json"
    cli("statement", "jane", "--period", "2026-Q2", "--statements", str(statement),
        "--format", "json", "--out", str(out), "--workspace", str(root))  # fmt: skip
    (account,) = json.loads(out.read_text())["accounts"]
    (contract,) = account["contracts"]
    assert Decimal(contract["deficit"]) == 50  # Jane's third, charged to the pool
    (charge,) = account["recoupment"][0]["charges"]
    assert charge["description"] == (
        "Returns beyond 2026-Q2's royalties and fees under co-production"
    )
    assert Decimal(charge["amount"]) == 150
