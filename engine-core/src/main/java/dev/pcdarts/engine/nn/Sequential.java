package dev.pcdarts.engine.nn;

import dev.pcdarts.engine.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Layers applied in order, named "0", "1", ... as in torch.nn.Sequential. */
public final class Sequential extends UnaryModule {
    private final List<UnaryModule> layers = new ArrayList<>();

    public Sequential(UnaryModule... layers) {
        for (UnaryModule m : layers) add(m);
    }

    public Sequential add(UnaryModule m) {
        child(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    public List<UnaryModule> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor x) {
        for (int i = 0; i < layers.size(); ) {
            int end = Fusion.match(layers, i);
            if (end > i) {
                x = Fusion.forward(layers, i, end, x);
                i = end;
            } else {
                x = layers.get(i++).forward(x);
            }
        }
        return x;
    }
}
