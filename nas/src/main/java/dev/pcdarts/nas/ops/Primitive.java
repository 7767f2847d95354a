package dev.pcdarts.nas.ops;

import dev.pcdarts.engine.nn.AvgPool2d;
import dev.pcdarts.engine.nn.BatchNorm2d;
import dev.pcdarts.engine.nn.Identity;
import dev.pcdarts.engine.nn.Init;
import dev.pcdarts.engine.nn.MaxPool2d;
import dev.pcdarts.engine.nn.Sequential;
import dev.pcdarts.engine.nn.UnaryModule;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The candidate operations by their reference names. The first eight, in this order, are the
 * DARTS search space (the columns of alpha); the last two appear only in NASNet/AmoebaNet.
 */
public enum Primitive {
    NONE("none"),
    MAX_POOL_3X3("max_pool_3x3"),
    AVG_POOL_3X3("avg_pool_3x3"),
    SKIP_CONNECT("skip_connect"),
    SEP_CONV_3X3("sep_conv_3x3"),
    SEP_CONV_5X5("sep_conv_5x5"),
    DIL_CONV_3X3("dil_conv_3x3"),
    DIL_CONV_5X5("dil_conv_5x5"),
    SEP_CONV_7X7("sep_conv_7x7"),
    CONV_7X1_1X7("conv_7x1_1x7");

    /** The search space, in alpha-column order. */
    public static final List<Primitive> SEARCH_SPACE = List.of(NONE, MAX_POOL_3X3, AVG_POOL_3X3, SKIP_CONNECT,
            SEP_CONV_3X3, SEP_CONV_5X5, DIL_CONV_3X3, DIL_CONV_5X5);

    private final String ref;

    Primitive(String ref) {
        this.ref = ref;
    }

    /** The reference name, e.g. {@code sep_conv_3x3}. */
    public String ref() {
        return ref;
    }

    public boolean isPool() {
        return this == MAX_POOL_3X3 || this == AVG_POOL_3X3;
    }

    /** Looks an op up by its reference name; the error lists the valid names. */
    public static Primitive byName(String name) {
        for (Primitive p : values()) if (p.ref.equals(name.trim().toLowerCase(Locale.ROOT))) return p;
        throw new IllegalArgumentException("unknown op '" + name + "'; valid ops: "
                + Arrays.stream(values()).map(Primitive::ref).collect(Collectors.joining(", ")));
    }

    /** Builds the op on C channels ({@code OPS[name](C, stride, affine)}). */
    public UnaryModule build(Init init, int c, int stride, boolean affine) {
        return switch (this) {
            case NONE -> new Zero(stride);
            case MAX_POOL_3X3 -> new MaxPool2d(3, stride, 1);
            case AVG_POOL_3X3 -> new AvgPool2d(3, stride, 1);
            case SKIP_CONNECT -> stride == 1 ? new Identity() : new FactorizedReduce(init, c, c, affine);
            case SEP_CONV_3X3 -> new Wrapped(ref, ConvBlocks.sepConv(init, c, c, 3, stride, 1, affine));
            case SEP_CONV_5X5 -> new Wrapped(ref, ConvBlocks.sepConv(init, c, c, 5, stride, 2, affine));
            case SEP_CONV_7X7 -> new Wrapped(ref, ConvBlocks.sepConv(init, c, c, 7, stride, 3, affine));
            case DIL_CONV_3X3 -> new Wrapped(ref, ConvBlocks.dilConv(init, c, c, 3, stride, 2, 2, affine));
            case DIL_CONV_5X5 -> new Wrapped(ref, ConvBlocks.dilConv(init, c, c, 5, stride, 4, 2, affine));
            case CONV_7X1_1X7 -> new Wrapped(ref, ConvBlocks.conv7x1x1x7(init, c, stride, affine));
        };
    }

    /** The search-time op: pools are followed by BN(C, affine=false), as in the search MixedOp. */
    public UnaryModule buildForSearch(Init init, int c, int stride) {
        UnaryModule op = build(init, c, stride, false);
        return isPool() ? new Sequential(op, new BatchNorm2d(init, c, false)) : op;
    }
}
