"""The suite's offline guard, for every Python process the tests start (make, kernels, scripts).

tests/conftest.py guards the test process itself. The processes it starts (``make`` and the
scripts it runs, notebook kernels, the warm notebook runner) import this through
``sitecustomize`` when ``LAUSD_OFFLINE=1`` and this folder is on ``PYTHONPATH``; conftest sets
both for the whole session. A connection to anything but loopback or a Unix socket then fails
as a refused connection would (an OSError, so the code's own handling of "no network" runs)
and says so on stderr, so a quiet download shows in the log of the test that made it.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Callable

ENV = "LAUSD_OFFLINE"


class InternetAccessBlocked(ConnectionRefusedError):
    """A non-loopback connection or name lookup, refused because the suite runs offline."""


def is_loopback(address) -> bool:
    if not isinstance(address, tuple):  # AF_UNIX paths (and abstract names)
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already be a network request


def _blocked(what: str) -> InternetAccessBlocked:
    message = f"offline guard: {what}: the test suite is offline"
    print(message, file=sys.stderr, flush=True)
    return InternetAccessBlocked(message)


def guarded_functions(blocked: Callable[[str], Exception]) -> dict[str, Callable]:
    """socket's ``connect``, ``connect_ex`` and ``getaddrinfo``, letting through only loopback
    and Unix sockets; ``blocked(what)`` makes the exception for what was refused ("connection
    to '…'", "name lookup of '…'"). The test process and the processes it starts differ only
    in that exception (tests/conftest.py)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if not is_loopback(address):
            raise blocked(f"connection to {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if not is_loopback(address):
            raise blocked(f"connection to {address!r}")
        return real_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "localhost") and not is_loopback((host,)):
            try:
                ipaddress.ip_address(host)
            except ValueError:
                raise blocked(f"name lookup of {host!r}") from None
            raise blocked(f"connection to {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    return {"connect": connect, "connect_ex": connect_ex, "getaddrinfo": getaddrinfo}


def install() -> None:
    """Patch socket so that only loopback and Unix sockets can be reached (idempotent)."""
    if getattr(socket.socket.connect, "_offline_guard", False):
        return
    guards = guarded_functions(_blocked)
    guards["connect"]._offline_guard = True  # type: ignore[attr-defined]
    socket.socket.connect = guards["connect"]  # type: ignore[method-assign]
    socket.socket.connect_ex = guards["connect_ex"]  # type: ignore[method-assign]
    socket.getaddrinfo = guards["getaddrinfo"]
