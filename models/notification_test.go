package models_test

import (
	"slices"
	"testing"
	"time"

	"imageshare/models"
	"imageshare/models/testdb"
)

func TestNotificationsOfShares(t *testing.T) {
	tests := []struct {
		name string
		// run acts on the world and returns what alice, bob and the owner
		// must then have been told, oldest first.
		run func(t *testing.T, w *admWorld) (alice, bob, owner []string)
	}{
		{"Notifications an immediate share tells each recipient share_received, not the owner", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.share(t, w.img, w.alice, w.bob)
			got := admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, "")
			return []string{got}, []string{got}, nil
		}},
		{"R17 a share under review tells no one until it is approved", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.policy(t, models.PolicyReview, 50)
			w.share(t, w.img, w.alice)
			return nil, nil, nil
		}},
		{"R17 an approval tells the recipient share_received and the owner share_approved", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.policy(t, models.PolicyReview, 50)
			out := w.share(t, w.img, w.alice)
			if _, err := w.admin.Approve(t.Context(), w.root, admShareIDs(out)); err != nil {
				t.Fatal(err)
			}
			return []string{admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, "")}, nil,
				[]string{admNote(models.NoteShareApproved, w.img.ID, w.alice.AccountID, "")}
		}},
		{"R15 cancelling an active share tells the recipient share_ended", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.share(t, w.img, w.alice, w.bob)
			if _, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, []string{w.alice.AccountID}); err != nil {
				t.Fatal(err)
			}
			got := admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, "")
			return []string{got, admNote(models.NoteShareEnded, w.img.ID, w.owner.AccountID, "")}, []string{got}, nil
		}},
		{"R17 cancelling a pending share tells no one: the recipient never saw it", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.policy(t, models.PolicyReview, 50)
			w.share(t, w.img, w.alice)
			if _, err := w.shares.Cancel(t.Context(), w.owner, w.img.ID, []string{w.alice.AccountID}); err != nil {
				t.Fatal(err)
			}
			return nil, nil, nil
		}},
		{"R6 cancelling all shares tells only the recipients who could see the image", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.share(t, w.img, w.alice)
			w.policy(t, models.PolicyReview, 50)
			w.share(t, w.img, w.bob)
			if n, err := w.shares.CancelAll(t.Context(), w.owner, w.img.ID); err != nil || n != 2 {
				t.Fatalf("CancelAll = %d, %v; want 2", n, err)
			}
			return []string{admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, ""),
				admNote(models.NoteShareEnded, w.img.ID, w.owner.AccountID, "")}, nil, nil
		}},
		{"R17 a reject tells the owner why, and not the recipient", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.policy(t, models.PolicyReview, 50)
			out := w.share(t, w.img, w.alice)
			if _, err := w.admin.Reject(t.Context(), w.root, admShareIDs(out), "licence terms"); err != nil {
				t.Fatal(err)
			}
			return nil, nil, []string{admNote(models.NoteShareRejected, w.img.ID, w.alice.AccountID, "licence terms")}
		}},
		{"R17 a revoke tells the owner and the recipient why", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			out := w.share(t, w.img, w.alice)
			if _, err := w.admin.Revoke(t.Context(), w.root, admShareIDs(out), "malware found"); err != nil {
				t.Fatal(err)
			}
			return []string{admNote(models.NoteShareReceived, w.img.ID, w.owner.AccountID, ""),
					admNote(models.NoteShareRevoked, w.img.ID, w.owner.AccountID, "malware found")}, nil,
				[]string{admNote(models.NoteShareRevoked, w.img.ID, w.alice.AccountID, "malware found")}
		}},
		{"R1 a refused share tells no one", func(t *testing.T, w *admWorld) ([]string, []string, []string) {
			w.policy(t, models.PolicyImmediate, 1)
			_, err := w.shares.Share(t.Context(), w.owner, models.ShareRequest{ImageID: w.img.ID,
				AccountIDs: []string{w.alice.AccountID, w.bob.AccountID}, RiskAccepted: true})
			wantError(t, err, admOverQuota, models.ErrInvalid)
			return nil, nil, nil
		}},
	}
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				w := admNewWorld(t, db)
				alice, bob, owner := tt.run(t, w)
				admNotesAre(t, w, w.alice, alice...)
				admNotesAre(t, w, w.bob, bob...)
				admNotesAre(t, w, w.owner, owner...)
				admNotesAre(t, w, w.carol)
				admNotesAre(t, w, w.root)
			})
		}
	})
}

