package dev.litserve4j.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ClientGroupTest {

    @Test
    void anIpv6AddressIsGroupedByItsSlash64() throws Exception {
        ClientGroup group = ClientGroup.of(InetAddress.getByName("2001:db8:a:b:1:2:3:4"));
        assertThat(group).isEqualTo(ClientGroup.of(InetAddress.getByName("2001:db8:a:b::")));
        assertThat(group).isNotEqualTo(ClientGroup.of(InetAddress.getByName("2001:db8:a:c:1:2:3:4")));
        assertThat(group).hasToString("2001:db8:a:b::/64");
    }

    @Test
    void anIpv4AddressAndItsIpv4MappedFormAreOneGroup() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 203, 0, 113, (byte) 200};
        ClientGroup ipv4 = ClientGroup.of(InetAddress.getByName("203.0.113.200"));
        assertThat(ClientGroup.of(Inet6Address.getByAddress(null, mapped, -1))).isEqualTo(ipv4);
        assertThat(ipv4).hasToString("203.0.113.200");
        assertThat(ipv4).isNotEqualTo(ClientGroup.of(InetAddress.getByName("203.0.113.201")));
    }

    @Test
    void anIpv4AddressIsNotTheIpv6GroupWithTheSameBits() throws Exception {
        // ::cb00:71c8 is in ::/64, whose upper bits are 0: the family keeps them apart from 0.0.0.0.
        assertThat(ClientGroup.of(InetAddress.getByName("0.0.0.0")))
                .isNotEqualTo(ClientGroup.of(InetAddress.getByName("::cb00:71c8")));
    }
}
