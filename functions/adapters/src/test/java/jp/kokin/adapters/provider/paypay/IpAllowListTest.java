package jp.kokin.adapters.provider.paypay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class IpAllowListTest {

    private final IpAllowList list = IpAllowList.parse(List.of("203.0.113.0/24", "198.51.100.7", "2001:db8:10::/48",
            "192.0.2.128/25"));

    @Test
    void allows_addresses_inside_the_blocks_and_the_single_addresses() {
        assertTrue(list.allows("203.0.113.0"));
        assertTrue(list.allows("203.0.113.255"));
        assertTrue(list.allows("198.51.100.7"));
        assertTrue(list.allows("2001:db8:10:ffff::1"));
        assertTrue(list.allows("192.0.2.200"));
    }

    @Test
    void refuses_addresses_just_outside() {
        assertFalse(list.allows("203.0.114.1"));
        assertFalse(list.allows("198.51.100.8"));
        assertFalse(list.allows("2001:db8:11::1"));
        assertFalse(list.allows("192.0.2.127"));
    }

    @Test
    void an_ipv4_mapped_ipv6_source_is_compared_as_ipv4() {
        assertTrue(list.allows("::ffff:203.0.113.9"));
        assertFalse(list.allows("::ffff:10.0.0.1"));
    }

    @Test
    void anything_that_is_not_an_address_literal_is_refused_without_a_lookup() {
        assertFalse(list.allows(""));
        assertFalse(list.allows(null));
        assertFalse(list.allows("localhost"));
        assertFalse(list.allows("203.0.113"));
        assertFalse(list.allows("fe80::1%eth0"));
    }

    @Test
    void entries_must_be_addresses_or_cidr_blocks() {
        assertTrue(IpAllowList.isValid("0.0.0.0/0"));
        assertTrue(IpAllowList.isValid("::/0"));
        assertTrue(IpAllowList.isValid("2001:db8::1"));
        assertFalse(IpAllowList.isValid("paypay.ne.jp"));
        assertFalse(IpAllowList.isValid("10.0.0.0/33"));
        assertFalse(IpAllowList.isValid("2001:db8::/129"));
        assertFalse(IpAllowList.isValid("10.0.0.0/"));
        assertFalse(IpAllowList.isValid("10.0.0.0/-1"));
        assertFalse(IpAllowList.isValid("10.0.1"));
        assertFalse(IpAllowList.isValid("300.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> IpAllowList.parse(List.of("10.0.0.0/8", "nope")));
    }
}
