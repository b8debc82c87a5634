package dev.ferry.pack.squash;

import java.util.HexFormat;

/**
 * Where one file content is: {@code size} bytes at {@code offset} of the frame that starts at byte
 * {@code frame} of data file {@code file} (this pack's or a parent pack's), hashing to {@code sha256}.
 */
record ContentRef(String sha256, long size, String file, long frame, long offset) {
    static String hex(byte[] sha) {
        return HexFormat.of().formatHex(sha);
    }
}
