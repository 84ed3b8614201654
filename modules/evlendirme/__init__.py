"""Evlendirme (civil marriage): applications, impediment checks, ceremony scheduling, the
ceremony and its registration at KPS, certificates, fees."""

from ebelediye.registry import Handler, MenuEntry, ModuleSpec, Permission, SessionListener

spec = ModuleSpec(
    key="evlendirme",
    name_tr="Evlendirme",
    name_en="Civil marriage",
    version="1.0",
    integrates=("gelir",),
    permissions=(
        Permission("evlendirme.basvuru.goruntule", "Evlenme başvurularını görüntüle", "View marriage files"),
        Permission("evlendirme.basvuru.yonet", "Başvuru al, belge ve tanık kaydet", "Take files, record documents and witnesses"),
        Permission("evlendirme.basvuru.onayla", "Başvuruyu onayla ya da reddet", "Approve or refuse files"),
        Permission("evlendirme.asim.onayla", "Engel aşımını onayla (ikinci onay)", "Approve an impediment override (second approver)"),
        Permission("evlendirme.takvim.yonet", "Nikâh randevusu ver, ertele, iptal et", "Book, reschedule and cancel ceremonies"),
        Permission("evlendirme.nikah.kiy", "Nikâh kıy (evlendirme memuru)", "Officiate ceremonies (marriage officer)"),
        Permission("evlendirme.ucret.tahsil", "Nikâh ücretini vezneden tahsil et", "Take ceremony fees at the desk"),
        Permission("evlendirme.ayar.yonet", "Salon, memur, takvim ve tarife yönet", "Maintain halls, officers, calendar and tariff"),
        Permission("evlendirme.rapor.goruntule", "Evlendirme istatistikleri", "Marriage statistics"),
    ),
    menu=(
        MenuEntry("evlendirme.basvurular", "Evlenme başvuruları", "Marriage files", permission="evlendirme.basvuru.goruntule"),
        MenuEntry("evlendirme.takvim", "Nikâh takvimi", "Ceremony calendar", permission="evlendirme.basvuru.goruntule"),
        MenuEntry("evlendirme.gunum", "Bugünkü nikâhlarım", "My ceremonies today", permission="evlendirme.nikah.kiy"),
        MenuEntry("evlendirme.istatistik", "Evlendirme istatistikleri", "Marriage statistics", permission="evlendirme.rapor.goruntule"),
        MenuEntry("evlendirme.ayarlar", "Evlendirme ayarları", "Marriage settings", permission="evlendirme.ayar.yonet"),
    ),
    blueprints=(
        "modules.evlendirme.views:bp",
        "modules.evlendirme.citizen:bp",
        "modules.evlendirme.api:blp",
    ),
    models="modules.evlendirme.models",
    migrations="modules.evlendirme.migrations",
    seed="modules.evlendirme.seed:run",
    national_parameters="modules.evlendirme.seed:NATIONAL_PARAMETERS",
    handlers=(Handler("fee_paid", "modules.evlendirme.handlers:ucret_odendi"),),
    cli="modules.evlendirme.cli:group",
    #: the per-transaction cache of the national figures (services.kurallar) ends with it
    #: per-transaction rule figures, and the slot cache following schedule changes
    session_listeners=(
        SessionListener("after_transaction_end", "modules.evlendirme.services:_forget_rules"),
        SessionListener("after_flush", "modules.evlendirme.services.takvim:_note_flush"),
        SessionListener("do_orm_execute", "modules.evlendirme.services.takvim:_note_bulk"),
        SessionListener("after_commit", "modules.evlendirme.services.takvim:counters.after_commit"),
        SessionListener("after_transaction_end", "modules.evlendirme.services.takvim:counters.after_transaction_end"),
    ),
    dashboard_cards=("modules.evlendirme.views.rapor:bugun_card",),
    citizen_menu=(
        MenuEntry("evlendirme_vatandas.basvur", "Evlenme başvurusu", "Marriage application"),
        MenuEntry("evlendirme_vatandas.dosyalarim", "Nikâh dosyalarım", "My marriage files"),
    ),
    citizen_items="modules.evlendirme.citizen:items",
    demo="modules.evlendirme.demo:run",
)
