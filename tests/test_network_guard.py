"""The offline guard itself must work, or every 'no network' claim in the suite is hollow."""

import socket
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import InternetAccessBlocked


def test_connecting_to_a_public_address_is_blocked():
    with pytest.raises(InternetAccessBlocked):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def test_resolving_a_public_name_is_blocked():
    with pytest.raises(InternetAccessBlocked):
        urllib.request.urlopen("http://example.com/", timeout=1)


def test_loopback_is_allowed():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=1)
    client.close()
    server.close()


def test_no_test_gives_a_subprocess_a_pythonpath_without_the_guard():
    """A test that sets PYTHONPATH for a subprocess must keep the offline guard on it."""
    tests = Path(__file__).resolve().parent
    unguarded = []
    for path in sorted(tests.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if '"PYTHONPATH":' in line and "guarded_pythonpath(" not in line:
                unguarded.append(f"{path.relative_to(tests)}:{number}: {line.strip()}")
    assert not unguarded, "\n".join(unguarded)
