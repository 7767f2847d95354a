package dev.pcdarts.nas.loop;

/** The loss became NaN or infinite; the run stops and the last good checkpoint is kept. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}
