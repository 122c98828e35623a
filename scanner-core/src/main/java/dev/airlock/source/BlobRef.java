package dev.airlock.source;

/**
 * One file of a source, as the enumerator sees it before reading it.
 *
 * @param path '/'-separated, relative to the source root
 * @param blobId the Git blob id (hex), or null for files on disk outside Git
 * @param size in bytes
 */
public record BlobRef(String path, String blobId, long size) {}
