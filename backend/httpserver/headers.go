package httpserver

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// securityHeaders sets the security headers (CSP, frame options, nosniff, referrer policy,
// HSTS) before anything else runs, so they are on every response: errors, 401s, 413s and 429s
// included. The API serves only JSON and event streams,
// so the CSP can forbid everything. Echo's Secure middleware is not used because it sends HSTS
// on any request claiming X-Forwarded-Proto: https, trusted or not.
func securityHeaders(p proxies) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			h := c.Response().Header()
			h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
			h.Set("X-Frame-Options", "DENY")
			h.Set("X-Content-Type-Options", "nosniff")
			h.Set("Referrer-Policy", "no-referrer")
			if p.isHTTPS(c.Request()) {
				h.Set("Strict-Transport-Security", "max-age=31536000")
			}
			return next(c)
		}
	}
}

// CORS request and response headers.
const (
	corsAllowMethods  = "GET, HEAD, POST, PUT, PATCH, DELETE"
	corsAllowHeaders  = "Content-Type, X-API-Key, Last-Event-ID, X-Request-ID"
	corsExposeHeaders = "X-Request-ID, Retry-After"
	corsMaxAge        = "600"
)

// cors grants cross-origin reads to the exact origins listed and to nothing else. Echo's CORS
// middleware is not used: with an empty list it allows "*", and it also matches wildcard and
// subdomain patterns, while here an empty list must mean "no cross-origin access".
// Preflights are answered here, before auth, since browsers never send credentials on them.
func cors(origins []string) echo.MiddlewareFunc {
	allowed := make(map[string]bool, len(origins))
	for _, o := range origins {
		allowed[o] = true
	}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req, h := c.Request(), c.Response().Header()
			h.Add("Vary", "Origin")
			origin := req.Header.Get("Origin")
			preflight := req.Method == http.MethodOptions && origin != "" &&
				req.Header.Get("Access-Control-Request-Method") != ""
			ok := origin != "" && allowed[origin]
			if ok {
				h.Set("Access-Control-Allow-Origin", origin)
			}
			if !preflight {
				if ok {
					h.Set("Access-Control-Expose-Headers", corsExposeHeaders)
				}
				return next(c)
			}
			if ok {
				h.Add("Vary", "Access-Control-Request-Method")
				h.Add("Vary", "Access-Control-Request-Headers")
				h.Set("Access-Control-Allow-Methods", corsAllowMethods)
				h.Set("Access-Control-Allow-Headers", corsAllowHeaders)
				h.Set("Access-Control-Max-Age", corsMaxAge)
			}
			return c.NoContent(http.StatusNoContent)
		}
	}
}

// stripTrailingSlash routes "/admin/triggers/" like "/admin/triggers" without a redirect:
// GitHub does not follow redirects, and a redirect would drop a POST body anyway.
func stripTrailingSlash(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		u := c.Request().URL
		if len(u.Path) > 1 && strings.HasSuffix(u.Path, "/") {
			u.Path = strings.TrimSuffix(u.Path, "/")
			// The router matches RawPath when it is set (an escaped character in the path).
			u.RawPath = strings.TrimSuffix(u.RawPath, "/")
		}
		return next(c)
	}
}
