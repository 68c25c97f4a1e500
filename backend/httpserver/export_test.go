package httpserver

// SetMaxTrackedClients shrinks the rate limits' tables so a test can fill them with a few
// hundred requests instead of 65,536.
func SetMaxTrackedClients(c *Config, n int) { c.maxTracked = n }
