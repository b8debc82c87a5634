package dev.ferry.config;

import java.util.regex.Pattern;

/**
 * Which repositories of a registry's catalog to take: {@code --repos REGEX} and
 * {@code --exclude-repos REGEX}, each found anywhere in the name ({@code ^}/{@code $} anchor it).
 */
public record RepoSelector(Pattern include, Pattern exclude) {
    public static final RepoSelector ALL = new RepoSelector(null, null);

    public boolean matches(String repository) {
        return (include == null || include.matcher(repository).find()) && (exclude == null || !exclude.matcher(repository).find());
    }
}
