"""The register import (format licensing-register/1) and the synthetic data generator.

``importer.register.import_register_file`` reads, validates and applies a register file;
``generate_synthetic`` builds a large register for benchmarks. See docs/commands-and-benchmarks.md.
"""
