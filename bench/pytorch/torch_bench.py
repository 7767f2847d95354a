"""The PyTorch side of bench/compare.py: the reference PC-DARTS code, timed on the CPU.

Times the same three things as `pcdarts bench` on the same shapes, each in its own process so
that the peak RSS belongs to one configuration:
  search  one search iteration of train_search.py: the first-order architecture step on a
          validation batch, then the weight step (clip 5, SGD) on a training batch;
          Network(C=16, 10 classes, 8 cells), K=4
  train   one training step of train.py: NetworkCIFAR(C=36, 20 cells, auxiliary, PC-DARTS
          genotype), auxiliary weight 0.4, drop path 0.15, clip 5, SGD
  infer   an evaluation-mode forward of that network without gradients
and prints one JSON line: median_s, min_s, images_per_s, peak_rss_mb (as ours names them).

The reference code is not part of this repository: it is imported from $PCDARTS_SRC (a checkout
of yuhuixu1993/PC-DARTS). It calls .cuda() throughout and its drop_path allocates a CUDA tensor,
so both are replaced by CPU equivalents here; nothing else of it changes.

usage: PCDARTS_SRC=PATH python3 bench/pytorch/torch_bench.py search|train|infer [--batch N]
"""
import argparse
import contextlib
import io
import json
import os
import resource
import statistics
import sys
import time
import types

ap = argparse.ArgumentParser()
ap.add_argument("what", choices=["search", "train", "infer"])
ap.add_argument("--batch", type=int, default=None, help="search: 64, train and infer: 96")
ap.add_argument("--warmup", type=int, default=2)
ap.add_argument("--iters", type=int, default=3)
ap.add_argument("--threads", type=int, default=os.cpu_count(), help="intra-op threads (default: all cores, as ours)")
args = ap.parse_args()
batch = args.batch or (64 if args.what == "search" else 96)

src = os.environ.get("PCDARTS_SRC")
if not src or not os.path.isfile(os.path.join(src, "model_search.py")):
    sys.exit("set PCDARTS_SRC to a checkout of the reference PC-DARTS code (yuhuixu1993/PC-DARTS)")
import torch
import torch.nn as nn

torch.set_num_threads(args.threads)
torch.Tensor.cuda = lambda self, *a, **k: self
nn.Module.cuda = lambda self, *a, **k: self
try:
    import torchvision.transforms  # noqa: F401  (the reference's utils imports it; nothing here uses it)
except ImportError:
    sys.modules["torchvision"] = types.ModuleType("torchvision")
    sys.modules["torchvision.transforms"] = types.ModuleType("torchvision.transforms")
    sys.modules["torchvision"].transforms = sys.modules["torchvision.transforms"]
sys.path.insert(0, src)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def cpu_drop_path(x, drop_prob):
    """utils.drop_path on the CPU: a per-sample Bernoulli(1 - p) mask, the kept samples scaled by 1/(1 - p)."""
    if drop_prob > 0.:
        keep = 1. - drop_prob
        x.div_(keep)
        x.mul_(torch.empty(x.size(0), 1, 1, 1, dtype=x.dtype).bernoulli_(keep))
    return x


torch.manual_seed(0)
gen = torch.Generator().manual_seed(0)
criterion = nn.CrossEntropyLoss()
x = torch.randn(batch, 3, 32, 32, generator=gen)
y = torch.randint(0, 10, (batch,), generator=gen)
with contextlib.redirect_stdout(io.StringIO()):  # the reference's cells print their channel counts
    if args.what == "search":
        import model_search
        from architect import Architect
        net = model_search.Network(16, 10, 8, criterion)
        hyper = types.SimpleNamespace(momentum=0.9, weight_decay=3e-4, arch_learning_rate=6e-4, arch_weight_decay=1e-3)
        architect = Architect(net, hyper)
        x_valid = torch.randn(batch, 3, 32, 32, generator=gen)
        y_valid = torch.randint(0, 10, (batch,), generator=gen)
    else:
        import genotypes
        import model
        model.drop_path = cpu_drop_path
        net = model.NetworkCIFAR(36, 10, 20, True, genotypes.PCDARTS)
        net.drop_path_prob = 0.15  # the paper's schedule 0.3 * epoch / 600 at epoch 300
optimizer = torch.optim.SGD(net.parameters(), 0.025, momentum=0.9, weight_decay=3e-4)


def weight_step(logits_of):
    optimizer.zero_grad()
    loss = logits_of()
    loss.backward()
    nn.utils.clip_grad_norm_(net.parameters(), 5.0)
    optimizer.step()


def search_iteration():
    net.train()
    architect.step(x, y, x_valid, y_valid, 0.025, optimizer, unrolled=False)
    weight_step(lambda: criterion(net(x), y))


def train_step():
    net.train()

    def loss():
        logits, logits_aux = net(x)
        return criterion(logits, y) + 0.4 * criterion(logits_aux, y)
    weight_step(loss)


def infer():
    net.eval()
    with torch.no_grad():
        net(x)


step = {"search": search_iteration, "train": train_step, "infer": infer}[args.what]
for _ in range(args.warmup):
    step()
times = []
for _ in range(args.iters):
    start = time.perf_counter()
    step()
    times.append(time.perf_counter() - start)
median = statistics.median(times)
print(json.dumps({"what": args.what, "batch": batch, "iters": args.iters, "backend": "PyTorch " + torch.__version__,
                  "threads": torch.get_num_threads(), "median_s": median, "min_s": min(times),
                  "images_per_s": batch * (2 if args.what == "search" else 1) / median,
                  "peak_rss_mb": peak_rss_mb(), "times_s": times}))
