package dev.ferry.ref;

/** Digests and other long strings for the table-driven tests, spelled once. */
final class Samples {

    /** sha256 of the empty string. */
    static final String HEX64 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    static final String HEX96 = "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b";
    static final String HEX128 = "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
            + "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e";
    static final String SHA256 = "sha256:" + HEX64;
    static final String SHA384 = "sha384:" + HEX96;
    static final String SHA512 = "sha512:" + HEX128;

    private Samples() {
    }

    /**
     * Replaces the placeholders used in {@code @CsvSource} tables: {@code $SHA256}, {@code $SHA384},
     * {@code $SHA512}, {@code $HEX64}, {@code $UPPER64} (the sha256 hex in upper case),
     * {@code $TAG128}/{@code $TAG129} (tags of that length), {@code $PATH255}/{@code $PATH256}
     * (repository paths of that length) and {@code $DOMAIN300} (a 300-character host name).
     */
    static String expand(String s) {
        if (s == null) {
            return null;
        }
        return s.replace("$SHA256", SHA256)
                .replace("$SHA384", SHA384)
                .replace("$SHA512", SHA512)
                .replace("$HEX64", HEX64)
                .replace("$UPPER64", HEX64.toUpperCase(java.util.Locale.ROOT))
                .replace("$TAG128", "t" + "1".repeat(127))
                .replace("$TAG129", "t" + "1".repeat(128))
                .replace("$PATH255", path(255))
                .replace("$PATH256", path(256))
                .replace("$DOMAIN300", ("d".repeat(60) + ".").repeat(5).substring(0, 299) + "x");
    }

    /** A valid repository path of exactly {@code length} characters, starting with {@code library/}. */
    static String path(int length) {
        String prefix = "library/";
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() < length) {
            b.append(b.length() % 50 == 49 ? '/' : 'p');
        }
        if (b.charAt(b.length() - 1) == '/') {
            b.setCharAt(b.length() - 1, 'q');
        }
        return b.toString();
    }
}
