"""Loaded by every Python process whose PYTHONPATH holds this folder (tests/conftest.py sets it).

Installs the offline guard when LAUSD_OFFLINE=1; does nothing otherwise.
"""

import os

if os.environ.get("LAUSD_OFFLINE") == "1":
    import offline_guard

    offline_guard.install()
