package jp.kokin.domain.format;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one set of rules for every URL that comes from outside the code: a checkout's
 * {@code returnUrl}, a portal's {@code returnUrlPrefixes} and {@code notificationUrl}, a
 * provider's {@code baseUrl}. A URL is at most {@value #MAX_LENGTH} characters of printable
 * ASCII (no control characters, no spaces: percent-encode, and use punycode for international
 * domain names), absolute, with a host, without user info, and {@code https}; {@code http} only
 * to a loopback host (127.0.0.0/8, {@code [::1]}, {@code localhost}), for local development.
 * Loopback passes these format rules only: in AWS the notification sender refuses it unless
 * {@code ALLOW_LOOPBACK_URLS=true} (set by the local runner alone), and the production loader
 * ({@code LoadCatalog}) refuses loopback URLs in a catalog.
 *
 * <p>A URL we send requests to ({@link #parseEndpoint}, {@link #parseBaseUrl}) must moreover not
 * name, as a literal IP address, anything but a public unicast or a loopback address: private,
 * shared (100.64.0.0/10), link-local (so the cloud metadata services 169.254.169.254 and
 * fd00:ec2::254), unique-local, multicast and reserved addresses are refused. A host name is
 * checked again when it is resolved, before each request ({@link #isAllowedAddress}).
 */
public final class PublicUrl {

    /** The longest URL accepted anywhere (browsers and CDNs handle far more; no portal needs more). */
    public static final int MAX_LENGTH = 2048;
    /** A host of only digits and dots is meant as an IPv4 address (compiled once: it is checked on every send). */
    private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

    private PublicUrl() {}

    /** A URL a citizen's browser is sent to (a checkout's {@code returnUrl}). */
    public static URI parseBrowserUrl(String url) {
        return parse(url);
    }

    /** A URL we send requests to (a portal's {@code notificationUrl}): a query is allowed. */
    public static URI parseEndpoint(String url) {
        URI uri = parse(url);
        literalAddress(uri.getHost()).filter(a -> !isAllowedAddress(a)).ifPresent(a -> {
            throw new FormatException("must not point at a private, link-local, metadata or reserved address");
        });
        return uri;
    }

    /** The base of an API we call (a provider's {@code baseUrl}): an endpoint without query or fragment. */
    public static URI parseBaseUrl(String url) {
        URI uri = parseEndpoint(url);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new FormatException("must not have a query or a fragment");
        }
        return uri;
    }

    private static URI parse(String url) {
        if (url == null || url.isEmpty()) {
            throw new FormatException("is required");
        }
        if (url.length() > MAX_LENGTH) {
            throw new FormatException("is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                throw new FormatException("may hold only printable ASCII characters (no spaces or control characters;"
                        + " percent-encode others) at position " + i);
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new FormatException("is not a URL (" + e.getReason() + " at position " + e.getIndex() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null
                || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new FormatException("must be an absolute https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new FormatException("must not hold user info (user@host)");
        }
        if (scheme.equals("http") && !isLoopbackHost(uri.getHost())) {
            throw new FormatException("must be https (http only to a loopback host, for local development)");
        }
        return uri;
    }

    /** {@code localhost}, or a literal address in 127.0.0.0/8 or {@code ::1}. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        return literalAddress(host).map(InetAddress::isLoopbackAddress).orElse(false);
    }

    /** The address a host names literally ({@code 10.0.0.1}, {@code [fd00::1]}); empty for a host name. No lookup. */
    public static Optional<InetAddress> literalAddress(String host) {
        if (host == null || host.isEmpty()) {
            return Optional.empty();
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.contains(":") && !DIGITS_AND_DOTS.matcher(bare).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(bare));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether we may send a request to this address: a public unicast address, or loopback
     * (callers that run in AWS refuse loopback on top of this: see the class comment). Refused: unspecified, private (10/8, 172.16/12, 192.168/16), shared
     * (100.64/10), link-local (169.254/16 with the metadata service, fe80::/10), IETF and
     * benchmarking ranges (192.0.0/24, 198.18/15), multicast, reserved (240/4, broadcast),
     * unique-local (fc00::/7 with fd00:ec2::254), site-local (fec0::/10), and IPv6 forms that
     * embed a refused IPv4 address (mapped, compatible, NAT64 64:ff9b::/96, 6to4 2002::/16) or
     * hide it (Teredo 2001::/32).
     */
    public static boolean isAllowedAddress(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return true;
        }
        if (address instanceof Inet4Address) {
            return isAllowedIpv4(address.getAddress());
        }
        byte[] b = address.getAddress();
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress() || (b[0] & 0xfe) == 0xfc) {
            return false;
        }
        if (address instanceof Inet6Address v6 && v6.isIPv4CompatibleAddress()) {
            return isAllowedIpv4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b) { // NAT64 64:ff9b::/96, 64:ff9b:1::/48
            return isAllowedIpv4(new byte[] {b[12], b[13], b[14], b[15]});
        }
        if (b[0] == 0x20 && b[1] == 0x02) { // 6to4
            return isAllowedIpv4(new byte[] {b[2], b[3], b[4], b[5]});
        }
        return !(b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00); // Teredo
    }

    private static boolean isAllowedIpv4(byte[] a) {
        int o1 = a[0] & 0xff;
        int o2 = a[1] & 0xff;
        int o3 = a[2] & 0xff;
        return !(o1 == 0                                  // "this network", 0.0.0.0
                || o1 == 10                               // private
                || o1 == 127                              // loopback (allowed only as such, above)
                || (o1 == 100 && (o2 & 0xc0) == 64)       // shared address space 100.64/10
                || (o1 == 169 && o2 == 254)               // link-local, 169.254.169.254 metadata
                || (o1 == 172 && (o2 & 0xf0) == 16)       // private
                || (o1 == 192 && o2 == 0 && o3 == 0)      // IETF protocol assignments
                || (o1 == 192 && o2 == 168)               // private
                || (o1 == 198 && (o2 & 0xfe) == 18)       // benchmarking
                || o1 >= 224);                            // multicast, reserved, broadcast
    }
}
