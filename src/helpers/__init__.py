"""Helpers behind the notebooks: ingest, clean, validate, chart and publish campaign-money data.

Notebooks narrate and call these functions; anything that needs a test lives here.
"""

import sys as _sys

# jsonschema (imported by Altair) loads every optional format checker it finds at import time.
# rfc3987_syntax, pulled in by JupyterLab's jupyter-events, compiles a grammar on import and
# costs about 2.4 s in every notebook kernel; Altair never checks "iri" formats, so skip it.
# It works only if helpers is imported before altair (or nbformat, papermill, jsonschema): under
# make the warm runner (helpers.analysis.warm_runner) imports helpers first for every kernel; a notebook
# run on its own (JupyterLab, NOTEBOOK_RUNNER=cold) gets it only if its first import is helpers.
_sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
