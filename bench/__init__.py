"""Benchmark tooling (not a Django app): baselines and load scripts. See docs/benchmarks.md."""
