package dev.ferry.app;

/** Input a user gave that ferry cannot act on (exit code 2); the message says what and what to write instead. */
public class BadInputException extends IllegalArgumentException {
    public BadInputException(String message) {
        super(message);
    }
}
