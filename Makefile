# Agented build and test entry points. `make run` and `make test` install what they need on a
# Debian machine (as root) and are quick when everything is already present.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT  := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
BUILD_DATE := $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.buildDate=$(BUILD_DATE)
WAILS   := go tool wails
BIN     := build/bin/agented
# go.mod's `ignore ./frontend/node_modules` keeps ./... out of the Go files some npm packages ship.
GO_PKGS  = ./...

# Debian packages: GTK/WebKit to build the window, Xvfb + dbus + gnome-keyring + chromium +
# imagemagick + xdotool for the tests that drive the real UI and keyring.
APT_BUILD := libgtk-3-dev libwebkit2gtk-4.0-dev pkg-config gcc git
APT_TEST  := xvfb xauth gnome-keyring dbus-x11 chromium imagemagick xdotool procps openssl desktop-file-utils python3-xlib
# WebKitGTK 4.1 for the package variant of distributions that dropped 4.0 (Debian 13, Ubuntu 24.04+).
APT_WEBKIT41 := libwebkit2gtk-4.1-dev
# chattr (immutable database and data directory) and mount (a tiny tmpfs as a full disk).
APT_CHAOS := e2fsprogs mount

.PHONY: deps deps-apt-build deps-apt-test deps-npm deps-go deps-clis test-contract run serve build build-headless frontend bindings \
        check-bindings dist-placeholder test test-go test-frontend test-e2e test-desktop test-package test-windows build-webkit41 package-linux package-windows release chaos bench bench-ui lint clean

## deps: everything build and test need
deps: deps-apt-build deps-apt-test deps-npm deps-go deps-clis

# The real agent CLIs for backend/execution/contract_test.go, pinned, in a cache outside the repo.
# Exit 3 = npm unreachable: the contract tests then skip loudly, so deps does not fail for it.
deps-clis:
	@scripts/install-clis.sh >/dev/null || [ $$? -eq 3 ]

deps-apt-build:
	@scripts/apt-ensure.sh $(APT_BUILD)

deps-apt-test:
	@scripts/apt-ensure.sh $(APT_TEST)

# npm ci only when package-lock.json changed since the last install.
deps-npm: frontend/node_modules/.agented-stamp
# A node_modules that is a symlink belongs to another checkout (a git worktree sharing the main
# one's packages): npm ci would empty the directory it points to, so it is left alone.
frontend/node_modules/.agented-stamp: frontend/package-lock.json frontend/package.json
	@if [ -L frontend/node_modules ]; then echo "frontend/node_modules is a symlink: not reinstalling"; \
	  else cd frontend && npm ci --no-audit --no-fund && touch node_modules/.agented-stamp; fi

deps-go:
	@go mod download

## frontend: type-check and build frontend/dist
frontend: deps-npm
	cd frontend && npm run build

## build: the desktop app (build/bin/agented) and, beside it, the headless build that its
## `agented serve` hands over to, so a server never maps GTK or WebKit (see serve_lean.go)
build: deps-apt-build deps-npm deps-go
	$(WAILS) build -m -skipbindings -ldflags "$(LDFLAGS)" -o agented
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o build/bin/agented-headless .

## build-webkit41: build/bin/agented-webkit41, the desktop app linked against WebKitGTK 4.1
build-webkit41: build
	@scripts/apt-ensure.sh $(APT_WEBKIT41)
	$(WAILS) build -m -s -skipbindings -tags webkit2_41 -ldflags "$(LDFLAGS)" -o agented-webkit41

## package-linux: build/dist/agented_<version>_<arch>.deb (WebKitGTK 4.0: Debian 12, Ubuntu 22.04)
## and agented-webkit41_<version>_<arch>.deb (Debian 13, Ubuntu 24.04+)
package-linux: build build-webkit41
	scripts/package-deb.sh build/bin/agented build/bin/agented-headless $(VERSION) build/dist
	scripts/package-deb.sh build/bin/agented-webkit41 build/bin/agented-headless $(VERSION) build/dist webkit41

