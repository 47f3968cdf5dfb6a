package dialog

import "github.com/charmbracelet/bubbles/key"

// keyMap are the bindings forms and dialogs show in the help line. Each state lists only the
// keys that work in it, so the help line never offers a key that does nothing. (The handlers match
// the same keys by name.)
type keyMap struct {
	FormNext    key.Binding
	FormPrev    key.Binding
	FormSave    key.Binding
	FormCancel  key.Binding
	FormChoice  key.Binding
	FormRemove  key.Binding
	FormAdd     key.Binding
	FormSubmit  key.Binding
	Choose      key.Binding
	Press       key.Binding
	BackToForm  key.Binding
	ConfirmNext key.Binding
	DialogEsc   key.Binding
	Close       key.Binding
	Abandon     key.Binding
	QuitAlways  key.Binding
}

func newKeys() keyMap {
	return keyMap{
		FormNext:    key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		FormPrev:    key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous")),
		FormSave:    key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "review & save")),
		FormCancel:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		FormChoice:  key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", "change")),
		FormRemove:  key.NewBinding(key.WithKeys("x", "delete"), key.WithHelp("x", "remove/keep")),
		FormAdd:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
		FormSubmit:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "review")),
		Choose:      key.NewBinding(key.WithKeys("left", "right", "tab"), key.WithHelp("←/→", "choose")),
		Press:       key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "press")),
		BackToForm:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the form")),
		ConfirmNext: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "to the buttons")),
		DialogEsc:   key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		Close:       key.NewBinding(key.WithKeys("enter", "esc"), key.WithHelp("enter", "close")),
		Abandon:     key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel the check")),
		QuitAlways:  key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit")),
	}
}

// ShortHelp implements Dialog: the keys that work in the form right now.
func (f *partnerForm) ShortHelp() []key.Binding {
	k := f.env.keys
	switch {
	case f.call.busy():
		if f.call.cancellable {
			return []key.Binding{k.Abandon}
		}
		return []key.Binding{k.QuitAlways}
	case f.phase == phaseFields:
		ks := []key.Binding{k.FormNext, k.FormPrev}
		switch st := f.current(); st.kind {
		case stopAppType, stopOnboarded:
			ks = append(ks, k.FormChoice)
		case stopAddKind:
			ks = append(ks, k.FormChoice)
			if f.secs[st.sec].kind().idLabel == "" {
				ks = append(ks, k.FormAdd)
			}
		case stopAddID:
			ks = append(ks, k.FormAdd)
		case stopGroup:
			ks = append(ks, k.FormRemove)
		case stopSave:
			ks = append(ks, k.FormSubmit)
		}
		return append(ks, k.FormSave, k.FormCancel)
	case f.phase == phaseDiscard:
		return []key.Binding{k.Choose, k.Press, k.BackToForm}
	}
	return []key.Binding{k.Choose, k.Press, k.BackToForm}
}

// FullHelp implements Dialog.
func (f *partnerForm) FullHelp() [][]key.Binding { return [][]key.Binding{f.ShortHelp()} }

// ShortHelp implements Dialog: the keys that work in the dialog right now.
func (d *confirmation) ShortHelp() []key.Binding {
	k := d.env.keys
	switch {
	case d.call.busy():
		if d.call.cancellable {
			return []key.Binding{k.Abandon}
		}
		return []key.Binding{k.QuitAlways}
	case d.phase == confirmDone:
		return []key.Binding{k.Close}
	case d.phase == confirmAsk && d.focus == focusInput:
		return []key.Binding{k.ConfirmNext, k.DialogEsc}
	}
	return []key.Binding{k.Choose, k.Press, k.DialogEsc}
}

// FullHelp implements Dialog.
func (d *confirmation) FullHelp() [][]key.Binding { return [][]key.Binding{d.ShortHelp()} }
