"""The offline guard itself must work, or every 'no network' claim in the suite is hollow."""

import socket
import urllib.request

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
