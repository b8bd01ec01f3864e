# pbrun's two everyday commands: `make demo` and `make test`.
SWIFT ?= swift
PBRUN := .build/release/pbrun
FLEET_HOSTS ?= 3
# Where the system's libssh2 is older than 1.11, scripts/libssh2-build (run by `make deps`) builds one
# here, and every swift call finds it first; where the folder is absent pkg-config finds the system's.
export PKG_CONFIG_PATH := $(CURDIR)/.build/libssh2/prefix/lib/pkgconfig$(if $(PKG_CONFIG_PATH),:$(PKG_CONFIG_PATH))

.PHONY: demo test test-debug test-release fuzz-smoke build release deps fleet-start fleet-stop clean

## demo: install what is missing, build, start the local fleet and run playbooks/hello.yml on it
demo: deps release
	scripts/fleet start $(FLEET_HOSTS)
	$(PBRUN) run playbooks/hello.yml -i inventories/local.yml -v

## test: the whole test suite, debug build then the concurrency-sensitive tests in a release build, then
## every fuzz target briefly over its seeds and past findings
test: deps test-debug test-release fuzz-smoke

# --no-parallel: many tests wait for child processes (pbrun, ssh, the fleet script) synchronously, and
# run side by side they would hold every cooperative thread of a 2-core machine, starving the in-process
# SSH tests' timers. Serially the suite takes about a minute.
test-debug: deps
	$(SWIFT) build
	$(SWIFT) test --no-parallel

# DESIGN.md, Known ground: an optimizer bug showed only in release builds, so the tests run there too.
test-release: deps
	$(SWIFT) test -c release -Xswiftc -enable-testing --no-parallel

# docs/fuzzing.md: each target for FUZZ_SECONDS from its seed corpus (every past finding among them),
# under ASan; fails on any crash, hang or memory blow-up.
FUZZ_SECONDS ?= 15
fuzz-smoke:
	SWIFT=$(SWIFT) scripts/fuzz all $(FUZZ_SECONDS)

deps:
	scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

fleet-start:
	scripts/fleet start $(FLEET_HOSTS)

fleet-stop:
	scripts/fleet stop

clean:
	-scripts/fleet stop
	rm -rf .build .fleet
