"""İK (insan kaynakları): personnel of every kind, units and positions, assignments with
history, SGK hire and leave notices, the monthly payroll (bordro) with its payslips and bank
file, and annual leave."""

from ebelediye.registry import ModuleSpec, Permission

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
    ),
    models="modules.ik.models",
    migrations="modules.ik.migrations",
    seed="modules.ik.seed:run",
    national_parameters="modules.ik.seed:NATIONAL_PARAMETERS",
    #: the per-transaction cache of the national figures (services.kurallar) ends with it
    on_app=("modules.ik.services:install",),
)
