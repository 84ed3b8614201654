"""Citizen pages of Gelir under ``/e-hizmet``: debts, online payment, receipts, no-debt letter."""

from __future__ import annotations

import io
import secrets

import flask
from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ebelediye import clock, security
from ebelediye.access import access
from ebelediye.citizen import CitizenItem
from ebelediye.errors import UserError
from ebelediye.extensions import csrf, db
from ebelediye.inputs import load_form
from ebelediye.throttle import limiter
from ebelediye.web import FormPage, actor

from . import belge, limits
from .models import Mukellef, Tahsilat, YapilandirmaKampanyasi
from .schemas.diger import YakinSorguInput
from .schemas.takip import VatandasYapilandirmaInput
from .services import GelirError, borc, hatirlatma, online, tahsilat, tecil, yakin, yapilandirma

bp = Blueprint("gelir_vatandas", __name__, url_prefix="/e-hizmet", template_folder="templates")


def _borclar_sayfasi(errors: dict | None = None, secili: set[int] | None = None, status: int = 200):
    gun = clock.today()
    mukellef = online.mukellef_bul(current_user.tckn)
    debts = borc.acik_borclar(mukellef.id, gun) if mukellef else []
    if secili is None:  # by default everything overdue
        secili = {d.tahakkuk_id for d in debts if d.vade < gun}
    security.allow_bank_3ds()  # the payment form goes on to the bank's 3-D Secure page
    plans = db.session.scalars(tecil.planlar(mukellef.id, yapilandirma=None).limit(10)).all() if mukellef else []
    return render_template("gelir/vatandas/borclarim.html", mukellef=mukellef, borclar=debts, gun=gun,
                           toplam=borc.toplam(debts), secili=secili, errors=errors or {}, tl=belge.tl,
                           planlar=plans, plan_durumlari=tecil.DURUMLAR,
                           alacak=borc.alacak_bakiyesi(mukellef.id) if mukellef else None), status


@bp.route("/borclarim")
@access("tenant", "citizen")
def borclarim():
    back = request.args.getlist("tahakkuk")  # "Geri dön" from the confirmation keeps the choice
    secili = {int(x) for x in back if x.isdigit() and len(x) <= 18} if back else None
    return _borclar_sayfasi(secili=secili)


def _secim(values: list[str]) -> set[int]:
    chosen = {int(x) for x in values if x.isdigit() and len(x) <= 18}
    if len(chosen) != len(set(values)):
        raise GelirError(_("Seçim geçersiz."), {"tahakkuk": [_("Borç seçimi anlaşılamadı; sayfayı yenileyin.")]})
    return chosen


def _hata(exc: GelirError, chosen: set[int] | None):
    flash(exc.message, "error")
    errors = {"tahakkuk": [m for ms in exc.errors.values() for m in ms] or [exc.message]}
    return _borclar_sayfasi(errors, chosen, exc.status if exc.status in (409, 503) else 422)


def _imza() -> URLSafeSerializer:
    return URLSafeSerializer(flask.current_app.secret_key, salt="gelir.vatandas.odeme-onayi")


def _onay_sayfasi(mukellef: Mukellef, chosen: set[int] | None):
    """What will be paid, before the bank's card page: each debt, its amounts as of today, the
    total; the form carries them signed, with a key that starts one payment however often it is sent."""
    gun = clock.today()
    debts = {d.tahakkuk_id: d for d in borc.acik_borclar(mukellef.id, gun)}
    if chosen is None:  # by default everything overdue, as the list of debts chooses
        chosen = {i for i, d in debts.items() if d.vade < gun}
    try:
        secim, tutar = online.secim_hesapla(mukellef.id, sorted(chosen), gun)
    except GelirError as exc:
        return _hata(exc, chosen)
    token = _imza().dumps({"m": mukellef.id, "s": secim, "k": secrets.token_hex(16)})
    security.allow_bank_3ds()  # the confirmation goes on to the bank's 3-D Secure page
    return render_template("gelir/vatandas/odeme_onay.html", mukellef=mukellef,
                           satirlar=[debts[x["tahakkuk_id"]] for x in secim], gun=gun, toplam=tutar, onay=token,
                           secili=sorted(chosen), tl=belge.tl, taksitler=online.taksit_secenekleri(tutar),
                           odeyen=f"{current_user.first_name} {current_user.last_name}")


