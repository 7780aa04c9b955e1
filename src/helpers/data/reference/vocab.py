"""Controlled vocabularies for the reference datasets, each term with its meaning.

One place for the words the CSVs may use, so the schemas, the query helpers and the data
dictionary (docs/reference-data.md, checked by a test) never drift apart.
"""

from __future__ import annotations

# The race ids are not listed here: race_id takes the races of config/races.yml and, for
# figures and calendar dates, the multi-race scopes declared there too (``scopes:``).

STATUSES = {
    "confirmed": "a cited source reports that it happened (or that the date is so)",
    "scheduled": "a cited source reports that it was scheduled; that it happened is not confirmed",
    "unverified": "reported or suspected, but no source confirms it; kept so the gap stays visible",
    "inferred": "no source states it; inferred from what a source shows or omits (note says how)",
}

ACTIONS = {
    "endorsed": "the endorser endorsed or publicly supported the candidate",
    "campaign_suspended": "the endorser stopped campaigning for the candidate; "
    "the endorsement itself still stood",
    "rescinded": "the endorser formally withdrew its endorsement",
    "meeting_scheduled": "a step of the endorser's decision process was set for this date "
    "(date = the meeting's date, not the announcement's)",
    "announced": "the endorser made public an action recorded in another row",
    "statement": "a public statement or post that the timeline should show; by the candidate "
    "when endorser is empty",
    "no_endorsement": "the endorser endorsed no one in this race or phase",
}

# Actions that change an endorser's stance, in the order they apply on one day.
STANCE_BY_ACTION = {
    "endorsed": "endorsed",
    "campaign_suspended": "suspended",
    "rescinded": "rescinded",
}

DATE_PRECISION = {
    "day": "the date is the day it happened",
    "month": "only the month is known; the date holds the first of that month",
    "unknown": "the date is not known; the date cell is empty (never guessed)",
}

SOURCE_DATE_PRECISION = {
    **DATE_PRECISION,
    "approximate": "the research dates the source only approximately ('about Feb. 28'); "
    "the date holds that approximate day",
}

METRICS = {
    "ie_support": "independent expenditures supporting the candidate, by the spender",
    "ie_oppose": "independent expenditures opposing the candidate, by the spender",
    "candidate_raised": "money the candidate's own campaign raised",
    "race_outside_spending_total": "spending by outside groups, as a news source sums it",
    "race_outside_to_candidates_ratio": "outside spending as a multiple of what the candidates "
    "spent themselves, as a news source states it (its parts are not all given)",
    "race_ie_total": "independent expenditures in the race(s), all spenders, as officially summed",
    "race_contributions_total": "contributions to candidates in the race(s), as officially summed",
    "race_expenditures_total": "expenditures by candidates in the race(s), as officially summed",
    "votes": "votes for the candidate",
    "vote_share": "the candidate's share of the votes, in percent",
    "turnout_ballots": "ballots cast",
    "turnout_percent": "ballots cast as a percent of registered voters",
}

UNITS = {
    "usd": "U.S. dollars",
    "votes": "votes",
    "percent": "percent (22.29 means 22.29%)",
    "ballots": "ballots",
    "ratio": "times (7 means seven times as much)",
}

UNIT_OF_METRIC = {
    "ie_support": "usd",
    "ie_oppose": "usd",
    "candidate_raised": "usd",
    "race_outside_spending_total": "usd",
    "race_outside_to_candidates_ratio": "ratio",
    "race_ie_total": "usd",
    "race_contributions_total": "usd",
    "race_expenditures_total": "usd",
    "votes": "votes",
    "vote_share": "percent",
    "turnout_ballots": "ballots",
    "turnout_percent": "percent",
}

RESULT_METRICS = frozenset({"votes", "vote_share", "turnout_ballots", "turnout_percent"})

QUALIFIERS = {
    "exact": "the source gives the number as is",
    "about": "the source says 'about' or rounds it",
    "more_than": "the source says 'more than': the true figure is higher",
}

COUNT_STAGES = {
    "election_night": "semi-official count published on election night; not the final result",
    "final": "the count after all ballots, as the source describes it (may be rounded)",
}

CALENDAR_EVENTS = {
    "filing_deadline": "a campaign-statement filing deadline",
    "vote_centers_open": "vote centers open for in-person voting",
    "primary_election_day": "primary election day",
    "primary_certified": "the primary result is certified",
    "general_election_day": "general election (runoff) day",
    "general_certified": "the general election (runoff) result is certified",
    "special_election_day": "special election day",
    "special_certified": "the special election result is certified",
}
