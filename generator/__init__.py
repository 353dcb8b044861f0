"""relance: French dunning letters checked against French law, from YAML case files."""

__version__ = "0.1.0"