@bp.route("/odeme/onay")
@access("tenant", "citizen")
def odeme_onay():
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None:
        abort(404)
    try:
        chosen = _secim(request.args.getlist("tahakkuk")) if "tahakkuk" in request.args else None
    except GelirError as exc:
        return _hata(exc, None)
    return _onay_sayfasi(mukellef, chosen)


@bp.route("/odeme", methods=["POST"])
@access("tenant", "citizen")
def odeme_baslat():
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None:
        abort(404)
    if "onay" not in request.form:  # the list of debts: first the confirmation page
        try:
            chosen = _secim(request.form.getlist("tahakkuk"))
        except GelirError as exc:
            return _hata(exc, None)
        return _onay_sayfasi(mukellef, chosen)
    try:
        data = _imza().loads(request.form["onay"][:4000])
        if not isinstance(data, dict) or data.get("m") != mukellef.id:
            raise BadSignature("mukellef")
        secim, anahtar = list(data["s"]), str(data["k"])
    except (BadSignature, KeyError, TypeError):
        return _hata(GelirError(_("Onay geçersiz."), {"tahakkuk": [_("Onay sayfası anlaşılamadı; yeniden seçin.")]}),
                     None)
    ids = [int(s["tahakkuk_id"]) for s in secim]
    raw = request.form.get("taksit", "1")[:3]
    taksit = int(raw) if raw.isdigit() else 0  # not a count: refused by baslat with the counts offered
    try:
        started = online.baslat(mukellef.id, ids, clock.today(), url_for("gelir_vatandas.odeme_donus", _external=True),
                                actor=actor(), beklenen=secim, anahtar=anahtar, taksit=taksit)
    except GelirError as exc:
        return _hata(exc, set(ids))
    if started.odeme.durum != "baslatildi" or not started.yonlendirme_url:  # a second submit after the bank answered
        return redirect(url_for("gelir_vatandas.odeme_sonuc", siparis_no=started.odeme.siparis_no), 303)
    return redirect(started.yonlendirme_url, 303)


@bp.route("/odeme/donus", methods=["POST"])
@access("tenant", "public")
@csrf.exempt  # the bank's page posts here; the callback's HMAC signature is what protects it
def odeme_donus():
    result = online.geri_cagrim(request.form)
    if result.odeme is None:
        return render_template("gelir/vatandas/odeme_hata.html", mesaj=result.mesaj), 400
    return redirect(url_for("gelir_vatandas.odeme_sonuc", siparis_no=result.odeme.siparis_no), 303)


@bp.route("/odeme/<siparis_no>")
@access("tenant", "citizen")
def odeme_sonuc(siparis_no: str):
    odeme = online.gorunen(siparis_no, current_user.tckn)
    if odeme is None:
        abort(404)
    receipt = db.session.get(Tahsilat, odeme.tahsilat_id) if odeme.tahsilat_id else None
    lines = tahsilat.dagilim_satirlari(receipt.id) if receipt else []
    yakin_odemesi = odeme.odeyen_tckn == current_user.tckn and odeme.mukellef_id not in online.mukellef_idleri(
        current_user.tckn)  # paid for someone else: amounts only, no descriptions, no receipt PDF
    return render_template("gelir/vatandas/odeme_sonuc.html", odeme=odeme, makbuz=receipt, satirlar=lines,
                           durum=online.DURUMLAR.get(odeme.durum, odeme.durum), tl=belge.tl, yakin=yakin_odemesi)


def _own_receipt(tahsilat_id: int) -> Tahsilat:
    row = db.session.get(Tahsilat, tahsilat_id)
    if row is None or row.mukellef_id not in online.mukellef_idleri(current_user.tckn):
        abort(404)  # someone else's receipt is not found, not forbidden: its existence is private too
    return row


@bp.route("/makbuz/<int:tahsilat_id>.pdf")
@access("tenant", "citizen")
def makbuz_pdf(tahsilat_id: int):
    row = _own_receipt(tahsilat_id)
    return send_file(io.BytesIO(belge.makbuz_pdf(row)), mimetype="application/pdf", as_attachment=True,
                     download_name=f"makbuz-{row.makbuz_no}.pdf")


@bp.route("/makbuz/dogrula/<kod>")
@access("tenant", "public")
def makbuz_dogrula(kod: str):
    row = tahsilat.dogrula(kod) if len(kod) <= 40 else None
    if row is None:
        return render_template("gelir/vatandas/dogrula.html", makbuz=None), 404
    mukellef = db.session.get(Mukellef, row.mukellef_id)
    return render_template("gelir/vatandas/dogrula.html", makbuz=row, ad=belge.maskeli_ad(mukellef),
                           tutar=belge.tl(row.tutar))


