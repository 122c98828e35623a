package dev.airlock.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DicomHeaderTest {
  private final Extractor extractor = new Extractor();

  private static DicomFile withPatient(DicomFile f) {
    byte[] inner = DicomFile.explicitVr().bytes(); // any bytes: the reader skips the sequence
    return f.text(0x0008, 0x0060, "CS", "MR")
        .sequence(0x0008, 0x1115, Arrays.copyOfRange(inner, 128, inner.length))
        .text(0x0010, 0x0010, "PN", "WHITLOCK^DANA")
        .text(0x0010, 0x0020, "LO", "W72301884")
        .text(0x0010, 0x0030, "DA", "19710911")
        .text(0x0010, 0x0040, "CS", "F")
        .text(0x0020, 0x000D, "UI", "1.2.826.0.1.3680043.2.1125.1")
        .pixels(512);
  }

  @Test
  void anExplicitVrImageIsTextMadeOfItsPatientTags() {
    Extractor.Result r = extractor.extract(withPatient(DicomFile.explicitVr()).bytes());
    assertThat(r).isInstanceOf(Extractor.Text.class);
    assertThat(((Extractor.Text) r).text())
        .isEqualTo(
            "DICOM (0010,0010) PatientName=WHITLOCK^DANA\n"
                + "DICOM (0010,0020) PatientID=W72301884\n"
                + "DICOM (0010,0030) PatientBirthDate=19710911\n");
  }

  @Test
  void anImplicitVrImageGivesTheSameTags() {
    Extractor.Result r = extractor.extract(withPatient(DicomFile.implicitVr()).bytes());
    assertThat(((Extractor.Text) r).text())
        .contains("PatientName=WHITLOCK^DANA", "PatientID=W72301884", "PatientBirthDate=19710911");
  }

  @Test
  void anImageWithoutPatientTagsStaysBinary() {
    byte[] bytes = DicomFile.explicitVr().text(0x0008, 0x0060, "CS", "CT").pixels(64).bytes();
    assertThat(extractor.extract(bytes)).isEqualTo(new Extractor.Skipped("binary"));
  }

  @Test
  void aFileWithoutTheDicmMagicIsNotReadAsDicom() {
    byte[] bytes = withPatient(DicomFile.explicitVr()).bytes();
    bytes[129] = 'X';
    assertThat(extractor.extract(bytes)).isEqualTo(new Extractor.Skipped("binary"));
  }

  @Test
  void truncatedOrCorruptHeadersNeverThrowAndKeepWhatWasRead() {
    byte[] whole = withPatient(DicomFile.explicitVr()).bytes();
    String name = "PatientName=WHITLOCK^DANA";
    int nameEnd = indexOf(whole, "WHITLOCK^DANA") + 14;
    for (int cut = 132; cut < whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      assertThatCode(() -> extractor.extract(part)).as("cut at %d", cut).doesNotThrowAnyException();
      if (cut >= nameEnd) {
        assertThat(((Extractor.Text) extractor.extract(part)).text()).as("cut at %d", cut).contains(name);
      }
    }
    Random random = new Random(20261201L);
    for (int i = 0; i < 500; i++) {
      byte[] noisy = whole.clone();
      for (int j = 0; j < 8; j++) {
        noisy[132 + random.nextInt(noisy.length - 132)] = (byte) random.nextInt(256);
      }
      assertThatCode(() -> extractor.extract(noisy)).doesNotThrowAnyException();
    }
  }

  private static int indexOf(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).indexOf(needle);
  }
}
