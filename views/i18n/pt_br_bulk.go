package i18n

// Portuguese (Brazil) strings of bulk sharing (SPEC 3b, R26).
func init() { merge(ptBR, ptBRBulk) }

var ptBRBulk = map[string]string{
	// Recusas do domínio.
	"bulk.refused":       "%[1]d das %[2]d imagens não pode ser compartilhada, então nenhuma foi compartilhada.|%[1]d das %[2]d imagens não podem ser compartilhadas, então nenhuma foi compartilhada.",
	"bulk.image_refused": "Imagem %[1]s: %[2]s",
	"bulk.no_images":     "Selecione ao menos uma imagem para compartilhar.",
	"bulk.too_many":      "Compartilhe no máximo %d imagens de uma vez.",
	"bulk.other_region":  "A imagem %[1]s está em %[2]s, não em %[3]s: compartilhe as imagens de uma região por vez (copie uma imagem para compartilhá-la em outra região).",
	// A seleção na aba de imagens personalizadas.
	"bulk.select_all":     "Selecionar todas desta página",
	"bulk.share_selected": "Compartilhar selecionadas",
	"bulk.col_select":     "Selecionar",
	"bulk.select_label":   "Selecionar %s para compartilhar",
	// A página de compartilhamento em lote.
	"bulk.title":         "Compartilhar imagens selecionadas",
	"bulk.subtitle":      "Compartilhe %[1]d imagem em %[2]s com as mesmas contas: ela é compartilhada, ou nada muda.|Compartilhe %[1]d imagens em %[2]s com as mesmas contas: todas são compartilhadas, ou nenhuma.",
	"bulk.none_title":    "Nenhuma imagem selecionada",
	"bulk.back":          "Voltar às imagens personalizadas",
	"bulk.images":        "%d imagem|%d imagens",
	"bulk.risk_accept":   "Entendo esses riscos e quero compartilhar a %d imagem selecionada.|Entendo esses riscos e quero compartilhar as %d imagens selecionadas.",
	"bulk.review":        "Verificar cada imagem",
	"bulk.verdict_ok":    "Pode ser compartilhada",
	"bulk.with":          "Com %d conta|Com %d contas",
	"bulk.ready":         "%d imagem pode ser compartilhada como pedido.|As %d imagens podem ser compartilhadas como pedido.",
	"bulk.not_ready":     "%[1]d das %[2]d imagens não pode ser compartilhada como pedido, então nada pode ser compartilhado ainda. Altere as contas, ou volte e selecione outras imagens.|%[1]d das %[2]d imagens não podem ser compartilhadas como pedido, então nada pode ser compartilhado ainda. Altere as contas, ou volte e selecione outras imagens.",
	"bulk.submit":        "Compartilhar %d imagem|Compartilhar %d imagens",
	"bulk.change":        "Alterar",
	"bulk.flash":         "%[1]d imagem compartilhada com %[2]s.|%[1]d imagens compartilhadas com %[2]s.",
	"bulk.flash_pending": "Os compartilhamentos de %[1]d imagem com %[2]s foram enviados para revisão. Os destinatários a verão quando um administrador aprovar.|Os compartilhamentos de %[1]d imagens com %[2]s foram enviados para revisão. Os destinatários as verão quando um administrador aprovar.",
	"bulk.flash_offered": "%[1]d imagem oferecida a %[2]s. Cada destinatário a vê quando aceitar.|%[1]d imagens oferecidas a %[2]s. Cada destinatário as vê quando aceitar.",
	"bulk.and_more":      "%[1]s e mais %[2]d",
}
