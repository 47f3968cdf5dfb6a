// Package theme is every colour and style of the dashboard, built from one lipgloss renderer per
// terminal (each SSH session has its own). It is a leaf: it knows lipgloss and model enums, nothing
// of the screens that use it.
package theme

import (
	"strconv"
	"sync"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/partnerdash/partnerdash/model"
)

// Theme is every colour and style of the dashboard, built from one lipgloss renderer so that each
// SSH session gets styles for its own terminal. Names say what a style means, not how it looks.
// No code outside this package calls lipgloss.NewStyle or picks a colour.
type Theme struct {
	r   *lipgloss.Renderer
	key paletteKey

	App      lipgloss.Style // the whole screen
	Header   lipgloss.Style // the top line
	Title    lipgloss.Style // "partnerdash" in the header
	Demo     lipgloss.Style // the DEMO badge
	Muted    lipgloss.Style // secondary text: hints, ages, ids
	Faint    lipgloss.Style // placeholders, unconfigured rows
	Text     lipgloss.Style // ordinary text
	Bold     lipgloss.Style
	Selected lipgloss.Style // the selected list row (reverse, so it survives Ascii)
	Cursor   lipgloss.Style // the ❯ marker

	Pane        lipgloss.Style // a bordered pane
	PaneFocused lipgloss.Style // the pane that has focus
	PaneTitle   lipgloss.Style
	ColumnHead  lipgloss.Style
	Label       lipgloss.Style // detail pane labels

	OK       lipgloss.Style // healthy
	Warning  lipgloss.Style
	Critical lipgloss.Style
	Overdue  lipgloss.Style // a passed deadline

	StatusError lipgloss.Style // Graph errors in the status line
	StatusInfo  lipgloss.Style // toasts
	Key         lipgloss.Style // a key in help text
	KeyDesc     lipgloss.Style // its description
	HelpSep     lipgloss.Style

	Dialog       lipgloss.Style // a confirm dialog or form box
	DialogDanger lipgloss.Style // the box of a destructive dialog
	Button       lipgloss.Style
	ButtonActive lipgloss.Style
	ButtonDanger lipgloss.Style
	Input        lipgloss.Style
	InputFocused lipgloss.Style
	FieldError   lipgloss.Style

	ReadOnly      lipgloss.Style // the READ-ONLY badge in the header
	Border        lipgloss.Style // pane edges
	BorderFocused lipgloss.Style // the focused pane's edges
	Section       lipgloss.Style // a heading inside the detail pane
	Spinner       lipgloss.Style
	ErrorTitle    lipgloss.Style // the heading of a full-screen error

	FilterPrompt      lipgloss.Style // the "/ " before the filter text
	FilterText        lipgloss.Style
	FilterPlaceholder lipgloss.Style
	FilterCursor      lipgloss.Style

	// Help styles the help bubble; its defaults use lipgloss's global renderer, wrong over SSH.
	Help help.Styles
}

// Variant says which terminals draw exactly like this theme: two themes of the same Variant
// render the same text to the same bytes, so what one drew another may reuse.
type Variant = paletteKey

// Variant is this theme's Variant.
func (t Theme) Variant() Variant { return t.key }

// Renderer returns the renderer the theme was built from, for components that need their own styles.
func (t Theme) Renderer() *lipgloss.Renderer { return t.r }

// The palette: each colour for a light and for a dark background.
var (
	adAccent   = lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B8A4FF"}
	adText     = lipgloss.AdaptiveColor{Light: "#1F1F24", Dark: "#E6E6EA"}
	adMuted    = lipgloss.AdaptiveColor{Light: "#5C5C66", Dark: "#9A9AA6"}
	adFaint    = lipgloss.AdaptiveColor{Light: "#8E8E99", Dark: "#6A6A75"}
	adBorder   = lipgloss.AdaptiveColor{Light: "#B4B4BE", Dark: "#4A4A55"}
	adOK       = lipgloss.AdaptiveColor{Light: "#1B7F3B", Dark: "#5FD68A"}
	adWarning  = lipgloss.AdaptiveColor{Light: "#9A6300", Dark: "#F2C14E"}
	adCritical = lipgloss.AdaptiveColor{Light: "#B3261E", Dark: "#FF6B6B"}
	adSelectBG = lipgloss.AdaptiveColor{Light: "#E4DEFA", Dark: "#2E2A45"}
)

