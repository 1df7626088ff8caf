"""The scale-out harness (issue #13): the production topology started on loopback ports, and the checks that prove
it (`make test-scaleout`). Not part of the installed package; not collected by `make test`."""
