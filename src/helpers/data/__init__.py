"""Data stage: where each source is fetched, parsed, validated and cleaned into tidy tables (registrar results, filings, reference data, the race configuration)."""
