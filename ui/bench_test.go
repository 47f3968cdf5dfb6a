package ui

import (
	"fmt"
	"testing"

	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Frame budgets: each of these should stay well under 16 ms (one frame at 60 Hz), and View
// should cost the same for 100 partners as for 10,000 (only the rows on screen are drawn).
// Run: go test ./ui/ -run '^$' -bench . -benchmem

func benchModel(b *testing.B, n int) *root {
	b.Helper()
	return dashModel(b, uitest.NewTenant(dashManyPartners(n)...), 120, 40)
}

func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("partners=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			m.list.move(n / 2)
			m.sync()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				_ = m.View()
			}
		})
	}
}

func BenchmarkCursorDown(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("partners=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			down, up := uitest.Key("j"), uitest.Key("k")
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				k := down
				if m.list.cursor == n-1 {
					k = up
				}
				m.Update(k)
				_ = m.View()
			}
		})
	}
}

// BenchmarkFilterKeystroke types one character into the filter and draws the frame (alternately
// a letter and backspace, so every keystroke re-filters the whole list).
func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range []int{100, 10000} {
		b.Run(fmt.Sprintf("partners=%d", n), func(b *testing.B) {
			m := benchModel(b, n)
			dashPress(m, "/", "j", "a")
			keys := []string{"m", "backspace"}
			msgs := []any{uitest.Key(keys[0]), uitest.Key(keys[1])}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				m.Update(msgs[i%2])
				_ = m.View()
			}
			b.StopTimer()
			if m.list.query != "ja" && m.list.query != "jam" {
				b.Fatalf("filter is %q", m.list.query)
			}
		})
	}
}
