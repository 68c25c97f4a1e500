package schedule

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LocalZone returns the IANA name of the machine's time zone, which is what a schedule without
// a zone runs in. Go calls it "Local", which says nothing on another machine or in the UI, so
// the name is read from $TZ or the /etc/localtime link; "UTC" when neither names one.
func LocalZone() string {
	return localZone(os.Getenv("TZ"), "/etc/localtime")
}

func localZone(tz, link string) string {
	tz = strings.TrimPrefix(tz, ":")
	if tz != "" && tz != "Local" {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if target, err := filepath.EvalSymlinks(link); err == nil {
		if _, name, ok := strings.Cut(filepath.ToSlash(target), "zoneinfo/"); ok {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	if name := time.Local.String(); name != "Local" {
		return name
	}
	return "UTC"
}

// loadZone loads an IANA zone; empty means the machine's.
func loadZone(name string) (*time.Location, error) {
	// "Local" is what earlier versions stored for the machine's zone.
	if strings.TrimSpace(name) == "" || name == "Local" {
		name = LocalZone()
	}
	if strings.ContainsAny(name, " \t\r\n") {
		return nil, &FieldError{Field: "scheduleTimezone", Msg: "must be an IANA time zone such as Europe/Berlin"}
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, &FieldError{Field: "scheduleTimezone", Msg: "must be an IANA time zone such as Europe/Berlin (" + name + " is unknown)"}
	}
	return loc, nil
}
