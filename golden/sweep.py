#!/usr/bin/env python3
"""More golden cases, on other shapes and seeds, admitted only where the oracle is well posed.

Usage: PCDARTS_SRC=/path/to/PC-DARTS /usr/bin/python3 golden/sweep.py [VARIANT ...]

Each variant runs gen.py's cases twice with the reference code: once as gen.py does (PyTorch's
plain convolution kernels), once with PyTorch's MKL-DNN convolutions, which sum in another,
equally valid order. A case is written to golden/sweep/VARIANT/ only if
- the second run matches the first within the case's own tolerance, and
- no ReLU input lies within MARGIN of zero and no max-pool window's two largest values lie
  within MARGIN of each other (exact zeros and exact ties aside: every implementation decides
  those alike).
Otherwise the case hangs on the side of a kink that float32 rounding decides: one ReLU input of
1e-7 read as +3e-8 instead of -7e-7 sends a gradient down another path and moves the stem's
weight gradient by several per cent, in this project as in PyTorch itself. No implementation can
be held to such a case; it is listed in golden/sweep/MANIFEST.md with the reason.
Needs Debian's python3-torch and python3-torchvision, and a checkout of yuhuixu1993/PC-DARTS in
$PCDARTS_SRC (never commit it).
"""
import base64, contextlib, io, json, os, shutil, sys, tempfile

import numpy as np
import torch

MARGIN = 1e-6  # some 15 float32 ulps of a unit activation: well above what reordering moves
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
with contextlib.redirect_stdout(io.StringIO()):
    import gen  # noqa: E402  (imports the reference from $PCDARTS_SRC)

# name -> gen.py options; seeds are spaced so that no two variants share one
VARIANTS = {
    "b1-hw8-c4-e6x3": dict(seed0=100, batch=1, hw=8, search_c=4, eval_c=6, eval_layers=3),
    "b3-hw6-c8-e8x4": dict(seed0=200, batch=3, hw=6, search_c=8, eval_c=8, eval_layers=4),
    "b4-hw12-c4-e4x6": dict(seed0=300, batch=4, hw=12, search_c=4, eval_c=4, eval_layers=6),
    "b2-hw10-c4-e6x4": dict(seed0=400, batch=2, hw=10, search_c=4, eval_c=6, eval_layers=4),
    "b1-hw6-c4-e4x5": dict(seed0=600, batch=1, hw=6, search_c=4, eval_c=4, eval_layers=5),
    "b2-hw8-c8-e6x6": dict(seed0=700, batch=2, hw=8, search_c=8, eval_c=6, eval_layers=6),
    "b1-hw8-c4-e8x3": dict(seed0=800, batch=1, hw=8, search_c=4, eval_c=8, eval_layers=3),
}


class Kinks:
    """The least distance of any ReLU input from zero, and of any max-pool window's two largest
    values from each other, seen since the last case was written."""
    least = float("inf")
    where = ""

    @classmethod
    def see(cls, gap, what):
        gap = gap[gap > 0]
        if gap.numel() and gap.min().item() < cls.least:
            cls.least, cls.where = gap.min().item(), what

    @classmethod
    def install(cls):
        nn = torch.nn
        relu, pool = nn.ReLU.forward, nn.MaxPool2d.forward

        def relu_forward(m, x):
            cls.see(x.detach().abs(), "a ReLU input")
            return relu(m, x)

        def pool_forward(m, x):
            k, s, p = (v if isinstance(v, int) else v[0] for v in (m.kernel_size, m.stride, m.padding))
            cols = torch.nn.functional.unfold(torch.nn.functional.pad(x.detach(), (p,) * 4, value=-float("inf")), k, stride=s)
            top = cols.reshape(x.shape[0], x.shape[1], k * k, -1).topk(2, dim=2).values
            cls.see(top[:, :, 0] - top[:, :, 1], "a max-pool window")
            return pool(m, x)

        nn.ReLU.forward, nn.MaxPool2d.forward = relu_forward, pool_forward
        write = gen.Case.write

        def case_write(case, outdir):
            path = write(case, outdir)
            MARGINS[os.path.basename(path)] = (cls.least, cls.where)
            cls.least, cls.where = float("inf"), ""
            return path

        gen.Case.write = case_write


MARGINS = {}


def tensors(case):
    for section in ("outputs", "grads", "params_after", "buffers_after"):
        for name, t in case.get(section, {}).items():
            if isinstance(t, dict) and t.get("dtype") == "f32":
                yield f"{section}.{name}", np.frombuffer(base64.b64decode(t["b64"]), dtype="<f4").astype(np.float64)


def moved(a, b):
    """The first tensor of b that misses a's value beyond a's tolerance, or None."""
    atol, rtol = a["tolerance"]["atol"], a["tolerance"]["rtol"]
    other = dict(tensors(b))
    for name, x in tensors(a):
        y = other[name]
        bad = np.abs(y - x) > atol + rtol * np.abs(x)
        if bad.any():
            return f"{name}: {int(bad.sum())} of {x.size} elements, worst {float(np.abs(y - x).max()):.3g}"
    return None


def run(opts, mkldnn):
    out = tempfile.mkdtemp()
    torch.backends.mkldnn.enabled = mkldnn
    Kinks.least, Kinks.where = float("inf"), ""
    with contextlib.redirect_stdout(io.StringIO()):
        gen.gen_cases(out, opts)
    torch.backends.mkldnn.enabled = False
    return out


def main(names):
    Kinks.install()
    root = os.path.join(HERE, "sweep")
    manifest = os.path.join(root, "MANIFEST.md")
    rows = {}
    if os.path.exists(manifest):
        for line in open(manifest):
            if line.startswith("| `"):
                rows[line.split("`")[1]] = line
    for name in names or VARIANTS:
        opts = VARIANTS[name]
        MARGINS.clear()
        plain = run(opts, False)
        margins = dict(MARGINS)
        reordered = run(opts, True)
        dest = os.path.join(root, name)
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        kept, refused = 0, []
        for f in sorted(os.listdir(plain)):
            a = json.load(open(os.path.join(plain, f)))
            why = None
            if not f.startswith("facts"):
                least, where = margins.get(f, (float("inf"), ""))
                why = moved(a, json.load(open(os.path.join(reordered, f))))
                if why is None and least < MARGIN:
                    why = f"{where} {least:.2g} from its kink"
            if why:
                refused.append(f"{f[:-5]} ({why})")
            else:
                shutil.copy(os.path.join(plain, f), dest)
                kept += 1
        shutil.rmtree(plain)
        shutil.rmtree(reordered)
        rows[name] = (f"| `{name}` | {json.dumps(opts)} | {kept} | "
                      f"{'; '.join(refused) if refused else 'none'} |\n")
        print(f"{name}: {kept} cases kept, {len(refused)} refused", file=sys.stderr)
    with open(manifest, "w") as m:
        m.write("# Sweep cases: what golden/sweep.py admitted\n\n"
                "A case is refused when the reference, run again with MKL-DNN convolutions, misses its own\n"
                f"result beyond the case's tolerance, or when a ReLU input or max-pool window lies within {MARGIN:g}\n"
                "of its kink (see sweep.py). Regenerate with\n"
                "`PCDARTS_SRC=... /usr/bin/python3 golden/sweep.py [VARIANT ...]`.\n\n"
                "| variant | gen.py options | cases kept | refused, and why |\n|---|---|---:|---|\n")
        for k in sorted(rows):
            m.write(rows[k])


if __name__ == "__main__":
    main(sys.argv[1:])
