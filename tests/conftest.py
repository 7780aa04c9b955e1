"""Shared test set-up: the suite must never reach the internet.

Every socket connection to a non-loopback address fails the test that made it, so code that
quietly downloads something is caught here rather than in CI with no network.
"""

from __future__ import annotations

import ipaddress
import socket
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_LAVOTE = ROOT.parent / "shared" / "data" / "lavote"


class InternetAccessBlocked(RuntimeError):
    pass


def _is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a network request


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_real_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self, address):
    if not _is_loopback(address):
        raise InternetAccessBlocked(f"test tried to connect to {address!r}: the suite is offline")
    return _real_connect(self, address)


def _guarded_connect_ex(self, address):
    if not _is_loopback(address):
        raise InternetAccessBlocked(f"test tried to connect to {address!r}: the suite is offline")
    return _real_connect_ex(self, address)


def _guarded_getaddrinfo(host, *args, **kwargs):
    if host not in (None, "localhost") and not _is_loopback((host,)):
        raise InternetAccessBlocked(f"test tried to resolve {host!r}: the suite is offline")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
    monkeypatch.setattr(socket, "getaddrinfo", _guarded_getaddrinfo)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def lavote_dir() -> Path:
    """The real registrar files as shipped to every developer in ../shared (read-only)."""
    if not SHARED_LAVOTE.is_dir():
        pytest.fail(f"{SHARED_LAVOTE} is missing: the real feed files are part of the test setup")
    return SHARED_LAVOTE
