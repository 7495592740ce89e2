"""aligner: Korean-English news translation alignment toolkit."""

__version__ = "0.1.0"
