package dev.litserve4j.internal.auth;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The unit that failed attempts are counted against: one IPv4 address, or one IPv6 /64. A single
 * subscriber is routinely given a whole /64, so counting IPv6 per address would give an attacker
 * 2^64 fresh counters; an IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is its IPv4 address.
 *
 * @param bits the IPv4 address, or the upper 64 bits of the IPv6 one
 */
record ClientGroup(boolean ipv6, long bits) {

    static ClientGroup of(InetAddress address) {
        ByteBuffer bytes = ByteBuffer.wrap(address.getAddress());
        if (bytes.capacity() == 4) {
            return new ClientGroup(false, Integer.toUnsignedLong(bytes.getInt(0)));
        }
        if (bytes.getLong(0) == 0 && bytes.getShort(8) == 0 && bytes.getShort(10) == (short) 0xffff) {
            return new ClientGroup(false, Integer.toUnsignedLong(bytes.getInt(12)));
        }
        return new ClientGroup(true, bytes.getLong(0));
    }

    @Override
    public String toString() {
        if (!ipv6) {
            return (bits >>> 24) + "." + (bits >>> 16 & 0xff) + "." + (bits >>> 8 & 0xff) + "." + (bits & 0xff);
        }
        StringBuilder prefix = new StringBuilder();
        for (int shift = 48; shift >= 0; shift -= 16) {
            prefix.append(Long.toHexString(bits >>> shift & 0xffff)).append(':');
        }
        return prefix.append(":/64").toString();
    }
}
