package dev.litserve4j.internal.config;

import dev.litserve4j.Device;
import java.util.List;
import java.util.Locale;

/** The devices of a server from its {@code accelerator} and {@code devices} options: the CPU for now. */
public final class CpuDevices {

    private CpuDevices() {
    }

    /** @throws IllegalArgumentException for a GPU accelerator, an unknown one, or more than one CPU device */
    public static List<Device> resolve(String accelerator, String devices) {
        String a = accelerator == null ? "" : accelerator.toLowerCase(Locale.ROOT);
        switch (a) {
            case "auto":
            case "cpu":
                break;
            case "cuda":
            case "gpu":
            case "mps":
                throw new IllegalArgumentException("accelerator '" + accelerator
                        + "' is not supported yet: litserve4j runs its workers on the CPU; use 'cpu' or 'auto'");
            default:
                throw new IllegalArgumentException("accelerator must be one of 'auto', 'cpu', 'mps', 'cuda', or 'gpu'. "
                        + "Found: " + accelerator);
        }
        if (!"auto".equalsIgnoreCase(devices) && !"1".equals(devices)) {
            throw new IllegalArgumentException("devices must be 'auto' or 1 on the CPU, got '" + devices
                    + "': use workersPerDevice for more parallelism");
        }
        return List.of(Device.CPU);
    }
}
