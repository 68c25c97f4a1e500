package restapi

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/agented/agented/backend/usage"
)

func TestPricesOverREST(t *testing.T) {
	t.Parallel()
	e := newEnv(t, envOpts{})

	var table []usage.Price
	if code := e.do("GET", "/admin/prices", nil, &table); code != http.StatusOK || !reflect.DeepEqual(table, usage.DefaultPrices()) {
		t.Fatalf("GET: %d %+v, want the list prices", code, table)
	}

	mine := []usage.Price{{Model: " My-Model ", InputPerMTok: 2, CachedPerMTok: 0.2, OutputPerMTok: 8}}
	if code := e.do("PUT", "/admin/prices", mine, &table); code != http.StatusOK || len(table) != 1 || table[0].Model != "my-model" {
		t.Fatalf("PUT: %d %+v, want the one row, its name normalised", code, table)
	}
	if code := e.do("GET", "/admin/prices", nil, &table); code != http.StatusOK || len(table) != 1 || table[0].OutputPerMTok != 8 {
		t.Fatalf("GET after PUT: %d %+v", code, table)
	}
	// An empty table restores the defaults.
	if code := e.do("PUT", "/admin/prices", []usage.Price{}, &table); code != http.StatusOK || !reflect.DeepEqual(table, usage.DefaultPrices()) {
		t.Fatalf("PUT []: %d %+v, want the list prices back", code, table)
	}

	tests := []struct {
		name  string
		body  any
		field string
	}{
		{"a row without a model", []usage.Price{{InputPerMTok: 1}}, "prices[0].model"},
		{"a model with a space", []usage.Price{{Model: "my model"}}, "prices[0].model"},
		{"a model listed twice", []usage.Price{{Model: "a"}, {Model: "A"}}, "prices[1].model"},
		{"a negative input price", []usage.Price{{Model: "a", InputPerMTok: -1}}, "prices[0].inputPerMTok"},
		{"an output price too high", []usage.Price{{Model: "a", OutputPerMTok: 10_001}}, "prices[0].outputPerMTok"},
		{"a negative cache price", []usage.Price{{Model: "a", CachedPerMTok: -0.5}}, "prices[0].cachedPerMTok"},
		{"an object instead of a list", `{"model":"a"}`, ""},
		{"an unknown field", `[{"model":"a","cacheWrite":1}]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body errorBody
			if code := e.do("PUT", "/admin/prices", tt.body, &body); code != http.StatusBadRequest || body.Error == "" {
				t.Fatalf("status %d %+v, want 400 with an error", code, body)
			}
			if tt.field != "" && body.Fields[tt.field] == "" {
				t.Fatalf("error %+v does not name %s", body, tt.field)
			}
		})
	}
	// A refused table leaves the stored one alone.
	if code := e.do("GET", "/admin/prices", nil, &table); code != http.StatusOK || !reflect.DeepEqual(table, usage.DefaultPrices()) {
		t.Fatalf("GET after refusals: %d %+v", code, table)
	}
}
