package i18n

// Portuguese (Brazil) strings of tags that travel (SPEC 3b, R24).
func init() { merge(ptBR, ptBRTags) }

var ptBRTags = map[string]string{
	"tags.title":              "Tags",
	"tags.read_only":          "Definidas pelo dono da imagem. Escolha uma para listar as imagens com ela.",
	"tags.hint":               "Até %d tags. Uma chave (1 a 127 caracteres) e um valor (até 255): letras, dígitos, espaços e + - = . _ : / @ ( ) [ ] , ; > < (sem = nas chaves). Todos com quem você compartilha a imagem as veem, e as cópias as levam.",
	"tags.key":                "Chave",
	"tags.value":              "Valor",
	"tags.remove":             "Remover",
	"tags.key_label":          "Chave da tag %d",
	"tags.value_label":        "Valor da tag %d",
	"tags.remove_label":       "Remover a tag %d ao salvar",
	"tags.save":               "Salvar tags",
	"tags.add_row":            "Adicionar linha",
	"tags.count":              "%d tag|%d tags",
	"tags.filter_by":          "Listar as imagens com a tag %s",
	"tags.filter_label":       "Tag",
	"tags.filter_placeholder": "chave ou chave=valor",
	"tags.filter_active":      "Com a tag:",
	"tags.filter_remove":      "Remover o filtro de tag %s",
	"flash.tags_saved":        "Tags salvas.",
	"tags.limit_exceeded":     "Uma imagem pode ter no máximo %d tags; esta tem %d. Remova algumas.",
	"tags.key_required":       "Tag %d: informe uma chave (ou remova a linha).",
	"tags.key_too_long":       "Tag %d: use no máximo %d caracteres na chave.",
	"tags.key_chars":          "Tag %d: a chave só pode ter letras, dígitos, espaços e + - . _ : / @ ( ) [ ] , ; > < (sem =).",
	"tags.key_reserved":       "Tag %d: chaves que começam com qcs: ou project: são reservadas (%s).",
	"tags.key_duplicate":      "Tag %[1]d: a chave %[2]s já é usada pela tag %[3]d; as chaves devem ser diferentes.",
	"tags.value_too_long":     "Tag %d: use no máximo %d caracteres no valor.",
	"tags.value_chars":        "Tag %d: o valor só pode ter letras, dígitos, espaços e + - = . _ : / @ ( ) [ ] , ; > <.",
	"audit.ok.image.tags":     "Definiu as tags da imagem %[1]s: %[2]s.",
	"audit.no.image.tags":     "Não foi possível definir as tags da imagem %[1]s.",
}
