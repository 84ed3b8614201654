"""Due-date reminders (vade hatırlatması): a mail and an SMS some days before a due date,
to every taxpayer with an open debt due that day, unless they asked for none.

- The lead time is the municipality's (``GelirAyari.hatirlatma_gun``, 7 by default; 0
  sends none). ``gonder(gun)`` reminds of the debts due on ``gun + lead``.
- One reminder per taxpayer, due date and channel, whatever the number of debts due that
  day (the amounts are summed): ``gelir_hatirlatmalar`` holds a row per reminder with a
  unique key, written ``ON CONFLICT DO NOTHING`` in the transaction that queues the
  message, so a rerun of the day, or two runs at once, send nothing twice.
- Mail goes to the tenant's outbox (``ebelediye.mail``), SMS to its SMS outbox
  (``ebelediye.sms``); both commit with the row that records them.
- Opting out: the taxpayer on e-hizmet, the link in every reminder (signed, no sign-in:
  an unsubscribe link must work from the mail), or staff recording a request. Each is
  audited; opting back in is possible from e-hizmet and by staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import text
from sqlalchemy.dialects.postgresql import insert

from ebelediye import audit, clock, jobs, mail, sms, uow, urls
from ebelediye.extensions import db
from ebelediye.formatting import money
from ebelediye.tenancy import require_tenant

from .. import parametre
from ..models import Hatirlatma, Mukellef
from . import GelirError

#: Taxpayers with an open debt due on :vade, their contact details and the open total
#: (cancellations and collections subtracted, as the reports count them).  An installment of
#: an active tecil plan due that day counts whole (principal, late fee and its interest, as
#: it is paid); its interest's own debt line is not counted a second time.
_ADAYLAR = text("""
WITH acik AS (
    SELECT t.mukellef_id,
           t.tutar + COALESCE((SELECT sum(c.tutar) FROM tahakkuklar c WHERE c.iptal_edilen_id = t.id), 0)
                   - COALESCE((SELECT sum(d.tutar) FROM tahsilat_dagilimlari d WHERE d.tahakkuk_id = t.id), 0)
               AS acik
    FROM tahakkuklar t
    WHERE t.iptal_edilen_id IS NULL AND t.vade = :vade
      AND NOT EXISTS (SELECT 1 FROM tecil_taksitleri k WHERE k.faiz_tahakkuk_id = t.id)
    UNION ALL
    SELECT p.mukellef_id, k.anapara + k.gecikme + k.faiz
    FROM tecil_taksitleri k JOIN tecil_planlari p ON p.id = k.plan_id
    WHERE p.durum = 'aktif' AND k.vade = :vade AND k.tahsilat_id IS NULL
)
SELECT m.id, m.tur, m.ad, m.soyad, m.unvan, m.eposta, m.telefon, count(*) AS kalem, sum(a.acik) AS tutar
FROM acik a JOIN mukellefler m ON m.id = a.mukellef_id
WHERE a.acik > 0 AND m.birlestigi_id IS NULL AND m.hatirlatma_kapali_at IS NULL
  AND (m.eposta <> '' OR m.telefon <> '')
