"""Put a VirtualCard into a real PC/SC stack: vsmartcard's vpcd reader driver for pcscd.

vpcd listens on loopback; the card side connects to it and answers what pcscd sends, each
message a 2-byte big-endian length and its bytes. A 1-byte message is a control: power off,
power on, reset (no answer), or a request for the ATR. Everything else is an APDU.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field

from onshi.card.virtual import VirtualCard

VPCD_PORT = 35963
_POWER_OFF, _POWER_ON, _RESET, _ATR = 0, 1, 2, 4
# [unverified] The My Number card's own ATR is not in the reference; this is a plain T=1 ATR.
ATR = bytes.fromhex("3B8880014A504B49415030310F")


@dataclass
class VpcdCard:
    """Serves `card` to the vpcd at host:port from a background thread until closed."""

    card: VirtualCard
    host: str = "127.0.0.1"
    port: int = VPCD_PORT
    _socket: socket.socket | None = field(default=None, init=False)
    _thread: threading.Thread | None = field(default=None, init=False)

    def insert(self, timeout: float = 10.0) -> None:
        """Connect to vpcd: to pcscd the card now sits in the reader. vpcd listens only once
        pcscd has loaded it, so connecting is retried for up to `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self._socket = socket.create_connection((self.host, self.port), timeout=timeout)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        self._socket.settimeout(None)
        self._thread = threading.Thread(target=self._serve, name="vpcd-card", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        if self._socket is not None:
            self._socket.shutdown(socket.SHUT_RDWR)
            self._socket.close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._socket = self._thread = None

    def _serve(self) -> None:
        assert self._socket is not None
        connection = self._socket
        try:
            while True:
                message = _receive(connection)
                if message is None:
                    return
                answer = self._answer(message)
                if answer is not None:
                    connection.sendall(len(answer).to_bytes(2, "big") + answer)
        except OSError:
            return  # removed: the socket was closed under us

    def _answer(self, message: bytes) -> bytes | None:
        if len(message) != 1:
            return self.card.transmit(message)
        if message[0] == _ATR:
            return ATR
        if message[0] in (_POWER_OFF, _POWER_ON, _RESET):
            self.card.reset()
        return None


def _receive(connection: socket.socket) -> bytes | None:
    header = _exactly(connection, 2)
    if header is None:
        return None
    return _exactly(connection, int.from_bytes(header, "big"))


def _exactly(connection: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data
