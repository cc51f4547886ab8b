package seal

import (
	"strings"
	"testing"
)

// FuzzNormalizeReceipt: what NormalizeReceipt accepts as a receipt code is
// exactly 16 ASCII digits, and a code reads back the same from its printed
// form (groups of four) and from itself.
func FuzzNormalizeReceipt(f *testing.F) {
	for _, s := range []string{"1234567890123456", "1234 5678 9012 3456", "1234-5678-9012-3456", "1234.5678.9012.3456",
		"\t1234567890123456\t", "123456789012345", "12345678901234567", "1234 5678 9012 345x", "１２３４５６７８９０１２３４５６",
		"١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", "", "0000000000000000", "1234\x005678901234567"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := NormalizeReceipt(s)
		if !ok {
			return
		}
		if len(code) != ReceiptDigits || strings.Trim(code, "0123456789") != "" {
			t.Fatalf("NormalizeReceipt(%q) = %q: accepted, but not %d ASCII digits", s, code, ReceiptDigits)
		}
		for _, form := range []string{code, FormatReceipt(code)} {
			if back, ok := NormalizeReceipt(form); !ok || back != code {
				t.Fatalf("NormalizeReceipt(%q) = %q; its form %q reads back as %q, %v", s, code, form, back, ok)
			}
		}
	})
}
