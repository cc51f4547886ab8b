package report

import "testing"

// TestCellValue: the report workbook's cells are typed from the texts the
// document shows, in both languages; labels and suppressed counts stay text.
func TestCellValue(t *testing.T) {
	for _, tc := range []struct {
		text  string
		col   int
		plain bool
		want  any
		kind  cellKind
	}{
		{"2021", 0, false, 2021, plainCell},
		{"Financiële schendingen", 0, false, "Financiële schendingen", plainCell},
		{"22-03-2021", 0, true, 44277, dateCell},
		{"€ 3.330,00", 1, false, 3330.0, moneyCell},
		{"€3,330.50", 1, false, 3330.5, moneyCell},
		{"12", 1, false, 12, plainCell},
		{"29,5", 2, false, 29.5, plainCell},
		{"< 5", 1, false, "< 5", plainCell},
		{"12", 1, true, "12", plainCell},
		{"12", 4, true, 12, plainCell},
	} {
		got, kind := cellValue(tc.text, tc.col, tc.plain)
		if got != tc.want || kind != tc.kind {
			t.Errorf("cellValue(%q, %d, %v) = %v (%T), kind %d; want %v (%T), kind %d", tc.text, tc.col, tc.plain, got, got, kind, tc.want, tc.want, tc.kind)
		}
	}
}
