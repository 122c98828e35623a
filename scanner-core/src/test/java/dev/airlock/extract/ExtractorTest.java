package dev.airlock.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path's text is the file's bytes decoded as UTF-8, and a NUL byte in the first 8000
 * bytes makes a file binary, however the bytes are tested (eight at a time, ASCII copied).
 */
class ExtractorTest {
  private final Extractor extractor = new Extractor();

  @Test
  void aNulByteInTheFirst8000BytesMakesAFileBinary() {
    for (int at : new int[] {0, 1, 7, 8, 9, 4000, 7991, 7999}) {
      byte[] bytes = ascii(9000);
      bytes[at] = 0;
      assertThat(extractor.extract(bytes)).as("NUL at %d", at).isEqualTo(new Extractor.Skipped("binary"));
    }
    byte[] late = ascii(9000);
    late[8000] = 0;
    assertThat(extractor.extract(late)).isInstanceOf(Extractor.Text.class);
  }

  @Test
  void shortFilesAreProbedToTheirLastByte() {
    for (int length = 1; length < 20; length++) {
      byte[] bytes = ascii(length);
      bytes[length - 1] = 0;
      assertThat(extractor.extract(bytes)).as("length %d", length).isEqualTo(new Extractor.Skipped("binary"));
    }
  }

  @Test
  void textIsTheUtf8DecodingWithOrWithoutBytesOutsideAscii() {
    assertThat(text("plain ascii, longer than eight bytes")).isEqualTo("plain ascii, longer than eight bytes");
    assertThat(text("caf\u00e9 cr\u00e8me \u2014 \u65e5\u672c")).isEqualTo("caf\u00e9 cr\u00e8me \u2014 \u65e5\u672c");
    assertThat(text("\ufeffafter a byte order mark")).isEqualTo("after a byte order mark");
    byte[] malformed = "key = abc\u00e9def".getBytes(StandardCharsets.UTF_8);
    malformed[malformed.length - 4] = (byte) 0xff; // a lone byte outside ASCII at the last word
    assertThat(((Extractor.Text) extractor.extract(malformed)).text())
        .isEqualTo(new String(malformed, StandardCharsets.UTF_8))
        .contains("\ufffd");
  }

  /** Random bytes of random lengths: the result equals the byte-by-byte reference. */
  @Test
  void agreesWithAByteByByteReferenceOnRandomBytes() {
    long seed = 20261201L;
    Random random = new Random(seed);
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes = ascii(random.nextInt(9000));
      int changes = random.nextInt(3);
      for (int c = 0; c < changes && bytes.length > 0; c++) {
        int kind = random.nextInt(3);
        bytes[random.nextInt(bytes.length)] = kind == 0 ? 0 : (byte) (0x80 + random.nextInt(128));
      }
      assertThat(extractor.extract(bytes)).as("seed %d, case %d", seed, i).isEqualTo(reference(bytes));
    }
  }

  /**
   * The one-pass probe answers as a NUL test over the first 8000 bytes and then an ASCII test
   * from the text's start would, with NULs and bytes outside ASCII at random places (around the
   * probe's end too) and with or without a byte order mark before the text.
   */
  @Test
  void theProbeAgreesWithSeparateNulAndAsciiTests() {
    long seed = 20261202L;
    Random random = new Random(seed);
    for (int i = 0; i < 5_000; i++) {
      byte[] bytes = ascii(random.nextInt(i % 2 == 0 ? 40 : 12_000));
      int offset = bytes.length >= 3 && random.nextInt(4) == 0 ? 3 : 0;
      if (offset == 3) {
        bytes[0] = (byte) 0xef;
        bytes[1] = (byte) 0xbb;
        bytes[2] = (byte) 0xbf;
      }
      int changes = random.nextInt(3);
      for (int c = 0; c < changes && bytes.length > offset; c++) {
        int at = random.nextBoolean()
            ? offset + random.nextInt(bytes.length - offset)
            : Math.max(offset, Math.min(bytes.length - 1, 7990 + random.nextInt(20)));
        bytes[at] = random.nextBoolean() ? 0 : (byte) (0x80 + random.nextInt(128));
      }
      boolean nul = false;
      for (int b = 0; b < Math.min(bytes.length, 8000); b++) {
        nul |= bytes[b] == 0;
      }
      boolean ascii = true;
      for (int b = offset; b < bytes.length; b++) {
        ascii &= bytes[b] >= 0;
      }
      int expected = nul ? Extractor.BINARY : ascii ? Extractor.ASCII : Extractor.UTF8;
      assertThat(Extractor.probe(bytes, offset, bytes.length)).as("seed %d, case %d", seed, i).isEqualTo(expected);
    }
  }

  /** What the fast path returned before it tested eight bytes at a time (for ASCII-led bytes). */
  private static Extractor.Result reference(byte[] bytes) {
    for (int i = 0; i < Math.min(bytes.length, 8000); i++) {
      if (bytes[i] == 0) {
        return new Extractor.Skipped("binary");
      }
    }
    return new Extractor.Text(new String(bytes, StandardCharsets.UTF_8), true);
  }

  private String text(String s) {
    return ((Extractor.Text) extractor.extract(s.getBytes(StandardCharsets.UTF_8))).text();
  }

  private static byte[] ascii(int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) ('a' + i % 26);
    }
    return bytes;
  }
}
