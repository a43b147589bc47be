"""`onshi terminal serve` with a PC/SC card reader, as a facility sets it up: the terminal's key,
its registration at the hub, then the kiosk reading a card through pcscd (a virtual card in
vsmartcard's vpcd, the path a physical reader takes) against the real hub."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import httpx
from cryptography.hazmat.primitives.serialization import Encoding

from onshi.card.virtual import VirtualCard
from onshi.card.vpcd import VpcdCard
from onshi.clock import JST, FixedClock
from onshi.hub.api import create_app
from onshi.hub.store import HubStore
from onshi.oqs import xml
from onshi.oqs.messages import ConfirmationResult
from onshi.pki.authority import CertificateAuthority
from onshi.server import free_port, serving
from tests.card.conftest import FACE, MY_NUMBER, PIN, pcscd  # noqa: F401
from tests.hub.builders import INSTITUTION, Registry
from tests.pki.conftest import holder_keys  # noqa: F401

BORN = date(1980, 7, 1)


def onshi(*arguments: str, env: dict[str, str]) -> str:
    done = subprocess.run([sys.executable, "-m", "onshi", *arguments], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.strip()


def test_a_facility_sets_up_a_pcsc_reader_and_a_patient_is_confirmed(
        pcscd, hub_engine, holder_keys, tmp_path: Path) -> None:  # noqa: F811
    registry = Registry(hub_engine)
    person = registry.person(BORN, individual_number=MY_NUMBER)
    registry.qualification(person, BORN)
    now = datetime(2025, 5, 15, 10, 30, tzinfo=JST)
    authority = CertificateAuthority.create(now, tmp_path / "ca")
    certificate = authority.issue(holder_keys[0].public_key(), now, date(2030, 7, 1), MY_NUMBER)
    HubStore(hub_engine).link_card(f"{certificate.serial_number:X}", person,
                                   now.replace(tzinfo=None))
    card = VirtualCard.issued(certificate.public_bytes(Encoding.DER),
                              authority.certificate.public_bytes(Encoding.DER), holder_keys[0],
                              PIN, MY_NUMBER, FACE)
    env = {**os.environ,
           "ONSHI_HUB_DATABASE_URL": hub_engine.url.render_as_string(hide_password=False)}
    env.pop("ONSHI_TERMINAL_DATABASE_URL", None)
    terminal_home, hub_home = tmp_path / "terminal", tmp_path / "hub"
    public_key = onshi("terminal", "device-key", "--home", str(terminal_home), env=env)
    device = onshi("hub", "register-device", public_key, "--institution", INSTITUTION,
                   "--home", str(hub_home), env=env)
    clock = FixedClock(now)
    with serving(create_app(HubStore(hub_engine), clock, authority)) as hub_url:
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "onshi", "terminal", "serve", "--hub", hub_url,
             "--institution", INSTITUTION, "--root", str(tmp_path / "exchange"),
             "--home", str(terminal_home), "--port", str(port), "--device-id", device,
             "--pcsc-reader", "Virtual PCD", "--reader-maker", "vsmartcard",
             "--as-of", "2025-05-15"], env=env)
        inserted = VpcdCard(card)
        try:
            inserted.insert()
            _walk(f"http://127.0.0.1:{port}")
        finally:
            inserted.remove()
            server.terminate()
            server.wait(timeout=15)
    (face,) = (tmp_path / "exchange" / "face").iterdir()
    result = xml.parse(ConfirmationResult, face.read_bytes())
    assert result.is_confirmed and result.body.results[0].birthdate == BORN


def _walk(terminal: str) -> None:
    """受付 with the card on the reader, 暗証番号, 同意 — waiting for the server and pcscd."""
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=terminal, timeout=10, follow_redirects=True) as kiosk:
        while True:
            try:
                page = kiosk.post("/kiosk/read")
                if "本人確認の方法を選んでください" in page.text:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the terminal never read the card"
            time.sleep(0.3)
        assert "同意の確認" in kiosk.post("/kiosk/verify/pin", data={"answer": PIN}).text
        assert "受付が完了しました" in kiosk.post("/kiosk/consent", data={"limit": "1"}).text
        readers = kiosk.get("/readers").text
        assert "vsmartcard" in readers
