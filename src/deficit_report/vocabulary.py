"""The words of the data model: statuses, measures, kinds, markets, the total, the table files.

Plain constants, so that modules that only need a word (most of the package)
do not import pandera; :mod:`deficit_report.dataset.schemas` builds the pandera
schemas from them and re-exports them.
"""

#: Negotiation status words, in their order of progress. ``expired`` marks a
#: lapsed deal and sits outside the order.
STATUS_ORDER = ("not_in_talks", "in_talks", "stalled", "within_reach", "agreed")
#: Measure states: what a tariff (a policy, not a negotiation) is doing, beside the negotiation statuses.
#: ``in_force``: collected; ``suspended``: announced or scheduled but not collected (List 4B, called off);
#: ``cut``: still collected at a lower rate (List 4A, 15% to 7.5%). The rate goes in the event's note.
MEASURE_STATES = ("in_force", "suspended", "cut")
STATUSES = STATUS_ORDER + ("expired",) + MEASURE_STATES
MEASURES = ("exports", "imports", "balance")
#: What a report's shares are shares of, by measure: a balance's shares are shares of the deficit.
MEASURE_WORDS = {"balance": "deficit", "imports": "imports", "exports": "exports"}
KINDS = ("goods", "services")
MARKETS = ("government", "private", "mixed")
#: The sector id of the partner total in the figures table.
TOTAL = "total"
#: The sector id of the remainder: the total minus the counted sectors, or the trade no sector map
#: prefix matches. Reserved: no dataset or sector map may define it.
REMAINDER = "all_other_goods"
REMAINDER_LABEL = "All other goods"
#: The sector a ``policy_sectors.csv`` row names for a country-wide policy (a baseline tariff, a deal on all
#: goods): it reaches every goods sector and the remainder. Reserved: no dataset may define it as a sector.
ALL_GOODS = "all_goods"
#: The context metric of a share that a source claimed (shown beside the share computed from figures).
CLAIM_METRIC = "share_of_deficit_claimed"
#: The files of a dataset folder (``schemas.TABLES`` maps each to its schema).
TABLE_FILES = ("figures.csv", "context.csv", "status_events.csv", "sectors.csv", "sources.csv")
#: The files a dataset folder may hold (``schemas.OPTIONAL_TABLES`` maps each to its schema); a folder
#: without one behaves as if the table were empty.
OPTIONAL_TABLE_FILES = ("policies.csv", "policy_sectors.csv", "tariffs.csv", "deals.csv", "outcomes.csv")
#: Which flow a status event or a policy concerns: imports from the partner, exports to it, the
#: sector's trade both ways (the balance), or no trade flow at all (IP, financial services).
FLOWS = ("imports", "exports", "both", "none")
#: The flows of a trade series, in report order: a tariff is on imports from the partner or on exports
#: to it, and coverage is reported per flow (a status event's ``both`` and ``none`` are not trade flows).
TRADE_FLOWS = ("imports", "exports")
#: How much of a sector's trade in a flow a policy touches: all of it, or only part of it.
COVERAGES = ("all", "part")
#: What separates several source ids in one ``source_id`` cell (each must resolve).
SOURCE_ID_SEPARATOR = "; "

# Deal outcomes (deals.csv, outcomes.csv): what a deal promised and what was measured afterwards.
#: What an outcome row is: the level before the deal, what was promised, what was measured.
OUTCOME_KINDS = ("baseline", "target", "actual")
#: The unit words an outcome value may carry.
OUTCOME_UNITS = ("usd_bn", "percent", "count", "million_vehicles", "multiple")
#: What an outcome value means: a level, an increment over a baseline, a share, a count.
OUTCOME_MEANINGS = ("level", "increment", "share", "count")
#: What a share is a share of: a market, a commitment met, or trade (a share of covered exports).
SHARE_KINDS = ("market", "commitment", "trade")
#: What kind of promise a target was, and how a report says it.
PROMISE_WORDS = {
    "legal_commitment": "legal commitment",
    "official_estimate": "official estimate",
    "stated_goal": "stated goal of one side",
}
PROMISE_KINDS = tuple(PROMISE_WORDS)