// palette is the palette resolved for one terminal: each colour is already what lipgloss would
// send to it, so a Render converts no colour. lipgloss resolves an AdaptiveColor on every Render
// (background, then hex to the nearest of 256 or 16 colours by HSLuv distance): over SSH, with
// one style per cell, that was a third of a frame's time.
type palette struct {
	accent, text, muted, faint, border, ok, warning, critical, selectBG lipgloss.TerminalColor
}

// paletteKey is what resolving depends on: the colour profile and the background.
type paletteKey struct {
	profile termenv.Profile
	dark    bool
}

// palettes holds one palette per profile and background, for every session of the process.
var palettes sync.Map // paletteKey -> palette

func paletteFor(r *lipgloss.Renderer) palette {
	k := paletteKey{r.ColorProfile(), r.HasDarkBackground()}
	if p, ok := palettes.Load(k); ok {
		return p.(palette)
	}
	c := func(ac lipgloss.AdaptiveColor) lipgloss.TerminalColor { return resolve(k, ac) }
	p := palette{c(adAccent), c(adText), c(adMuted), c(adFaint), c(adBorder), c(adOK), c(adWarning), c(adCritical), c(adSelectBG)}
	palettes.Store(k, p)
	return p
}

// resolve does once what lipgloss's Render does every time with ac: the same termenv
// conversion, so the bytes sent are the same.
func resolve(k paletteKey, ac lipgloss.AdaptiveColor) lipgloss.TerminalColor {
	hex := ac.Light
	if k.dark {
		hex = ac.Dark
	}
	switch k.profile {
	case termenv.Ascii:
		return lipgloss.NoColor{}
	case termenv.TrueColor:
		return lipgloss.Color(hex)
	}
	switch c := k.profile.Convert(termenv.RGBColor(hex)).(type) {
	case termenv.ANSI256Color:
		return lipgloss.Color(strconv.Itoa(int(c)))
	case termenv.ANSIColor:
		return lipgloss.Color(strconv.Itoa(int(c)))
	}
	return lipgloss.NoColor{}
}

