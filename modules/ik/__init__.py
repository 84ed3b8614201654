"""İK (insan kaynakları): personnel of every kind, units and positions, assignments with
history, SGK hire and leave notices, the monthly payroll (bordro) with its payslips and bank
file, and annual leave."""

from ebelediye.registry import MenuEntry, ModuleSpec, Permission, SessionListener

spec = ModuleSpec(
    key="ik",
    name_tr="İnsan Kaynakları",
    name_en="Human resources",
    version="1.0",
    permissions=(
        Permission("ik.personel.goruntule", "Personel kayıtlarını görüntüle", "View staff records"),
        Permission("ik.personel.yonet", "Personel al, ata, ayır", "Hire, assign and release staff"),
        Permission("ik.bordro.hazirla", "Bordro hazırla ve çalıştır", "Prepare and run payrolls"),
        Permission("ik.bordro.kapat", "Bordroyu onayla ve kapat", "Approve and close payrolls"),
        Permission("ik.izin.onayla", "İzin taleplerini onayla", "Approve leave requests"),
        Permission("ik.ayar.yonet", "İşveren bilgilerini (SGK) yönet", "Maintain the employer's SGK details"),
    ),
    menu=(
        MenuEntry("ik.personel_listesi", "Personel", "Staff", permission="ik.personel.goruntule"),
        MenuEntry("ik.bordrolar", "Bordro", "Payroll", permission="ik.bordro.hazirla"),
        MenuEntry("ik.tisler", "TİS ücret cetvelleri", "Collective agreement wage scales", permission="ik.bordro.hazirla"),
        MenuEntry("ik.kadrolar", "Kadrolar ve tazminatlar", "Positions and their allowances",
                  permission="ik.bordro.hazirla"),
        MenuEntry("ik.izinler", "İzin talepleri", "Leave requests", permission="ik.izin.onayla"),
        MenuEntry("ik.sgk_raporlari", "SGK raporları", "SGK sick reports", permission="ik.personel.yonet"),
        MenuEntry("ik.benim", "Bordrolarım ve izinlerim", "My payslips and leave"),
        MenuEntry("ik.ayarlar", "İK ayarları", "HR settings", permission="ik.ayar.yonet"),
    ),
    blueprints=("modules.ik.views:bp", "modules.ik.api:blp"),
    models="modules.ik.models",
    migrations="modules.ik.migrations",
    seed="modules.ik.seed:run",
    national_parameters="modules.ik.seed:NATIONAL_PARAMETERS",
    #: the per-transaction cache of the national figures (services.kurallar) ends with it
    #: per-transaction figures of law, dropped when the transaction ends
    session_listeners=(SessionListener("after_transaction_end", "modules.ik.services:_forget"),),
    dashboard_cards=("modules.ik.views.pano:kadro_card", "modules.ik.views.pano:maliyet_card",
                     "modules.ik.views.pano:izin_card", "modules.ik.views.pano:belge_card"),
    demo="modules.ik.demo:run",
    cli="modules.ik.cli:group",
    ports={"PayrollLedger": "modules.ik.bordro_defteri:BordroDefteri"},  # for Muhasebe's back-posting
)