GROUP BY m.id
ORDER BY m.id
""")


#: taxpayers reminded per commit (the job is resumable: the unique key skips what is done)
PARCA = 500


@dataclass(frozen=True)
class Sonuc:
    vade: date | None
    eposta: int = 0
    sms: int = 0
    zaten: int = 0  # reminders an earlier run already sent


def _imza() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="gelir-hatirlatma-iptal")


def iptal_anahtari(mukellef_id: int) -> str:
    """The opt-out link's token: the tenant and the taxpayer, signed (it never expires: a
    reminder read a year later still unsubscribes)."""
    return _imza().dumps([require_tenant().slug, mukellef_id])


def anahtar_coz(token: str) -> int | None:
    """The taxpayer of an opt-out token of this tenant; None for a forged or foreign one."""
    try:
        slug, mukellef_id = _imza().loads(token)
    except (BadSignature, ValueError, TypeError):
        return None
    if slug != require_tenant().slug or not isinstance(mukellef_id, int) or db.session.get(Mukellef, mukellef_id) is None:
        return None
    return mukellef_id


def _metin(row, vade: date, belediye: str, iptal_url: str, odeme_url: str) -> tuple[str, str, str]:
    """The mail's subject and body and the SMS, in Turkish (the taxpayers' language)."""
    ad = row.unvan if row.tur == "tuzel" else f"{row.ad} {row.soyad}".strip()
    tutar = money(row.tutar)
    konu = f"{belediye}: {vade:%d.%m.%Y} son ödeme günü hatırlatması"
    govde = (
        f"Sayın {ad},\n\n"
        f"{belediye} nezdindeki {row.kalem} borç kaleminizin son ödeme günü {vade:%d.%m.%Y}; "
        f"ödenmemiş tutar {tutar} TL.\n"
        "Vadesinde ödenmeyen borca gecikme zammı uygulanır (6183 sayılı Kanun m.51).\n\n"
        f"E-hizmetten e-Devlet ile giriş yaparak ödeyebilirsiniz: {odeme_url}\n"
        "Ödediyseniz bu mesajı dikkate almayın.\n\n"
        f"Bu hatırlatmaları almak istemiyorsanız: {iptal_url}\n"
    )
    kisa = (f"{belediye}: {tutar} TL borcunuzun son ödeme günü {vade:%d.%m.%Y}. Ödeme: {odeme_url} "
            f"Hatırlatma istemiyorsanız: {iptal_url}")
    return konu, govde, kisa


def _kaydet(mukellef_id: int, vade: date, kanal: str, adres: str, tutar: Decimal) -> bool:
    """Record one reminder; False when it was already sent (the unique key decides)."""
    inserted = db.session.execute(
        insert(Hatirlatma).values(mukellef_id=mukellef_id, vade=vade, kanal=kanal, adres=adres, tutar=tutar)
        .on_conflict_do_nothing(constraint="uq_gelir_hatirlatmalar_bir_kez").returning(Hatirlatma.id)
    ).first()
    return inserted is not None


def gonder(gun: date | None = None, *, actor: str) -> Sonuc:
    """Queue today's reminders: debts due ``hatirlatma_gun`` days after ``gun``. Idempotent
    and resumable: every ``PARCA`` taxpayers are committed with their messages, and a rerun
    after a crash sends only what the unique key has not seen."""
    gun = gun or clock.today()
    lead = parametre.ayarlar().hatirlatma_gun
    if lead <= 0:
        return Sonuc(None)
    vade = gun + timedelta(days=lead)
    tenant = require_tenant()
    odeme_url = urls.tenant_url(tenant.slug, "/e-hizmet/borclarim")
    sent = {"eposta": 0, "sms": 0, "zaten": 0}
    rows = db.session.execute(_ADAYLAR, {"vade": vade}).all()
    for done, row in enumerate(rows, start=1):
        if done % PARCA == 0:  # a city's 31 May: each chunk durable, a rerun skips what went
            uow.commit_point()
            jobs.report_progress(done, len(rows), f"{done}/{len(rows)} mükellefe hatırlatma hazırlandı")
        iptal_url = urls.tenant_url(tenant.slug, f"/e-hizmet/hatirlatma/{iptal_anahtari(row.id)}")
        konu, govde, kisa = _metin(row, vade, tenant.name, iptal_url, odeme_url)
        channels = []
        if row.eposta:
            channels.append(("eposta", row.eposta))
        number = sms.mobile_number(row.telefon)
        if number:
            channels.append(("sms", number))
        for kanal, adres in channels:
            if not _kaydet(row.id, vade, kanal, adres, row.tutar):
                sent["zaten"] += 1
                continue
            if kanal == "eposta":
                mail.queue_mail(adres, konu, govde)
            else:
                sms.queue_sms(adres, kisa)
            sent[kanal] += 1
    if sent["eposta"] or sent["sms"]:
        audit.record("gelir.hatirlatma.gonder", actor=actor, realm="system", object_type="vade",
                     object_id=vade.isoformat(), after={"eposta": sent["eposta"], "sms": sent["sms"]})
    return Sonuc(vade, sent["eposta"], sent["sms"], sent["zaten"])


def kapat(mukellef_id: int, *, actor: str, kim: str) -> Mukellef:
    """The taxpayer wants no reminders (``kim``: "vatandas", "baglanti" or a staff member)."""
    m = db.session.get(Mukellef, mukellef_id, with_for_update=True)
    if m is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    if m.hatirlatma_kapali_at is None:
        m.hatirlatma_kapali_at = clock.now()
        m.hatirlatma_kapatan = kim[:200]
        audit.record("gelir.hatirlatma.kapat", actor=actor, realm="staff" if kim not in ("vatandas", "baglanti")
                     else "citizen", object_type="mukellef", object_id=m.id, before={"hatirlatma": True},
                     after={"hatirlatma": False, "kim": kim})
    return m


def ac(mukellef_id: int, *, actor: str, realm: str) -> Mukellef:
    """Reminders again, for a taxpayer who had opted out."""
    m = db.session.get(Mukellef, mukellef_id, with_for_update=True)
    if m is None:
        raise GelirError(_l("Mükellef bulunamadı."), status=404)
    if m.hatirlatma_kapali_at is not None:
        before = {"hatirlatma": False, "kim": m.hatirlatma_kapatan}
        m.hatirlatma_kapali_at = None
        m.hatirlatma_kapatan = None
        audit.record("gelir.hatirlatma.ac", actor=actor, realm=realm, object_type="mukellef", object_id=m.id,
                     before=before, after={"hatirlatma": True})
    return m