// New builds the theme from r. With an Ascii colour profile (NO_COLOR, --no-color, a dumb
// terminal) every style degrades to plain text plus bold/reverse, and nothing is lost because every
// state also has a glyph and a word.
func New(r *lipgloss.Renderer) Theme {
	s := r.NewStyle
	border := lipgloss.RoundedBorder()
	t := Theme{r: r}
	p := paletteFor(r)
	t.key = paletteKey{r.ColorProfile(), r.HasDarkBackground()}
	colAccent, colText, colMuted, colFaint, colBorder := p.accent, p.text, p.muted, p.faint, p.border
	colOK, colWarning, colCritical, colSelectBG := p.ok, p.warning, p.critical, p.selectBG
	t.App = s()
	t.Header = s().Foreground(colText)
	t.Title = s().Bold(true).Foreground(colAccent)
	t.Demo = s().Bold(true).Foreground(colWarning)
	t.Muted = s().Foreground(colMuted)
	t.Faint = s().Foreground(colFaint)
	t.Text = s().Foreground(colText)
	t.Bold = s().Bold(true)
	t.Selected = s().Bold(true).Background(colSelectBG)
	t.Cursor = s().Bold(true).Foreground(colAccent)
	t.Pane = s().Border(border).BorderForeground(colBorder)
	t.PaneFocused = s().Border(border).BorderForeground(colAccent)
	t.PaneTitle = s().Bold(true).Foreground(colAccent)
	t.ColumnHead = s().Bold(true).Foreground(colMuted)
	t.Label = s().Foreground(colMuted)
	t.OK = s().Foreground(colOK)
	t.Warning = s().Foreground(colWarning)
	t.Critical = s().Bold(true).Foreground(colCritical)
	t.Overdue = s().Bold(true).Foreground(colCritical)
	t.StatusError = s().Foreground(colCritical)
	t.StatusInfo = s().Foreground(colOK)
	t.Key = s().Bold(true).Foreground(colAccent)
	t.KeyDesc = s().Foreground(colMuted)
	t.HelpSep = s().Foreground(colFaint)
	t.Dialog = s().Border(border).BorderForeground(colAccent).Padding(1, 2)
	t.DialogDanger = s().Border(lipgloss.ThickBorder()).BorderForeground(colCritical).Padding(1, 2)
	t.Button = s().Padding(0, 1).Foreground(colMuted)
	t.ButtonActive = s().Padding(0, 1).Bold(true).Reverse(true)
	t.ButtonDanger = s().Padding(0, 1).Bold(true).Foreground(colCritical)
	t.Input = s().Foreground(colText)
	t.InputFocused = s().Foreground(colAccent)
	t.FieldError = s().Foreground(colCritical)

	t.ReadOnly = s().Bold(true).Foreground(colWarning)
	t.Border = s().Foreground(colBorder)
	t.BorderFocused = s().Foreground(colAccent)
	t.Section = s().Bold(true).Foreground(colText)
	t.Spinner = s().Foreground(colAccent)
	t.ErrorTitle = s().Bold(true).Foreground(colCritical)
	t.FilterPrompt = s().Bold(true).Foreground(colAccent)
	t.FilterText = s().Foreground(colText)
	t.FilterPlaceholder = s().Foreground(colFaint)
	t.FilterCursor = s().Foreground(colAccent)
	t.Help = help.Styles{
		Ellipsis:       s().Foreground(colFaint),
		ShortKey:       s().Foreground(colAccent),
		ShortDesc:      s().Foreground(colMuted),
		ShortSeparator: s().Foreground(colFaint),
		FullKey:        s().Foreground(colAccent),
		FullDesc:       s().Foreground(colMuted),
		FullSeparator:  s().Foreground(colFaint),
	}
	return t
}

// State colours a partner state by how much it needs attention; the badge's glyph and word
// carry the same meaning without colour.
func (t Theme) State(s model.PartnerState) lipgloss.Style {
	switch s {
	case model.StateEnabled:
		return t.OK
	case model.StateRejected, model.StateUnresponsive:
		return t.Critical
	case model.StateUnknown, "":
		return t.Muted
	}
	return t.Warning
}

// Health colours a triage verdict.
func (t Theme) Health(h model.Health) lipgloss.Style {
	switch h {
	case model.HealthCritical:
		return t.Critical
	case model.HealthWarning:
		return t.Warning
	}
	return t.OK
}

// Deadline colours a device deadline by how near it is, with the triage thresholds.
func (t Theme) Deadline(d model.Deadline) lipgloss.Style {
	switch {
	case d.Overdue():
		return t.Overdue
	case d.In < model.DeadlineNear:
		return t.Critical
	case d.In < model.DeadlineSoon:
		return t.Warning
	}
	return t.Text
}

// TextInput is a one-line text input styled by the theme (the bubble's defaults use lipgloss's
// global renderer, which is wrong over SSH). The cursor does not blink, so an idle input schedules
// no ticks; ctrl+v is off because it would read the clipboard of the machine the program runs on
// (the server, over SSH) — a terminal's own paste still arrives as typed text.
func (t Theme) TextInput(prompt, placeholder string, limit int, prompts, text, faint, cur lipgloss.Style) textinput.Model {
	in := textinput.New()
	in.Prompt = prompt
	in.Placeholder = placeholder
	in.CharLimit = limit
	in.PromptStyle = prompts
	in.TextStyle = text
	in.PlaceholderStyle = faint
	in.CompletionStyle = faint
	in.Cursor.Style = cur
	in.Cursor.TextStyle = text
	in.Cursor.SetMode(cursor.CursorStatic)
	in.KeyMap.Paste.SetEnabled(false)
	return in
}
