#!/usr/bin/env python3
"""Golden vectors for the Java engine, produced by the reference PyTorch implementation.

Usage: PCDARTS_SRC=/path/to/PC-DARTS /usr/bin/python3 gen.py OUTDIR [--seed0 S] [--batch N] [--hw HW]
                                                                 [--search-c C] [--eval-c C] [--eval-layers L]
With no options it writes the cases of ../cases (seed0 0, batch 2, 8x8 planes, search C 4,
NetworkCIFAR C=6 with 5 cells). Other values give the same kinds of cases on other shapes and
seeds: HW must be even (the reference FactorizedReduce needs it); eval-layers >= 3.
Needs Debian's python3-torch (/usr/bin/python3) and a checkout of yuhuixu1993/PC-DARTS in
$PCDARTS_SRC (bring it in with fetch; never commit it).

The reference modules are imported from $PCDARTS_SRC; none of their code lives here.
Every case is one JSON file (format described in golden/README.md).
"""
import base64, json, math, os, sys, types

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

# The reference calls .cuda() everywhere; on this CPU-only oracle it must be a no-op.
torch.Tensor.cuda = lambda self, *a, **k: self
nn.Module.cuda = lambda self, *a, **k: self
sys.path.insert(0, os.environ["PCDARTS_SRC"])
import operations as OPS_MOD  # noqa: E402
import genotypes as G  # noqa: E402
import model_search as MS  # noqa: E402
import model as M  # noqa: E402

torch.set_num_threads(1)
torch.backends.mkldnn.enabled = False  # plain reference kernels, deterministic order


def enc(t):
    a = t.detach().cpu().contiguous().numpy()
    if a.dtype == np.int64:
        return {"shape": list(a.shape), "dtype": "i64", "data": a.reshape(-1).tolist()}
    a = a.astype("<f4")
    return {"shape": list(a.shape), "dtype": "f32", "b64": base64.b64encode(a.tobytes()).decode()}


class Case:
    def __init__(self, name, kind, description, config, atol=1e-5, rtol=1e-4):
        self.d = {"case": name, "kind": kind, "description": description, "config": config,
                  "tolerance": {"atol": atol, "rtol": rtol},
                  "inputs": {}, "params": {}, "buffers": {}, "outputs": {}, "grads": {},
                  "params_after": {}, "buffers_after": {}}

    def put(self, section, name, t):
        self.d[section][name] = enc(t)

    def write(self, outdir):
        path = os.path.join(outdir, self.d["case"].replace("/", "__") + ".json")
        with open(path, "w") as f:
            json.dump(self.d, f, separators=(",", ":"))
        return path


def module_case(outdir, name, description, config, module, inputs, train=True, atol=1e-5, rtol=1e-4,
                extra_forward=None):
    """Forward in train (or eval) mode, backward of sum(out * grad_out), dump everything."""
    module.train(train)
    c = Case(name, "module", description, config, atol, rtol)
    c.d["config"]["mode"] = "train" if train else "eval"
    for k, v in module.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        (c.put("buffers", k, v) if ("running_" in k) else None)
    for k, p in module.named_parameters():
        c.put("params", k, p)
    xs = []
    for k, x in inputs.items():
        x = x.clone().requires_grad_(True)
        xs.append((k, x))
        c.put("inputs", k, x)
    out = extra_forward(module, *[x for _, x in xs]) if extra_forward else module(*[x for _, x in xs])
    c.put("outputs", "out", out)
    g = torch.randn_like(out)
    c.put("inputs", "grad_out", g)
    (out * g).sum().backward()
    for k, x in xs:
        if x.grad is not None:
            c.put("grads", k, x.grad)
    for k, p in module.named_parameters():
        if p.grad is not None:
            c.put("grads", k, p.grad)
    for k, v in module.state_dict().items():
        if "running_" in k:
            c.put("buffers_after", k, v)
    return c.write(outdir)


def init_bn_affine(module, gen):
    """Give affine BN parameters non-trivial values so their gradients are exercised."""
    for m in module.modules():
        if isinstance(m, nn.BatchNorm2d) and m.affine:
            with torch.no_grad():
                m.weight.copy_(1 + 0.2 * torch.randn(m.weight.shape, generator=gen))
                m.bias.copy_(0.1 * torch.randn(m.bias.shape, generator=gen))


