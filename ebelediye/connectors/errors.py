"""One error type per kind of failure, each with a Turkish and an English message fit to
show to a user.

Modules catch ``ConnectorError`` (or a narrower class) and show ``message_tr``.  The
classes say what the user can do about it:

========================  =====================================================  ==========
class                     when                                                   retry?
========================  =====================================================  ==========
``InvalidInput``          bad TCKN/VKN/IBAN/amount; refused before any call      fix input
``NotFound``              the agency has no such record                          no
``Rejected``              the agency refused the request (a business rule)       no
``AgencyUnavailable``     connection refused, 5xx after retries                  later
``CircuitOpen``           too many recent failures: refused without calling      later
``AgencyTimeout``         no answer within the call's budget                     later
``BadResponse``           the answer could not be understood                     later
``PaymentVerificationError``  a POS callback failed its signature or its amount  never
========================  =====================================================  ==========
"""

from __future__ import annotations

#: Agency names as they appear in messages: Turkish (dative "servisine" follows), English.
AGENCY_NAMES: dict[str, tuple[str, str]] = {
    "kps": ("Kimlik Paylaşım (MERNİS)", "identity sharing (MERNIS)"),
    "tapu": ("Tapu", "land registry"),
    "sgk": ("SGK", "social security (SGK)"),
    "gib": ("GİB", "revenue administration (GİB)"),
    "pos": ("Banka ödeme", "bank payment"),
    "edevlet": ("e-Devlet", "e-Government gateway"),
}


def agency_name(agency: str | None, lang: str = "tr") -> str:
    names = AGENCY_NAMES.get(agency or "", (agency or "Kurum", agency or "agency"))
    return names[0] if lang == "tr" else names[1]


class ConnectorError(Exception):
    """Base class: ``code`` (also the audit outcome), ``agency``, ``message_tr``, ``message_en``."""

    code = "error"
    #: HTTP status an API handler may answer with when it passes the error on.
    http_status = 502

    def __init__(self, agency: str | None = None, message_tr: str | None = None,
                 message_en: str | None = None, *, detail: str | None = None) -> None:
        self.agency = agency
        self.message_tr = message_tr or self.default_tr(agency)
        self.message_en = message_en or self.default_en(agency)
        #: technical detail for logs; never shown to citizens
        self.detail = detail
        super().__init__(self.message_tr if detail is None else f"{self.message_tr} ({detail})")

    @staticmethod
    def default_tr(agency: str | None) -> str:
        return "Kurum servisinden beklenmeyen bir hata alındı."

    @staticmethod
    def default_en(agency: str | None) -> str:
        return "The agency's service returned an unexpected error."


class InvalidInput(ConnectorError, ValueError):
    """Input refused before any call was made (checksum, length, letters, amount...)."""

    code = "invalid"
    http_status = 422

    def __init__(self, field: str, message_tr: str, message_en: str, agency: str | None = None) -> None:
        self.field = field
        super().__init__(agency, message_tr, message_en)


class NotFound(ConnectorError):
    code = "not_found"
    http_status = 404

    @staticmethod
    def default_tr(agency):
        return f"{agency_name(agency)} kayıtlarında bu bilgiyle eşleşen bir kayıt bulunamadı."

    @staticmethod
    def default_en(agency):
        return f"No matching record was found at the {agency_name(agency, 'en')} service."


class Rejected(ConnectorError):
    """The agency understood the request and refused it; ``message_tr`` gives its reason."""

    code = "rejected"
    http_status = 422

    def __init__(self, agency, message_tr=None, message_en=None, *, reason: str = "rejected", detail=None):
        self.reason = reason
        super().__init__(agency, message_tr, message_en, detail=detail)

    @staticmethod
    def default_tr(agency):
        return f"{agency_name(agency)} servisi isteği kabul etmedi."

    @staticmethod
    def default_en(agency):
        return f"The {agency_name(agency, 'en')} service refused the request."


class AgencyUnavailable(ConnectorError):
    """The agency could not be reached or failed (5xx) after the retries its call allows.

    ``outcome_unknown`` is True when a request that changes something (a payment, a
    notice) was sent and no answer came back: the agency may have done it, so query its
    status before trying again.
    """

    code = "unavailable"
    http_status = 503

    def __init__(self, agency, message_tr=None, message_en=None, *, outcome_unknown: bool = False, detail=None):
        self.outcome_unknown = outcome_unknown
        if outcome_unknown and message_tr is None:
            message_tr = (f"{agency_name(agency)} servisinden yanıt alınamadı; işlemin sonucu belli değil. "
                          "Tekrar denemeden önce işlemin durumunu sorgulayın.")
            message_en = (f"No answer came from the {agency_name(agency, 'en')} service; the outcome is unknown. "
                          "Check the transaction's status before trying again.")
        super().__init__(agency, message_tr, message_en, detail=detail)

    @staticmethod
    def default_tr(agency):
        return f"{agency_name(agency)} servisine şu anda ulaşılamıyor, lütfen daha sonra deneyin."

    @staticmethod
    def default_en(agency):
        return f"The {agency_name(agency, 'en')} service cannot be reached at the moment, please try again later."


class CircuitOpen(AgencyUnavailable):
    """Refused without calling: the agency failed repeatedly just now (circuit breaker open)."""

    code = "circuit_open"


class AgencyTimeout(AgencyUnavailable):
    """No answer within the call's time budget (see ``outcome_unknown`` above)."""

    code = "timeout"
    http_status = 504

    @staticmethod
    def default_tr(agency):
        return f"{agency_name(agency)} servisi zamanında yanıt vermedi, lütfen daha sonra deneyin."

    @staticmethod
    def default_en(agency):
        return f"The {agency_name(agency, 'en')} service did not answer in time, please try again later."


class BadResponse(ConnectorError):
    """The agency answered with something that is not what its contract promises."""

    code = "bad_response"
    http_status = 502

    @staticmethod
    def default_tr(agency):
        return (f"{agency_name(agency)} servisinden anlaşılamayan bir yanıt geldi, "
                "lütfen daha sonra deneyin.")

    @staticmethod
    def default_en(agency):
        return f"The {agency_name(agency, 'en')} service sent an answer that could not be read, please try again later."


class PaymentVerificationError(ConnectorError):
    """A POS callback whose signature, merchant, order or amount does not check out.

    Never retry and never mark anything paid: log it, it may be an attack.
    """

    code = "payment_verification"
    http_status = 400

    def __init__(self, reason: str, message_tr: str | None = None, message_en: str | None = None) -> None:
        self.reason = reason
        super().__init__("pos", message_tr or "Ödeme bankadan doğrulanamadı; ödeme alınmış sayılmadı.",
                         message_en or "The payment could not be verified with the bank; it was not recorded as paid.",
                         detail=reason)
