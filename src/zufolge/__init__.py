"""zufolge: who claims what, through whom, how sure — a claim-provenance engine for news.

Python API::

    import zufolge
    result = zufolge.analyze_text("Laut Reuters sagte der Minister, ...", language="de")
    result["attributions"]
"""

from zufolge.pipeline import Options, analyze_raw, analyze_text

__version__ = "0.1.0"
__all__ = ["Options", "__version__", "analyze_raw", "analyze_text"]
