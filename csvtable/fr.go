package csvtable

import "medibus/lang"

// frenchFormats is the French of the reader's messages, keyed by their English format (lang).
var frenchFormats = map[string]string{
	"file is empty: it needs a header line":                "le fichier est vide : il lui faut une ligne d'en-tête",
	"header is not valid UTF-8: save the file as UTF-8":    "l'en-tête n'est pas en UTF-8 valide : enregistrez le fichier en UTF-8",
	"column named twice in the header":                     "colonne nommée deux fois dans l'en-tête : gardez-en une",
	"missing column %q in header: the header must name %s": "colonne %q absente de l'en-tête : l'en-tête doit nommer %s",
	"character %d: %w: write a value that holds a separator or a quote between double quotes, doubling each quote inside (\"a \"\"b\"\", c\")": "caractère %d : %w : mettez une valeur qui contient un séparateur ou un guillemet entre guillemets doubles, en doublant chaque guillemet intérieur (\"a \"\"b\"\", c\")",
	"text is not valid UTF-8: save the file as UTF-8":                              "le texte n'est pas en UTF-8 valide : enregistrez le fichier en UTF-8",
	"%q is not a whole number":                                                     "%q n'est pas un nombre entier",
	"%q is not a number (write it with a dot or a comma for decimals: 4.5 or 4,5)": "%q n'est pas un nombre (écrivez les décimales avec une virgule ou un point : 4,5 ou 4.5)",
}

func init() { lang.Register(frenchFormats) }
