package dev.airlock.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and broken documents, read by real child processes: each one a named skip, no more. */
class DocumentsTest {
  private static Documents documents;

  @BeforeAll
  static void start() {
    documents = new Documents(Documents.Limits.defaults().withChildren(1));
  }

  @AfterAll
  static void stop() {
    documents.close();
  }

  private static String textOf(Documents.Extraction x) {
    assertThat(x.skipReason()).isNull();
    StringBuilder all = new StringBuilder();
    for (Documents.Segment seg : x.segments()) {
      all.append(seg.entry()).append(" | ").append(seg.text()).append('\n');
    }
    return all.toString();
  }

  @Test
  void tarGzAndSevenZipEntriesAreReadWithTheirPaths() throws Exception {
    ByteArrayOutputStream tgz = new ByteArrayOutputStream();
    try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            new java.util.zip.GZIPOutputStream(tgz))) {
      byte[] csv = "name,city\nAda,London\n".getBytes(StandardCharsets.UTF_8);
      org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
          new org.apache.commons.compress.archivers.tar.TarArchiveEntry("export/people.csv");
      e.setSize(csv.length);
      tar.putArchiveEntry(e);
      tar.write(csv);
      tar.closeArchiveEntry();
    }
    assertThat(textOf(documents.extract("dump.tar.gz", tgz.toByteArray())))
        .contains("!/dump.tar!/export/people.csv | name,city\nAda,London");

    org.apache.commons.compress.utils.SeekableInMemoryByteChannel channel =
        new org.apache.commons.compress.utils.SeekableInMemoryByteChannel();
    try (org.apache.commons.compress.archivers.sevenz.SevenZOutputFile seven =
        new org.apache.commons.compress.archivers.sevenz.SevenZOutputFile(channel)) {
      org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry e =
          seven.createArchiveEntry(new java.io.File("notes.txt"), "notes.txt");
      seven.putArchiveEntry(e);
      seven.write("seven notes\n".getBytes(StandardCharsets.UTF_8));
      seven.closeArchiveEntry();
    }
    byte[] sevenBytes = java.util.Arrays.copyOf(channel.array(), (int) channel.size());
    assertThat(textOf(documents.extract("notes.7z", sevenBytes)))
        .contains("!/notes.txt | seven notes");
  }

  @Test
  void legacyExcelRtfAndMailAreRead() throws Exception {
    ByteArrayOutputStream xls = new ByteArrayOutputStream();
    try (org.apache.poi.hssf.usermodel.HSSFWorkbook book =
        new org.apache.poi.hssf.usermodel.HSSFWorkbook()) {
      org.apache.poi.ss.usermodel.Sheet sheet = book.createSheet("Payroll");
      sheet.createRow(0).createCell(0).setCellValue("employee");
      sheet.getRow(0).createCell(1).setCellValue("salary");
      sheet.createRow(1).createCell(0).setCellValue("Ada");
      sheet.getRow(1).createCell(1).setCellValue("1234");
      book.write(xls);
    }
    assertThat(textOf(documents.extract("pay.xls", xls.toByteArray())))
        .contains("!/Payroll | employee\tsalary\nAda\t1234");

    byte[] rtf = "{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}}\\f0\\pard Quarterly {\\b plan} text\\par}".getBytes(StandardCharsets.US_ASCII);
    assertThat(textOf(documents.extract("plan.rtf", rtf))).contains("Quarterly plan text");

    String attachment =
        java.util.Base64.getMimeEncoder().encodeToString(
            "attached roster line\n".getBytes(StandardCharsets.UTF_8));
    byte[] eml = ("From: a@example.invalid\r\nTo: b@example.invalid\r\nSubject: roster\r\n"
        + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        + "--XX\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
        + "--XX\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=r.txt\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n" + attachment + "\r\n--XX--\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    assertThat(textOf(documents.extract("mail.eml", eml)))
        .contains("see attached").contains("attached roster line");
  }

  @Test
  void zipBombIsSkippedForItsCompressionRatio() throws Exception {
    Documents.Extraction x = documents.extract("bomb.zip", TestDocuments.zipBomb(200));

    assertThat(x.skipReason()).isNull();
    assertThat(x.skipped())
        .containsExactly(new Documents.SkippedEntry("!/zeros.txt", "compression-ratio"));
  }

  @Test
  void archivesNestedDeeperThanTheLimitAreSkippedThereAndShallowerEntriesRead() throws Exception {
    byte[] inner = TestDocuments.zip("deep.txt", "level five\n");
    for (int level = 4; level >= 1; level--) {
      inner = TestDocuments.zip("level" + level + ".zip", inner, "note" + level + ".txt", "level " + level + "\n");
    }
    Documents.Extraction x = documents.extract("nested.zip", inner);

    assertThat(x.skipReason()).isNull();
    assertThat(x.segments()).extracting(Documents.Segment::entry)
        .containsExactly(
            "!/level1.zip!/level2.zip!/level3.zip!/note4.txt",
            "!/level1.zip!/level2.zip!/note3.txt",
            "!/level1.zip!/note2.txt",
            "!/note1.txt");
    assertThat(x.skipped())
        .containsExactly(
            new Documents.SkippedEntry("!/level1.zip!/level2.zip!/level3.zip!/level4.zip", "max-depth"));
  }

  @Test
  void malformedPdfIsSkippedAsMalformed() throws Exception {
    byte[] broken = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ntrailer <<>>\n%%EOF"
        .getBytes(StandardCharsets.US_ASCII);

    Documents.Extraction x = documents.extract("broken.pdf", broken);

    assertThat(x.skipReason()).startsWith("malformed: ");
  }

  @Test
  void truncatedPdfIsSkippedAsMalformed() throws Exception {
    byte[] pdf = TestDocuments.pdf("a page");
    byte[] half = java.util.Arrays.copyOf(pdf, pdf.length / 3);

    assertThat(documents.extract("half.pdf", half).skipReason()).startsWith("malformed: ");
  }

  @Test
  void pdfThatNeedsAPasswordIsSkippedAsEncrypted() throws Exception {
    Documents.Extraction x =
        documents.extract("secret.pdf", TestDocuments.encryptedPdf("user-pass", "hidden text"));

    assertThat(x.skipReason()).isEqualTo("encrypted");
  }

  @Test
  void emptyZipGivesNothingAndNoSkip() throws Exception {
    Documents.Extraction x = documents.extract("empty.zip", TestDocuments.zip());

    assertThat(x.skipReason()).isNull();
    assertThat(x.segments()).isEmpty();
  }

  @Test
  void archiveWithMoreEntriesThanTheLimitIsSkipped() throws Exception {
    Documents small = new Documents(new Documents.Limits(1_000_000, 20, 100, 3, 60_000, 512, 1));
    try (small) {
      Object[] entries = new Object[60];
      for (int i = 0; i < 30; i++) {
        entries[2 * i] = "f" + i + ".txt";
        entries[2 * i + 1] = "x\n";
      }
      assertThat(small.extract("many.zip", TestDocuments.zip(entries)).skipReason())
          .isEqualTo("too-many-entries");
    }
  }

  @Test
  void documentGivingMoreCharactersThanTheLimitIsReadUpToTheLimitAndMarkedPartial()
      throws Exception {
    Documents small = new Documents(new Documents.Limits(1_000, 100, 100, 3, 60_000, 512, 1));
    try (small) {
      String[] paragraphs = new String[50];
      for (int i = 0; i < paragraphs.length; i++) {
        paragraphs[i] = "paragraph " + i + " " + "x".repeat(80);
      }
      Documents.Extraction x = small.extract("long.docx", TestDocuments.docx(paragraphs));

      assertThat(x.skipReason()).isNull();
      assertThat(x.partialReason()).isEqualTo("extract-limit");
      String text = textOf(x);
      assertThat(text).contains("paragraph 0 ").contains("paragraph 9 ").doesNotContain("paragraph 12 ");
      // The limit counts the document's characters, not the line ends between its paragraphs.
      assertThat(x.segments().stream().mapToInt(seg -> seg.text().replace("\n", "").length()).sum())
          .isEqualTo(1_000);
    }
  }

  @Test
  void archiveEntriesPastTheCharactersLimitAreCutAndTheRestNotRead() throws Exception {
    // A ratio that lets a megabyte of one letter through: here the characters limit must stop it.
    Documents small = new Documents(new Documents.Limits(1_000, 100, 1_000_000, 3, 60_000, 512, 1));
    try (small) {
      byte[] zip = TestDocuments.zip(
          "a.txt", "a".repeat(600) + "\n",
          "b.txt", "b".repeat(3 << 20) + "\n",
          "c.txt", "never read\n");
      Documents.Extraction x = small.extract("export.zip", zip);

      assertThat(x.skipReason()).isNull();
      assertThat(x.partialReason()).isEqualTo("extract-limit");
      assertThat(x.segments()).extracting(Documents.Segment::entry).containsExactly("!/a.txt", "!/b.txt");
      assertThat(x.segments().get(1).text()).hasSize(1_000 - 601).matches("b+");
    }
  }

  @Test
  void childStartDoesNotCountAgainstTheFirstFilesTimeLimit() throws Exception {
    // The child takes 3 s to say it is ready; the file may take 1.5 s. Were the start the file's,
    // the first file would be skipped as extract-timeout.
    Documents slowStart = new Documents(
        Documents.Limits.defaults().withTimeoutMs(1_500).withChildren(1),
        List.of("-D" + DocumentWorker.START_DELAY_PROPERTY + "=3000"));
    try (slowStart) {
      Documents.Extraction x = slowStart.extract("notes.txt.gz", TestDocuments.gzip("first file\n"));

      assertThat(textOf(x)).contains("!/notes.txt | first file");
    }
  }

  @Test
  void childOutOfMemoryCostsOneFileAndTheNextIsRead() throws Exception {
    // No ratio or characters limit to stop it: the entry inflates until the 64 MiB heap is gone.
    Documents tight = new Documents(
        new Documents.Limits(1_000_000_000L, 100, 1_000_000, 3, 60_000, 64, 1));
    try (tight) {
      assertThat(tight.extract("warm.txt.gz", TestDocuments.gzip("warm\n")).skipReason()).isNull();

      Documents.Extraction bomb = tight.extract("bomb.zip", TestDocuments.zipBomb(100));
      Documents.Extraction next = tight.extract("next.docx", TestDocuments.docx("after the crash"));

      assertThat(bomb.skipReason()).isEqualTo("extract-out-of-memory");
      assertThat(textOf(next)).contains("after the crash");
    }
  }

  @Test
  void childKilledFromOutsideIsReplacedAndTheNextFileRead() throws Exception {
    Documents d = new Documents(Documents.Limits.defaults().withChildren(1));
    try (d) {
      assertThat(textOf(d.extract("one.docx", TestDocuments.docx("first")))).contains("first");
      List<ProcessHandle> children = d.childPids().stream()
          .map(pid -> ProcessHandle.of(pid).orElseThrow())
          .toList();
      assertThat(children).isNotEmpty();
      for (ProcessHandle child : children) {
        child.destroyForcibly();
        child.onExit().get();
      }

      assertThat(textOf(d.extract("two.docx", TestDocuments.docx("second")))).contains("second");
    }
  }

  @Test
  void fileThatTakesTooLongIsSkippedAsTimedOut() throws Exception {
    byte[] pdf = TestDocuments.pdf("page one");
    Documents hasty = new Documents(Documents.Limits.defaults().withTimeoutMs(1).withChildren(1));
    try (hasty) {
      assertThat(hasty.extract("slow.pdf", pdf).skipReason()).isEqualTo("extract-timeout");
    }
  }

  @Test
  void externalEntityInADocxIsNotResolved() throws Exception {
    java.nio.file.Path secret = java.nio.file.Files.createTempFile("airlock-xxe", ".txt");
    java.nio.file.Files.writeString(secret, "XXE-LEAKED-MARKER");
    try {
      byte[] docx = TestDocuments.docx("harmless");
      byte[] hostile = replaceEntry(docx, "word/document.xml", xml -> xml.replaceFirst(
          "<w:document",
          "<!DOCTYPE w:document [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]><w:document")
          .replace("harmless", "&xxe;"));

      Documents.Extraction x = documents.extract("hostile.docx", hostile);

      assertThat(x.segments()).noneMatch(s -> s.text().contains("XXE-LEAKED-MARKER"));
    } finally {
      java.nio.file.Files.delete(secret);
    }
  }

  private static byte[] replaceEntry(
      byte[] zip, String name, java.util.function.UnaryOperator<String> edit) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (java.util.zip.ZipInputStream in =
            new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip));
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        byte[] content = in.readAllBytes();
        if (e.getName().equals(name)) {
          content = edit.apply(new String(content, StandardCharsets.UTF_8))
              .getBytes(StandardCharsets.UTF_8);
        }
        z.putNextEntry(new ZipEntry(e.getName()));
        z.write(content);
        z.closeEntry();
      }
    }
    return out.toByteArray();
  }

  @Test
  void aKilledChildIsReplacedForTheNextFile() throws Exception {
    // Were the killed child kept, the second file would meet a closed pipe: extract-crashed.
    Documents d = new Documents(Documents.Limits.defaults().withTimeoutMs(1).withChildren(1));
    try (d) {
      byte[] pdf = TestDocuments.pdf("page one");
      assertThat(d.extract("slow.pdf", pdf).skipReason()).isEqualTo("extract-timeout");
      assertThat(d.extract("again.pdf", pdf).skipReason()).isEqualTo("extract-timeout");
    }
  }

  @Test
  void documentJarsAreFoundBesideTheJarThatListsThem(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("airlock.jar");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(jar))) {
      z.putNextEntry(new ZipEntry(Documents.DOCUMENT_JARS));
      z.write("airlock-documents.jar\n\nmore.jar\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      URL list = loader.getResource(Documents.DOCUMENT_JARS);
      assertThat(Documents.documentJars(list))
          .containsExactly(
              dir.resolve("airlock-documents.jar").toString(), dir.resolve("more.jar").toString());
    }
    // A list in a class folder (a module's own build) names nothing: its jars are not built yet.
    assertThat(Documents.documentJars(dir.toUri().toURL())).isEmpty();
    assertThat(Documents.documentJars(null)).isEmpty();
  }
}
