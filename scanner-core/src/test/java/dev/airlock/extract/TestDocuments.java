package dev.airlock.extract;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFRow;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/** Real documents written at test time with POI and PDFBox, and archives with java.util.zip. */
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
