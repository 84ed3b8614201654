"""What Gelir offers other modules through the core's ports (``ebelediye.ports``).

``FeeService`` is Gelir's ``FeeCharger``: a fee is an accrual of the municipality's ücret
tarifesi (``kaynak = "ucret:<reference>"``) owed by the payer's taxpayer record, paid at
the cash desk or online like any debt.  When a payment settles it, ``tahsilat.tahsil``
sends ``events.fee_paid`` with the reference, in the paying transaction.
"""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import func, select

from ebelediye.errors import NotFound
from ebelediye.extensions import db
from ebelediye.ports import FeeCharge, FeeRequest

from .models import Mukellef, Tahakkuk, Tahsilat, TahsilatDagilimi
from .services import GelirError, mukellef, tahakkuk

SOURCE = "ucret:"


class FeeService:
    """Gelir's implementation of ``ebelediye.ports.FeeCharger``."""

    def charge(self, request: FeeRequest) -> FeeCharge:
        """Accrue the fee once per reference (a second call returns the first charge)."""
        if len(SOURCE + request.reference) > 80:
            raise GelirError("Ücret referansı çok uzun.", {"reference": ["En çok 74 karakter olabilir."]})
        existing = self.status(request.reference)
        if existing is not None and existing.state != "cancelled":
            return existing
        payer = self._payer(request)
        tahakkuk.ucret_tahakkuk(payer.id, request.tariff_code, request.on, request.reference, actor=request.actor,
                                tutar=request.amount, aciklama=request.description)
        charge = self.status(request.reference)
        assert charge is not None  # just accrued in this transaction
        return charge

    def status(self, reference: str) -> FeeCharge | None:
        """The live charge for ``reference`` (or the last cancelled one), with what was paid."""
        rows = db.session.scalars(select(Tahakkuk).where(
            Tahakkuk.kaynak == SOURCE + reference, Tahakkuk.iptal_edilen_id.is_(None))
            .order_by(Tahakkuk.surum.desc())).all()
        if not rows:
            return None
        row = rows[0]
        reversed_amount = db.session.scalar(select(func.coalesce(func.sum(Tahakkuk.tutar), 0)).where(
            Tahakkuk.iptal_edilen_id == row.id)) or Decimal("0")
        paid = db.session.execute(
            select(func.coalesce(func.sum(TahsilatDagilimi.tutar), 0), func.max(Tahsilat.tarih),
                   func.max(Tahsilat.makbuz_no))
            .join(Tahsilat, Tahsilat.id == TahsilatDagilimi.tahsilat_id)
            .where(TahsilatDagilimi.tahakkuk_id == row.id)).one()
        paid_amount = Decimal(paid[0])
        open_amount = row.tutar + Decimal(reversed_amount) - paid_amount
        if reversed_amount and open_amount <= 0 and paid_amount < row.tutar:
            state = "cancelled"
        elif open_amount <= 0:
            state = "paid"
        else:
            state = "open"
        return FeeCharge(reference=reference, amount=row.tutar, due=row.vade, state=state,
                         paid_amount=paid_amount, paid_on=paid[1] if paid_amount else None,
                         receipt_no=paid[2] if paid_amount else None, debt_id=row.id,
                         extras={"mukellef_id": row.mukellef_id})

    def cancel(self, reference: str, reason: str, *, actor: str) -> FeeCharge:
        """Cancel the unpaid part of a charge by a reversing entry."""
        charge = self.status(reference)
        if charge is None or charge.debt_id is None:
            raise NotFound("Bu referansla bir ücret tahakkuku yok.")
        if charge.state == "open":
            tahakkuk.iptal(charge.debt_id, reason, actor=actor)
        result = self.status(reference)
        assert result is not None
        return result

    def _payer(self, request: FeeRequest) -> Mukellef:
        number = request.identity_number.strip()
        found = mukellef.kimlikle_bul(number)
        if found is not None:
            return found
        if len(number) == 10:
            return mukellef.tuzel_olustur(number, actor=request.actor)
        return mukellef.gercek_olustur(number, actor=request.actor, ad=request.first_name,
                                       soyad=request.last_name)
