"""Campaign filings: download, read, clean and validate L.A. City and California e-filing data.

Each source has an adapter that maps its columns onto one canonical frame; small rule modules
(amendments, 24-hour-report coverage, memo rows, loans, support/oppose codes) then decide what
every raw row becomes, and the accounting proves that no row went missing.
"""
