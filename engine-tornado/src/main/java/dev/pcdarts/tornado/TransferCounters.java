package dev.pcdarts.tornado;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What crossed between host and device, counted where the dispatcher starts each transfer:
 * tensor data each way (count and bytes), the launch parameters every kernel launch sends, the
 * launches themselves and the task graphs compiled (each on its first execution).
 */
final class TransferCounters {
    long hostToDevice;
    long hostToDeviceBytes;
    long deviceToHost;
    long deviceToHostBytes;
    long parameterUploads;
    long parameterBytes;
    long launches;
    long plansCompiled;

    synchronized Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("host_to_device", hostToDevice);
        m.put("host_to_device_bytes", hostToDeviceBytes);
        m.put("device_to_host", deviceToHost);
        m.put("device_to_host_bytes", deviceToHostBytes);
        m.put("parameter_uploads", parameterUploads);
        m.put("parameter_bytes", parameterBytes);
        m.put("kernel_launches", launches);
        m.put("plans_compiled", plansCompiled);
        return m;
    }
}
