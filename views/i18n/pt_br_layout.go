package i18n

// Portuguese (Brazil) strings of the console's layout (see en_layout.go).
func init() { merge(ptBR, ptBRLayout) }

var ptBRLayout = map[string]string{
	"table.more":            "Mais",
	"table.more_label":      "Mais ações: %s",
	"images.col.shared":     "Compartilhada",
	"images.shared_title":   "Compartilhada com %d de no máximo %d contas",
	"images.quota_bar":      "Imagens personalizadas usadas nesta região",
	"nav.menu":              "Menu",
	"filters.toggle":        "Filtros",
	"filters.active":        "(%d filtro aplicado)|(%d filtros aplicados)",
	"detail.tabs_label":     "Detalhes da imagem",
	"detail.tab.overview":   "Visão geral",
	"detail.tab.sharing":    "Compartilhamento",
	"detail.tab.history":    "Histórico",
	"detail.edit_open":      "Editar nome e descrição",
	"detail.shares_summary": "Compartilhada com %d de no máximo %d contas.",
}