@bp.route("/borcu-yoktur")
@access("tenant", "citizen")
def borcu_yoktur():
    mukellef = online.mukellef_bul(current_user.tckn)
    debts = borc.acik_borclar(mukellef.id, clock.today()) if mukellef else []
    return render_template("gelir/vatandas/borcu_yoktur.html", mukellef=mukellef, borclar=debts,
                           toplam=borc.toplam(debts)["toplam"], tl=belge.tl)


@bp.route("/borcu-yoktur.pdf")
@access("tenant", "citizen")
def borcu_yoktur_pdf():
    gun = clock.today()
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None or borc.acik_borclar(mukellef.id, gun):
        flash(_("Borcu yoktur yazısı verilemiyor: ödenmemiş borcunuz var ya da kaydınız yok."), "error")
        return redirect(url_for("gelir_vatandas.borcu_yoktur"))
    return send_file(io.BytesIO(belge.borcu_yoktur_pdf(mukellef, gun)), mimetype="application/pdf",
                     as_attachment=True, download_name=f"borcu-yoktur-{gun:%Y%m%d}.pdf")


# --- due-date reminders: the citizen's choice, and the opt-out link of every reminder ------

@bp.route("/hatirlatmalar", methods=["POST"])
@access("tenant", "citizen")
def hatirlatma_tercihi():
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None:  # nothing to be reminded of: say so where the choice is made
        flash(_("Bu belediyede kayıtlı borcunuz yok."), "error")
        return redirect(url_for("gelir_vatandas.borclarim"))
    if request.form.get("istiyorum") == "1":
        hatirlatma.ac(mukellef.id, actor=actor(), realm="citizen")
        flash(_("Son ödeme günlerinden önce size hatırlatma gönderilecek."), "success")
    else:
        hatirlatma.kapat(mukellef.id, actor=actor(), kim="vatandas")
        flash(_("Artık son ödeme günü hatırlatması gönderilmeyecek."), "success")
    return redirect(url_for("gelir_vatandas.borclarim"))


@bp.route("/hatirlatma/<token>", methods=["GET", "POST"])
@access("tenant", "public")
def hatirlatma_iptal(token: str):
    """The link in a reminder: no sign-in (it must work from the mail), a button to confirm
    (a mail scanner that follows links must not unsubscribe anyone)."""
    mukellef_id = hatirlatma.anahtar_coz(token) if len(token) <= 200 else None
    if mukellef_id is None:
        abort(404)
    mukellef = db.session.get(Mukellef, mukellef_id)
    if request.method == "POST":
        mukellef = hatirlatma.kapat(mukellef_id, actor="vatandas:baglanti", kim="baglanti")
    return render_template("gelir/vatandas/hatirlatma_iptal.html", ad=belge.maskeli_ad(mukellef),
                           kapali=mukellef is not None and mukellef.hatirlatma_kapali_at is not None)


def items(tckn: str) -> list[CitizenItem]:
    """The citizen's payments to this municipality, for "ödemelerim"."""
    ids = online.mukellef_idleri(tckn)
    if not ids:
        return []
    rows = list(db.session.scalars(select(Tahsilat).where(Tahsilat.mukellef_id.in_(ids))
                                   .order_by(Tahsilat.tarih.desc(), Tahsilat.id.desc()).limit(200)))
    # a reversal row (a bank's same-day cancellation) is shown as its receipt's state
    reversed_ids = {r.iptal_edilen_id for r in rows if r.iptal_edilen_id is not None}
    return [CitizenItem(kind="odeme", title=_("Makbuz %(receipt)s — %(channel)s", receipt=r.makbuz_no,
                                                   channel=belge.KANAL_ADLARI.get(r.kanal, r.kanal)),
                        status=_("İptal edildi") if r.id in reversed_ids else _("Ödendi"), on=r.tarih, amount=belge.tl(r.tutar),
                        url=url_for("gelir_vatandas.makbuz_pdf", tahsilat_id=r.id))
            for r in rows if r.iptal_edilen_id is None]


# --- paying a relative's debt (issue 12, item 9) -----------------------------------------

