"""A pytest plugin for the suite's own tests: host names under `.invalid` (RFC 2606 section 2)
do not resolve, decided on this machine, so that "a host name that does not resolve" is tested
without asking any resolver."""

from __future__ import annotations

import socket
from typing import Any

_getaddrinfo = socket.getaddrinfo


def _no_invalid_names(host: Any, *args: Any, **kwargs: Any) -> Any:
    name = host.decode() if isinstance(host, bytes) else str(host)
    if name.endswith(".invalid"):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _no_invalid_names
