import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

/**
 * Writes a folder of documents for measuring how many documents a second a scan reads: DOCX,
 * XLSX and PDF files of a few pages and ZIPs of CSV files, in equal numbers, from a seed. Needs
 * POI and PDFBox, which the CLI's jar holds:
 * {@code java -cp cli/target/airlock.jar bench/GenerateDocuments.java OUT_DIR [COUNT] [SEED]}.
 */
public class GenerateDocuments {
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Random random = new Random(args.length > 2 ? Long.parseLong(args[2]) : 42);
    Files.createDirectories(out);
    for (int i = 0; i < count; i++) {
      String name = String.format("doc-%04d", i);
      byte[] bytes =
          switch (i % 4) {
            case 0 -> docx(random);
            case 1 -> xlsx(random);
            case 2 -> pdf(random);
            default -> zip(random);
          };
      String ext = new String[] {"docx", "xlsx", "pdf", "zip"}[i % 4];
      Files.write(out.resolve(name + "." + ext), bytes);
    }
    System.out.println("wrote " + count + " documents to " + out);
  }

  private static final String[] WORDS = {
    "contract", "delivery", "quarter", "budget", "supplier", "review", "schedule", "invoice",
    "forecast", "meeting", "policy", "customer", "region", "target", "summary", "approval"
  };

  private static String sentence(Random r) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      s.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
    }
    return s.toString().strip() + ".";
  }

  private static byte[] docx(Random r) throws IOException {
    try (XWPFDocument d = new XWPFDocument(); ByteArrayOutputStream o = new ByteArrayOutputStream()) {
      for (int i = 0; i < 200; i++) {
        d.createParagraph().createRun().setText(sentence(r));
      }
      d.write(o);
      return o.toByteArray();
    }
  }

  private static byte[] xlsx(Random r) throws IOException {
    try (XSSFWorkbook b = new XSSFWorkbook(); ByteArrayOutputStream o = new ByteArrayOutputStream()) {
      var sheet = b.createSheet("Data");
      for (int row = 0; row < 500; row++) {
        var x = sheet.createRow(row);
        for (int c = 0; c < 6; c++) {
          x.createCell(c).setCellValue(row == 0 ? "col" + c : WORDS[r.nextInt(WORDS.length)] + r.nextInt(1000));
        }
      }
      b.write(o);
      return o.toByteArray();
    }
  }

  private static byte[] pdf(Random r) throws IOException {
    try (PDDocument d = new PDDocument(); ByteArrayOutputStream o = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (int p = 0; p < 5; p++) {
        PDPage page = new PDPage();
        d.addPage(page);
        try (PDPageContentStream s = new PDPageContentStream(d, page)) {
          s.beginText();
          s.setFont(font, 10);
          s.setLeading(12);
          s.newLineAtOffset(40, 740);
          for (int l = 0; l < 50; l++) {
            s.showText(sentence(r));
            s.newLine();
          }
          s.endText();
        }
      }
      d.save(o);
      return o.toByteArray();
    }
  }

  private static byte[] zip(Random r) throws IOException {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(o)) {
      for (int f = 0; f < 5; f++) {
        z.putNextEntry(new ZipEntry("export/part-" + f + ".csv"));
        StringBuilder csv = new StringBuilder("id,item,amount\n");
        for (int i = 0; i < 400; i++) {
          csv.append(i).append(',').append(WORDS[r.nextInt(WORDS.length)]).append(',')
              .append(r.nextInt(100_000)).append('\n');
        }
        z.write(csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        z.closeEntry();
      }
    }
    return o.toByteArray();
  }
}
