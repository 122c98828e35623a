package dev.airlock.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class CodeTokenizerTest {

  /** Tokens as "term@position". */
  private static List<String> tokens(String text) throws Exception {
    List<String> out = new ArrayList<>();
    try (CodeTokenizer t = new CodeTokenizer()) {
      t.setReader(new StringReader(text));
      CharTermAttribute term = t.getAttribute(CharTermAttribute.class);
      PositionIncrementAttribute inc = t.getAttribute(PositionIncrementAttribute.class);
      OffsetAttribute off = t.getAttribute(OffsetAttribute.class);
      t.reset();
      int pos = -1;
      while (t.incrementToken()) {
        pos += inc.getPositionIncrement();
        assertThat(text.substring(off.startOffset(), off.endOffset()).toLowerCase())
            .isEqualTo(term.toString());
        out.add(term + "@" + pos);
      }
      t.end();
    }
    return out;
  }

  @Test
  void keepsIdentifiersWholeAndSplitsCamelCaseAtTheSamePosition() throws Exception {
    assertThat(tokens("String getUserName()"))
        .containsExactly("string@0", "getusername@1", "get@1", "user@2", "name@3");
  }

  @Test
  void splitsSnakeCaseHyphensAndAcronyms() throws Exception {
    assertThat(tokens("MAX_RETRY_COUNT trade-secret HTTPServer"))
        .containsExactly(
            "max_retry_count@0", "max@0", "retry@1", "count@2",
            "trade-secret@3", "trade@3", "secret@4",
            "httpserver@5", "http@5", "server@6");
  }

  @Test
  void keepsTokenShapedStringsWholeAndDropsHugeOnes() throws Exception {
    String huge = "A".repeat(CodeTokenizer.MAX_TOKEN + 1);
    assertThat(tokens("key ghp_abc123 " + huge + " end"))
        .containsExactly("key@0", "ghp_abc123@1", "ghp@1", "abc123@2", "end@3");
  }

  @Test
  void leadingUnderscoreStillGivesTheBareName() throws Exception {
    assertThat(tokens("_private")).containsExactly("_private@0", "private@0");
  }

  @Test
  void lowerCasesNonAsciiLetters() throws Exception {
    assertThat(tokens("Ärger straße")).containsExactly("ärger@0", "straße@1");
  }
}
