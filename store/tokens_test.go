package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"medibus/store"
)

func TestTokens(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name, role, unit, err string
	}{
		{"coordinator", store.RoleCoordinator, "", ""},
		{"driver of a bus", store.RoleDriver, "bus-23", ""},
		{"driver of every bus", store.RoleDriver, "", ""},
		{"unknown role", "admin", "", "want coordinator or driver"},
		{"coordinator with a unit", store.RoleCoordinator, "bus-23", "drop --unit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			secret, tok, err := db.CreateToken(ctx, tc.role, tc.unit)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("err %v, want %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.LookupToken(ctx, secret)
			if err != nil || got.ID != tok.ID || got.Role != tc.role || got.Unit != tc.unit {
				t.Fatalf("lookup: %+v %v, want %+v", got, err, tok)
			}
			if err := db.RevokeToken(ctx, tok.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.LookupToken(ctx, secret); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("revoked token: %v", err)
			}
		})
	}
	if _, err := db.LookupToken(ctx, "mb_unknown"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown token: %v", err)
	}
}

func TestPins(t *testing.T) {
	db, _ := mustOpen(t)
	ctx := context.Background()
	sc := sampleScenario(t, "pins")
	scID, _, err := db.SaveScenario(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	p := samplePlan(t, scID, 2)
	id, err := db.SavePlan(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	pin := p.Sessions[0]
	if err := db.SetPin(ctx, id, pin); err != nil {
		t.Fatal(err)
	}
	pin.Start += 10
	if err := db.SetPin(ctx, id, pin); err != nil { // same slot: replaced
		t.Fatal(err)
	}
	pins, err := db.Pins(ctx, id)
	if err != nil || len(pins) != 1 || pins[0].Start != pin.Start || !pins[0].Pinned {
		t.Fatalf("pins %+v %v", pins, err)
	}
	if err := db.DeletePin(ctx, id, pin.Unit, pin.Date, pin.Half); err != nil {
		t.Fatal(err)
	}
	if pins, _ := db.Pins(ctx, id); len(pins) != 0 {
		t.Errorf("pin not deleted: %+v", pins)
	}
	if err := db.Publish(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPin(ctx, id, pin); !errors.Is(err, store.ErrPublished) {
		t.Errorf("pin on a published plan: %v, want ErrPublished", err)
	}
	if got, err := db.LatestPublishedID(ctx); err != nil || got != id {
		t.Errorf("LatestPublishedID %d %v, want %d", got, err, id)
	}
}