func TestNotificationStore(t *testing.T) {
	testdb.Each(t, func(t *testing.T, db *models.DB) {
		admSeed(t, db)
		w := admNewWorld(t, db)
		silver := w.addImage(t, w.owner, shGZ, "silver")
		from := time.Now()
		w.share(t, w.img, w.alice, w.bob)                                                        // alice 1, bob 1
		out := w.share(t, silver, w.alice)                                                       // alice 2
		if _, err := w.admin.Revoke(t.Context(), w.root, admShareIDs(out), "gone"); err != nil { // alice 3, owner 1
			t.Fatal(err)
		}

		tests := []struct {
			name      string
			actor     models.Actor
			wantKinds []string // newest first
		}{
			{"Notifications a recipient reads its own, newest first", w.alice,
				[]string{models.NoteShareRevoked, models.NoteShareReceived, models.NoteShareReceived}},
			{"Notifications another recipient reads only its own", w.bob, []string{models.NoteShareReceived}},
			{"Notifications the owner reads only its own", w.owner, []string{models.NoteShareRevoked}},
			{"Notifications an account told nothing reads nothing", w.carol, nil},
			{"Notifications an admin's inbox is its own account's, not the platform's", w.root, nil},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				n, err := w.notes.Unread(t.Context(), tt.actor)
				if err != nil || n != len(tt.wantKinds) {
					t.Errorf("Unread = %d, %v; want %d", n, err, len(tt.wantKinds))
				}
				list, err := w.notes.List(t.Context(), tt.actor)
				if err != nil {
					t.Fatal(err)
				}
				var kinds []string
				for _, note := range list {
					kinds = append(kinds, note.Kind)
					if note.AccountID != tt.actor.AccountID || note.ReadAt != nil || note.CreatedAt.Before(from.Add(-time.Millisecond)) {
						t.Errorf("notification %+v: want the actor's, unread, created now", note)
					}
				}
				if !slices.Equal(kinds, tt.wantKinds) {
					t.Errorf("List kinds = %q; want %q", kinds, tt.wantKinds)
				}
			})
		}
		t.Run("Notifications carry the image's name and the other account", func(t *testing.T) {
			list, err := w.notes.List(t.Context(), w.alice)
			if err != nil || len(list) == 0 {
				t.Fatalf("List = %d, %v", len(list), err)
			}
			if n := list[0]; n.ImageID != silver.ID || n.ImageName != "silver" || n.OtherAccountID != w.owner.AccountID || n.Reason != "gone" {
				t.Errorf("newest = %+v; want the revoke of silver by the owner's image, reason gone", n)
			}
		})
		t.Run("Notifications marking all read touches the actor's account only", func(t *testing.T) {
			if err := w.notes.MarkAllRead(t.Context(), w.alice); err != nil {
				t.Fatal(err)
			}
			for _, c := range []struct {
				who  models.Actor
				want int
			}{{w.alice, 0}, {w.bob, 1}, {w.owner, 1}} {
				if n, err := w.notes.Unread(t.Context(), c.who); err != nil || n != c.want {
					t.Errorf("Unread of %s = %d, %v; want %d", c.who.AccountID, n, err, c.want)
				}
			}
			list, err := w.notes.List(t.Context(), w.alice)
			if err != nil || len(list) != 3 {
				t.Fatalf("List after MarkAllRead = %d, %v; want all 3 kept", len(list), err)
			}
			for _, n := range list {
				if n.ReadAt == nil {
					t.Errorf("notification %d still unread", n.ID)
				}
			}
		})
		t.Run("Notifications a new notification after marking all read is unread", func(t *testing.T) {
			w.share(t, w.addImage(t, w.owner, shGZ, "bronze"), w.alice)
			if n, err := w.notes.Unread(t.Context(), w.alice); err != nil || n != 1 {
				t.Errorf("Unread = %d, %v; want 1", n, err)
			}
		})
		t.Run("Notifications marking an empty inbox read is fine", func(t *testing.T) {
			if err := w.notes.MarkAllRead(t.Context(), w.carol); err != nil {
				t.Errorf("MarkAllRead: %v", err)
			}
		})
	})
}
