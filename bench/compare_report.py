"""The figures of bench/compare.py: medians over rounds, their ratios, and a self-contained HTML
report (inline SVG, no scripts or files beside it)."""
import html
import math
import os
import statistics

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def summarize(rows):
    """One record per (kind, batch, backend): medians over rounds of both sides and their ratios."""
    out = []
    keys = sorted({(r["kind"], r["batch"], r["backend"]) for r in rows if r["side"] == "ours"}, key=lambda k: (k[0], k[2], k[1]))
    for kind, batch, backend in keys:
        mine = [r["result"] for r in rows if r["side"] == "ours" and (r["kind"], r["batch"], r["backend"]) == (kind, batch, backend)]
        peer = [r["result"] for r in rows if r["side"] == "pytorch" and (r["kind"], r["batch"]) == (kind, batch)]
        s = {"kind": kind, "batch": batch, "backend": backend, "rounds": len(mine),
             "ours_median_s": statistics.median(m["median_s"] for m in mine),
             "ours_peak_rss_mb": max(m["peak_rss_mb"] for m in mine),
             "ours_images_per_s": statistics.median(m["images_per_s"] for m in mine),
             "gflops": statistics.median(m.get("gflops", math.nan) for m in mine),
             "fma_peak_gflops": statistics.median(m.get("fma_peak_gflops", math.nan) for m in mine),
             "ours_backend": mine[0].get("backend", backend)}
        s["peak_fraction"] = s["gflops"] / s["fma_peak_gflops"]
        if peer:
            s["pytorch_median_s"] = statistics.median(p["median_s"] for p in peer)
            s["pytorch_peak_rss_mb"] = max(p["peak_rss_mb"] for p in peer)
            s["pytorch_images_per_s"] = statistics.median(p["images_per_s"] for p in peer)
            s["time_ratio"] = s["ours_median_s"] / s["pytorch_median_s"]
            s["rss_ratio"] = s["ours_peak_rss_mb"] / s["pytorch_peak_rss_mb"]
            s["pytorch"] = peer[0].get("backend", "PyTorch")
        out.append(s)
    return out


def chart(title, unit, series, log_y=False, hline=None):
    """A line chart of {label: [(batch, value)]} with batch on a log2 axis, as an SVG string."""
    w, h, left, right, top, bottom = 460, 260, 60, 130, 28, 40
    pts = [(x, y) for s in series.values() for x, y in s if y is not None and y == y]
    if not pts:
        return ""
    xs = sorted({x for x, _ in pts})
    ys = [y for _, y in pts] + ([hline[1]] if hline else [])
    lo, hi = (min(ys) * 0.8, max(ys) * 1.25) if log_y else (0, max(ys) * 1.1)
    fy = (lambda v: math.log(v)) if log_y else (lambda v: v)
    span_x = max(1e-9, math.log2(xs[-1]) - math.log2(xs[0]))

    def px(x):
        return left + (math.log2(x) - math.log2(xs[0])) / span_x * (w - left - right) if len(xs) > 1 else (left + w - right) / 2

    def py(y):
        return top + (1 - (fy(y) - fy(lo)) / (fy(hi) - fy(lo))) * (h - top - bottom)

    e = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
         f'<text x="{left}" y="16" font-size="13" font-weight="bold">{html.escape(title)}</text>',
         f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#888"/>',
         f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#888"/>']
    for x in xs:
        e.append(f'<text x="{px(x):.1f}" y="{h - bottom + 14}" text-anchor="middle">{x}</text>')
    e.append(f'<text x="{(left + w - right) / 2:.0f}" y="{h - 6}" text-anchor="middle">batch size</text>')
    for i in range(5):
        v = math.exp(fy(lo) + (fy(hi) - fy(lo)) * i / 4) if log_y else lo + (hi - lo) * i / 4
        e.append(f'<text x="{left - 4}" y="{py(v) + 4:.1f}" text-anchor="end">{v:.3g}</text>')
        e.append(f'<line x1="{left}" y1="{py(v):.1f}" x2="{w - right}" y2="{py(v):.1f}" stroke="#eee"/>')
    e.append(f'<text x="12" y="{top + (h - top - bottom) / 2:.0f}" transform="rotate(-90 12 {top + (h - top - bottom) / 2:.0f})" '
             f'text-anchor="middle">{html.escape(unit)}</text>')
    if hline:
        e.append(f'<line x1="{left}" y1="{py(hline[1]):.1f}" x2="{w - right}" y2="{py(hline[1]):.1f}" stroke="#555" stroke-dasharray="4 3"/>')
        e.append(f'<text x="{w - right + 4}" y="{py(hline[1]) + 4:.1f}">{html.escape(hline[0])}</text>')
    for i, (label, s) in enumerate(series.items()):
        c = COLOURS[i % len(COLOURS)]
        good = [(x, y) for x, y in sorted(s) if y is not None and y == y]
        e.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in good)))
        for x, y in good:
            e.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{c}"><title>{html.escape(label)}, batch {x}: {y:.4g} {html.escape(unit)}</title></circle>')
        e.append(f'<rect x="{w - right + 8}" y="{top + 16 * i}" width="10" height="10" fill="{c}"/>')
        e.append(f'<text x="{w - right + 22}" y="{top + 16 * i + 9}">{html.escape(label)}</text>')
    e.append("</svg>")
    return "".join(e)


