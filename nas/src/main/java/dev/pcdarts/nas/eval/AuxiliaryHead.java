package dev.pcdarts.nas.eval;

import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Conv2d;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.Linear;
import dev.pcdarts.engine.nn.Relu;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.nn.UnaryModule;
import dev.pcdarts.engine.tensor.Tensor;

/**
 * The auxiliary classifier. CIFAR: ReLU → AvgPool 5/3 → 1×1 → BN → ReLU → 2×2 → BN → ReLU →
 * Linear. ImageNet: AvgPool 5/2 and no BN after the 2×2 convolution, as in the reference.
 */
public final class AuxiliaryHead extends UnaryModule {
    private final Sequential features;
    private final Linear classifier;

    private AuxiliaryHead(Sequential features, Linear classifier) {
        this.features = child("features", features);
        this.classifier = child("classifier", classifier);
    }

    public static AuxiliaryHead cifar(Init init, int c, int classes) {
        return new AuxiliaryHead(new Sequential(new Relu(), new AvgPool2d(5, 3, 0), new Conv2d(init, c, 128, 1, 1, 0, 1, 1),
                new BatchNorm2d(init, 128, true), new Relu(), new Conv2d(init, 128, 768, 2, 1, 0, 1, 1),
                new BatchNorm2d(init, 768, true), new Relu()), new Linear(init, 768, classes));
    }

    public static AuxiliaryHead imagenet(Init init, int c, int classes) {
        return new AuxiliaryHead(new Sequential(new Relu(), new AvgPool2d(5, 2, 0), new Conv2d(init, c, 128, 1, 1, 0, 1, 1),
                new BatchNorm2d(init, 128, true), new Relu(), new Conv2d(init, 128, 768, 2, 1, 0, 1, 1), new Relu()),
                new Linear(init, 768, classes));
    }

    @Override
    public Tensor forward(Tensor x) {
        return classifier.forward(features.forward(x));
    }
}
