#!/usr/bin/env python3
"""Ours against the reference PyTorch code, across batch sizes and backends, alternating in one run.

For every round, kind (search, train, infer) and batch size it runs `./pcdarts bench KIND` on each
backend and bench/pytorch/torch_bench.py (or, with --peer DIR, the cross-check scripts there),
each in its own process, flipping which side goes first from round to round so that a drift of
the machine favours neither. Then one `--profile` run per kind and backend at its first batch
size. It writes every measurement (results.jsonl) and a self-contained report.html: time, peak
RSS and GFLOP/s against batch size, the ratios, and the per-kernel profile.

usage: PCDARTS_SRC=PATH bench/compare.py [--kinds search,train,infer] [--search-batches 64,256]
                   [--train-batches 96] [--infer-batches 96] [--rounds 3] [--backends vector] [--out DIR]
Needs Debian's python3-torch and a checkout of yuhuixu1993/PC-DARTS in PCDARTS_SRC (not part of
this repository).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import compare_report  # noqa: E402


def ours(kind, batch, backend, iters, profile=False):
    cmd = [os.path.join(ROOT, "pcdarts"), "bench", kind, "--batch", str(batch), "--iters", str(iters),
           "--backend", backend, "--json", "--no-progress"] + (["--profile"] if profile else [])
    return last_json(cmd, f"ours {kind} {batch} {backend}")


def theirs(kind, batch, iters, peer):
    env = dict(os.environ)
    if peer:  # the cross-check: ../shared/peer's scripts, whose JSON nests the figures
        env["PYTHONPATH"] = peer + os.pathsep + env["PCDARTS_SRC"]
        script = {"search": ["bench_search.py", "--k", "4", "--warmup", "1"], "train": ["bench_eval.py", "--mode", "train", "--warmup", "2"],
                  "infer": ["bench_eval.py", "--mode", "infer", "--warmup", "2"]}[kind]
        cmd = ["/usr/bin/python3", os.path.join(peer, script[0])] + script[1:] + ["--batch", str(batch), "--iters", str(iters)]
        r = last_json(cmd, f"peer {kind} {batch}", env)
        if r is None:
            return None
        t = r["full_iter"] if kind == "search" else r["step"]
        return {"what": kind, "batch": batch, "backend": "PyTorch " + r.get("torch", "?") + " (peer)", "median_s": t["median_s"],
                "peak_rss_mb": r["maxrss_mb_peak"], "images_per_s": batch * (2 if kind == "search" else 1) / t["median_s"]}
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "bench", "pytorch", "torch_bench.py"), kind, "--batch", str(batch), "--iters", str(iters)]
    return last_json(cmd, f"PyTorch {kind} {batch}", env)


def last_json(cmd, label, env=None):
    start = time.time()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    lines = [line for line in p.stdout.splitlines() if line.startswith("{")]
    if p.returncode != 0 or not lines:
        last = (p.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  {label}: failed (exit {p.returncode}): {last}", file=sys.stderr)
        return None
    r = json.loads(lines[-1])
    print(f"  {label}: {r['median_s']:.3f} s, {r['peak_rss_mb'] / 1024:.2f} GiB ({time.time() - start:.0f} s)", file=sys.stderr)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kinds", default="search,train,infer")
    ap.add_argument("--search-batches", default="64,256")
    ap.add_argument("--train-batches", default="96")
    ap.add_argument("--infer-batches", default="96")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--iters", type=int, default=3)
    ap.add_argument("--backends", default="vector", help="comma-separated pcdarts backends (see ./pcdarts backends)")
    ap.add_argument("--peer", default=None, help="a folder of the cross-check scripts (../shared/peer) instead of bench/pytorch")
    ap.add_argument("--no-profile", action="store_true")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "compare-out"))
    a = ap.parse_args()
    if not os.environ.get("PCDARTS_SRC"):
        sys.exit("set PCDARTS_SRC to a checkout of the reference PC-DARTS code (yuhuixu1993/PC-DARTS)")
    if subprocess.run(["/usr/bin/python3", "-c", "import torch"], capture_output=True).returncode != 0:
        sys.exit("PyTorch is missing: apt-get install python3-torch")
    kinds = a.kinds.split(",")
    bad = [k for k in kinds if k not in ("search", "train", "infer")]
    if bad:
        sys.exit(f"--kinds takes search, train and infer, got {','.join(bad)}")
    batches = {k: [int(b) for b in getattr(a, k + "_batches").split(",")] for k in ("search", "train", "infer")}
    backends = a.backends.split(",")
    os.makedirs(a.out, exist_ok=True)
    subprocess.run([os.path.join(ROOT, "pcdarts"), "--version"], check=True, capture_output=True)  # build outside the timings
    rows = []
    for r in range(a.rounds):
        for kind in kinds:
            for batch in batches[kind]:
                print(f"round {r + 1}/{a.rounds}, {kind}, batch {batch}", file=sys.stderr)
                sides = [("ours", be) for be in backends] + [("pytorch", None)]
                for side, be in (sides if r % 2 == 0 else sides[::-1]):
                    res = ours(kind, batch, be, a.iters) if side == "ours" else theirs(kind, batch, a.iters, a.peer)
                    if res is not None:
                        rows.append({"round": r, "kind": kind, "batch": batch, "side": side, "backend": be, "result": res})
    profiles = []
    if not a.no_profile:
        for kind in kinds:
            for be in backends:
                print(f"profile, {kind}, batch {batches[kind][0]}, {be}", file=sys.stderr)
                res = ours(kind, batches[kind][0], be, a.iters, profile=True)
                if res is not None:
                    profiles.append({"kind": kind, "batch": batches[kind][0], "backend": be, "result": res})
    with open(os.path.join(a.out, "results.jsonl"), "w") as f:
        for row in rows:
            f.write(json.dumps(row) + "\n")
        for p in profiles:
            f.write(json.dumps({"profile": True, **p}) + "\n")
    summary = compare_report.summarize(rows)
    for s in summary:
        print(json.dumps(s))
    path = os.path.join(a.out, "report.html")
    compare_report.write(path, summary, profiles, {"rounds": a.rounds, "iters": a.iters, "peer": a.peer or "bench/pytorch/torch_bench.py",
                                                   "date": time.strftime("%Y-%m-%d %H:%M"), "machine": machine()})
    print(f"report: {path}", file=sys.stderr)


def machine():
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        model = "?"
    return f"{model}, {os.cpu_count()} cores"


if __name__ == "__main__":
    main()
