package dev.ferry.ref;

import java.util.Locale;
import java.util.regex.Pattern;

/** Whether a registry's host names this machine, for {@link ImageReference#isLoopback()} and {@link Registries.Address#isLoopback()}. */
final class Loopback {
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private Loopback() {
    }

    /**
     * Whether {@code registry} (a host with or without a port) is on this machine: {@code localhost}
     * (any case), {@code 127.x.y.z} or {@code [::1]} in any of its spellings.
     */
    static boolean isLoopback(String registry) {
        String host;
        if (registry.startsWith("[")) {
            int close = registry.indexOf(']');
            if (close < 0) {
                return false;
            }
            return isIpv6Loopback(registry.substring(1, close));
        }
        int colon = registry.indexOf(':');
        host = colon < 0 ? registry : registry.substring(0, colon);
        if (host.toLowerCase(Locale.ROOT).equals(Grammar.LOCALHOST)) {
            return true;
        }
        if (IPV4_LOOPBACK.matcher(host).matches()) {
            for (String octet : host.split("\\.")) {
                if (Integer.parseInt(octet) > 255) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** Whether a bracket-less IPv6 literal is {@code ::1} in any of its spellings. */
    private static boolean isIpv6Loopback(String address) {
        int gap = address.indexOf("::");
        if (gap >= 0 && address.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String[] head = gap < 0 ? address.split(":", -1) : splitGroups(address.substring(0, gap));
        String[] tail = gap < 0 ? new String[0] : splitGroups(address.substring(gap + 2));
        int count = head.length + tail.length;
        if (gap < 0 ? count != 8 : count > 7) {
            return false;
        }
        long[] groups = new long[8];
        for (int i = 0; i < head.length; i++) {
            groups[i] = group(head[i]);
        }
        for (int i = 0; i < tail.length; i++) {
            groups[8 - tail.length + i] = group(tail[i]);
        }
        for (int i = 0; i < 7; i++) {
            if (groups[i] != 0) {
                return false;
            }
        }
        return groups[7] == 1;
    }

    private static String[] splitGroups(String s) {
        return s.isEmpty() ? new String[0] : s.split(":", -1);
    }

    private static long group(String g) {
        if (g.isEmpty() || g.length() > 4) {
            return -1;
        }
        try {
            return Long.parseLong(g, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
