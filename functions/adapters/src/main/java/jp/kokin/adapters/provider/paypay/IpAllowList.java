package jp.kokin.adapters.provider.paypay;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The source addresses allowed to post notifications: IPv4 or IPv6 addresses and CIDR blocks
 * ({@code 203.0.113.7}, {@code 203.0.113.0/24}, {@code 2001:db8::/32}). Only literals are
 * accepted (never a host name: no DNS lookup happens here); IPv4 is the dotted-quad form only.
 * An IPv4-mapped IPv6 source ({@code ::ffff:203.0.113.7}) is compared as IPv4.
 */
public final class IpAllowList {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private record Block(byte[] network, int prefix) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }
    }

    private final List<Block> blocks;

    private IpAllowList(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** The list; {@link IllegalArgumentException} naming the first entry that is not an address or block. */
    public static IpAllowList parse(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : entries) {
            blocks.add(block(entry).orElseThrow(() -> new IllegalArgumentException(
                    "'" + entry + "' is not an IPv4/IPv6 address or CIDR block")));
        }
        return new IpAllowList(blocks);
    }

    /** Whether {@code entry} is an address or a CIDR block. */
    public static boolean isValid(String entry) {
        return block(entry).isPresent();
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** Whether {@code sourceIp} (an address literal) is in one of the blocks; false for anything unreadable. */
    public boolean allows(String sourceIp) {
        Optional<byte[]> address = literal(sourceIp);
        return address.isPresent() && blocks.stream().anyMatch(b -> b.contains(address.get()));
    }

    private static Optional<Block> block(String entry) {
        if (entry == null) {
            return Optional.empty();
        }
        String s = entry.strip();
        int slash = s.indexOf('/');
        Optional<byte[]> address = literal(slash < 0 ? s : s.substring(0, slash));
        if (address.isEmpty()) {
            return Optional.empty();
        }
        int bits = address.get().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            prefix = Integer.parseInt(p);
            if (prefix > bits) {
                return Optional.empty();
            }
        }
        return Optional.of(new Block(address.get(), prefix));
    }

    /** The address bytes (4 for IPv4, including IPv4-mapped IPv6; 16 for IPv6), without any DNS lookup. */
    private static Optional<byte[]> literal(String text) {
        if (text == null || text.isBlank() || text.indexOf('%') >= 0) {
            return Optional.empty();
        }
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.indexOf(':') < 0 && !DOTTED_QUAD.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(s).getAddress());
        } catch (IllegalArgumentException notALiteral) {
            return Optional.empty();
        }
    }
}
