package dev.pcdarts.tornado;

import dev.pcdarts.engine.backend.Backend;
import dev.pcdarts.engine.backend.BackendOptions;
import dev.pcdarts.engine.backend.BackendProvider;

/**
 * Registers the TornadoVM backend. Nothing here names a TornadoVM type: the availability check
 * only looks for the runtime's modules, and the backend class (which does name them) is loaded
 * by reflection in {@link #create}, so the provider loads fine on a JVM without TornadoVM.
 * Ranked after the CPU backend: it runs when asked for ({@code --backend tornado}).
 */
public final class TornadoBackendProvider implements BackendProvider {
    /** System property choosing the device as driver:device (default: TornadoVM's default device). */
    public static final String DEVICE_PROPERTY = "pcdarts.tornado.device";

    @Override
    public String name() {
        return "tornado";
    }

    @Override
    public int rank() {
        return 200;
    }

    @Override
    public boolean isAvailable() {
        return unavailableReason().isEmpty();
    }

    @Override
    public String unavailableReason() {
        if (ModuleLayer.boot().findModule("tornado.runtime").isEmpty()) {
            return "the TornadoVM runtime is not on the module path: install the TornadoVM SDK (5.2.x for JDK 25), "
                    + "set TORNADOVM_HOME and start the JVM with @$TORNADOVM_HOME/tornado-argfile (./pcdarts does this when TORNADOVM_HOME is set)";
        }
        if (System.getProperty("tornado.load.runtime.implementation") == null) {
            return "TornadoVM's modules are present but its runtime properties are not: start the JVM with @$TORNADOVM_HOME/tornado-argfile";
        }
        return "";
    }

    @Override
    public Backend create(BackendOptions options) {
        String why = unavailableReason();
        if (!why.isEmpty()) throw new IllegalStateException("backend tornado is unavailable: " + why);
        try {
            return (Backend) Class.forName("dev.pcdarts.tornado.TornadoBackend")
                    .getConstructor(String.class).newInstance(System.getProperty(DEVICE_PROPERTY, ""));
        } catch (java.lang.reflect.InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw new IllegalStateException("TornadoVM failed to start: " + cause, cause);
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("TornadoVM failed to start: " + e, e);
        }
    }
}
