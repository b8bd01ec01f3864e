# pbrun's two everyday commands: `make demo` and `make test`.
SWIFT ?= swift
PBRUN := .build/release/pbrun
FLEET_HOSTS ?= 3

.PHONY: demo test test-debug test-release build release deps fleet-start fleet-stop clean

## demo: install what is missing, build, start the local fleet and run playbooks/hello.yml on it
demo: deps release
	scripts/fleet start $(FLEET_HOSTS)
	$(PBRUN) run playbooks/hello.yml -i inventories/local.yml -v

## test: the whole test suite, debug build then the concurrency-sensitive tests in a release build
test: deps test-debug test-release

test-debug:
	$(SWIFT) build
	$(SWIFT) test

# DESIGN.md, Known ground: an optimizer bug showed only in release builds, so the tests run there too.
test-release:
	$(SWIFT) test -c release -Xswiftc -enable-testing

deps:
	scripts/install-deps

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

fleet-start:
	scripts/fleet start $(FLEET_HOSTS)

fleet-stop:
	scripts/fleet stop

clean:
	-scripts/fleet stop
	rm -rf .build .fleet
