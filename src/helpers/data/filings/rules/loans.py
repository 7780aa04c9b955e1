"""Loans count net of what was repaid or forgiven, so a repaid loan does not inflate receipts."""

from __future__ import annotations

import numpy as np


def net_loan_cents(
    amount: np.ndarray, paid_forgiven: np.ndarray, is_loan: np.ndarray
) -> np.ndarray:
    """Loan rows: amount minus amount paid or forgiven; other rows unchanged."""
    net = np.array(amount, dtype=np.int64)  # a copy; only the few loan rows change
    rows = np.flatnonzero(is_loan)
    net[rows] -= np.asarray(paid_forgiven)[rows]
    return net
