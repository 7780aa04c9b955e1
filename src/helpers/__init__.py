"""Helpers behind the notebooks: ingest, clean, validate, chart and publish campaign-money data.

Notebooks narrate and call these functions; anything that needs a test lives here.
"""
