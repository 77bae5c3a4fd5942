package jp.kokin.simulators.stripe;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stripe's request encoding ("Request body and query parameters are form-encoded; nested
 * parameters use brackets"): {@code a=1}, {@code a[b]=1} (a hash), {@code a[0]=x&a[1]=y} or
 * {@code a[]=x&a[]=y} (an array). Parsed into a tree of {@code String}, {@code Map<String,Object>}
 * (insertion order) and {@code List<Object>}; an indexed array must be numbered 0, 1, 2….
 */
final class StripeForm {

    /** A body that Stripe would refuse as malformed; {@code param} names the parameter. */
    static final class InvalidFormException extends Exception {
        final String param;

        InvalidFormException(String param, String message) {
            super(message);
            this.param = param;
        }
    }

    private StripeForm() {}

    static Map<String, Object> parse(String encoded) throws InvalidFormException {
        Map<String, Object> root = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return root;
        }
        for (String pair : encoded.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String rawKey = eq < 0 ? pair : pair.substring(0, eq);
            String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
            String key;
            String value;
            try {
                key = URLDecoder.decode(rawKey, StandardCharsets.UTF_8);
                value = URLDecoder.decode(rawValue, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidFormException(rawKey, "Invalid form encoding for " + rawKey);
            }
            insert(root, key, segments(key), value);
        }
        return normalize(root, "");
    }

    /** {@code a[b][0]} → [a, b, 0]; {@code a[]} → [a, ""]. */
    private static List<String> segments(String key) throws InvalidFormException {
        int open = key.indexOf('[');
        List<String> out = new ArrayList<>();
        out.add(open < 0 ? key : key.substring(0, open));
        if (out.getFirst().isEmpty()) {
            throw new InvalidFormException(key, "Invalid parameter name: " + key);
        }
        int i = open;
        while (i >= 0 && i < key.length()) {
            if (key.charAt(i) != '[') {
                throw new InvalidFormException(key, "Invalid parameter name: " + key);
            }
            int close = key.indexOf(']', i);
            if (close < 0) {
                throw new InvalidFormException(key, "Invalid parameter name: " + key);
            }
            out.add(key.substring(i + 1, close));
            i = close + 1;
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Object> root, String key, List<String> segments, String value)
            throws InvalidFormException {
        Object node = root;
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            boolean last = i == segments.size() - 1;
            boolean nextAppends = !last && segments.get(i + 1).isEmpty();
            if (seg.isEmpty()) { // "[]": append to the list that the previous segment made
                if (!last || !(node instanceof List<?>)) {
                    throw new InvalidFormException(key, "Invalid array parameter: " + key);
                }
                ((List<Object>) node).add(value);
                return;
            }
            if (!(node instanceof Map<?, ?>)) {
                throw new InvalidFormException(key, "Invalid hash parameter: " + key);
            }
            Map<String, Object> map = (Map<String, Object>) node;
            Object existing = map.get(seg);
            if (last) {
                if (existing != null) {
                    throw new InvalidFormException(key, "The parameter " + key + " was given twice");
                }
                map.put(seg, value);
                return;
            }
            if (existing == null) {
                existing = nextAppends ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                map.put(seg, existing);
            } else if (existing instanceof String || nextAppends != (existing instanceof List<?>)) {
                throw new InvalidFormException(key, "Invalid hash parameter: " + key);
            }
            node = existing;
        }
    }

    /** Hashes whose keys are all 0..n-1 become arrays, in index order. */
    @SuppressWarnings("unchecked")
    private static <T> T normalize(Object node, String path) throws InvalidFormException {
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                out.add(normalize(item, path + "[]"));
            }
            return (T) out;
        }
        if (!(node instanceof Map<?, ?> map)) {
            return (T) node;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean numeric = !map.isEmpty();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = (String) e.getKey();
            numeric &= k.matches("[0-9]{1,4}");
            out.put(k, normalize(e.getValue(), path.isEmpty() ? k : path + "[" + k + "]"));
        }
        if (!numeric || path.isEmpty()) {
            return (T) out;
        }
        Object[] items = new Object[out.size()];
        for (Map.Entry<String, Object> e : out.entrySet()) {
            int index = Integer.parseInt(e.getKey());
            if (index >= items.length) {
                throw new InvalidFormException(path, "Invalid array: the indices of " + path + " must be 0, 1, 2…");
            }
            items[index] = e.getValue();
        }
        return (T) new ArrayList<>(List.of(items));
    }

    /** A canonical text of a parsed tree (hash keys sorted), to compare two requests' parameters. */
    static String canonical(Object node) {
        if (node instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : new TreeMap<>(map).entrySet()) {
                sb.append(e.getKey()).append('=').append(canonical(e.getValue())).append(';');
            }
            return sb.append('}').toString();
        }
        if (node instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Object item : list) {
                sb.append(canonical(item)).append(';');
            }
            return sb.append(']').toString();
        }
        return String.valueOf(node).replace("\\", "\\\\").replace(";", "\\;").replace("=", "\\=");
    }
}