## test-package: the .deb installed on this machine (root), started under Xvfb, then purged
test-package: build deps-apt-test
	scripts/deb-install-check.sh $$(scripts/package-deb.sh build/bin/agented build/bin/agented-headless $(VERSION) build/dist | tail -n1) $(VERSION)

## package-windows: build/bin/agented.exe and build/bin/agented-amd64-installer.exe (NSIS),
## cross-compiled without cgo; both signed when WINDOWS_SIGN_PKCS12 names a certificate
package-windows: deps-npm deps-go
	@scripts/apt-ensure.sh nsis
	$(WAILS) build -platform windows/amd64 -m -skipbindings -ldflags "$(LDFLAGS)" -o agented.exe
	scripts/sign-windows.sh build/bin/agented.exe
	@# The WebView2 bootstrapper the installer runs when the runtime is missing: the copy Wails
	@# ships in its Go module (nothing is downloaded).
	mkdir -p build/windows/installer/tmp
	cp "$$(go list -m -f '{{.Dir}}' github.com/wailsapp/wails/v2)/internal/webview2runtime/MicrosoftEdgeWebview2Setup.exe" build/windows/installer/tmp/
	cd build/windows/installer && makensis -V2 -DARG_WAILS_AMD64_BINARY=$(CURDIR)/build/bin/agented.exe \
		-DINFO_PRODUCTVERSION=$$(echo "$(VERSION)" | sed -n 's/^v\{0,1\}\([0-9]*\.[0-9]*\.[0-9]*\).*/\1/p' | grep . || echo 0.0.0) project.nsi
	scripts/sign-windows.sh build/bin/agented-amd64-installer.exe

## test-windows: the Windows build's PE headers and resources, the frontend it embeds, the
## installer, and the signing hook with a throwaway certificate
test-windows: package-windows
	@scripts/apt-ensure.sh osslsigncode
	go run ./scripts/pecheck -exe build/bin/agented.exe -installer build/bin/agented-amd64-installer.exe -dist frontend/dist
	scripts/sign-windows-check.sh build/bin/agented.exe

## release: make release VERSION=x.y.z: every artifact buildable here, SHA256SUMS and a changelog
## section in build/release/vx.y.z (scripts/release.sh)
release:
	scripts/release.sh $(VERSION)

## build-headless: build/bin/agented-headless, without cgo, GTK or WebKit: only `agented serve`
## (plain `agented` serves too). For servers: it starts where WebKit is not installed and idles in
## a fraction of the memory, since no GTK/WebKit library is mapped into it.
build-headless: dist-placeholder deps-go
	CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o build/bin/agented-headless .

## run: build and open the app (with no display the binary starts `agented serve`)
run: build
	./$(BIN)

## serve: build and run headless
serve: build
	./$(BIN) serve

## bindings: regenerate frontend/src/bridge/wailsjs from the bound Go structs
# wails writes some files 0755 and rewrites others 0644, depending on what changed; one mode for
# all keeps `git status` clean after `make test`.
bindings:
	$(WAILS) generate module
	@find frontend/src/bridge/wailsjs -type f -exec chmod 0644 {} +

## check-bindings: fail when the committed bindings are stale
check-bindings: bindings
	@git -c core.fileMode=false diff --exit-code --stat -- frontend/src/bridge/wailsjs || \
	  { echo "frontend/src/bridge/wailsjs is stale: run 'make bindings' and commit it"; exit 1; }

## test: every test (Go with a real keyring, frontend, bindings, end to end, desktop smoke)
test: deps lint test-go test-frontend check-bindings test-e2e test-desktop test-package test-windows

# Go tests run inside a private D-Bus session with an unlocked throwaway gnome-keyring, so the
# keyring tests use a real Secret Service. DISPLAY is unset: with a display, a locked keyring
# would wait on a password prompt forever.
# go:embed needs frontend/dist to exist; Go tests do not need the built frontend itself.
dist-placeholder:
	@mkdir -p frontend/dist && [ -n "$$(ls -A frontend/dist)" ] || touch frontend/dist/.gitkeep

