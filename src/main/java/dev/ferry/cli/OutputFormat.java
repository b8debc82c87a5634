package dev.ferry.cli;

/** {@code --output}: for people or for scripts. */
public enum OutputFormat { TEXT, JSON }