def _yakin_borclar(mukellef_id: int, token: str, errors: dict | None = None, secili: set[int] | None = None,
                   status: int = 200):
    """The person's open amounts: kind, year/installment, due day and amounts only."""
    gun = clock.today()
    debts = borc.acik_borclar(mukellef_id, gun)
    security.allow_bank_3ds()
    return render_template("gelir/vatandas/yakin_borclar.html", borclar=debts, gun=gun, toplam=borc.toplam(debts),
                           secili=secili if secili is not None else {d.tahakkuk_id for d in debts},
                           anahtar=token, errors=errors or {}, tl=belge.tl), status


@bp.route("/yakin-borcu", methods=["GET", "POST"])
@access("tenant", "citizen")
@limiter.shared_limit(limits.yakin_limit, scope=limits.YAKIN_SCOPE, methods=["POST"], key_func=limits.yakin_anahtari)
def yakin_borcu():
    """Whose debt: the person's TCKN and taxpayer number (rate-limited per citizen)."""
    page = FormPage("gelir/vatandas/yakin_sorgu.html", YakinSorguInput())
    if not page.submitted:
        return page.render()
    with page.attempt():
        data = page.load()
    if page.problem is not None:
        return page.render()
    row = yakin.bul(data["tckn"], data["mukellef_no"], odeyen_tckn=current_user.tckn)
    if row is None:
        # one message for either field: which one was wrong is not told
        page.fail(GelirError(_(yakin.UYUSMADI), status=422))
        return page.render()
    return _yakin_borclar(row.id, yakin.anahtar(row.id, current_user.tckn))


@bp.route("/yakin-borcu/odeme", methods=["POST"])
@access("tenant", "citizen")
def yakin_odeme():
    """Pay the chosen debts of the person found: the confirmation first, then the bank."""
    token = request.form.get("anahtar", "")
    mukellef_id = yakin.coz(token, current_user.tckn)
    if mukellef_id is None:  # the list expired (or is not this citizen's): look the person up again
        flash(_("Sorgunun süresi doldu; kişiyi yeniden sorgulayın."), "error")
        return redirect(url_for("gelir_vatandas.yakin_borcu"), 303)
    gun = clock.today()
    payer = (current_user.tckn, f"{current_user.first_name} {current_user.last_name}")
    if "onay" not in request.form:
        try:
            chosen = _secim(request.form.getlist("tahakkuk"))
            secim, tutar = online.secim_hesapla(mukellef_id, sorted(chosen), gun)
        except GelirError as exc:
            flash(exc.message, "error")
            return _yakin_borclar(mukellef_id, token, {"tahakkuk": [exc.message]}, None, 422)
        debts = {d.tahakkuk_id: d for d in borc.acik_borclar(mukellef_id, gun)}
        onay = _imza().dumps({"m": mukellef_id, "s": secim, "k": secrets.token_hex(16), "p": current_user.tckn})
        security.allow_bank_3ds()
        return render_template("gelir/vatandas/yakin_onay.html", satirlar=[debts[x["tahakkuk_id"]] for x in secim],
                               gun=gun, toplam=tutar, onay=onay, anahtar=token, odeyen=payer[1], tl=belge.tl)
    try:
        data = _imza().loads(request.form["onay"][:4000])
        if not isinstance(data, dict) or data.get("m") != mukellef_id or data.get("p") != current_user.tckn:
            raise BadSignature("mukellef")
        secim, anahtar = list(data["s"]), str(data["k"])
    except (BadSignature, KeyError, TypeError):
        return _yakin_borclar(mukellef_id, token, {"tahakkuk": [_("Onay sayfası anlaşılamadı; yeniden seçin.")]},
                              None, 422)
    ids = [int(s["tahakkuk_id"]) for s in secim]
    try:
        started = online.baslat(mukellef_id, ids, gun, url_for("gelir_vatandas.odeme_donus", _external=True),
                                actor=actor(), beklenen=secim, anahtar=anahtar, odeyen=payer)
    except GelirError as exc:
        flash(exc.message, "error")
        return _yakin_borclar(mukellef_id, token, {"tahakkuk": [exc.message]}, set(ids),
                              exc.status if exc.status in (409, 503) else 422)
    if started.odeme.durum != "baslatildi" or not started.yonlendirme_url:
        return redirect(url_for("gelir_vatandas.odeme_sonuc", siparis_no=started.odeme.siparis_no), 303)
    return redirect(started.yonlendirme_url, 303)


# --- restructuring online (yapılandırma başvurusu) ---------------------------------------

