package i18n

// Portuguese (Brazil) strings of bulk sharing (SPEC 3b, R26).
func init() { merge(ptBR, ptBRBulk) }

var ptBRBulk = map[string]string{
	// Recusas do domínio.
	"bulk.refused":      "%[1]d das %[2]d imagens não pode ser compartilhada, então nenhuma foi compartilhada.|%[1]d das %[2]d imagens não podem ser compartilhadas, então nenhuma foi compartilhada.",
	"bulk.no_images":    "Selecione ao menos uma imagem para compartilhar.",
	"bulk.too_many":     "Compartilhe no máximo %d imagens de uma vez.",
	"bulk.other_region": "A imagem %[1]s está em %[2]s, não em %[3]s: compartilhe as imagens de uma região por vez (copie uma imagem para compartilhá-la em outra região).",
}
