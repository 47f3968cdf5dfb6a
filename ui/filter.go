package ui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/partnerdash/partnerdash/model"
	"github.com/sahilm/fuzzy"
)

// newFilterInput builds the filter's text input with the theme's styles (the bubble's defaults
// use lipgloss's global renderer, which is wrong over SSH) and a cursor that does not blink, so
// typing a filter starts no timer.
func newFilterInput(t Theme) textinput.Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, id or app id"
	in.PromptStyle = t.FilterPrompt
	in.TextStyle = t.FilterText
	in.PlaceholderStyle = t.FilterPlaceholder
	in.CompletionStyle = t.FilterPlaceholder
	in.Cursor.Style = t.FilterCursor
	in.Cursor.TextStyle = t.FilterText
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 200
	// ctrl+v would read the clipboard of the machine the program runs on: wrong over SSH. A
	// terminal's own paste still arrives as typed text.
	in.KeyMap.Paste.SetEnabled(false)
	return in
}

// wantsAttention is the quick state filter: partners whose triage is not OK.
func wantsAttention(e *entry) bool { return e.assess.Health != model.HealthOK }

// field is one searchable string of the candidates, as a fuzzy.Source.
type field struct {
	es    []entry
	cands []int
	get   func(*model.Partner) string
}

func (f field) String(i int) string { return f.get(f.es[f.cands[i]].p) }
func (f field) Len() int            { return len(f.cands) }

var searchFields = []func(*model.Partner) string{
	func(p *model.Partner) string { return p.DisplayName },
	func(p *model.Partner) string { return p.ID },
	func(p *model.Partner) string { return p.SingleTenantAppID },
}

// fuzzyFilter keeps the candidates (indices into es, in display order) whose name, id or app id
// matches query fuzzily. Each field is matched on its own, so a match never strings together
// letters of a name and an id. The order of cands is kept: the chosen sort still holds.
func fuzzyFilter(es []entry, cands []int, query string) []int {
	if query == "" {
		return cands
	}
	hit := make([]bool, len(cands))
	for _, get := range searchFields {
		for _, m := range fuzzy.FindFromNoSort(query, field{es: es, cands: cands, get: get}) {
			hit[m.Index] = true
		}
	}
	out := make([]int, 0, len(cands))
	for i, ok := range hit {
		if ok {
			out = append(out, cands[i])
		}
	}
	return out
}
