package dev.airlock.extract;

import java.util.ArrayList;
import java.util.List;
import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Turns Tika's XHTML into blocks of plain text: one per {@code <div class="page">} (a PDF page,
 * a spreadsheet's sheet, a slide), with block-level elements ending lines and table cells joined by tabs,
 * so a sheet reads like a TSV file whose header row is context for its columns. Once the
 * character budget is spent it keeps what it has, up to the budget, and stops the parse with an
 * exception ({@link #limitReached()}). For one parse on one thread.
 */
final class SegmentHandler extends DefaultHandler {
  /**
   * @param page 1-based for a page {@code div}, 0 for text outside one
   * @param heading the first {@code h1} of the block (a sheet's name), or null
   * @param rows the text inside tables only, one row a line
   */
  record Block(int page, String heading, String text, String rows, boolean hasTable) {}

  /** Tika's classes of the divs that hold a PDF's page, a sheet of a workbook, a slide. */
  private static final java.util.Set<String> PAGE_CLASSES =
      java.util.Set.of("page", "sheet", "slide-content");

  private static final java.util.Set<String> LINE_ENDS =
      java.util.Set.of(
          "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "title", "pre",
          "blockquote", "dt", "dd");

  private final long budget;
  private final List<Block> blocks = new ArrayList<>();
  private long characters;
  private boolean limitReached;
  private int pages;
  private int page;
  private StringBuilder text = new StringBuilder();
  private StringBuilder rows = new StringBuilder();
  private String heading;
  private StringBuilder headingText;
  private boolean hasTable;
  private int tableDepth;
  private int cellsInRow;
  private int pageDivDepth = -1;
  private boolean inBody;
  private int inCell;
  private int depth;

  SegmentHandler(long budget) {
    this.budget = budget;
  }

  @Override
  public void startElement(String uri, String local, String qName, Attributes atts) {
    depth++;
    String name = local.isEmpty() ? qName : local;
    if (name.equals("body")) {
      inBody = true;
    } else if (name.equals("div") && PAGE_CLASSES.contains(atts.getValue("class")) && pageDivDepth < 0) {
      close();
      page = ++pages;
      pageDivDepth = depth;
    } else if (name.equals("h1") && heading == null && headingText == null) {
      headingText = new StringBuilder();
    } else if (name.equals("table")) {
      tableDepth++;
      hasTable = true;
    } else if (name.equals("tr")) {
      cellsInRow = 0;
    } else if (name.equals("td") || name.equals("th")) {
      inCell++;
      if (cellsInRow++ > 0) {
        text.append('\t');
        if (tableDepth > 0) {
          rows.append('\t');
        }
      }
    }
  }

  @Override
  public void endElement(String uri, String local, String qName) {
    String name = local.isEmpty() ? qName : local;
    if (name.equals("h1") && headingText != null && heading == null) {
      heading = headingText.toString().strip();
      headingText = null;
    }
    if (name.equals("table")) {
      tableDepth--;
    } else if (name.equals("td") || name.equals("th")) {
      inCell--;
    } else if (name.equals("body")) {
      inBody = false;
    }
    if (name.equals("tr") && tableDepth > 0) {
      rows.append('\n');
    }
    if (LINE_ENDS.contains(name) && !(name.equals("div") && depth == pageDivDepth)) {
      endLine();
    }
    if (depth == pageDivDepth) {
      close();
      page = 0;
      pageDivDepth = -1;
    }
    depth--;
  }

  private void endLine() {
    if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') {
      text.append('\n');
    }
  }

  @Override
  public void characters(char[] ch, int start, int length) throws SAXException {
    if (!inBody || tableDepth > 0 && inCell == 0) {
      return; // the head's metadata comes apart; layout between table cells is not text
    }
    if (characters + length > budget) {
      // Keep the characters up to the budget: they are scanned, and the file marked partial.
      length = (int) (budget - characters);
      limitReached = true;
    }
    characters += length;
    appendText(ch, start, length);
    if (limitReached) {
      throw new SAXException("extract-limit");
    }
  }

  private void appendText(char[] ch, int start, int length) {
    text.append(ch, start, length);
    if (tableDepth > 0) {
      // A line break inside a cell would shift every later row: cells stay on their row.
      for (int i = start; i < start + length; i++) {
        char c = ch[i];
        rows.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
      }
    }
    if (headingText != null) {
      headingText.append(ch, start, length);
    }
  }

  /**
   * Tika's layout whitespace: a newline in it ends a line (PDF lines inside a paragraph come
   * so), never more than one, so blank lines do not shift the lines that follow.
   */
  @Override
  public void ignorableWhitespace(char[] ch, int start, int length) {
    if (inBody && tableDepth == 0) {
      for (int i = start; i < start + length; i++) {
        if (ch[i] == '\n') {
          endLine();
          return;
        }
      }
    }
  }

  @Override
  public void endDocument() {
    close();
  }

  private void close() {
    if (text.length() > 0 || page > 0) {
      blocks.add(new Block(page, heading, text.toString(), rows.toString(), hasTable));
    }
    text = new StringBuilder();
    rows = new StringBuilder();
    heading = null;
    headingText = null;
    hasTable = false;
  }

  List<Block> blocks() {
    return blocks;
  }

  long characters() {
    return characters;
  }

  boolean limitReached() {
    return limitReached;
  }
}
