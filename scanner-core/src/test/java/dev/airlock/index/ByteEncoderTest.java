package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The index's encoder writes exactly what {@link DataOutputStream} and Lucene's {@code DataOutput}
 * would: stored outcomes and the scanned tree stay readable by their decoders.
 */
class ByteEncoderTest {
  @Test
  void writesTheBytesOfDataOutputStreamForEveryKindOfCharacter() throws Exception {
    List<String> strings =
        List.of("", "aws-access-key-id", "src/main/Überweisung.java", "nul\u0000inside",
            "日本語/ファイル.md", "emoji \uD83D\uDE00 pair", "é".repeat(300), "a".repeat(65_535));
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    ByteEncoder actual = new ByteEncoder(1);
    try (DataOutputStream out = new DataOutputStream(expected)) {
      for (String s : strings) {
        out.writeUTF(s);
        actual.writeUTF(s);
        out.writeInt(-s.length() * 7919);
        actual.writeInt(-s.length() * 7919);
        out.writeLong(1L << 40 | s.length());
        actual.writeLong(1L << 40 | s.length());
        out.writeByte(200);
        actual.writeByte(200);
      }
    }
    assertThat(actual.toByteArray()).isEqualTo(expected.toByteArray());
  }

  @Test
  void writesNumbersAsLuceneVIntsAndReadsThemBack() throws Exception {
    int[] values = {0, 1, 127, 128, 300, 16_383, 16_384, 65_535, 1 << 21, Integer.MAX_VALUE, -1};
    org.apache.lucene.store.ByteBuffersDataOutput expected =
        new org.apache.lucene.store.ByteBuffersDataOutput();
    ByteEncoder actual = new ByteEncoder(1);
    for (int v : values) {
      expected.writeVInt(v);
      actual.writeVInt(v);
    }
    byte[] bytes = actual.toByteArray();
    assertThat(bytes).isEqualTo(expected.toArrayCopy());
    java.io.DataInputStream in =
        new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
    for (int v : values) {
      assertThat(LuceneState.readVInt(in)).isEqualTo(v);
    }
  }

  @Test
  void writesLongsAndUtf8StringsAsLuceneDoes() throws Exception {
    long[] values = {0, 1, 127, 128, 1L << 35, 1L << 56, Long.MAX_VALUE};
    List<String> strings = List.of("", "src/Main.java", "日本語/ファイル.md", "emoji \uD83D\uDE00 pair");
    org.apache.lucene.store.ByteBuffersDataOutput expected =
        new org.apache.lucene.store.ByteBuffersDataOutput();
    ByteEncoder actual = new ByteEncoder(1);
    for (long v : values) {
      expected.writeVLong(v);
      actual.writeVLong(v);
    }
    for (String s : strings) {
      expected.writeString(s);
      actual.writeUtf8(s);
    }
    assertThat(actual.toByteArray()).isEqualTo(expected.toArrayCopy());
  }
}
