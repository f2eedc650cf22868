package models

import "gorm.io/gorm/clause"

func forUpdate() clause.Expression { return clause.Locking{Strength: "UPDATE"} }

func forUpdateSkipLocked() clause.Expression {
	return clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"}
}
