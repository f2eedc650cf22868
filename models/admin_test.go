package models_test

import (
	"errors"
	"testing"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestAdminOverview(t *testing.T) {
	tests := []struct {
		name    string
		actor   models.Actor
		wantErr error
		want    models.Overview
	}{
		{"a member gets ErrNotFound", models.Actor{UserID: 2, AccountID: meID}, models.ErrNotFound, models.Overview{}},
		{"an admin gets platform-wide counts", models.Actor{UserID: 1, AccountID: meID, Admin: true}, nil,
			models.Overview{ActiveAccounts: 3, DisabledAccounts: 1, Users: 3, CustomImages: 3, ActiveShares: 2, PendingReview: 1}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		testdb.Seeded(t, db) // the admin's account and user, and the public catalogue
		addAccount(t, db, meID, "Me Corp", models.AccountActive)
		addAccount(t, db, bobID, "Bob Builds", models.AccountActive)
		addAccount(t, db, goneID, "Gone Ltd", models.AccountDisabled)
		for _, u := range []models.User{
			{AccountID: meID, Username: "me-user", PasswordHash: "-", Role: models.RoleMember, CreatedAt: base, UpdatedAt: base},
			{AccountID: bobID, Username: "bob-user", PasswordHash: "-", Role: models.RoleMember, CreatedAt: base, UpdatedAt: base},
		} {
			if err := db.Create(&u).Error; err != nil {
				t.Fatal(err)
			}
		}
		mine1 := addImage(t, db, models.Image{OwnerAccountID: owned(meID)})
		mine2 := addImage(t, db, models.Image{OwnerAccountID: owned(meID)})
		bobs := addImage(t, db, models.Image{OwnerAccountID: owned(bobID)})
		addShare(t, db, mine1.ID, bobID, models.ShareActive)
		addShare(t, db, mine2.ID, bobID, models.SharePending)
		addShare(t, db, mine1.ID, goneID, models.ShareRevoked)
		addShare(t, db, bobs.ID, meID, models.ShareActive)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got, err := models.NewAdminStore(db).Overview(t.Context(), tt.actor)
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) || got != (models.Overview{}) {
						t.Errorf("Overview = %+v, %v; want nothing and %v", got, err, tt.wantErr)
					}
					return
				}
				if err != nil || got != tt.want {
					t.Errorf("Overview = %+v, %v; want %+v", got, err, tt.want)
				}
			})
		}
	})
}
