package prompts

// ReasonOr is Reason(err), or def when err is not a *ParseError (a row's
// rejection reason always has a value).
func ReasonOr(err error, def string) string {
	if r := Reason(err); r != "" {
		return r
	}
	return def
}
