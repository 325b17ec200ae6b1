"""The command-line layer: parse options, call a use case (:mod:`liuzhang.services`), render,
pick the exit code. Imports inside functions here are for start-up speed only (each command loads
what it needs); no import cycle needs them (tests/test_architecture.py checks that)."""
