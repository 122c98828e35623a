package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.analysis.tokenattributes.TermToBytesRefAttribute;
import org.junit.jupiter.api.Test;

/**
 * The index writer's tokenizer gives each document exactly the terms search expects: those of
 * {@link CodeTokenizer}, each once, with a token of several parts only as its parts.
 */
class TermSetTokenizerTest {
  private static final String ALPHABET =
      "aabcxyzAABXYZ0179___--  \n\t.,;:(){}\"'/=+*ÄäßéÉİıΣσς日本٣ﬁǅ\u00a0";

  /**
   * CodeTokenizer's tokens without the compounds: a whole token of several parts is followed by
   * its first part at the same position.
   */
  private static Set<String> reference(CodeTokenizer t, String text) throws Exception {
    CharTermAttribute term = t.getAttribute(CharTermAttribute.class);
    PositionIncrementAttribute increment = t.getAttribute(PositionIncrementAttribute.class);
    t.setReader(new StringReader(text));
    t.reset();
    List<String> tokens = new ArrayList<>();
    List<Integer> increments = new ArrayList<>();
    while (t.incrementToken()) {
      tokens.add(term.toString());
      increments.add(increment.getPositionIncrement());
    }
    t.end();
    t.close();
    Set<String> out = new HashSet<>();
    for (int i = 0; i < tokens.size(); i++) {
      if (i + 1 == tokens.size() || increments.get(i + 1) != 0) {
        out.add(TermSetTokenizer.indexedForm(tokens.get(i)));
      }
    }
    return out;
  }

  private static List<String> terms(TermSetTokenizer t, String text) throws Exception {
    TermToBytesRefAttribute term = t.getAttribute(TermToBytesRefAttribute.class);
    t.setReader(new StringReader(text));
    t.reset();
    List<String> out = new ArrayList<>();
    while (t.incrementToken()) {
      out.add(term.getBytesRef().utf8ToString());
    }
    t.end();
    t.close();
    return out;
  }

  /** The terms a worker collects, as the index writer is given them from the queue. */
  private static List<String> collected(TermSetTokenizer t, String text) throws Exception {
    DocumentTerms terms = t.collect(text);
    List<String> out = new ArrayList<>();
    try (TokenStream stream = terms.stream()) {
      TermToBytesRefAttribute term = stream.getAttribute(TermToBytesRefAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        out.add(term.getBytesRef().utf8ToString());
      }
      stream.end();
    }
    assertThat(out).hasSize(terms.size());
    return out;
  }

  @Test
  void givesTheTermsOfCodeTokenizerWithoutCompoundsOnRandomText() throws Exception {
    Random random = new Random(4_2026);
    try (CodeTokenizer expected = new CodeTokenizer();
        TermSetTokenizer actual = new TermSetTokenizer();
        TermSetTokenizer worker = new TermSetTokenizer()) {
      for (int doc = 0; doc < 3000; doc++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(doc % 10 == 0 ? 4000 : 200);
        for (int i = 0; i < length; i++) {
          if (random.nextInt(50) == 0) {
            // Tokens around the length limit, some of several parts.
            int n = 95 + random.nextInt(10);
            for (int j = 0; j < n; j++) {
              text.append(random.nextInt(9) == 0 ? 'Q' : 'q');
            }
          } else {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
          }
        }
        String s = text.toString();
        Set<String> want = reference(expected, s);
        List<String> got = terms(actual, s);
        assertThat(got).as("document %d", doc).doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(want);
        assertThat(collected(worker, s)).as("document %d collected", doc).isEqualTo(got);
      }
    }
  }