def gen_cases(outdir, opts):
    seed0 = opts["seed0"]
    N = opts["batch"]
    HW = opts["hw"]  # the reference FactorizedReduce needs even sizes
    written = []

    def rnd(*shape, seed):
        g = torch.Generator().manual_seed(seed)
        return torch.randn(*shape, generator=g)

    s = seed0
    # 1. Functional primitives -------------------------------------------------------
    conv_cfgs = [
        ("conv3x3_s1", dict(cin=3, cout=5, k=3, stride=1, pad=1, dil=1, groups=1)),
        ("conv3x3_s2", dict(cin=4, cout=6, k=3, stride=2, pad=1, dil=1, groups=1)),
        ("conv1x1_s2", dict(cin=4, cout=3, k=1, stride=2, pad=0, dil=1, groups=1)),
        ("conv2x2_p0", dict(cin=4, cout=3, k=2, stride=1, pad=0, dil=1, groups=1)),
        ("dwconv3x3_s1", dict(cin=4, cout=4, k=3, stride=1, pad=1, dil=1, groups=4)),
        ("dwconv5x5_s2", dict(cin=4, cout=4, k=5, stride=2, pad=2, dil=1, groups=4)),
        ("dwconv3x3_d2_s1", dict(cin=4, cout=4, k=3, stride=1, pad=2, dil=2, groups=4)),
        ("dwconv5x5_d2_s2", dict(cin=4, cout=4, k=5, stride=2, pad=4, dil=2, groups=4)),
    ]
    for nm, cf in conv_cfgs:
        s += 1
        torch.manual_seed(s)
        conv = nn.Conv2d(cf["cin"], cf["cout"], cf["k"], stride=cf["stride"], padding=cf["pad"],
                         dilation=cf["dil"], groups=cf["groups"], bias=False)
        written.append(module_case(outdir, "primitive/" + nm,
                                   "torch.nn.Conv2d without bias; params: weight [Cout, Cin/groups, k, k]",
                                   {"op": "conv2d", **cf}, conv, {"x": rnd(N, cf["cin"], HW, HW, seed=s)}))
    for affine in (True, False):
        for train in (True, False):
            s += 1
            torch.manual_seed(s)
            bn = nn.BatchNorm2d(6, affine=affine)
            with torch.no_grad():
                bn.running_mean.copy_(0.1 * rnd(6, seed=s + 50))
                bn.running_var.copy_(1 + 0.5 * rnd(6, seed=s + 51).abs())
            init_bn_affine(bn, torch.Generator().manual_seed(s))
            written.append(module_case(outdir, f"primitive/batchnorm_affine{int(affine)}_{'train' if train else 'eval'}",
                                       "torch.nn.BatchNorm2d(eps=1e-5, momentum=0.1); train mode normalises with the "
                                       "biased batch variance and updates running_var with the unbiased one",
                                       {"op": "batch_norm", "channels": 6, "affine": affine, "eps": 1e-5,
                                        "momentum": 0.1}, bn, {"x": 2 + 3 * rnd(N, 6, HW, HW, seed=s)}, train=train))
    pools = [
        ("maxpool3x3_s1", nn.MaxPool2d(3, stride=1, padding=1), {"op": "max_pool", "k": 3, "stride": 1, "pad": 1}),
        ("maxpool3x3_s2", nn.MaxPool2d(3, stride=2, padding=1), {"op": "max_pool", "k": 3, "stride": 2, "pad": 1}),
        ("maxpool2x2_s2", nn.MaxPool2d(2, 2), {"op": "max_pool", "k": 2, "stride": 2, "pad": 0}),
        ("avgpool3x3_s1", nn.AvgPool2d(3, stride=1, padding=1, count_include_pad=False),
         {"op": "avg_pool", "k": 3, "stride": 1, "pad": 1, "count_include_pad": False}),
        ("avgpool3x3_s2", nn.AvgPool2d(3, stride=2, padding=1, count_include_pad=False),
         {"op": "avg_pool", "k": 3, "stride": 2, "pad": 1, "count_include_pad": False}),
        ("avgpool5x5_s3_p0", nn.AvgPool2d(5, stride=3, padding=0, count_include_pad=False),
         {"op": "avg_pool", "k": 5, "stride": 3, "pad": 0, "count_include_pad": False}),
        ("global_avgpool", nn.AdaptiveAvgPool2d(1), {"op": "global_avg_pool"}),
        ("relu", nn.ReLU(), {"op": "relu"}),
    ]
    for nm, mod, cf in pools:
        s += 1
        written.append(module_case(outdir, "primitive/" + nm, "pooling / activation", cf, mod,
                                   {"x": rnd(N, 4, HW, HW, seed=s)}))
    s += 1
    torch.manual_seed(s)
    lin = nn.Linear(12, 10)
    written.append(module_case(outdir, "primitive/linear", "torch.nn.Linear with bias; weight [out, in]",
                               {"op": "linear", "in": 12, "out": 10}, lin, {"x": rnd(N + 2, 12, seed=s)}))

    class Shuffle(nn.Module):
        def forward(self, x):
            return MS.channel_shuffle(x, 4)
    s += 1
    written.append(module_case(outdir, "primitive/channel_shuffle_g4", "PC-DARTS channel_shuffle(x, groups=4)",
                               {"op": "channel_shuffle", "groups": 4}, Shuffle(), {"x": rnd(N, 8, 3, 3, seed=s)}))

    class Softmax(nn.Module):
        def forward(self, x):
            return F.softmax(x, dim=-1)
    s += 1
    written.append(module_case(outdir, "primitive/softmax_lastdim", "softmax over the last dimension",
                               {"op": "softmax", "dim": -1}, Softmax(), {"x": rnd(14, 8, seed=s)}))

    # Losses: scalar output, grad_out is 1-element.
    for smooth in (0.0, 0.1):
        s += 1
        logits = rnd(N + 3, 10, seed=s).requires_grad_(True)
        target = torch.randint(0, 10, (N + 3,), generator=torch.Generator().manual_seed(s))
        c = Case(f"primitive/cross_entropy_smooth{smooth}", "loss",
                 "mean cross-entropy; with smoothing eps the target is (1-eps)*onehot + eps/classes "
                 "(CrossEntropyLabelSmooth of the ImageNet scripts)", {"op": "cross_entropy", "label_smoothing": smooth,
                                                                      "classes": 10})
        c.put("inputs", "logits", logits)
        c.put("inputs", "target", target)
        if smooth == 0:
            loss = F.cross_entropy(logits, target)
        else:
            lp = F.log_softmax(logits, 1)
            t = torch.zeros_like(lp).scatter_(1, target.unsqueeze(1), 1)
            t = (1 - smooth) * t + smooth / 10
            loss = (-t * lp).mean(0).sum()
        loss.backward()
        c.put("outputs", "loss", loss.reshape(1))
        c.put("grads", "logits", logits.grad)
        written.append(c.write(outdir))

    # 2. The candidate operations (reference operations.py) ---------------------------
    C = 8
    for affine in (False, True):
        for prim in G.PRIMITIVES:
            for stride in (1, 2):
                s += 1
                torch.manual_seed(s)
                op = OPS_MOD.OPS[prim](C, stride, affine)
                if "pool" in prim and not affine:  # search-time pools carry a non-affine BN
                    op = nn.Sequential(op, nn.BatchNorm2d(C, affine=False))
                init_bn_affine(op, torch.Generator().manual_seed(s))
                written.append(module_case(
                    outdir, f"op/{prim}_s{stride}_affine{int(affine)}",
                    "reference OPS[name](C, stride, affine); param names are the reference module paths"
                    + ("; search-time pool followed by BatchNorm2d(affine=False) as module '1'" if "pool" in prim and not affine else ""),
                    {"op": prim, "C": C, "stride": stride, "affine": affine}, op,
                    {"x": rnd(N, C, HW, HW, seed=s)}, atol=2e-5, rtol=2e-4))
    for affine in (False, True):
        s += 1
        torch.manual_seed(s)
        m = OPS_MOD.ReLUConvBN(6, 8, 1, 1, 0, affine=affine)
        init_bn_affine(m, torch.Generator().manual_seed(s))
        written.append(module_case(outdir, f"op/relu_conv_bn_1x1_affine{int(affine)}", "reference ReLUConvBN(6, 8, 1, 1, 0)",
                                   {"op": "relu_conv_bn", "cin": 6, "cout": 8, "k": 1, "stride": 1, "pad": 0,
                                    "affine": affine}, m, {"x": rnd(N, 6, HW, HW, seed=s)}, atol=2e-5, rtol=2e-4))
        s += 1
        torch.manual_seed(s)
        m = OPS_MOD.FactorizedReduce(6, 8, affine=affine)
        init_bn_affine(m, torch.Generator().manual_seed(s))
        written.append(module_case(outdir, f"op/factorized_reduce_affine{int(affine)}", "reference FactorizedReduce(6, 8)",
                                   {"op": "factorized_reduce", "cin": 6, "cout": 8, "affine": affine}, m,
                                   {"x": rnd(N, 6, HW, HW, seed=s)}, atol=2e-5, rtol=2e-4))

    # 3. PC-DARTS MixedOp and search Cell --------------------------------------------
    for stride in (1, 2):
        s += 1
        torch.manual_seed(s)
        mo = MS.MixedOp(16, stride)
        w = F.softmax(rnd(8, seed=s + 7), dim=-1)
        written.append(module_case(
            outdir, f"search/mixed_op_s{stride}",
            "reference PC-DARTS MixedOp(C=16, stride) with K=4: ops see the first C/4 channels, the rest bypass "
            "(2x2 max-pooled when stride 2), concat then channel_shuffle(4). input 'w' = op weights (8)",
            {"C": 16, "stride": stride, "k": 4, "primitives": G.PRIMITIVES}, mo,
            {"x": rnd(N, 16, HW, HW, seed=s), "w": w}, atol=5e-5, rtol=5e-4,
            extra_forward=lambda m, x, ww: m(x, ww)))
    for red, red_prev in ((False, False), (True, False), (False, True)):
        s += 1
        torch.manual_seed(s)
        cell = MS.Cell(4, 4, 12, 12, 8, red, red_prev)
        hw0 = HW * 2 if red_prev else HW
        written.append(module_case(
            outdir, f"search/cell_red{int(red)}_redprev{int(red_prev)}",
            "reference PC-DARTS search Cell(steps=4, multiplier=4, C_pp=12, C_p=12, C=8); inputs s0, s1, "
            "weights (14x8 softmaxed alphas) and weights2 (14 per-edge beta weights, softmax per node)",
            {"steps": 4, "multiplier": 4, "C_prev_prev": 12, "C_prev": 12, "C": 8, "reduction": red,
             "reduction_prev": red_prev, "k": 4},
            cell, {"s0": rnd(N, 12, hw0, hw0, seed=s), "s1": rnd(N, 12, HW, HW, seed=s + 1),
                   "weights": F.softmax(rnd(14, 8, seed=s + 2), -1),
                   "weights2": torch.cat([F.softmax(rnd(2, seed=s + 3), -1), F.softmax(rnd(3, seed=s + 4), -1),
                                          F.softmax(rnd(4, seed=s + 5), -1), F.softmax(rnd(5, seed=s + 6), -1)])},
            atol=1e-4, rtol=1e-3, extra_forward=lambda m, a, b, w1, w2: m(a, b, w1, w2)))

    # 4. Whole search network: forward, loss, gradients of weights and architecture ---
    layers = 5
    Cn = opts["search_c"]
    res = 16
    s += 1
    torch.manual_seed(s)
    net = MS.Network(Cn, 10, layers, nn.CrossEntropyLoss())
    net.train()
    for i, a in enumerate(net.arch_parameters()):
        with torch.no_grad():
            a.copy_(0.5 * rnd(*a.shape, seed=s + 10 + i))
    x = rnd(N + 2, 3, res, res, seed=s)
    y = torch.randint(0, 10, (N + 2,), generator=torch.Generator().manual_seed(s))
    c = Case("search/network_forward_backward", "network",
             f"reference PC-DARTS search Network(C={Cn}, classes=10, layers={layers}); train mode; loss = mean "
             "cross-entropy; arch params alphas_normal/alphas_reduce [14,8], betas_normal/betas_reduce [14]",
             {"C": Cn, "classes": 10, "layers": layers, "steps": 4, "multiplier": 4, "stem_multiplier": 3, "k": 4},
             atol=2e-4, rtol=2e-3)
    for k, p in net.named_parameters():
        c.put("params", k, p)
    for k, v in net.state_dict().items():
        if "running_" in k:
            c.put("buffers", k, v)
    for nm, a in zip(["alphas_normal", "alphas_reduce", "betas_normal", "betas_reduce"], net.arch_parameters()):
        c.put("params", nm, a)
    c.put("inputs", "x", x)
    c.put("inputs", "target", y)
    logits = net(x)
    loss = F.cross_entropy(logits, y)
    loss.backward()
    c.put("outputs", "logits", logits)
    c.put("outputs", "loss", loss.reshape(1))
    for k, p in net.named_parameters():
        c.put("grads", k, p.grad)
    for nm, a in zip(["alphas_normal", "alphas_reduce", "betas_normal", "betas_reduce"], net.arch_parameters()):
        c.put("grads", nm, a.grad)
    g = net.genotype()
    c.d["outputs"]["genotype"] = {"normal": [list(t) for t in g.normal], "normal_concat": list(g.normal_concat),
                                  "reduce": [list(t) for t in g.reduce], "reduce_concat": list(g.reduce_concat)}
    written.append(c.write(outdir))

    # 5. One search iteration as train_search.py does it (first order) ---------------
    s += 1
    torch.manual_seed(s)
    net = MS.Network(Cn, 10, layers, nn.CrossEntropyLoss())
    net.train()
    for i, a in enumerate(net.arch_parameters()):
        with torch.no_grad():
            a.copy_(0.5 * rnd(*a.shape, seed=s + 10 + i))
    lr, mom, wd, clip = 0.1, 0.9, 3e-4, 5.0
    opt = torch.optim.SGD(net.parameters(), lr, momentum=mom, weight_decay=wd)
    aopt = torch.optim.Adam(net.arch_parameters(), lr=6e-4, betas=(0.5, 0.999), weight_decay=1e-3)
    c = Case("search/search_step_first_order", "search_step",
             "two iterations of the reference train_search loop: for each, architect step (Adam lr 6e-4, betas "
             "(0.5,0.999), wd 1e-3) on the val batch, then zero grads, weight step on the train batch: SGD lr 0.1 "
             "momentum 0.9 wd 3e-4 with clip_grad_norm 5 over all weights. BN running stats are updated by every "
             "forward in train mode. Inputs: train_x/train_y/val_x/val_y for iteration 0 and train2_*/val2_* "
             "for iteration 1.",
             {"C": Cn, "classes": 10, "layers": layers, "k": 4, "lr": lr, "momentum": mom, "weight_decay": wd,
              "grad_clip": clip, "arch_lr": 6e-4, "arch_betas": [0.5, 0.999], "arch_weight_decay": 1e-3,
              "iterations": 2},
             atol=5e-4, rtol=5e-3)
    for k, p in net.named_parameters():
        c.put("params", k, p)
    for k, v in net.state_dict().items():
        if "running_" in k:
            c.put("buffers", k, v)
    names = ["alphas_normal", "alphas_reduce", "betas_normal", "betas_reduce"]
    for nm, a in zip(names, net.arch_parameters()):
        c.put("params", nm, a)
    for it, pre in enumerate(["", "2"]):
        tx = rnd(N + 2, 3, res, res, seed=s + 100 + it)
        ty = torch.randint(0, 10, (N + 2,), generator=torch.Generator().manual_seed(s + 100 + it))
        vx = rnd(N + 2, 3, res, res, seed=s + 200 + it)
        vy = torch.randint(0, 10, (N + 2,), generator=torch.Generator().manual_seed(s + 200 + it))
        for nm, t in (("train%s_x" % pre, tx), ("train%s_y" % pre, ty), ("val%s_x" % pre, vx), ("val%s_y" % pre, vy)):
            c.put("inputs", nm, t)
        aopt.zero_grad()
        F.cross_entropy(net(vx), vy).backward()
        aopt.step()
        opt.zero_grad()
        loss = F.cross_entropy(net(tx), ty)
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), clip)
        opt.step()
        c.put("outputs", "train_loss_iter%d" % it, loss.detach().reshape(1))
    for k, p in net.named_parameters():
        c.put("params_after", k, p)
    for nm, a in zip(names, net.arch_parameters()):
        c.put("params_after", nm, a)
    for k, v in net.state_dict().items():
        if "running_" in k:
            c.put("buffers_after", k, v)
    written.append(c.write(outdir))

    # 6. Evaluation network with the published PC-DARTS CIFAR genotype ---------------
    s += 1
    torch.manual_seed(s)
    Ce, Le = opts["eval_c"], opts["eval_layers"]
    enet = M.NetworkCIFAR(Ce, 10, Le, True, G.PC_DARTS_cifar)
    enet.drop_path_prob = 0.0
    init_bn_affine(enet, torch.Generator().manual_seed(s))
    enet.train()
    x = rnd(N + 1, 3, res * 2, res * 2, seed=s)
    y = torch.randint(0, 10, (N + 1,), generator=torch.Generator().manual_seed(s))
    c = Case("eval/network_cifar_pc_darts", "network",
             f"reference NetworkCIFAR(C={Ce}, classes=10, layers={Le}, auxiliary=True, genotype=PC_DARTS_cifar); "
             "train mode, drop_path_prob 0; loss = CE(logits) + 0.4 * CE(logits_aux)",
             {"C": Ce, "classes": 10, "layers": Le, "auxiliary": True, "auxiliary_weight": 0.4,
              "genotype": "PC_DARTS_cifar"}, atol=2e-4, rtol=2e-3)
    for k, p in enet.named_parameters():
        c.put("params", k, p)
    for k, v in enet.state_dict().items():
        if "running_" in k:
            c.put("buffers", k, v)
    c.put("inputs", "x", x)
    c.put("inputs", "target", y)
    logits, aux = enet(x)
    loss = F.cross_entropy(logits, y) + 0.4 * F.cross_entropy(aux, y)
    loss.backward()
    c.put("outputs", "logits", logits)
    c.put("outputs", "logits_aux", aux)
    c.put("outputs", "loss", loss.reshape(1))
    for k, p in enet.named_parameters():
        c.put("grads", k, p.grad)
    written.append(c.write(outdir))

    # 7. Figures: parameter counts of the published networks --------------------------
    def count(model):
        return int(sum(np.prod(v.size()) for n, v in model.named_parameters() if "auxiliary" not in n))
    facts = {"case": "facts/parameter_counts", "kind": "facts",
             "description": "parameter counts (auxiliary head excluded, as utils.count_parameters_in_MB does)",
             "counts": {}}
    for gname in ("PC_DARTS_cifar", "DARTS_V2"):
        facts["counts"][f"NetworkCIFAR(C=36,layers=20,aux=True,{gname})"] = count(
            M.NetworkCIFAR(36, 10, 20, True, getattr(G, gname)))
    facts["counts"]["NetworkImageNet(C=48,layers=14,aux=True,PC_DARTS_image)"] = count(
        M.NetworkImageNet(48, 1000, 14, True, G.PC_DARTS_image))
    facts["counts"]["search Network(C=16,classes=10,layers=8) weights"] = count(
        MS.Network(16, 10, 8, nn.CrossEntropyLoss()))
    def macs(model, x):
        tot = [0]

        def hook(m, i, o):
            if isinstance(m, nn.Conv2d):
                tot[0] += o.numel() // o.shape[0] * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
            elif isinstance(m, nn.Linear):
                tot[0] += m.in_features * m.out_features
        hs = [m.register_forward_hook(hook) for m in model.modules()]
        model.eval()
        if isinstance(model, (M.NetworkCIFAR, M.NetworkImageNet)):
            model.drop_path_prob = 0.0
        with torch.no_grad():
            model(x)
        for h in hs:
            h.remove()
        return int(tot[0])
    facts["macs_description"] = ("multiply-accumulates of one image's inference forward pass, counting "
                                 "Conv2d (Cout*Hout*Wout*Cin/groups*kH*kW) and Linear (in*out) layers only")
    facts["macs"] = {
        "NetworkCIFAR(C=36,layers=20,PC_DARTS_cifar) 3x32x32": macs(
            M.NetworkCIFAR(36, 10, 20, True, G.PC_DARTS_cifar), torch.randn(1, 3, 32, 32)),
        "NetworkImageNet(C=48,layers=14,PC_DARTS_image) 3x224x224": macs(
            M.NetworkImageNet(48, 1000, 14, True, G.PC_DARTS_image), torch.randn(1, 3, 224, 224)),
        "search Network(C=16,layers=8) 3x32x32": macs(
            MS.Network(16, 10, 8, nn.CrossEntropyLoss()), torch.randn(1, 3, 32, 32)),
    }
    with open(os.path.join(outdir, "facts__parameter_counts.json"), "w") as f:
        json.dump(facts, f, indent=1)
    written.append("facts")
    return written


if __name__ == "__main__":
    out = sys.argv[1]
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--seed0", type=int, default=0)
    ap.add_argument("--batch", type=int, default=2)
    ap.add_argument("--hw", type=int, default=8)
    ap.add_argument("--search-c", type=int, default=4)
    ap.add_argument("--eval-c", type=int, default=6)
    ap.add_argument("--eval-layers", type=int, default=5)
    a = ap.parse_args()
    if a.hw % 2: ap.error("--hw must be even")
    opts = {"seed0": a.seed0, "batch": a.batch, "hw": a.hw, "search_c": a.search_c,
            "eval_c": a.eval_c, "eval_layers": a.eval_layers}
    variant = str(opts)
    os.makedirs(out, exist_ok=True)
    import builtins, io, contextlib
    with contextlib.redirect_stdout(io.StringIO()):  # the reference prints channel sizes
        w = gen_cases(out, opts)
    print(f"{len(w)} cases written to {out} ({variant})")
