package theme

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// Resolving a colour once must send the terminal exactly the bytes lipgloss sends when it
// resolves the adaptive colour on every Render, for every profile and background.
func TestResolvedColoursRenderTheSameBytes(t *testing.T) {
	all := []lipgloss.AdaptiveColor{adAccent, adText, adMuted, adFaint, adBorder, adOK, adWarning, adCritical, adSelectBG}
	for _, profile := range []termenv.Profile{termenv.Ascii, termenv.ANSI, termenv.ANSI256, termenv.TrueColor} {
		for _, dark := range []bool{true, false} {
			r := lipgloss.NewRenderer(io.Discard)
			r.SetColorProfile(profile)
			r.SetHasDarkBackground(dark)
			for _, ac := range all {
				rc := resolve(paletteKey{profile, dark}, ac)
				for _, pair := range [][2]lipgloss.Style{
					{r.NewStyle().Foreground(ac), r.NewStyle().Foreground(rc)},
					{r.NewStyle().Background(ac).Bold(true), r.NewStyle().Background(rc).Bold(true)},
					{r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(ac), r.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(rc)},
				} {
					if want, got := pair[0].Render("x y"), pair[1].Render("x y"); want != got {
						t.Errorf("profile %v dark %v colour %v: %q, want %q", profile, dark, ac, got, want)
					}
				}
			}
		}
	}
}

// One palette per profile and background serves every session.
func TestPaletteIsSharedByProfile(t *testing.T) {
	mk := func() *lipgloss.Renderer {
		r := lipgloss.NewRenderer(io.Discard)
		r.SetColorProfile(termenv.ANSI256)
		r.SetHasDarkBackground(true)
		return r
	}
	a, b := paletteFor(mk()), paletteFor(mk())
	if a != b || a.accent == (lipgloss.NoColor{}) {
		t.Fatalf("palettes %+v and %+v", a, b)
	}
	light := mk()
	light.SetHasDarkBackground(false)
	if paletteFor(light) == a {
		t.Fatal("a light background got the dark palette")
	}
}
