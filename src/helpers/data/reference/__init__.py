"""Hand-kept, sourced reference datasets (endorsement events, reported figures, election
calendar): schemas, loaders and the questions the story asks of them. Reconciling them
with the filings is the analysis stage's job (helpers.analysis.reconciliation).

Data dictionary: docs/reference-data.md.
"""

from helpers.data.reference.loaders import (
    load_election_calendar,
    load_endorsement_events,
    load_reported_figures,
)
from helpers.data.reference.queries import (
    latest_reported,
    reported_figures_for,
    stance_on,
    timeline_events,
)

__all__ = [
    "latest_reported",
    "load_election_calendar",
    "load_endorsement_events",
    "load_reported_figures",
    "reported_figures_for",
    "stance_on",
    "timeline_events",
]
