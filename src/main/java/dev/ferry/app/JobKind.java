package dev.ferry.app;

/** What a job does. */
public enum JobKind {
    /** One image from a place to a place. */
    COPY,
    /** A list of images from a registry to one or more targets. */
    SYNC,
    /** A list of images into an offline pack. */
    SAVE,
    /** A pack, layout or archive into a registry or daemon. */
    LOAD,
    /** Sources of a plan looked up (exist? which digest?), nothing written. */
    CHECK
}
