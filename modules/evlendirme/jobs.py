"""rq jobs of Evlendirme: each takes ids, runs in one unit of work and is idempotent."""

from __future__ import annotations

from ebelediye import clock

from .services import basvuru, nikah, takvim


def kps_bildir(nikah_id: int) -> dict:
    """Notify KPS of one marriage (``connectors`` queue); safe to repeat."""
    return nikah.kps_bildir(nikah_id, actor="job:evlendirme.kps")


def gunluk() -> dict:
    """The office's daily round: lapsed holds, expired files, reminders, unacknowledged
    KPS notifications.  Each step is idempotent, so a rerun does nothing twice."""
    today = clock.today()
    return {
        "tutma_suresi_dolan": takvim.sure_dolan_tutmalar(),
        "suresi_dolan_dosya": basvuru.suresi_dolanlar(today, actor="job:evlendirme.gunluk"),
        "hatirlatma": nikah.hatirlat(today),
        "kps_yeniden": nikah.kps_bekleyenler(actor="job:evlendirme.gunluk"),
    }
