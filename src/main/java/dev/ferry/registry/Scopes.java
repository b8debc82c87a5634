package dev.ferry.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Token scopes as atoms {@code type:name:action} (one action each), so that a token granted
 * {@code repository:a:pull,push} is known to cover a request needing {@code repository:a:pull}.
 */
final class Scopes {
    private Scopes() {}

    static Set<String> pull(String repository) {
        return Set.of("repository:" + repository + ":pull");
    }

    static Set<String> push(String repository) {
        Set<String> s = new LinkedHashSet<>();
        s.add("repository:" + repository + ":pull");
        s.add("repository:" + repository + ":push");
        return s;
    }

    static Set<String> catalog() {
        return Set.of("registry:catalog:*");
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return s;
    }

    /** Parses a challenge's scope ("repository:a:pull,push repository:b:pull") into atoms. */
    static Set<String> parse(String scope) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : scope.trim().split("\\s+")) {
            int last = part.lastIndexOf(':');
            if (last <= 0) continue;
            String head = part.substring(0, last);
            for (String action : part.substring(last + 1).split(",")) {
                if (!action.isEmpty()) out.add(head + ":" + action);
            }
        }
        return out;
    }

    /** Atoms back into the {@code scope} parameters a token service expects, one per resource. */
    static List<String> format(Set<String> atoms) {
        Map<String, List<String>> byResource = new LinkedHashMap<>();
        for (String a : atoms) {
            int last = a.lastIndexOf(':');
            byResource.computeIfAbsent(a.substring(0, last), k -> new ArrayList<>()).add(a.substring(last + 1));
        }
        List<String> out = new ArrayList<>();
        byResource.forEach((res, actions) -> out.add(res + ":" + String.join(",", actions)));
        return out;
    }
}
