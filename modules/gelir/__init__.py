"""Gelir (revenue): taxpayers, property tax and other revenues, accrual, collection,
late-payment surcharges, and citizens paying online."""

from ebelediye.registry import MenuEntry, ModuleSpec, Permission, SessionListener

spec = ModuleSpec(
    key="gelir",
    name_tr="Gelir",
    name_en="Revenue",
    version="1.0",
    integrates=("muhasebe",),
    permissions=(
        Permission("gelir.mukellef.goruntule", "Mükellef ve borç görüntüle", "View taxpayers and debts"),
        Permission("gelir.mukellef.yonet", "Mükellef kaydet, düzelt, birleştir", "Register, correct and merge taxpayers"),
        Permission("gelir.emlak.yonet", "Emlak, beyan ve muafiyet kaydet", "Register properties, declarations and reliefs"),
        Permission("gelir.tarife.yonet", "Tarife ve birim değerleri yönet", "Maintain tariffs and unit values"),
        Permission("gelir.tahakkuk.olustur", "Tekil tahakkuk oluştur", "Create single accruals"),
        Permission("gelir.tahakkuk.toplu", "Yıllık toplu tahakkuk başlat", "Run the yearly batch accrual"),
        Permission("gelir.tahakkuk.iptal", "Tahakkuk iptal et (ters kayıt)", "Cancel accruals (reversing entry)"),
        Permission("gelir.tahsilat.olustur", "Vezne tahsilatı al", "Take counter payments"),
        Permission("gelir.iade.talep", "İade talebi hazırla", "Prepare refunds"),
        Permission("gelir.iade.onayla", "İade onayla", "Approve refunds"),
        Permission("gelir.rapor.goruntule", "Gelir raporları", "Revenue reports"),
        Permission("gelir.takip.yonet", "6183 takibi: ödeme emri, tecil, yapılandırma, haciz, zamanaşımı",
                   "6183 collection: payment orders, deferral, restructuring, attachment, lapse"),
        Permission("gelir.banka.yonet", "Anlaşmalı bankaları, anahtarlarını ve mutabakatı yönet",
                   "Manage contracted banks, their keys and reconciliation"),
        # held by banks' service accounts only (services.banka): the bank API and nothing else
        Permission("gelir.banka.tahsilat", "Banka servis hesabı: borç sorgulama, tahsilat, mutabakat",
                   "Bank service account: debt inquiry, collection, reconciliation"),
        Permission("gelir.terkin.talep", "Terkin talebi hazırla (zamanaşımı, değersiz alacak …)",
                   "Request a write-off (lapse, worthless receivable …)"),
        Permission("gelir.terkin.onayla", "Terkin onayla", "Approve write-offs"),
    ),
    menu=(
        MenuEntry("gelir.mukellefler", "Mükellefler", "Taxpayers", permission="gelir.mukellef.goruntule"),
        MenuEntry("gelir.emlaklar", "Emlak", "Properties", permission="gelir.mukellef.goruntule"),
        MenuEntry("gelir.tahakkuk_index", "Tahakkuk", "Accrual", permission="gelir.tahakkuk.olustur"),
        MenuEntry("gelir.vezne", "Vezne", "Cash desk", permission="gelir.tahsilat.olustur"),
        MenuEntry("gelir.raporlar", "Gelir raporları", "Revenue reports", permission="gelir.rapor.goruntule"),
        MenuEntry("gelir.odeme_emirleri", "Takip (6183)", "Collection (6183)", permission="gelir.takip.yonet"),
        MenuEntry("gelir.tarifeler", "Tarifeler", "Tariffs", permission="gelir.tarife.yonet"),
        MenuEntry("gelir.bankalar", "Anlaşmalı bankalar", "Contracted banks", permission="gelir.banka.yonet"),
        MenuEntry("gelir.kira_sozlesmeleri", "Kira ve ecrimisil", "Rent and ecrimisil", permission="gelir.tahakkuk.olustur"),
        MenuEntry("gelir.harc_izinleri", "Harç ve işgal izinleri", "Fees and occupation permits",
                  permission="gelir.tahakkuk.olustur"),
    ),
    blueprints=(
        "modules.gelir.views:bp",
        "modules.gelir.citizen:bp",
        "modules.gelir.api:blp",
    ),
    models="modules.gelir.models",
    migrations="modules.gelir.migrations",
    seed="modules.gelir.seed:run",
    national_parameters="modules.gelir.seed:NATIONAL_PARAMETERS",
    dashboard_cards=(
        "modules.gelir.views.dashboard:collections_card",
        "modules.gelir.views.dashboard:arrears_card",
    ),
    citizen_menu=(
        MenuEntry("gelir_vatandas.borclarim", "Borç sorgulama ve ödeme", "Debts and online payment"),
        MenuEntry("gelir_vatandas.borcu_yoktur", "Borcu yoktur yazısı", "No-debt letter"),
        MenuEntry("gelir_vatandas.yakin_borcu", "Yakınımın borcunu öde", "Pay a relative's debt"),
    ),
    citizen_items="modules.gelir.citizen:items",
    demo="modules.gelir.demo:run",
    cli="modules.gelir.cli:group",
    #: the debt-inquiry cache follows every commit (services.borc)
    session_listeners=(
        SessionListener("after_commit", "modules.gelir.services.borc:counters.after_commit"),
        SessionListener("after_transaction_end", "modules.gelir.services.borc:counters.after_transaction_end"),
    ),
    ports={"FeeCharger": "modules.gelir.ports:FeeService",
           "RevenueLedger": "modules.gelir.gelir_defteri:GelirDefteri",  # for Muhasebe's back-posting
           "CashDesks": "modules.gelir.vezne_kasasi:VezneKasasi"},  # for Muhasebe's 100 reconciliation
)
