package models

import (
	"errors"
	"fmt"
)

// Sentinels for the kinds of failure a caller branches on. Coded errors
// unwrap to one of them, so errors.Is works on both.
var (
	ErrNotFound = errors.New("not found")
	ErrInvalid  = errors.New("invalid input")
	ErrConflict = errors.New("conflict")
	ErrLimited  = errors.New("rate limited")
)

// Message is a translatable text: a catalogue key and its arguments. The
// domain never formats user-facing text itself; the web layer translates.
type Message struct {
	Key  string
	Args []any
}

// Translation returns the catalogue key and arguments (i18n.Translatable).
func (m Message) Translation() (string, []any) { return m.Key, m.Args }

// Msg builds a Message.
func Msg(key string, args ...any) Message { return Message{Key: key, Args: args} }

// FieldError ties a message to one input of a form or API request.
type FieldError struct {
	Field string
	Msg   Message
}

// Error is a domain failure with the code the API returns (Tencent's where one
// exists), a message for people, and optional per-field details.
type Error struct {
	Kind   error // one of the sentinels above
	Code   string
	Msg    Message
	Fields []FieldError
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Msg.Key) }

func (e *Error) Unwrap() error { return e.Kind }

// Field returns the message for one field, if any.
func (e *Error) Field(name string) (Message, bool) {
	for _, f := range e.Fields {
		if f.Field == name {
			return f.Msg, true
		}
	}
	return Message{}, false
}

// invalid builds a validation error for one or more fields; the first field's
// message doubles as the summary.
func invalid(code string, fields ...FieldError) *Error {
	e := &Error{Kind: ErrInvalid, Code: code, Fields: fields}
	if len(fields) > 0 {
		e.Msg = fields[0].Msg
	}
	return e
}

func notFound(code string, msg Message) *Error {
	return &Error{Kind: ErrNotFound, Code: code, Msg: msg}
}

// AsError extracts a domain error from err's chain.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
