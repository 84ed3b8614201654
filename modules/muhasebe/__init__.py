"""Muhasebe (public accounting, MİBMY): the chart of accounts, vouchers with separation of
duties and gap-free numbering, automatic postings of Gelir's and İK's events in their
transaction, the budget's appropriations and their use, monthly locks and the books."""

from ebelediye.registry import Handler, MenuEntry, ModuleSpec, Permission

spec = ModuleSpec(
    key="muhasebe",
    name_tr="Muhasebe",
    name_en="Accounting",
    version="1.0",
    integrates=("gelir", "ik"),
    permissions=(
        Permission("muhasebe.goruntule", "Muhasebe kayıtlarını ve raporlarını görüntüle", "View the books and reports"),
        Permission("muhasebe.fis.hazirla", "Muhasebe fişi hazırla", "Prepare vouchers"),
        Permission("muhasebe.fis.onayla", "Muhasebe fişini onayla (muhasebe yetkilisi)",
                   "Approve vouchers (accounting officer)"),
        Permission("muhasebe.hesap.yonet", "Hesap planını yönet", "Maintain the chart of accounts"),
        Permission("muhasebe.donem.kilitle", "Muhasebe dönemini kapat", "Lock accounting periods"),
        Permission("muhasebe.butce.yonet", "Bütçe kalemi aç, ödenek ve aktarma hazırla",
                   "Open budget lines, prepare appropriations and transfers"),
    ),
    menu=(
        MenuEntry("muhasebe.fisler", "Muhasebe fişleri", "Vouchers", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.mizan", "Mizan", "Trial balance", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.butce", "Bütçe", "Budget", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.tablolar", "Mali tablolar", "Financial statements", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.kesin_hesap", "Kesin hesap", "Final accounts", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.mali_istatistik", "Hazine aylık verisi", "Monthly data for the Treasury",
                  permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.hesaplar", "Hesap planı", "Chart of accounts", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.tedarikciler", "Tedarikçiler ve ödemeler", "Suppliers and payments",
                  permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.banka_index", "Banka ekstreleri", "Bank statements", permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.mutabakat", "Alt defter mutabakatı", "Subsidiary-ledger reconciliation",
                  permission="muhasebe.goruntule"),
        MenuEntry("muhasebe.geri_aktarim_index", "Geriye dönük aktarım", "Back-posting", permission="muhasebe.goruntule"),
    ),
    blueprints=("modules.muhasebe.views:bp", "modules.muhasebe.api:blp"),
    models="modules.muhasebe.models",
    migrations="modules.muhasebe.migrations",
    seed="modules.muhasebe.seed:run",
    national_parameters="modules.muhasebe.seed:NATIONAL_PARAMETERS",
    handlers=(
        Handler("revenue_accrued", "modules.muhasebe.handlers:tahakkuk"),
        Handler("revenue_collected", "modules.muhasebe.handlers:tahsilat"),
        Handler("revenue_cancelled", "modules.muhasebe.handlers:iptal"),
        Handler("revenue_refunded", "modules.muhasebe.handlers:iade"),
        Handler("collection_reversed", "modules.muhasebe.handlers:tahsilat_iptali"),
        Handler("credit_applied", "modules.muhasebe.handlers:mahsup"),
        Handler("credit_application_reversed", "modules.muhasebe.handlers:mahsup_iptali"),
        Handler("payroll_accrued", "modules.muhasebe.handlers:bordro_tahakkuk"),
        Handler("payroll_paid", "modules.muhasebe.handlers:bordro_odeme"),
    ),
    dashboard_cards=("modules.muhasebe.views.rapor:nakit_card", "modules.muhasebe.views.rapor:butce_card",
                     "modules.muhasebe.views.mutabakat:mutabakat_card",
                     "modules.muhasebe.views.mutabakat:mutabakat_320_card",
                     "modules.muhasebe.views.mutabakat:mutabakat_100_card",
                     "modules.muhasebe.views.mali_istatistik:mali_veri_card"),
    demo="modules.muhasebe.demo:run",
    demo_order=10,  # the budget and the chart exist before Gelir and İK post their demo years
)