@bp.route("/yapilandirma")
@access("tenant", "citizen")
def yapilandirma_basvurusu():
    """The campaigns open today and, per campaign, the citizen's debts it covers."""
    gun = clock.today()
    mukellef = online.mukellef_bul(current_user.tckn)
    rows = yapilandirma.mukellef_uygunlari(mukellef.id, gun) if mukellef else []
    return render_template("gelir/vatandas/yapilandirma.html", mukellef=mukellef, kampanyalar=rows, gun=gun,
                           acik=bool(rows) or bool(yapilandirma.acik_kampanyalar(gun)), tl=belge.tl)


def _acik_kampanya(kampanya_id: int, gun):
    """The campaign, only while its application window includes today (else not found)."""
    row = db.session.get(YapilandirmaKampanyasi, kampanya_id)
    if row is None or not row.basvuru_baslangic <= gun <= row.basvuru_bitis:
        abort(404)
    return row


def _basvuru_formu(row, mukellef: Mukellef, gun, *, errors: dict | None = None, onizleme=None, status: int = 200):
    debts = yapilandirma.uygun_borclar(row, mukellef.id, gun)
    if request.method == "POST":
        chosen = {int(x) for x in request.form.getlist("tahakkuk") if x.isdigit() and len(x) <= 18}
    else:
        chosen = {d.tahakkuk_id for d in debts}
    return render_template("gelir/vatandas/yapilandirma_basvuru.html", kampanya=row, borclar=debts, secili=chosen,
                           onizleme=onizleme, errors=errors or {}, form=request.form, gun=gun, tl=belge.tl,
                           tolerans=row.tolerans), status


@bp.route("/yapilandirma/<int:kampanya_id>", methods=["GET", "POST"])
@access("tenant", "citizen")
def yapilandirma_basvuru(kampanya_id: int):
    """Choose debts and an option, see the preview (writes nothing), accept the law's
    conditions, confirm: the restructuring is made with the citizen as the actor."""
    gun = clock.today()
    row = _acik_kampanya(kampanya_id, gun)
    mukellef = online.mukellef_bul(current_user.tckn)
    if mukellef is None:
        flash(_("Bu belediyede kayıtlı borcunuz yok."), "error")
        return redirect(url_for("gelir_vatandas.yapilandirma_basvurusu"), 303)
    if request.method == "GET":
        return _basvuru_formu(row, mukellef, gun)
    confirm = request.form.get("islem") == "onayla"
    preview = None
    try:
        data = load_form(VatandasYapilandirmaInput())
        preview = yapilandirma.onizle(row.id, mukellef.id, data["tahakkuk"], data["taksit_sayisi"], gun, bugun=gun)
        if not confirm:  # "Hesapla": the preview, nothing written
            return _basvuru_formu(row, mukellef, gun, onizleme=preview)
        if not data["sartlar"]:
            raise GelirError(_("Başvurmak için yapılandırmanın şartlarını kabul ettiğinizi işaretleyin."),
                             {"sartlar": [_("Şartları okuyup kabul ettiğinizi işaretleyin.")]})
        plan = yapilandirma.onayla(row.id, mukellef.id, data["tahakkuk"], data["taksit_sayisi"], gun, bugun=gun,
                                   actor=actor(), kanal="e-hizmet")
    except UserError as exc:
        done = yapilandirma.aktif_plan(row.id, mukellef.id, [int(x) for x in request.form.getlist("tahakkuk")
                                                            if x.isdigit() and len(x) <= 18]) if confirm else None
        if done is not None:  # the confirmation sent twice: the first one made the plan
            flash(_("Bu borçlar için yapılandırma başvurunuz zaten alındı (yapılandırma %(no)s).", no=done.id),
                  "info")
            return redirect(url_for("gelir_vatandas.borclarim", _anchor=f"plan-{done.id}"), 303)
        flash(exc.message, "error")
        errors: dict[str, list[str]] = {}
        for name, messages in exc.field_messages().items():  # "tahakkuk.0" (an id past bigint) is the choice
            key = name.split(".")[0] if name.split(".")[0] in ("taksit_sayisi", "sartlar") else "tahakkuk"
            errors.setdefault(key, []).extend(messages)
        return _basvuru_formu(row, mukellef, gun, errors=errors, onizleme=preview,
                              status=exc.status if exc.status in (409, 503) else 422)
    flash(_("Yapılandırma başvurunuz alındı; taksitlerinizi aşağıda görebilir ve ödeyebilirsiniz."), "success")
    return redirect(url_for("gelir_vatandas.borclarim", _anchor=f"plan-{plan.id}"), 303)