def bars(title, kernels, top=15):
    """Horizontal bars of a profile's seconds per iteration by kernel, largest first."""
    items = sorted(kernels.items(), key=lambda kv: -kv[1]["s"])[:top]
    if not items:
        return ""
    w, row, left = 820, 18, 250
    h = 30 + row * len(items)
    most = max(v["s"] for _, v in items) or 1
    e = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
         f'<text x="0" y="14" font-size="13" font-weight="bold">{html.escape(title)}</text>']
    for i, (name, v) in enumerate(items):
        y = 24 + i * row
        bw = (w - left - 290) * v["s"] / most
        e.append(f'<text x="{left - 6}" y="{y + 11}" text-anchor="end">{html.escape(name)}</text>')
        e.append(f'<rect x="{left}" y="{y}" width="{bw:.1f}" height="{row - 4}" fill="#1f77b4"><title>{v["calls"]} calls</title></rect>')
        rate = f', {v["gflops"]:.0f} GFLOP/s, {100 * v["of_peak"]:.0f} % of peak' if "of_peak" in v else ""
        e.append(f'<text x="{left + bw + 4:.1f}" y="{y + 11}">{v["s"]:.3f} s ({100 * v["share"]:.1f} %){rate}</text>')
    e.append("</svg>")
    return "".join(e)


def table(summary):
    head = ["kind", "batch", "backend", "ours s", "PyTorch s", "time ratio", "ours GiB", "PyTorch GiB", "RSS ratio", "GFLOP/s", "of peak"]
    out = ["<table><tr>" + "".join(f"<th>{c}</th>" for c in head) + "</tr>"]
    for s in summary:
        cells = [s["kind"], s["batch"], s["backend"], f'{s["ours_median_s"]:.3f}', f'{s.get("pytorch_median_s", math.nan):.3f}',
                 f'{s.get("time_ratio", math.nan):.2f}', f'{s["ours_peak_rss_mb"] / 1024:.2f}', f'{s.get("pytorch_peak_rss_mb", math.nan) / 1024:.2f}',
                 f'{s.get("rss_ratio", math.nan):.2f}', f'{s["gflops"]:.1f}', f'{100 * s["peak_fraction"]:.1f} %']
        out.append("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in cells) + "</tr>")
    return "".join(out) + "</table>"


def write(path, summary, profiles, meta):
    parts = [f"<!doctype html><meta charset='utf-8'><title>pcdarts against PyTorch</title><style>body{{font-family:sans-serif;margin:2em}}"
             f"table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}svg{{margin:6px}}</style>",
             "<h1>pcdarts against the reference PyTorch code</h1>",
             f"<p>{html.escape(meta['machine'])}; {meta['date']}; medians over {meta['rounds']} alternating rounds of "
             f"{meta['iters']} timed iterations each, every measurement in its own process; PyTorch side: {html.escape(meta['peer'])}. "
             "A time ratio under 1 means ours is faster; GFLOP/s are nominal (forward MACs × 2, × 3 with backward) against the FMA probe "
             "measured in the same process.</p>", table(summary)]
    for kind in dict.fromkeys(s["kind"] for s in summary):
        rows = [s for s in summary if s["kind"] == kind]
        series_t, series_m, series_i, series_g = {}, {}, {}, {}
        for s in rows:
            lab = "ours, " + s["backend"]
            series_t.setdefault(lab, []).append((s["batch"], s["ours_median_s"]))
            series_m.setdefault(lab, []).append((s["batch"], s["ours_peak_rss_mb"] / 1024))
            series_i.setdefault(lab, []).append((s["batch"], s["ours_images_per_s"]))
            series_g.setdefault(lab, []).append((s["batch"], s["gflops"]))
        for s in {s["batch"]: s for s in rows if "pytorch_median_s" in s}.values():
            series_t.setdefault("PyTorch", []).append((s["batch"], s["pytorch_median_s"]))
            series_m.setdefault("PyTorch", []).append((s["batch"], s["pytorch_peak_rss_mb"] / 1024))
            series_i.setdefault("PyTorch", []).append((s["batch"], s["pytorch_images_per_s"]))
        peak = statistics.median(s["fma_peak_gflops"] for s in rows)
        parts.append(f"<h2>{html.escape(kind)}</h2>")
        parts.append(chart(f"{kind}: seconds per step", "s", series_t, log_y=True))
        parts.append(chart(f"{kind}: peak RSS", "GiB", series_m))
        parts.append(chart(f"{kind}: images per second", "images/s", series_i))
        parts.append(chart(f"{kind}: nominal GFLOP/s", "GFLOP/s", series_g, hline=("FMA peak", peak) if peak == peak else None))
        for p in profiles:
            if p["kind"] == kind and "kernels" in p["result"]:
                parts.append("<div>" + bars(f"{kind}, batch {p['batch']}, {p['backend']}: seconds per iteration by kernel", p["result"]["kernels"]) + "</div>")
    with open(path + ".tmp", "w") as f:
        f.write("".join(parts))
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)
