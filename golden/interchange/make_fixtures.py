#!/usr/bin/env python3
"""PyTorch weight fixtures for pcdarts' state_dict import and export (golden/interchange).

Usage:
  PCDARTS_SRC=/path/to/PC-DARTS /usr/bin/python3 make_fixtures.py [OUTDIR]
      writes, into OUTDIR (default: this folder):
        network_cifar.pt           torch.save(model.state_dict()) of NetworkCIFAR(C=4, 10 classes,
                                   5 layers, auxiliary=True, PC_DARTS_cifar); its entries deflated
                                   (torch.load reads them) to keep the fixture small
        network_cifar.safetensors  the same state_dict without the auxiliary head (it does not take
                                   part in eval-mode logits), written by hand if the safetensors
                                   package is missing
        io.safetensors             "input" (2x3x32x32) and "logits", the model's eval-mode output
  PCDARTS_SRC=... /usr/bin/python3 make_fixtures.py check FILE [C LAYERS AUX CLASSES IN_CHANNELS]
      loads FILE (safetensors or .pt, e.g. one written by 'pcdarts export') into the reference
      NetworkCIFAR with load_state_dict(strict=True) and, for the fixture's shape (the default:
      4 5 1 10 3), prints how far its eval-mode logits on io.safetensors' input are from the
      fixture's logits.

The model is seeded (torch.manual_seed(0)); three train-mode forward passes before saving give
the BatchNorms running statistics other than 0/1 and num_batches_tracked = 3. The auxiliary
head's 768x128x2x2 convolution is set to zero: random values would not compress and would make
the fixtures over 1 MB, and eval-mode logits never read it.
Needs Debian's python3-torch (/usr/bin/python3) and a checkout of yuhuixu1993/PC-DARTS in
$PCDARTS_SRC (never commit it).
"""
import json, os, struct, sys, types, zipfile

import torch
import torch.nn as nn

torch.Tensor.cuda = lambda self, *a, **k: self
nn.Module.cuda = lambda self, *a, **k: self
sys.path.insert(0, os.environ["PCDARTS_SRC"])
try:
    import torchvision  # noqa: F401  (the reference's utils.py imports it for data loading only)
except ImportError:
    tv = types.ModuleType("torchvision")
    tv.transforms = types.ModuleType("torchvision.transforms")
    tv.datasets = types.ModuleType("torchvision.datasets")
    sys.modules.update({"torchvision": tv, "torchvision.transforms": tv.transforms, "torchvision.datasets": tv.datasets})
import genotypes as G  # noqa: E402
import model as M  # noqa: E402

torch.set_num_threads(1)
torch.backends.mkldnn.enabled = False
HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float32: "F32", torch.int64: "I64", torch.float64: "F64", torch.float16: "F16"}
FROM = {v: k for k, v in DTYPES.items()}


def save_safetensors(path, tensors):
    """The safetensors format by hand: u64 header length, JSON header, raw little-endian data."""
    header, blobs, off = {}, [], 0
    for k, t in tensors.items():
        b = t.detach().contiguous().numpy().tobytes()
        header[k] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b)
        off += len(b)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))


def load_safetensors(path):
    import numpy as np
    with open(path, "rb") as f:
        data = f.read()
    n = struct.unpack("<Q", data[:8])[0]
    header = json.loads(data[8:8 + n])
    out = {}
    for k, v in header.items():
        if k == "__metadata__":
            continue
        a, b = v["data_offsets"]
        dt = FROM[v["dtype"]]
        arr = np.frombuffer(data[8 + n + a:8 + n + b], dtype=torch.empty(0, dtype=dt).numpy().dtype).copy()
        out[k] = torch.from_numpy(arr.reshape(v["shape"]))
    return out


def deflate(path):
    """Rewrites a torch.save archive with its entries deflated (same names, same order)."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, b in items:
            z.writestr(name, b)


def build(c=4, layers=5, aux=True, classes=10):
    return M.NetworkCIFAR(c, classes, layers, aux, G.PC_DARTS_cifar)


def make(out):
    torch.manual_seed(0)
    net = build()
    net.drop_path_prob = 0.0
    with torch.no_grad():
        net.auxiliary_head.features[5].weight.zero_()
        net.train()
        for _ in range(3):
            net(torch.randn(4, 3, 32, 32))
        net.eval()
        x = torch.randn(2, 3, 32, 32)
        logits, _ = net(x)
    sd = net.state_dict()
    pt = os.path.join(out, "network_cifar.pt")
    torch.save(sd, pt)
    deflate(pt)
    back = torch.load(pt)
    assert list(back) == list(sd) and all(torch.equal(back[k], sd[k]) for k in sd)
    plain = {k: v for k, v in sd.items() if not k.startswith("auxiliary_head.")}
    st = os.path.join(out, "network_cifar.safetensors")
    try:
        from safetensors.torch import save_file
        save_file(plain, st)
    except ImportError:
        save_safetensors(st, plain)
    save_safetensors(os.path.join(out, "io.safetensors"), {"input": x, "logits": logits})
    print("wrote", pt, st, "io.safetensors;", len(sd), "entries,", sum(v.numel() for v in sd.values()), "elements")
    print("logits", logits.tolist())


def check(path, c=4, layers=5, aux=1, classes=10, in_channels=3):
    sd = torch.load(path) if path.endswith(".pt") else load_safetensors(path)
    net = build(c, layers, bool(aux), classes)
    if in_channels != 3:  # our runs on 1-channel data: the stem's first convolution takes 1 channel
        net.stem[0] = nn.Conv2d(in_channels, net.stem[0].out_channels, 3, padding=1, bias=False)
    net.load_state_dict(sd, strict=True)
    print("load_state_dict(strict=True) accepted", len(sd), "entries of", path)
    counters = {int(v) for k, v in sd.items() if k.endswith("num_batches_tracked")}
    print("num_batches_tracked values:", sorted(counters))
    if (c, layers, classes, in_channels) == (4, 5, 10, 3):
        io = load_safetensors(os.path.join(HERE, "io.safetensors"))
        net.drop_path_prob = 0.0
        net.eval()
        with torch.no_grad():
            logits, _ = net(io["input"])
        d = (logits - io["logits"]).abs()
        print("max |logits - fixture logits| = %.3g (max |logit| %.3g)" % (d.max().item(), io["logits"].abs().max().item()))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        check(sys.argv[2], *[int(a) for a in sys.argv[3:]])
    else:
        make(sys.argv[1] if len(sys.argv) > 1 else HERE)
