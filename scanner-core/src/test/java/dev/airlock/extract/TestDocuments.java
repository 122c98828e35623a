package dev.airlock.extract;

import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hslf.usermodel.HSLFSlideShow;
import org.apache.poi.hslf.usermodel.HSLFTextBox;
import org.apache.poi.hwpf.HWPFDocument;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Real documents written at test time: Office files with POI (a DOC by editing a committed
 * template), PDFs with PDFBox, OpenDocument and EPUB files as the ZIPs their specifications
 * describe, MSG as POI-written OLE2 streams, JPEGs with ImageIO, archives with java.util.zip.
 */
public final class TestDocuments {
  private TestDocuments() {}

  /** A Word document with one paragraph per line. */
  public static byte[] docx(String... paragraphs) throws IOException {
    try (XWPFDocument doc = new XWPFDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String p : paragraphs) {
        doc.createParagraph().createRun().setText(p);
      }
      doc.write(out);
      return out.toByteArray();
    }
  }

  /** A workbook; each sheet is a name and its rows of cells. */
  public static byte[] xlsx(String sheetName, List<List<String>> rows) throws IOException {
    try (XSSFWorkbook book = new XSSFWorkbook();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      book.createSheet("Sheet1").createRow(0).createCell(0).setCellValue("summary");
      XSSFSheet sheet = book.createSheet(sheetName);
      for (int r = 0; r < rows.size(); r++) {
        XSSFRow row = sheet.createRow(r);
        for (int c = 0; c < rows.get(r).size(); c++) {
          row.createCell(c).setCellValue(rows.get(r).get(c));
        }
      }
      book.write(out);
      return out.toByteArray();
    }
  }

  /** A PDF with one page per entry, each page's text on its own lines. */
  public static byte[] pdf(String... pages) throws IOException {
    return encryptedPdf(null, pages);
  }

  /** A PDF that opens only with {@code userPassword} (null: not encrypted). */
  public static byte[] encryptedPdf(String userPassword, String... pages) throws IOException {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (String page : pages) {
        PDPage p = new PDPage();
        doc.addPage(p);
        try (PDPageContentStream s = new PDPageContentStream(doc, p)) {
          s.beginText();
          s.setFont(font, 11);
          s.newLineAtOffset(50, 700);
          s.setLeading(14);
          for (String line : page.split("\n")) {
            s.showText(line);
            s.newLine();
          }
          s.endText();
        }
      }
      if (userPassword != null) {
        StandardProtectionPolicy policy =
            new StandardProtectionPolicy("owner-" + userPassword, userPassword, new AccessPermission());
        policy.setEncryptionKeyLength(128);
        doc.protect(policy);
      }
      doc.save(out);
      return out.toByteArray();
    }
  }

  /** A PowerPoint deck, one slide per entry, each slide's lines in one text box. */
  public static byte[] pptx(String... slides) throws IOException {
    try (XMLSlideShow show = new XMLSlideShow();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String slide : slides) {
        XSLFTextBox box = show.createSlide().createTextBox();
        box.setAnchor(new Rectangle2D.Double(50, 50, 600, 400));
        String[] lines = slide.split("\n");
        box.setText(lines[0]);
        for (int i = 1; i < lines.length; i++) {
          box.addNewTextParagraph().addNewTextRun().setText(lines[i]);
        }
      }
      show.write(out);
      return out.toByteArray();
    }
  }

  /** A legacy PowerPoint deck (PPT), written by POI's HSLF: one slide per entry. */
  public static byte[] ppt(String... slides) throws IOException {
    try (HSLFSlideShow show = new HSLFSlideShow();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      for (String slide : slides) {
        HSLFTextBox box = show.createSlide().createTextBox();
        box.setAnchor(new Rectangle2D.Double(50, 50, 600, 400));
        box.setText(slide);
      }
      show.write(out);
      return out.toByteArray();
    }
  }

  /** An OpenDocument text (ODT): the ZIP of a mimetype, a manifest and content.xml. */
  public static byte[] odt(String... paragraphs) throws IOException {
    StringBuilder body = new StringBuilder();
    for (String p : paragraphs) {
      body.append("<text:p>").append(xml(p)).append("</text:p>");
    }
    return odf("application/vnd.oasis.opendocument.text", "<office:text>" + body + "</office:text>");
  }

  /** An OpenDocument spreadsheet (ODS) of one sheet. */
  public static byte[] ods(String sheetName, List<List<String>> rows) throws IOException {
    StringBuilder table = new StringBuilder("<table:table table:name=\"" + xml(sheetName) + "\">");
    for (List<String> row : rows) {
      table.append("<table:table-row>");
      for (String cell : row) {
        table.append("<table:table-cell office:value-type=\"string\"><text:p>")
            .append(xml(cell)).append("</text:p></table:table-cell>");
      }
      table.append("</table:table-row>");
    }
    table.append("</table:table>");
    return odf(
        "application/vnd.oasis.opendocument.spreadsheet",
        "<office:spreadsheet>" + table + "</office:spreadsheet>");
  }

  private static byte[] odf(String mimeType, String body) throws IOException {
    String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<office:document-content"
        + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
        + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
        + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\">"
        + "<office:body>" + body + "</office:body></office:document-content>";
    String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\""
        + " manifest:version=\"1.2\">"
        + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mimeType + "\"/>"
        + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
        + "</manifest:manifest>";
    return packaged(mimeType, "META-INF/manifest.xml", manifest, "content.xml", content);
  }

  /** An EPUB book: a mimetype, a container pointing at the OPF, and one XHTML file a chapter. */
  public static byte[] epub(String... chapters) throws IOException {
    List<Object> entries = new ArrayList<>();
    entries.add("META-INF/container.xml");
    entries.add("<?xml version=\"1.0\"?>"
        + "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">"
        + "<rootfiles><rootfile full-path=\"OEBPS/content.opf\""
        + " media-type=\"application/oebps-package+xml\"/></rootfiles></container>");
    StringBuilder manifest = new StringBuilder();
    StringBuilder spine = new StringBuilder();
    for (int i = 0; i < chapters.length; i++) {
      String id = "ch" + (i + 1);
      manifest.append("<item id=\"").append(id).append("\" href=\"").append(id)
          .append(".xhtml\" media-type=\"application/xhtml+xml\"/>");
      spine.append("<itemref idref=\"").append(id).append("\"/>");
      StringBuilder body = new StringBuilder();
      for (String line : chapters[i].split("\n")) {
        body.append("<p>").append(xml(line)).append("</p>");
      }
      entries.add("OEBPS/" + id + ".xhtml");
      entries.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
          + "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>" + id + "</title></head>"
          + "<body>" + body + "</body></html>");
    }
    entries.add("OEBPS/content.opf");
    entries.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"2.0\" unique-identifier=\"id\">"
        + "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Synthetic book</dc:title>"
        + "<dc:identifier id=\"id\">urn:uuid:00000000-0000-0000-0000-000000000000</dc:identifier>"
        + "</metadata><manifest>" + manifest + "</manifest><spine>" + spine + "</spine></package>");
    return packaged("application/epub+zip", entries.toArray());
  }

  /** A ZIP whose first entry is the stored, uncompressed mimetype ODF and EPUB readers look for. */
  private static byte[] packaged(String mimeType, Object... nameThenContent) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      byte[] type = mimeType.getBytes(StandardCharsets.US_ASCII);
      ZipEntry first = new ZipEntry("mimetype");
      first.setMethod(ZipEntry.STORED);
      first.setSize(type.length);
      CRC32 crc = new CRC32();
      crc.update(type);
      first.setCrc(crc.getValue());
      zip.putNextEntry(first);
      zip.write(type);
      zip.closeEntry();
      for (int i = 0; i < nameThenContent.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) nameThenContent[i]));
        zip.write(((String) nameThenContent[i + 1]).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * An Outlook message (MSG): the OLE2 file Outlook writes, holding the subject and the plain
   * text body as the MAPI property streams POI's HSMF and Tika read. POI cannot write MSG files,
   * but it writes OLE2, and an MSG is no more than these named streams.
   */
  public static byte[] msg(String subject, String body) throws IOException {
    try (POIFSFileSystem fs = new POIFSFileSystem();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      DirectoryEntry root = fs.getRoot();
      root.createDocument("__substg1.0_0037001F",
          new ByteArrayInputStream(subject.getBytes(StandardCharsets.UTF_16LE)));
      root.createDocument("__substg1.0_1000001F",
          new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_16LE)));
      root.createDocument("__substg1.0_001A001F",
          new ByteArrayInputStream("IPM.Note".getBytes(StandardCharsets.UTF_16LE)));
      // The top-level property stream: a 32-byte header and no fixed-size properties.
      root.createDocument("__properties_version1.0", new ByteArrayInputStream(new byte[32]));
      fs.writeFilesystem(out);
      return out.toByteArray();
    }
  }

  /** A JAR: a manifest first, then name/content pairs. */
  public static byte[] jar(Object... nameThenContent) throws IOException {
    Object[] all = new Object[nameThenContent.length + 2];
    all[0] = "META-INF/MANIFEST.MF";
    all[1] = "Manifest-Version: 1.0\r\nCreated-By: airlock tests\r\n\r\n";
    System.arraycopy(nameThenContent, 0, all, 2, nameThenContent.length);
    return zip(all);
  }

  /** GZIP-compressed text. */
  public static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /**
   * A real 8x8 JPEG (written by ImageIO) with an APP1 Exif segment after its start marker, whose
   * IFD0 holds an ImageDescription and an Artist, the way a camera or an editor writes them.
   */
  public static byte[] jpegWithExif(String description, String artist) throws IOException {
    BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    if (!ImageIO.write(image, "jpg", plain)) {
      throw new IOException("no JPEG writer in this JVM");
    }
    byte[] jpeg = plain.toByteArray();
    byte[] desc = (description + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] art = (artist + "\0").getBytes(StandardCharsets.US_ASCII);
    // TIFF header (big-endian), IFD0 at 8 with two ASCII entries whose values follow the IFD.
    int ifdSize = 2 + 2 * 12 + 4;
    ByteBuffer tiff = ByteBuffer.allocate(8 + ifdSize + desc.length + art.length);
    tiff.put(new byte[] {'M', 'M', 0, 42}).putInt(8);
    tiff.putShort((short) 2);
    tiff.putShort((short) 0x010e).putShort((short) 2).putInt(desc.length).putInt(8 + ifdSize);
    tiff.putShort((short) 0x013b).putShort((short) 2).putInt(art.length)
        .putInt(8 + ifdSize + desc.length);
    tiff.putInt(0);
    tiff.put(desc).put(art);
    byte[] exif = new byte[6 + tiff.capacity()];
    System.arraycopy("Exif\0\0".getBytes(StandardCharsets.US_ASCII), 0, exif, 0, 6);
    System.arraycopy(tiff.array(), 0, exif, 6, tiff.capacity());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2);
    out.write(0xff);
    out.write(0xe1);
    out.write((exif.length + 2) >> 8);
    out.write((exif.length + 2) & 0xff);
    out.write(exif);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  private static String xml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /**
   * A Word 97 document (DOC) whose third paragraph is {@code line}. POI cannot write a DOC from
   * nothing, so this edits a committed template (LibreOffice wrote it from three lines of plain
   * text, its third a placeholder) with HWPF, which can edit and write one.
   */
  public static byte[] doc(String line) throws IOException {
    try (InputStream template =
            TestDocuments.class.getResourceAsStream("synthetic-word97.doc");
        HWPFDocument doc = new HWPFDocument(template);
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      doc.getRange().replaceText("PLACEHOLDER-0000000000000000000000000000", line);
      doc.write(out);
      return out.toByteArray();
    }
  }

  /** A ZIP of name/content pairs. */
  public static byte[] zip(Object... nameThenContent) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (int i = 0; i < nameThenContent.length; i += 2) {
        zip.putNextEntry(new ZipEntry((String) nameThenContent[i]));
        Object content = nameThenContent[i + 1];
        zip.write(
            content instanceof byte[] b ? b : ((String) content).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /** One entry of {@code megabytes} of zeros: a few kilobytes that inflate a thousandfold. */
  public static byte[] zipBomb(int megabytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("zeros.txt"));
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < megabytes; i++) {
        zip.write(chunk);
      }
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}
