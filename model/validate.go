package model

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// FieldError says what is wrong with one property a user is about to send.
type FieldError struct {
	Field   string // the Graph property name, e.g. "singleTenantAppId"
	Label   string // the property in words, e.g. "App ID" (model.Label)
	Message string
}

func (e *FieldError) Error() string { return e.Label + ": " + e.Message }

// FieldErrors is every problem found in one validation, in field order.
type FieldErrors []*FieldError

func (es FieldErrors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the error for a field, or nil.
func (es FieldErrors) For(field string) *FieldError {
	for _, e := range es {
		if e.Field == field {
			return e
		}
	}
	return nil
}

// AsFieldErrors unwraps err into FieldErrors, if it is one.
func AsFieldErrors(err error) (FieldErrors, bool) {
	var fe FieldErrors
	ok := errors.As(err, &fe)
	return fe, ok
}

var guidPattern = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
}) // compiled on first use, not at every start

// IsGUID reports whether s is a GUID in its 8-4-4-4-12 hex form.
func IsGUID(s string) bool { return guidPattern().MatchString(s) }

// CheckGUID validates a GUID-valued field; an empty value is allowed only when optional.
func CheckGUID(field, label, value string, optional bool) *FieldError {
	v := strings.TrimSpace(value)
	if v == "" {
		if optional {
			return nil
		}
		return &FieldError{field, label, "required"}
	}
	if !IsGUID(v) {
		return &FieldError{field, label, fmt.Sprintf("%q is not a GUID (want xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", value)}
	}
	return nil
}

// CheckDisplayName validates the display name: required, not blank, at most 256 characters.
func CheckDisplayName(name string) *FieldError {
	switch {
	case strings.TrimSpace(name) == "":
		return &FieldError{"displayName", Label("displayName"), "required"}
	case len([]rune(name)) > 256:
		return &FieldError{"displayName", Label("displayName"), "longer than 256 characters"}
	case Sanitize(name) != name:
		return &FieldError{"displayName", Label("displayName"), "contains control characters"}
	}
	return nil
}

// CheckAppType validates an app type the user picked.
func CheckAppType(t AppType) *FieldError {
	if t != "" && !t.Known() {
		return &FieldError{"partnerAppType", "App type", fmt.Sprintf("%q is not one of unknown, singleTenantApp, multiTenantApp", string(t))}
	}
	return nil
}

// CheckTarget validates one assignment target a user added.
func CheckTarget(i int, t Target) *FieldError {
	return checkTargetAt("groupsRequiringPartnerEnrollment", groupAssignmentLabel(i), t)
}

// groupAssignmentLabel names the n-th (from 0) of groupsRequiringPartnerEnrollment for a FieldError.
func groupAssignmentLabel(i int) string { return fmt.Sprintf("Group assignment %d", i+1) }

// add keeps e, if there is one.
func (es *FieldErrors) add(e *FieldError) {
	if e != nil {
		*es = append(*es, e)
	}
}

// addTargets checks the target of every assignment of the list field; label names the n-th (from 0).
func (es *FieldErrors) addTargets(field string, label func(int) string, as []Assignment) {
	for i, a := range as {
		es.add(checkTargetAt(field, label(i), a.Target))
	}
}

// err is es as an error: nil when there is nothing wrong.
func (es FieldErrors) err() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// checkTargetAt validates one target of the assignment list field, labelled label.
func checkTargetAt(field, label string, t Target) *FieldError {
	switch v := t.(type) {
	case nil:
		return &FieldError{field, label, "target is missing"}
	case GroupTarget:
		return CheckGUID(field, label+" group ID", v.GroupID, false)
	case ExclusionGroupTarget:
		return CheckGUID(field, label+" group ID", v.GroupID, false)
	case ConfigMgrCollectionTarget:
		if strings.TrimSpace(v.CollectionID) == "" {
			return &FieldError{field, label + " collection ID", "required"}
		}
	case ScopeTagGroupTarget:
		return CheckGUID(field, label+" Entra object ID", v.EntraObjectID, false)
	}
	if f := t.Filter(); f.Type != "" && f.Type != FilterNone && f.Type != FilterInclude && f.Type != FilterExclude {
		return &FieldError{field, label + " filter type", fmt.Sprintf("%q is not one of none, include, exclude", string(f.Type))}
	}
	return nil
}

// ValidateEditable checks the user-editable properties of p: name, app type, app id, groups.
// It returns FieldErrors, or nil when all is well.
func ValidateEditable(p Partner) error {
	var es FieldErrors
	es.add(CheckDisplayName(p.DisplayName))
	es.add(CheckAppType(p.PartnerAppType))
	es.add(CheckGUID("singleTenantAppId", Label("singleTenantAppId"), p.SingleTenantAppID, true))
	es.addTargets("groupsRequiringPartnerEnrollment", groupAssignmentLabel, p.Groups)
	return es.err()
}

// ValidateUpdate checks the properties a PATCH would send.
func ValidateUpdate(u PartnerUpdate) error {
	var es FieldErrors
	if u.DisplayName != nil {
		es.add(CheckDisplayName(*u.DisplayName))
	}
	if u.PartnerAppType != nil {
		es.add(CheckAppType(*u.PartnerAppType))
	}
	if u.SingleTenantAppID != nil {
		es.add(CheckGUID("singleTenantAppId", Label("singleTenantAppId"), *u.SingleTenantAppID, true))
	}
	if u.Groups != nil {
		es.addTargets("groupsRequiringPartnerEnrollment", groupAssignmentLabel, *u.Groups)
	}
	return es.err()
}