  @Test
  void givesAnAsciiTextsTermsFromItsBytesAsFromItsCharacters() throws Exception {
    String ascii = "aabcxyzAABXYZ0179___--  \n\t.,;:(){}\"'/=+*Q-q";
    Random random = new Random(5_2026);
    try (TermSetTokenizer fromChars = new TermSetTokenizer();
        TermSetTokenizer fromBytes = new TermSetTokenizer()) {
      for (int doc = 0; doc < 2000; doc++) {
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(doc % 10 == 0 ? 4000 : 300);
        for (int i = 0; i < length; i++) {
          if (random.nextInt(60) == 0) {
            int n = 95 + random.nextInt(10);
            for (int j = 0; j < n; j++) {
              text.append(random.nextInt(9) == 0 ? 'Q' : '7');
            }
          } else {
            text.append(ascii.charAt(random.nextInt(ascii.length())));
          }
        }
        String s = text.toString();
        // At an offset inside a larger buffer, as a scan's read buffer holds a file.
        int offset = random.nextInt(5);
        byte[] buffer = new byte[offset + s.length() + random.nextInt(5)];
        java.util.Arrays.fill(buffer, (byte) 'Z');
        byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, buffer, offset, bytes.length);
        DocumentTerms want = fromChars.collect(s);
        DocumentTerms got = fromBytes.collect(buffer, offset, bytes.length);
        assertThat(got.size()).as("document %d", doc).isEqualTo(want.size());
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.term(i)).as("document %d term %d", doc, i).isEqualTo(want.term(i));
          assertThat(got.hash(i)).isEqualTo(want.hash(i));
        }
      }
    }
  }

  @Test
  void givesEachTermOncePerDocumentAndCompoundsAsTheirParts() throws Exception {
    try (TermSetTokenizer t = new TermSetTokenizer()) {
      assertThat(terms(t, "getUserName user USER name_user getUserName HTTPServer __ trade-secret"))
          .containsExactly("get", "user", "name", "http", "server", "__", "trade", "secret");
      // A new document starts a new set.
      assertThat(terms(t, "user Straße STRASSE")).containsExactly("user", "straße", "strasse");
    }
  }

  /** The hash the tokenizer gives a lower-case ASCII term. */
  private static int hashOf(String term) {
    int h = 0;
    for (int i = 0; i < term.length(); i++) {
      h = 31 * h + term.charAt(i);
    }
    return h;
  }

  @Test
  void keepsDistinctTermsWhoseHashesAndEndsAreEqual() throws Exception {
    // Two different words of eight letters with the same hash (found by a birthday search: words
    // that short only collide once the hash overflows), each followed by the same eight letters:
    // the longer terms then share their hash, length and last eight bytes, and only their first
    // bytes tell them apart.
    Random random = new Random(6_2026);
    java.util.Map<Integer, String> seen = new java.util.HashMap<>();
    String first = null;
    String second = null;
    while (second == null) {
      char[] word = new char[8];
      for (int i = 0; i < word.length; i++) {
        word[i] = (char) ('a' + random.nextInt(26));
      }
      String w = new String(word);
      String before = seen.putIfAbsent(hashOf(w), w);
      if (before != null && !before.equals(w)) {
        first = before;
        second = w;
      }
    }
    String tail = "abcdefgh";
    assertThat(hashOf(first + tail)).isEqualTo(hashOf(second + tail));
    String text = first + " " + second + " " + first + tail + " " + second + tail + " " + second
        + tail + " " + first;
    try (TermSetTokenizer t = new TermSetTokenizer()) {
      assertThat(terms(t, text)).containsExactly(first, second, first + tail, second + tail);
      assertThat(collected(t, text)).containsExactly(first, second, first + tail, second + tail);
      byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      DocumentTerms fromBytes = t.collect(bytes, 0, bytes.length);
      assertThat(fromBytes.size()).isEqualTo(4);
      assertThat(fromBytes.term(2)).isEqualTo(first + tail);
      assertThat(fromBytes.term(3)).isEqualTo(second + tail);
    }
  }

  @Test
  void indexesLongTermsWithADigitByTheirFirstCharacters() throws Exception {
    try (TermSetTokenizer t = new TermSetTokenizer()) {
      assertThat(terms(t, "sha256 Base64 deadBeef12345678 d41d8cd98f00 build20241201Release 1234567"))
          .containsExactly("sha256", "base64", "dead", "beef", "d41d", "buil", "release", "1234");
      assertThat(TermSetTokenizer.indexedForm("d41d8cd98f00")).isEqualTo("d41d");
      assertThat(TermSetTokenizer.indexedForm("abcdefghij")).isEqualTo("abcdefghij");
      assertThat(TermSetTokenizer.indexedForm("sha256")).isEqualTo("sha256");
    }
  }

  @Test
  void keepsEveryTermOfALargeDocument() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      text.append("v").append(i).append(' ').append("W").append(i % 7).append(' ');
    }
    try (TermSetTokenizer t = new TermSetTokenizer()) {
      assertThat(terms(t, text.toString())).hasSize(50_007).doesNotHaveDuplicates();
      assertThat(terms(t, "small again")).containsExactly("small", "again");
      assertThat(collected(t, text.toString())).hasSize(50_007).doesNotHaveDuplicates();
      assertThat(collected(t, "small again")).containsExactly("small", "again");
    }
  }
}
