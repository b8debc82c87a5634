package dev.ferry.tui;

/**
 * What the release screen says of one line of the list editor.
 *
 * @param line   1-based line of the editor
 * @param state  what the line is
 * @param detail the target name a valid line gets, or why an invalid line is not an image
 */
record LineCheck(int line, State state, String detail) {
    enum State { BLANK, COMMENT, VALID, INVALID }

    boolean valid() {
        return state == State.VALID;
    }
}
