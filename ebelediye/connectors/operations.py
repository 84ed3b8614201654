"""The operations of each agency: one table read by the clients (HTTP method, path,
whether a retry is safe, whether it touches personal data, its cache) and by the mock
agency server (which routes it serves), so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Operation:
    agency: str
    name: str
    method: str
    #: werkzeug rule syntax: ``/kps/v1/kisiler/<tckn>``
    path: str
    #: safe to repeat: reads, and nothing else (never payments or notices)
    idempotent: bool
    #: reads or sends a person's data: writes a KVKK audit row
    personal: bool
    #: key in CONNECTORS_CACHE_SECONDS, when the answer may be cached
    cache: str | None = None
    #: Turkish label for audit screens
    label_tr: str = ""

    @property
    def key(self) -> str:
        return f"{self.agency}.{self.name}"

    @property
    def path_params(self) -> list[str]:
        return re.findall(r"<(?:\w+:)?(\w+)>", self.path)

    def url(self, args: dict) -> tuple[str, dict]:
        """The path with its parameters filled in, and the remaining arguments."""
        rest = dict(args)
        path = self.path
        for name in self.path_params:
            path = re.sub(rf"<(?:\w+:)?{name}>", quote(str(rest.pop(name)), safe=""), path)
        return path, rest


_OPS = [
    Operation("kps", "person", "GET", "/kps/v1/kisiler/<tckn>", True, True, "kps.person", "Kimlik bilgileri"),
    Operation("kps", "family", "GET", "/kps/v1/kisiler/<tckn>/aile", True, True, "kps.family", "Aile bireyleri"),
    Operation("kps", "register_marriage", "POST", "/kps/v1/evlilikler", False, True, None, "Evlilik tescili"),
    Operation("tapu", "holdings", "GET", "/tapu/v1/malikler/<kimlik>/tasinmazlar", True, True, "tapu.holdings",
              "Taşınmazları ve hisseleri"),
    Operation("tapu", "parcel", "GET", "/tapu/v1/parseller", True, True, "tapu.parcel", "Parsel ve malikleri"),
    Operation("tapu", "changes", "GET", "/tapu/v1/degisiklikler", True, True, None, "Mülkiyet değişiklikleri"),
    Operation("sgk", "employment", "GET", "/sgk/v1/sigortalilar/<tckn>", True, True, "sgk.employment",
              "Sigortalılık ve hizmet dökümü"),
    Operation("sgk", "hire", "POST", "/sgk/v1/ise-giris-bildirgeleri", False, True, None, "İşe giriş bildirgesi"),
    Operation("sgk", "leave", "POST", "/sgk/v1/isten-cikis-bildirgeleri", False, True, None, "İşten çıkış bildirgesi"),
    Operation("sgk", "premium_declaration", "POST", "/sgk/v1/prim-hizmet-bildirgeleri", False, True, None,
              "Aylık prim ve hizmet belgesi"),
    Operation("sgk", "kesenek_declaration", "POST", "/sgk/v1/kesenek-bildirgeleri", False, True, None,
              "Kesenek bildirgesi (4/1-c, 5434)"),
    # Vizite: the employer's view of its insured's incapacity reports, and its notice on each
    Operation("sgk", "sick_reports", "GET", "/sgk/v1/vizite/raporlar", True, True, None,
              "Vizite: iş göremezlik raporları"),
    Operation("sgk", "report_confirmation", "POST", "/sgk/v1/vizite/raporlar/<rapor_no>/bildirim", False, True, None,
              "Vizite: çalışmadığına dair bildirim"),
    Operation("gib", "taxpayer", "GET", "/gib/v1/mukellefler/<kimlik>", True, True, "gib.taxpayer",
              "Mükellefiyet durumu"),
    Operation("pos", "start", "POST", "/pos/v1/odemeler", False, False, None, "Ödeme başlatma"),
    Operation("pos", "complete", "POST", "/pos/v1/odemeler/<odeme_no>/tamamla", False, False, None, "Ödeme tamamlama"),
    Operation("pos", "status", "GET", "/pos/v1/odemeler/<odeme_no>", True, False, None, "Ödeme durumu"),
    Operation("pos", "refund", "POST", "/pos/v1/odemeler/<odeme_no>/iadeler", False, False, None, "İade"),
    Operation("pos", "settlement", "GET", "/pos/v1/gun-sonu", True, False, None, "Gün sonu listesi"),
]

OPERATIONS: dict[str, Operation] = {op.key: op for op in _OPS}
AGENCIES = ("kps", "tapu", "sgk", "gib", "pos")


def operation(agency: str, name: str) -> Operation:
    return OPERATIONS[f"{agency}.{name}"]


def label(key: str) -> str:
    op = OPERATIONS.get(key)
    return op.label_tr if op else key
