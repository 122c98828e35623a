package dev.airlock.source;

/**
 * One file of a source, as the enumerator sees it before reading it.
 *
 * @param path '/'-separated, relative to the source root
 * @param blobId the Git blob id (hex), or null for files on disk outside Git
 * @param size in bytes
 */
public record BlobRef(String path, String blobId, long size) {

  /** The id Git gives a blob with this content: SHA-1 of "blob SIZE\0" and the bytes. */
  public static String gitBlobId(byte[] bytes) {
    try {
      java.security.MessageDigest sha1 = java.security.MessageDigest.getInstance("SHA-1");
      sha1.update(("blob " + bytes.length + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      return java.util.HexFormat.of().formatHex(sha1.digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-1", e);
    }
  }
}
