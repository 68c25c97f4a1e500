package trigger

import (
	"context"
	"testing"
)

func TestGuardsRoundTrip(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	ctx := context.Background()
	plain, err := s.Create(ctx, valid("no guards", "codex"))
	if err != nil {
		t.Fatal(err)
	}
	if plain.StallMinutes != 0 || plain.StallAction != StallWarn || plain.MaxCostUSD != 0 {
		t.Fatalf("defaults = %d %q %v, want off/warn/none", plain.StallMinutes, plain.StallAction, plain.MaxCostUSD)
	}
	in := valid("guarded", "claude")
	in.StallMinutes, in.StallAction, in.MaxCostUSD, in.MaxTurns = 15, StallCancel, 2.5, 40
	created, err := s.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, created.ID)
	if err != nil || got.StallMinutes != 15 || got.StallAction != StallCancel || got.MaxCostUSD != 2.5 || got.MaxTurns != 40 {
		t.Fatalf("get = %+v %v", got, err)
	}
	got.StallMinutes, got.MaxCostUSD = 0, 0
	if _, err := s.Update(ctx, got); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx, "guarded")
	if err != nil || len(list) != 1 || list[0].StallMinutes != 0 || list[0].StallAction != StallCancel || list[0].MaxCostUSD != 0 {
		t.Fatalf("list = %+v %v", list, err)
	}
}

func TestGuardsBadInput(t *testing.T) {
	t.Parallel()
	s, _ := newTestService(t)
	tests := []struct {
		name  string
		edit  func(*Trigger)
		field string
	}{
		{"negative stall", func(t *Trigger) { t.StallMinutes = -1 }, "stallMinutes"},
		{"stall over a day", func(t *Trigger) { t.StallMinutes = MaxStallMinutes + 1 }, "stallMinutes"},
		{"unknown action", func(t *Trigger) { t.StallAction = "explode" }, "stallAction"},
		{"negative cost", func(t *Trigger) { t.MaxCostUSD = -0.01 }, "maxCostUsd"},
		{"absurd cost", func(t *Trigger) { t.MaxCostUSD = MaxCostUSD + 1 }, "maxCostUsd"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid("bad "+tt.name, "claude")
			tt.edit(&in)
			_, err := s.Create(context.Background(), in)
			if msg := fieldErr(t, err)[tt.field]; msg == "" {
				t.Fatalf("no message for %s: %v", tt.field, err)
			}
		})
	}
}
