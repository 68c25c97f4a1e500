// Package usage turns what runs used into money: a price table per model (a setting, seeded with
// public list prices and editable) prices the tokens of CLIs that report no cost, and the usage
// of every run is aggregated per day, trigger, backend, account and model.
package usage

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"

	"github.com/agented/agented/backend/agent"
	"github.com/agented/agented/backend/validation"
)

// Price is what a model costs per million tokens, in USD. A row whose Model is a backend name
// (claude, codex, gemini, opencode) prices that backend's runs when the CLI does not name its model.
type Price struct {
	Model         string  `json:"model"`
	InputPerMTok  float64 `json:"inputPerMTok"`
	CachedPerMTok float64 `json:"cachedPerMTok"` // cache reads
	OutputPerMTok float64 `json:"outputPerMTok"`
}

// DefaultPrices are the providers' public list prices (USD per million tokens) when this table
// was written; Settings → Prices edits them. A model is looked up exactly, then by the longest
// row that starts its name, so "claude-sonnet" prices every Sonnet not listed.
func DefaultPrices() []Price {
	return []Price{
		{"claude-opus-4-1", 15, 1.5, 75},
		{"claude-opus", 5, 0.5, 25},
		{"claude-sonnet", 3, 0.3, 15},
		{"claude-haiku", 1, 0.1, 5},
		{"gpt-5-mini", 0.25, 0.025, 2},
		{"gpt-5-nano", 0.05, 0.005, 0.4},
		{"gpt-5", 1.25, 0.125, 10},
		{"gpt-4.1", 2, 0.5, 8},
		{"o3", 2, 0.5, 8},
		{"o4-mini", 1.1, 0.275, 4.4},
		{"gemini-2.5-pro", 1.25, 0.31, 10},
		{"gemini-2.5-flash-lite", 0.1, 0.025, 0.4},
		{"gemini-2.5-flash", 0.3, 0.075, 2.5},
		{"claude", 3, 0.3, 15},
		{"codex", 1.25, 0.125, 10},
		{"gemini", 1.25, 0.31, 10},
		{"opencode", 3, 0.3, 15},
	}
}

// PriceStore keeps the table (*settings.Service).
type PriceStore interface {
	Value(ctx context.Context, key string, dst any) (bool, error)
	SetValue(ctx context.Context, key string, v any) error
}

const pricesKey = "model_prices"

// Pricing prices runs. It reads the table once and keeps it in memory.
type Pricing struct {
	store PriceStore
	mu    sync.RWMutex
	table []Price
}

// NewPricing loads the stored table, or the defaults when none was stored.
func NewPricing(ctx context.Context, store PriceStore) (*Pricing, error) {
	p := &Pricing{store: store, table: DefaultPrices()}
	if store == nil {
		return p, nil
	}
	var stored []Price
	found, err := store.Value(ctx, pricesKey, &stored)
	if err != nil {
		return nil, err
	}
	if found && len(stored) > 0 {
		p.table = stored
	}
	return p, nil
}

// Table returns the price table.
func (p *Pricing) Table() []Price {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return append([]Price(nil), p.table...)
}

// SetTable validates and stores a new table; an empty one restores the defaults.
func (p *Pricing) SetTable(ctx context.Context, table []Price) ([]Price, error) {
	if len(table) == 0 {
		table = DefaultPrices()
	}
	errs := validation.New("prices")
	seen := map[string]bool{}
	for i := range table {
		r := &table[i]
		r.Model = strings.ToLower(strings.TrimSpace(r.Model))
		field := fmt.Sprintf("prices[%d]", i)
		switch {
		case r.Model == "" || len(r.Model) > 200 || strings.ContainsAny(r.Model, " \t\r\n"):
			errs.Add(field+".model", "must be a model name (or its start) without spaces, at most 200 characters")
		case seen[r.Model]:
			errs.Add(field+".model", "is listed twice")
		}
		seen[r.Model] = true
		for name, v := range map[string]float64{"inputPerMTok": r.InputPerMTok, "cachedPerMTok": r.CachedPerMTok, "outputPerMTok": r.OutputPerMTok} {
			if v < 0 || v > 10_000 || math.IsNaN(v) {
				errs.Add(field+"."+name, "must be between 0 and 10000 USD per million tokens")
			}
		}
	}
	if len(table) > 500 {
		errs.Add("prices", "must hold at most 500 rows")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if p.store != nil {
		if err := p.store.SetValue(ctx, pricesKey, table); err != nil {
			return nil, fmt.Errorf("save prices: %w", err)
		}
	}
	p.mu.Lock()
	p.table = append([]Price(nil), table...)
	p.mu.Unlock()
	return table, nil
}

// Lookup finds the price of model (as a CLI or a trigger names it) for a backend: the exact row,
// else the longest row its name starts with, else the backend's row.
func (p *Pricing) Lookup(backend, model string) (Price, bool) {
	m := strings.ToLower(strings.TrimSpace(model))
	if i := strings.LastIndexByte(m, '/'); i >= 0 { // opencode: provider/model
		m = m[i+1:]
	}
	if i := strings.IndexByte(m, '['); i > 0 { // claude: "claude-opus-4-8[1m]"
		m = m[:i]
	}
	p.mu.RLock()
	defer p.mu.RUnlock()
	best, found := Price{}, false
	for _, r := range p.table {
		if m != "" && strings.HasPrefix(m, r.Model) && (!found || len(r.Model) > len(best.Model)) {
			best, found = r, true
		}
	}
	if found {
		return best, true
	}
	for _, r := range p.table {
		if r.Model == backend {
			return r, true
		}
	}
	return Price{}, false
}

// Cost is what a run cost: the CLI's own figure when it reported one, else its tokens priced
// from the table (estimated is then true). A model without a price costs 0, estimated.
func (p *Pricing) Cost(backend, model string, u agent.Usage) (usd float64, estimated bool) {
	if u.CostUSD > 0 {
		return u.CostUSD, false
	}
	if u.InputTokens == 0 && u.OutputTokens == 0 {
		return 0, false
	}
	pr, _ := p.Lookup(backend, model)
	cached := min(u.CachedTokens, u.InputTokens)
	usd = (float64(u.InputTokens-cached)*pr.InputPerMTok + float64(cached)*pr.CachedPerMTok + float64(u.OutputTokens)*pr.OutputPerMTok) / 1e6
	return usd, true
}

// Models lists the table's model names, sorted, for the editor.
func (p *Pricing) Models() []string {
	t := p.Table()
	out := make([]string, len(t))
	for i, r := range t {
		out[i] = r.Model
	}
	sort.Strings(out)
	return out
}
