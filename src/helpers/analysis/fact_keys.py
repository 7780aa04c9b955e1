"""Every fact key the notebooks 01-04 and 06 record, built by a named function.

A story quotes a figure as ``{{fact:KEY}}``; a key with a name in it is assembled at run time,
so each builder's docstring spells out the key it gives for District 1 (2024): grep the story's
key and you land here, then grep the function's name to find the notebook that records it.
Names in keys are ``candidate_key`` slugs ("kahllid-al-alim").
"""

from __future__ import annotations

import re
import unicodedata

STANCES = ("support", "oppose")
DONOR_SHARE_IN_LOS_ANGELES = "donor_share_in_los_angeles"  # 06-donors


def candidate_key(name: str) -> str:
    """A stable ASCII key for a candidate name, used in fact keys ('sherlett-hendy-newbill')."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _stance(stance: str) -> str:
    if stance not in STANCES:
        raise ValueError(f"stance {stance!r}: expected one of {STANCES}")
    return stance


def ie_reported_key(stance: str, candidate: str) -> str:
    """Latest reported outside spending for or against a candidate (01-outside-money):
    ``ie_support_kahllid-al-alim_reported``, ``ie_support_didi-watts_reported``."""
    return f"ie_{_stance(stance)}_{candidate_key(candidate)}_reported"


def ie_filed_key(stance: str, candidate: str, committee: str) -> str:
    """Itemized independent expenditures of one committee for or against a candidate
    (01-outside-money, from filings): ``ie_support_<candidate>_<committee>``."""
    return f"ie_{_stance(stance)}_{candidate_key(candidate)}_{candidate_key(committee)}"


def raised_reported_key(candidate: str) -> str:
    """A candidate's own fundraising as reported (03-fundraising):
    ``raised_kahllid-al-alim_reported``."""
    return f"raised_{candidate_key(candidate)}_reported"


def raised_filed_key(candidate: str) -> str:
    """A candidate's own itemized contributions (03-fundraising, from filings):
    ``raised_<candidate>_filings``."""
    return f"raised_{candidate_key(candidate)}_filings"


def outside_to_own_ratio_key(candidate: str) -> str:
    """Outside money for a candidate as a multiple of their own fundraising (03-fundraising):
    ``outside_to_own_ratio_kahllid-al-alim``."""
    return f"outside_to_own_ratio_{candidate_key(candidate)}"


def event_date_key(action: str, endorser: str) -> str:
    """The date of a confirmed endorsement decision (02-timeline):
    ``date_rescinded_united-teachers-los-angeles-utla``,
    ``date_campaign_suspended_united-teachers-los-angeles-utla``,
    ``date_campaign_suspended_los-angeles-county-federation-of-labor``."""
    return f"date_{action}_{candidate_key(endorser)}"


RESULT_FACTS = ("votes", "share", "ballots", "write_in_votes", "leader", "outcome", "count_stage")


def result_key(contest, what: str, candidate: str | None = None) -> str:
    """A results fact key (05-results), from the contest (``election_words.Contest``): '<kind>_<what>[_<candidate>]'.

    For the District 1 runoff: runoff_votes_<candidate>, runoff_share_<candidate>,
    runoff_ballots, runoff_write_in_votes, runoff_leader, runoff_outcome, runoff_count_stage;
    a primary's feed gives primary_votes_<candidate>, ... (general_, special_ likewise).
    """
    if what not in RESULT_FACTS:
        raise ValueError(f"unknown results fact {what!r}: expected one of {RESULT_FACTS}")
    return f"{contest.key}_{what}" + (f"_{candidate_key(candidate)}" if candidate else "")


def reported_result_key(count_stage: str, metric: str, candidate: str) -> str:
    """A reported primary figure's key: primary_<count stage>_<share|votes>_<candidate>, e.g.
    primary_election_night_votes_kahllid-al-alim, primary_final_share_kahllid-al-alim."""
    what = "share" if metric == "vote_share" else "votes"
    return f"primary_{count_stage}_{what}_{candidate_key(candidate)}"
