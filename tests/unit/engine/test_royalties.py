"""Which rows a contract covers, at what share, and the bases its rates apply to."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from points.engine.revenue import NO_RATES, Revenue
from points.engine.royalties import NoPriceError, Prices, Rating, coverage, earn
from points.model.catalog import Release
from points.model.contracts import Channel
from points.model.periods import Month
from points.money import CONTEXT

from workspaces import make_contract

TRACKS = [f"QZRLR26000{n:02d}" for n in range(1, 7)]
ALBUM = Release.model_validate(
    {
        "upc": "198724001509",
        "title": "Glass Harbor",
        "artist": "Ava Stone",
        "tracks": TRACKS,
        "prices": [
            {"format": "cd", "currency": "USD", "ppd": "10.00"},
            {"format": "vinyl", "currency": "USD", "ppd": "14.00"},
        ],
    }
)
RELEASES = {ALBUM.upc: ALBUM}
D = Decimal


def line(recording: str, channel: Channel = Channel.STREAM) -> Revenue:
    return Revenue(recording, channel, "US", Month(2026, 2), "USD", Decimal(10), Decimal(100))


def test_coverage_of_tracks_and_album_lines() -> None:
    producer = make_contract(recordings=TRACKS[:2], releases=[ALBUM.upc])
    artist = make_contract(releases=[ALBUM.upc])
    assert coverage(producer, line(TRACKS[0]), RELEASES) == 1
    assert coverage(producer, line(TRACKS[2]), RELEASES) is None
    assert coverage(artist, line(TRACKS[5]), RELEASES) == 1  # a track of its release
    assert coverage(artist, line("upc:" + ALBUM.upc), RELEASES) == 1
    assert coverage(producer, line("upc:" + ALBUM.upc), RELEASES) == Fraction(2, 6)
    unrated = make_contract(recordings=TRACKS[:2], releases=[ALBUM.upc], pro_ration="none")
    assert coverage(unrated, line("upc:" + ALBUM.upc), RELEASES) == 1


def test_a_ppd_rate_needs_exactly_one_price() -> None:
    contract = make_contract(
        releases=[ALBUM.upc], royalties=[{"channels": "physical", "base": "ppd", "points": 3}]
    )
    album = line("upc:" + ALBUM.upc, Channel.PHYSICAL)
    with pytest.raises(NoPriceError, match="release 198724001509 has 2 PPD prices"):
        earn(contract, 0, album, Decimal(1), None, RELEASES, NO_RATES)


def test_per_unit_and_share_of_artist_rates_say_how_they_were_reached() -> None:
    contract = make_contract(
        royalties=[
            {"channels": "download", "base": "per_unit", "per_unit": "0.10"},
            {"channels": "stream", "points": 3, "share_of_artist": {"artist_points": 18}},
        ]
    )
    (per_unit,), _ = earn(
        contract, 0, line(TRACKS[0], Channel.DOWNLOAD), Decimal(1), None, RELEASES, NO_RATES
    )
    assert per_unit.amount == 1  # 10 units × 0.10
    (share,), _ = earn(contract, 1, line(TRACKS[0]), Decimal(1), None, RELEASES, NO_RATES)
    # 3/18 of an 18% artist royalty on 100 = 3% of 100 = 3
    assert share.amount == 3
    assert share.how == "net receipts 100 USD, as 3/18 of the artist's 18% royalty × 3%"


def test_a_pro_rated_amount_is_exact_when_it_ends_and_24_places_when_not() -> None:
    contract = make_contract(
        recordings=TRACKS[:2],
        releases=[ALBUM.upc],
        royalties=[{"channels": "download", "points": 10}],
    )
    album = Revenue(
        "upc:" + ALBUM.upc,
        Channel.DOWNLOAD,
        "US",
        Month(2026, 2),
        "USD",
        Decimal(3),
        Decimal("36.042984"),
    )
    (exact,), _ = earn(contract, 0, album, Fraction(2, 6), None, RELEASES, NO_RATES)
    assert exact.base == Decimal("12.014328")  # 36.042984 × 2/6, exactly
    thirds = Revenue(
        "upc:" + ALBUM.upc,
        Channel.DOWNLOAD,
        "US",
        Month(2026, 2),
        "USD",
        Decimal(3),
        Decimal("10.00"),
    )
    (cut,), _ = earn(contract, 0, thirds, Fraction(1, 3), None, RELEASES, NO_RATES)
    assert cut.base == Decimal("3." + "3" * 20)


def test_a_rating_worked_out_once_agrees_with_earn_row_by_row() -> None:
    contract = make_contract(
        recordings=TRACKS[:2],
        releases=[ALBUM.upc],
        royalties=[{"channels": "stream", "points": "3.5"}],
        multipliers=[{"outside": ["US"], "percent": 75, "reason": "foreign"}],
    )
    rating = Rating(contract, {0: None})
    for territory in ("US", "GB", "US"):
        row = Revenue(TRACKS[0], Channel.STREAM, territory, Month(2026, 2), "USD", D(7), D("1.25"))
        terms = rating.terms(row)
        assert terms is not None
        assert rating.known_terms[Channel.STREAM, territory] is terms  # worked out once
        whole, base_how = rating.base(terms, row, Prices(RELEASES), NO_RATES)
        (earning,), _ = earn(contract, 0, row, Fraction(1), None, RELEASES, NO_RATES)
        assert CONTEXT.multiply(CONTEXT.multiply(whole, terms.factor), terms.points) == (
            earning.amount
        )
        assert base_how + terms.tail == earning.how
    assert rating.terms(line(TRACKS[0], Channel.DOWNLOAD)) is None  # no rate on downloads


def test_prices_index_releases_by_track_and_keep_each_answer() -> None:
    prices = Prices(RELEASES)
    rate = make_contract(
        releases=[ALBUM.upc], royalties=[{"channels": "physical", "base": "ppd", "points": 3}]
    ).royalties[0]
    assert [r.upc for r in prices.by_track[TRACKS[0]]] == [ALBUM.upc]
    for _ in range(2):  # the second answer is the one kept
        with pytest.raises(NoPriceError, match="release 198724001509 has 2 PPD prices"):
            prices.price(rate, line(TRACKS[0], Channel.PHYSICAL))


def test_a_counter_lifts_each_channel_s_base_or_kept_without_them_the_row_s_channel() -> None:
    """A retroactive step lifts what each channel earned on (zero bases left out); a counter
    read from a ledger kept before per-channel bases lifts its whole rated base on the channel
    of the row that reached the step; a counter with nothing rated lifts nothing."""
    from points.engine.royalties import Counter

    per_channel = Counter(
        Decimal(300),
        Decimal(70),
        Decimal(4),
        (
            (Channel.DOWNLOAD, Decimal(20)),
            (Channel.STREAM, Decimal(50)),
            (Channel.SYNC, Decimal(0)),
        ),
    )
    assert per_channel.lifted(Channel.PHYSICAL) == [(Channel.DOWNLOAD, 20), (Channel.STREAM, 50)]
    assert Counter(Decimal(300), Decimal(70), Decimal(4)).lifted(Channel.DOWNLOAD) == [
        (Channel.DOWNLOAD, 70)
    ]
    assert Counter(Decimal(300), Decimal(0), Decimal(4)).lifted(Channel.STREAM) == []


def test_earn_says_everything_about_a_per_unit_row_and_a_retroactive_step() -> None:
    """Every field of what ``earn`` returns, worked by hand.

    Per unit: 10 downloads × 0.10 = 1.00, × 50% (outside the US) × 80% (club sales) = 0.400.
    Retroactive: the counter stands at 50 units, 40.00 of stream royalties earned at 3%; 60
    more units take it to 110, past the step above 100 to 4%: the 40.00 earned before is
    lifted by 1 point (0.40, on streams), and the row's 20.00 × 50% = 10.00 earns 4% (0.40);
    the counter then holds 50.00 rated on streams."""
    from points.engine.royalties import Counter, Earning

    contract = make_contract(
        royalties=[
            {"channels": "download", "base": "per_unit", "per_unit": "0.10"},
            {
                "channels": "stream",
                "points": 3,
                "escalation": {
                    "counter": "units",
                    "mode": "retroactive",
                    "steps": [{"above": 100, "points": 4}],
                },
            },
        ],
        multipliers=[
            {"outside": ["US"], "percent": 50, "reason": "foreign sales"},
            {"channels": ["download"], "percent": 80, "reason": "club sales"},
        ],
    )
    download = Revenue(TRACKS[0], Channel.DOWNLOAD, "GB", Month(2026, 2), "USD", D(10), D(100))
    assert earn(contract, 0, download, Fraction(1), None, {}, NO_RATES) == (
        [
            Earning(
                contract.id, "royalties[0]", download, D(10), D("1.00"), D(100), D("0.4"),
                D("0.400"),
                "10 units × 50% (foreign sales) × 80% (club sales), at 0.10 per unit",
            )
        ],
        None,
    )  # fmt: skip
    stream = Revenue(TRACKS[0], Channel.STREAM, "GB", Month(2026, 2), "USD", D(60), D("20.00"))
    before = Counter(D(50), D(40), D(3), ((Channel.DOWNLOAD, D(0)), (Channel.STREAM, D(40))))
    earnings, after = earn(contract, 1, stream, Fraction(1), before, {}, NO_RATES)
    assert earnings == [
        Earning(
            contract.id, "royalties[1] escalation", stream, D(0), D(40), D(1), D(1), D("0.40"),
            "retroactive step from 3% to 4% on 40 USD of stream royalties earned before",
            Channel.STREAM,
        ),
        Earning(
            contract.id, "royalties[1]", stream, D(60), D("20.00"), D(4), D("0.5"), D("0.4"),
            "net receipts 20.00 USD × 50% (foreign sales) × 4%",
        ),
    ]  # fmt: skip
    assert after == Counter(
        D(110), D(50), D(4), ((Channel.DOWNLOAD, D(0)), (Channel.STREAM, D(50)))
    )
    # A counter kept before per-channel bases lifts its whole rated base on the row's channel.
    (lift, _), _ = earn(contract, 1, stream, Fraction(1), Counter(D(50), D(40), D(3)), {}, NO_RATES)
    assert (lift.channel, lift.base, lift.amount) == (Channel.STREAM, 40, D("0.40"))


def test_earn_splits_a_row_across_a_prospective_step_saying_so() -> None:
    """3% stepping to 4% above 100 units; the counter stands at 80. A row of 50 units and
    20.00: 20 units (8.00) at 3% = 0.24 and 30 units (12.00) at 4% = 0.48."""
    from points.engine.royalties import Counter, Earning

    contract = make_contract(
        royalties=[
            {
                "channels": "stream",
                "points": 3,
                "escalation": {"counter": "units", "steps": [{"above": 100, "points": 4}]},
            }
        ]
    )
    stream = Revenue(TRACKS[0], Channel.STREAM, "US", Month(2026, 2), "USD", D(50), D("20.00"))
    earnings, after = earn(
        contract, 0, stream, Fraction(1), Counter(D(80), D(0), D(3)), {}, NO_RATES
    )
    words = "net receipts 20.00 USD × {}% ({} of the row's 50 units at this step)"
    assert earnings == [
        Earning(contract.id, "royalties[0]", stream, D(20), D(8), D(3), D(1), D("0.24"),
                words.format(3, 20)),
        Earning(contract.id, "royalties[0]", stream, D(30), D(12), D(4), D(1), D("0.48"),
                words.format(4, 30)),
    ]  # fmt: skip
    assert (after.count, after.points) == (130, 4)


def test_earn_takes_the_statement_s_own_conversion_where_the_contract_says_so() -> None:
    """A EUR contract; a USD line whose statement also gives it as 9.20 EUR (TuneCore's Net
    Sales), half of it the contract's (an album line pro-rated): with ``exchange_rate:
    statement`` (the default) the base is 4.60 EUR, at 4% 0.184; with
    ``exchange_rate: rates_file`` it needs a rate, and there is none: refused, never guessed."""
    from points.engine.revenue import MissingRateError

    terms = {"royalties": [{"channels": "stream", "points": 4}]}
    line = Revenue(
        TRACKS[0], Channel.STREAM, "DE", Month(2026, 2), "USD", D(1), D(10), 1, (), "EUR",
        D("9.20"),
    )  # fmt: skip
    statement = make_contract(accounting={"currency": "EUR", "period": "quarterly"}, **terms)
    (earning,), _ = earn(statement, 0, line, Fraction(1, 2), None, {}, NO_RATES)
    assert (earning.base, earning.amount) == (D("4.60"), D("0.184"))
    rates_file = make_contract(
        accounting={"currency": "EUR", "period": "quarterly", "exchange_rate": "rates_file"},
        **terms,
    )
    with pytest.raises(MissingRateError, match="no USD→EUR rate for 2026-02"):
        earn(rates_file, 0, line, Fraction(1, 2), None, {}, NO_RATES)


def test_a_receipts_counter_on_a_ppd_rate_counts_the_statement_s_conversion_if_taken() -> None:
    """A EUR contract with a PPD royalty counting net receipts; a USD line the statement also
    gives as 9.20 EUR, half the contract's: with ``exchange_rate: statement`` it counts 4.60;
    with ``rates_file`` it needs a rate, and there is none."""
    from points.engine.revenue import MissingRateError
    from points.engine.royalties import count_of

    terms = {
        "releases": [ALBUM.upc],
        "royalties": [
            {
                "channels": "physical",
                "base": "ppd",
                "points": 3,
                "escalation": {"counter": "net_receipts", "steps": [{"above": 100, "points": 4}]},
            }
        ],
    }
    line = Revenue(
        "upc:" + ALBUM.upc, Channel.PHYSICAL, "DE", Month(2026, 2), "USD", D(1), D(10), 1, (),
        "EUR", D("9.20"),
    )  # fmt: skip
    statement = make_contract(accounting={"currency": "EUR", "period": "quarterly"}, **terms)
    rate = statement.royalties[0]
    assert count_of(statement, rate, line, D(5), Fraction(1, 2), NO_RATES) == D("4.60")
    rates_file = make_contract(
        accounting={"currency": "EUR", "period": "quarterly", "exchange_rate": "rates_file"},
        **terms,
    )
    with pytest.raises(MissingRateError, match="no USD→EUR rate for 2026-02"):
        count_of(rates_file, rate, line, D(5), Fraction(1, 2), NO_RATES)


def test_earn_says_everything_about_a_plain_rate_row() -> None:
    """3% of a GB stream row of 20.00 (7 units), 75% outside the US: 20.00 × 75% × 3% = 0.45."""
    from points.engine.royalties import Earning

    contract = make_contract(
        royalties=[{"channels": "stream", "points": 3}],
        multipliers=[{"outside": ["US"], "percent": 75, "reason": "foreign"}],
    )
    stream = Revenue(TRACKS[0], Channel.STREAM, "GB", Month(2026, 2), "USD", D(7), D("20.00"))
    assert earn(contract, 0, stream, Fraction(1), None, {}, NO_RATES) == (
        [
            Earning(
                contract.id, "royalties[0]", stream, D(7), D("20.00"), D(3), D("0.75"),
                D("0.45"), "net receipts 20.00 USD × 75% (foreign) × 3%",
            )
        ],
        None,
    )  # fmt: skip
