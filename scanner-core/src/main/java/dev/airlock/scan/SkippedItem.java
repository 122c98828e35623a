package dev.airlock.scan;

/** A file that was not scanned, and why (for example {@code binary}, {@code too-large}). */
public record SkippedItem(String path, String reason) {}
