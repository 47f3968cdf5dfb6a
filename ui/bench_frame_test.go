package ui

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/partnerdash/partnerdash/ui/uitest"
)

// Issue 13's frame benchmarks: one keystroke frame (j: Update then View) and View alone, over
// 1,000 partners, for the colour profiles SSH clients bring. ANSI256 is an xterm-256color client
// (the common case over SSH), where lipgloss converts every hex colour to the nearest of 256
// on every Render; Ascii is what the goldens use.
// Run: go test ./ui/ -run '^$' -bench 'Frame|ViewSize' -benchmem

const benchFramePartners = 1000

var benchProfiles = []struct {
	name    string
	profile termenv.Profile
}{
	{"ascii", termenv.Ascii},
	{"ansi256", termenv.ANSI256},
	{"truecolor", termenv.TrueColor},
}

func benchFrameModel(b *testing.B, profile termenv.Profile, w, h int) *root {
	b.Helper()
	return dashModel(b, uitest.NewTenant(dashManyPartners(benchFramePartners)...), w, h, func(o *Options) {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(profile) // io.Discard is no terminal: without this every profile is Ascii
		r.SetHasDarkBackground(true)
		o.Renderer = r
	})
}

// BenchmarkKeystrokeFrame is one cursor move and the frame it draws at 120x40 (list and detail
// side by side). The cursor walks down and back up so every key moves it.
func BenchmarkKeystrokeFrame(b *testing.B) {
	for _, p := range benchProfiles {
		b.Run(p.name, func(b *testing.B) {
			m := benchFrameModel(b, p.profile, 120, 40)
			if m.list.cursor != 0 || len(m.list.visible) != benchFramePartners {
				b.Fatalf("dashboard not loaded: cursor %d, %d visible", m.list.cursor, len(m.list.visible))
			}
			if colored := strings.Contains(m.View(), "\x1b["); colored != (p.profile != termenv.Ascii) {
				b.Fatalf("%s frame has escape sequences: %v", p.name, colored)
			}
			down, up := uitest.Key("j"), uitest.Key("k")
			going := down
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				switch m.list.cursor {
				case benchFramePartners - 1:
					going = up
				case 0:
					going = down
				}
				m.Update(going)
				_ = m.View()
			}
		})
	}
}

// BenchmarkViewSize is View alone at the two sizes the design names.
func BenchmarkViewSize(b *testing.B) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, p := range benchProfiles {
			b.Run(fmt.Sprintf("%dx%d/%s", size[0], size[1], p.name), func(b *testing.B) {
				m := benchFrameModel(b, p.profile, size[0], size[1])
				m.list.move(benchFramePartners / 2)
				m.sync()
				b.ReportAllocs()
				b.ResetTimer()
				for range b.N {
					_ = m.View()
				}
			})
		}
	}
}
