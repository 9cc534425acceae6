"""Writes genai-prices' bundled data (a Python module) as JSON, for `sitegen check --price-file`.

Usage: python3 genai_prices_to_json.py OUT.json, with the genai-prices package importable.
"""
import dataclasses
import datetime
import decimal
import json
import sys

from genai_prices.data import providers


def plain(o):
    if dataclasses.is_dataclass(o):
        return {f.name: plain(getattr(o, f.name)) for f in dataclasses.fields(o)}
    if isinstance(o, (list, tuple, set, frozenset)):
        return [plain(x) for x in o]
    if isinstance(o, dict):
        return {str(k): plain(v) for k, v in o.items()}
    if hasattr(o, "model_dump"):
        return plain(o.model_dump())
    if hasattr(o, "__dict__") and not isinstance(o, type):
        return {k: plain(v) for k, v in vars(o).items() if not k.startswith("_")}
    if isinstance(o, decimal.Decimal):
        return float(o)
    if isinstance(o, (datetime.date, datetime.datetime, datetime.time)):
        return o.isoformat()
    return o


with open(sys.argv[1], "w") as f:
    json.dump(plain(providers), f)
