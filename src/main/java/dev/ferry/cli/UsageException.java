package dev.ferry.cli;

/** Bad usage or input found after parsing: exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
