"""Clients of the external agencies: KPS/MERNİS, Tapu/TKGM, SGK, GİB and a bank's
virtual POS, plus the mock e-Devlet sign-in.  See docs/connectors.md.

    from ebelediye import connectors
    from ebelediye.connectors import Caller

    kps = connectors.get("kps")
    person = kps.person("10000000146", caller=Caller(actor=user.email, purpose="nikah"))

Each client validates its input, respects a time budget, retries only what is safe,
caches where the data allows it (per tenant), and writes a KVKK audit row for every
personal-data lookup.  Errors are ``ConnectorError`` subclasses with Turkish and English
messages for the user.
"""

from .errors import (
    AgencyTimeout,
    AgencyUnavailable,
    BadResponse,
    CircuitOpen,
    ConnectorError,
    InvalidInput,
    NotFound,
    PaymentVerificationError,
    Rejected,
)
from .factory import get
from .purposes import PURPOSES, Caller

__all__ = [
    "PURPOSES", "AgencyTimeout", "AgencyUnavailable", "BadResponse", "Caller", "CircuitOpen", "ConnectorError",
    "InvalidInput", "NotFound", "PaymentVerificationError", "Rejected", "get",
]