test-go: dist-placeholder
	scripts/with-keyring.sh go test -race -count=1 -timeout 25m $(GO_PKGS)

test-frontend: deps-npm
	cd frontend && npm test && npm run build

## test-contract: only the real-CLI contract tests, verbose
test-contract: dist-placeholder
	go test -race -count=1 -run TestRealCLIContract -v ./backend/execution/

## test-e2e: the real UI in Chromium against `wails dev`
test-e2e: deps-npm
	scripts/e2e.sh

## test-desktop: the built binary in a real WebKitGTK window under Xvfb, screenshot checked
test-desktop: build
	scripts/desktop-smoke.sh $(BIN)
	scripts/serve-lean-check.sh $(BIN)
	scripts/desktop-background-check.sh $(BIN)

## chaos: the fault tests in chaos/ against the built binary, the slow ones too (several
## minutes; run as root, the chattr, mount and other-user cases need it). docs/chaos.md says
## what each case proves. The quick ones also run in `make test`.
chaos: dist-placeholder deps-go
	@scripts/apt-ensure.sh $(APT_CHAOS)
	go test -tags chaos -count=1 -v -timeout 30m ./chaos/

# vegeta, the load generator of the listener bench: pinned, installed once into a cache outside
# the repo under a name that carries its version, so a version bump installs the new one.
VEGETA_VERSION := v12.13.0
TOOLS_DIR      := $(HOME)/.cache/agented/bin
VEGETA         := $(TOOLS_DIR)/vegeta-$(VEGETA_VERSION)

$(VEGETA):
	@mkdir -p $(TOOLS_DIR)/.vegeta-install
	GOBIN=$(TOOLS_DIR)/.vegeta-install go install github.com/tsenart/vegeta/v12@$(VEGETA_VERSION)
	mv $(TOOLS_DIR)/.vegeta-install/vegeta $@
	@rmdir $(TOOLS_DIR)/.vegeta-install

## bench: benchmarks with their figures printed. The serve benchmarks and the listener bench
## (bench/listener, driven by vegeta from outside the process; BENCH_ARGS='-rounds 1 -only list'
## passes it options) measure build/bin/agented (what `make build` made) when it exists, else a
## headless build of this tree.
bench: dist-placeholder $(VEGETA)
	AGENTED_BENCH_BIN=$$([ -x $(BIN) ] && echo $(abspath $(BIN))) go test -run '^$$' -bench . -benchmem -timeout 60m $(GO_PKGS)
	@if [ -x $(BIN) ]; then echo "listener bench: $(BIN)"; else CGO_ENABLED=0 go build -ldflags "$(LDFLAGS)" -o build/bench/agented . ; fi
	go run ./bench/listener -bin $$([ -x $(BIN) ] && echo $(BIN) || echo build/bench/agented) -vegeta $(VEGETA) $(BENCH_ARGS)
	$(MAKE) bench-ui

## bench-ui: what the user feels, measured from Chromium against the real app under `wails dev`
## (e2e/bench_*_test.go, build tag e2ebench): keystroke → echo through a terminal tab, next to a
## trivial binding call. Figures in docs/benchmarks.md.
bench-ui: deps-npm
	E2E_TAGS=e2ebench E2E_RUN='^TestBench' E2E_SKIP_DEPS=1 scripts/e2e.sh

## lint: go.mod tidy, go vet, staticcheck (pinned by go.mod's tool directive), gofmt, ESLint
lint: dist-placeholder
	@go mod tidy -diff >/dev/null || { go mod tidy -diff; echo "go.mod/go.sum are not tidy: run 'go mod tidy'"; exit 1; }
	go vet $(GO_PKGS)
	@# The Windows and macOS builds, and their OS-specific tests, must compile too (no cgo needed).
	GOOS=windows go vet $(GO_PKGS)
	GOOS=windows go vet -tags desktop,production .
	GOOS=darwin go vet $(GO_PKGS)
	go tool staticcheck $(GO_PKGS)
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v /wailsjs/))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	cd frontend && npm run lint

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html
