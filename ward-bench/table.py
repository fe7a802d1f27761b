#!/usr/bin/env python3
"""Prints JMH JSON results (ward-bench/target/results/*.json by default) as Markdown rows:
benchmark | parameters | score ± error | unit, secondary results included.

    python3 ward-bench/table.py [files...]
"""
import glob
import json
import os
import sys


def fmt(x):
    if isinstance(x, str):  # JMH writes "NaN" as a string
        return "-"
    if x != x:  # NaN: a single iteration has no error
        return "-"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:,.3g}"


def key(path):
    base = os.path.basename(path)
    digits = "".join(c if c.isdigit() else " " for c in base).split()
    return [int(d) for d in digits]


def rows(path):
    with open(path) as f:
        for r in json.load(f):
            name = r["benchmark"].replace("io.ward.bench.", "")
            params = ", ".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
            pm = r["primaryMetric"]
            yield name, params, pm["score"], pm["scoreError"], pm["scoreUnit"]
            for sec, m in sorted(r.get("secondaryMetrics", {}).items()):
                yield f"{name}:{sec}", params, m["score"], m["scoreError"], m["scoreUnit"]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    files = sorted(sys.argv[1:] or glob.glob(os.path.join(here, "target", "results", "*.json")), key=key)
    print("| file | benchmark | params | score | ± | unit |")
    print("|---|---|---|---:|---:|---|")
    for p in files:
        for name, params, score, err, unit in rows(p):
            print(f"| {os.path.basename(p)} | {name} | {params} | {fmt(score)} | {fmt(err)} | {unit} |")


if __name__ == "__main__":
    main()
