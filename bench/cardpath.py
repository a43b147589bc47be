"""The マイナンバーカード path of the benchmark: synthetic cards, and proofs the hub will accept.

A card confirmation is two requests: a challenge, then the card's signature of it with the
certificate. wrk cannot sign, so the proofs are made before the measured load: fresh
challenges fetched from the hub, each signed with its card's key (PKCS#1 v1.5 SHA-256, as the
card does), by two processes. Each proof can be used once, and a challenge lives 60 seconds,
so there are more proofs than the load can send, the load starts right after, and it takes
the newest challenges first (fetching them all can take longer than a minute on a slow
machine).
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from hubdb import BODY_SEPARATOR, BenchDatabase

from onshi.clock import JST
from onshi.oqs.card_protocol import CHALLENGE_PATH
from onshi.pki.authority import CertificateAuthority
from onshi.rules.certificate import CertificateStage
from onshi.synth import DEMO_INSTITUTION_CODE
from onshi.synth.card_population import held_cards, issue_cards

KEY_POOL = 8


@dataclass(frozen=True)
class CardGeneration:
    holders: int
    registered: int
    seconds: float


@dataclass(frozen=True)
class ReadyCard:
    certificate: bytes  # DER
    key: bytes  # PEM, PKCS#8


def populate_cards(database: BenchDatabase, folder: Path, seed: int,
                   as_of: date) -> CardGeneration:
    """Cards for the population (timed), in a CA under `folder`/pki the hub will open."""
    authority = CertificateAuthority.create(
        datetime.combine(as_of, datetime.min.time(), JST) - timedelta(days=3650),
        folder / "pki")
    engine = database.engine()
    try:
        started = time.perf_counter()
        report = issue_cards(engine, authority, seed, as_of, progress=True)
        seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return CardGeneration(report.holders, report.registered, seconds)


def ready_cards(database: BenchDatabase, folder: Path, on: date, count: int) -> list[ReadyCard]:
    """Registered cards valid on `on` with a PIN, their certificates signed for a key pool."""
    authority = CertificateAuthority.open(folder / "pki")
    keys = [rsa.generate_private_key(public_exponent=65537, key_size=2048)
            for _ in range(KEY_POOL)]
    engine = database.engine()
    try:
        ready = []
        for held in held_cards(engine, authority, on, keys, count * 3):
            if held.stage is CertificateStage.VALID and not held.status \
                    and not held.card.is_face_only:
                ready.append(ReadyCard(held.card.certificate, held.card.key.private_bytes(
                    serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption())))
            if len(ready) == count:
                break
    finally:
        engine.dispose()
    return ready


def write_proofs(hub_url: str, cards: list[ReadyCard], count: int, path: Path) -> float:
    """`count` confirmation bodies, each a fresh challenge signed by its card, newest
    challenge first; the seconds it took."""
    started = time.perf_counter()
    with httpx.Client(base_url=hub_url, timeout=10) as client:
        challenges = [client.post(CHALLENGE_PATH, json={
            "MedicalInstitutionCode": DEMO_INSTITUTION_CODE}).json()["Challenge"]
            for _ in range(count)]
    work = [(cards[i % len(cards)], challenge) for i, challenge in enumerate(challenges)]
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        bodies = pool.map(_proof_body, work, chunksize=256)
    path.write_bytes(BODY_SEPARATOR.join(reversed(bodies)))
    return time.perf_counter() - started


def _proof_body(item: tuple[ReadyCard, str]) -> bytes:
    card, challenge = item
    signature = _key(card.key).sign(bytes.fromhex(challenge), padding.PKCS1v15(), hashes.SHA256())
    return json.dumps({
        "MedicalInstitutionCode": DEMO_INSTITUTION_CODE, "Challenge": challenge,
        "Certificate": base64.b64encode(card.certificate).decode("ascii"),
        "Signature": base64.b64encode(signature).decode("ascii"),
        "LimitApplicationCertificateRelatedConsFlg": "1"}).encode()


@cache
def _key(pem: bytes) -> rsa.RSAPrivateKey:
    """Loading checks the key, which costs more than signing: once per key and process."""
    key = serialization.load_pem_private_key(pem, None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key
