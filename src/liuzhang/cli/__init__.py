"""The command-line layer: parse options, call the core, render, pick the exit code."""
