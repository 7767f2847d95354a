package dev.pcdarts.engine.optim;

/**
 * lr(t) = ηmin + (η0 − ηmin)·(1 + cos(π·t/T))/2. pcdarts evaluates it at t = epoch index, the
 * original intent of the reference (PyTorch 0.3), so epoch 0 uses η0; PyTorch ≥ 1.1 shifts this
 * by one epoch (see PCDARTS-SPEC §7).
 */
public record CosineAnnealing(double baseLr, double etaMin, int tMax) {
    public double lr(int epoch) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
    }
}
