package dev.ferry.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A parsed {@code WWW-Authenticate} header: {@code Bearer realm="…",service="…",scope="…",error="…"}. */
record Challenge(String scheme, Map<String, String> params) {

    static Challenge parse(String header) {
        if (header == null || header.isBlank()) return null;
        String h = header.trim();
        int sp = h.indexOf(' ');
        String scheme = (sp < 0 ? h : h.substring(0, sp)).toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = sp < 0 ? h.length() : sp + 1;
        while (i < h.length()) {
            while (i < h.length() && (h.charAt(i) == ' ' || h.charAt(i) == ',')) i++;
            int eq = h.indexOf('=', i);
            if (eq < 0) break;
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder v = new StringBuilder();
            if (i < h.length() && h.charAt(i) == '"') {
                i++;
                while (i < h.length() && h.charAt(i) != '"') {
                    if (h.charAt(i) == '\\' && i + 1 < h.length()) i++;
                    v.append(h.charAt(i++));
                }
                i++;
            } else {
                while (i < h.length() && h.charAt(i) != ',') v.append(h.charAt(i++));
            }
            params.put(key, v.toString().trim());
        }
        return new Challenge(scheme, params);
    }

    boolean isBearer() { return scheme.equals("bearer"); }

    boolean isBasic() { return scheme.equals("basic"); }

    String realm() { return params.get("realm"); }

    String service() { return params.get("service"); }

    String scope() { return params.get("scope"); }

    String error() { return params.get("error"); }
}
