package dev.litserve4j;

import java.util.Objects;

/**
 * The device a worker runs on, handed to {@link LitApi#setup(Device)}. Its {@link #toString()} is
 * the device string LitServe uses, such as {@code "cpu"} or {@code "cuda:0"}.
 */
public final class Device {

    /** The CPU; all workers of a CPU server share it. */
    public static final Device CPU = new Device("cpu", -1);

    private final String type;
    private final int index;

    private Device(String type, int index) {
        this.type = type;
        this.index = index;
    }

    /** The accelerator kind: {@code "cpu"}, {@code "cuda"}, ... */
    public String type() {
        return type;
    }

    /** The accelerator index, or -1 for the CPU. */
    public int index() {
        return index;
    }

    /** {@code "cpu"} or {@code "<type>:<index>"}. */
    public String name() {
        return index < 0 ? type : type + ":" + index;
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Device && ((Device) o).type.equals(type) && ((Device) o).index == index;
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, index);
    }
}
