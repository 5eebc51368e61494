package dev.litserve4j.internal.config;

/**
 * A second listener for the operator's routes (the shutdown route, the metrics), away from the public
 * port, with its own connection cap.
 */
public record ManagementListener(String host, int port) {

    /** @return null when no management port was set */
    public static ManagementListener of(String host, Integer port, int publicPort) {
        if (port == null) {
            return null;
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("managementPort must be from 0 to 65535 (0 picks a free port), got "
                    + port);
        }
        if (port != 0 && port == publicPort) {
            throw new IllegalArgumentException("managementPort " + port + " is the public port: "
                    + "choose another port, so that the operator's routes are never on the public one");
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("managementHost must be an address to bind such as 127.0.0.1, got \""
                    + host + "\"");
        }
        return new ManagementListener(host, port);
    }
}
