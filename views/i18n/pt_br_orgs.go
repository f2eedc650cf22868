package i18n

// Portuguese (Brazil) strings of organizations (SPEC 3b, R25).
func init() { merge(ptBR, ptBROrgs) }

var ptBROrgs = map[string]string{
	"org.not_found":                 "Não existe a organização %s.",
	"org.unit_not_found":            "Não existe a unidade %s nesta organização.",
	"org.name_taken":                "Já existe uma organização chamada %s.",
	"org.unit_name_taken":           "Já existe uma unidade chamada %s nesse lugar.",
	"org.delete_has_units":          "%s ainda tem unidades: exclua-as ou mova-as antes.",
	"org.delete_has_members":        "%s ainda tem membros: remova-os antes.",
	"org.unit_cycle":                "%s não pode ficar sob si mesma nem sob uma unidade abaixo dela.",
	"org.unit_delete_has_units":     "%s ainda tem unidades abaixo dela: exclua-as ou mova-as antes.",
	"org.unit_delete_has_members":   "%s ainda tem membros: mova-os ou remova-os antes.",
	"org.unit_without_org":          "Escolha a organização da unidade.",
	"audit.ok.admin.org.create":     "Criou a organização %[1]s (%[2]s).",
	"audit.no.admin.org.create":     "Não foi possível criar a organização %[2]s.",
	"audit.ok.admin.org.rename":     "Renomeou a organização %[1]s para %[2]s.",
	"audit.no.admin.org.rename":     "Não foi possível renomear a organização %[1]s para %[2]s.",
	"audit.ok.admin.org.delete":     "Excluiu a organização %[1]s (%[2]s).",
	"audit.no.admin.org.delete":     "Não foi possível excluir a organização %[1]s.",
	"audit.ok.admin.org.membership": "Colocou a conta %[1]s em %[2]s.",
	"audit.no.admin.org.membership": "Não foi possível colocar a conta %[1]s em %[2]s.",
	"audit.ok.admin.unit.create":    "Criou a unidade %[1]s (%[2]s).",
	"audit.no.admin.unit.create":    "Não foi possível criar a unidade %[2]s em %[1]s.",
	"audit.ok.admin.unit.rename":    "Renomeou a unidade %[1]s para %[2]s.",
	"audit.no.admin.unit.rename":    "Não foi possível renomear a unidade %[1]s para %[2]s.",
	"audit.ok.admin.unit.move":      "Moveu a unidade %[1]s para baixo de %[2]s.",
	"audit.no.admin.unit.move":      "Não foi possível mover a unidade %[1]s para baixo de %[2]s.",
	"audit.ok.admin.unit.delete":    "Excluiu a unidade %[1]s (%[2]s).",
	"audit.no.admin.unit.delete":    "Não foi possível excluir a unidade %[1]s.",
}
