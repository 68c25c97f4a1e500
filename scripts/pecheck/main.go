// Command pecheck checks the Windows build made on Linux: that agented.exe is a 64-bit x86
// Windows GUI program with its resources (icon, manifest, version information), that it embeds
// the frontend that was built (the page and its script, byte for byte), and that the installer
// is an NSIS installer. It prints what it checked and exits non-zero on the first failure.
//
//	go run ./scripts/pecheck -exe build/bin/agented.exe -installer build/bin/agented-amd64-installer.exe -dist frontend/dist
package main

import (
	"bytes"
	"debug/pe"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
)

func main() {
	exe := flag.String("exe", "build/bin/agented.exe", "the Windows build of the app")
	installer := flag.String("installer", "build/bin/agented-amd64-installer.exe", "the NSIS installer")
	dist := flag.String("dist", "frontend/dist", "the built frontend the exe must embed")
	flag.Parse()
	for _, check := range []func() (string, error){
		func() (string, error) { return checkGUI(*exe) },
		func() (string, error) { return checkEmbeds(*exe, *dist) },
		func() (string, error) { return checkInstaller(*installer) },
	} {
		msg, err := check()
		if err != nil {
			fmt.Println("PE FAIL:", err)
			os.Exit(1)
		}
		fmt.Println("ok:", msg)
	}
}

// checkGUI: machine, subsystem and a resource section.
func checkGUI(path string) (string, error) {
	f, err := pe.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s is not a PE file: %w", path, err)
	}
	defer f.Close()
	if f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		return "", fmt.Errorf("%s is for machine %#x, not x86-64", path, f.Machine)
	}
	opt, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok {
		return "", fmt.Errorf("%s has no PE32+ optional header", path)
	}
	if opt.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		return "", fmt.Errorf("%s has subsystem %d, not a Windows GUI program (a console window would open)", path, opt.Subsystem)
	}
	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		return "", fmt.Errorf("%s has no .rsrc section (icon, manifest, version information)", path)
	}
	data, err := rsrc.Data()
	if err != nil {
		return "", err
	}
	for _, want := range []string{"ProductVersion", "requestedExecutionLevel"} {
		if !bytes.Contains(data, []byte(want)) && !bytes.Contains(data, utf16(want)) {
			return "", fmt.Errorf("%s's resources lack %q", path, want)
		}
	}
	return fmt.Sprintf("%s: PE32+ x86-64, Windows GUI subsystem, resources with version information and manifest (%d KB)", path, rsrc.Size/1024), nil
}

// checkEmbeds: the page and the script it loads, byte for byte (go:embed stores files as they are).
func checkEmbeds(exe, dist string) (string, error) {
	bin, err := os.ReadFile(exe)
	if err != nil {
		return "", err
	}
	page, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		return "", fmt.Errorf("the built frontend: %w (build it first)", err)
	}
	if !bytes.Contains(bin, page) {
		return "", fmt.Errorf("%s does not embed %s/index.html", exe, dist)
	}
	m := regexp.MustCompile(`src="(?:\./|/)?(assets/[^"]+\.js)"`).FindSubmatch(page)
	if m == nil {
		return "", errors.New("index.html loads no script from assets/")
	}
	script, err := os.ReadFile(filepath.Join(dist, string(m[1])))
	if err != nil {
		return "", err
	}
	if !bytes.Contains(bin, script) {
		return "", fmt.Errorf("%s does not embed %s/%s", exe, dist, m[1])
	}
	return fmt.Sprintf("%s embeds index.html and %s (%d KB) from %s", exe, m[1], len(script)/1024, dist), nil
}

func checkInstaller(path string) (string, error) {
	f, err := pe.Open(path)
	if err != nil {
		return "", fmt.Errorf("%s is not a PE file: %w", path, err)
	}
	f.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if !bytes.Contains(data, []byte("Nullsoft")) {
		return "", fmt.Errorf("%s is not an NSIS installer", path)
	}
	return fmt.Sprintf("%s: an NSIS installer (%d MB)", path, len(data)>>20), nil
}

func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), 0)
	}
	return b
}
