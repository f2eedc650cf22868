package models

// Actor is the principal on whose behalf a store method runs. Every query a
// store makes for an actor is scoped by its account.
type Actor struct {
	UserID    int64
	AccountID string
	Admin     bool
}
