package dev.airlock.extract;

import java.nio.charset.StandardCharsets;

/**
 * Reads the patient tags of a DICOM file's header (Part 10: a 128-byte preamble, then "DICM"), so
 * that a binary image is scanned by what identifies its patient. Only little-endian data sets are
 * read, explicit or implicit VR; reading stops at the first group after the patient's (0010), at
 * pixel data, and at anything malformed, without throwing. Stateless.
 */
final class DicomHeader {
  private static final int PREAMBLE = 128;
  private static final String IMPLICIT_LITTLE_ENDIAN = "1.2.840.10008.1.2";
  private static final int MAX_VALUE = 64;

  private DicomHeader() {}

  /** True when {@code b[0, length)} starts as a DICOM file does. */
  static boolean isDicom(byte[] b, int length) {
    return length >= PREAMBLE + 4
        && b[PREAMBLE] == 'D'
        && b[PREAMBLE + 1] == 'I'
        && b[PREAMBLE + 2] == 'C'
        && b[PREAMBLE + 3] == 'M';
  }

  /**
   * One line per patient tag found, {@code DICOM (0010,0010) PatientName=...}, or an empty string
   * when the header names no patient.
   */
  static String patientLines(byte[] b) {
    StringBuilder out = new StringBuilder();
    int at = PREAMBLE + 4;
    boolean implicit = false;
    boolean inMeta = true;
    while (at + 8 <= b.length) {
      int group = u16(b, at);
      int element = u16(b, at + 2);
      if (inMeta && group != 0x0002) {
        inMeta = false; // the file meta group is always explicit VR; the data set follows its syntax
      }
      boolean explicit = inMeta || !implicit;
      long length;
      int valueAt;
      if (explicit) {
        char v1 = (char) b[at + 4];
        char v2 = (char) b[at + 5];
        if (v1 < 'A' || v1 > 'Z' || v2 < 'A' || v2 > 'Z') {
          break; // not a VR: malformed, or a syntax this reader does not know
        }
        String vr = "" + v1 + v2;
        if (longForm(vr)) {
          if (at + 12 > b.length) {
            break;
          }
          length = u32(b, at + 8);
          valueAt = at + 12;
        } else {
          length = u16(b, at + 6);
          valueAt = at + 8;
        }
      } else {
        length = u32(b, at + 4);
        valueAt = at + 8;
      }
      if (group > 0x0010 || (group == 0x7FE0 && element == 0x0010)) {
        break; // past the patient module
      }
      if (length == 0xFFFFFFFFL) {
        int end = sequenceEnd(b, valueAt);
        if (end < 0) {
          break;
        }
        at = end;
        continue;
      }
      if (length > b.length - valueAt) {
        break;
      }
      int len = (int) length;
      if (group == 0x0002 && element == 0x0010) {
        implicit = text(b, valueAt, len).equals(IMPLICIT_LITTLE_ENDIAN);
      } else if (group == 0x0010) {
        String name =
            switch (element) {
              case 0x0010 -> "PatientName";
              case 0x0020 -> "PatientID";
              case 0x0030 -> "PatientBirthDate";
              default -> null;
            };
        String value = name == null ? "" : text(b, valueAt, Math.min(len, MAX_VALUE));
        if (!value.isEmpty()) {
          out.append(String.format(java.util.Locale.ROOT, "DICOM (0010,%04X) %s=%s\n", element, name, value));
        }
      }
      at = valueAt + len;
    }
    return out.toString();
  }

  private static boolean longForm(String vr) {
    return switch (vr) {
      case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV" -> true;
      default -> false;
    };
  }

  /**
   * Where an undefined-length sequence whose value starts at {@code from} ends: after its sequence
   * delimitation item (FFFE,E0DD), counting nested undefined-length sequences of explicit VR ("SQ",
   * two zero bytes, FFFFFFFF); -1 when the data ends first.
   */
  private static int sequenceEnd(byte[] b, int from) {
    int depth = 1;
    for (int i = from; i + 8 <= b.length; i++) {
      if (b[i] == 'S' && b[i + 1] == 'Q' && b[i + 2] == 0 && b[i + 3] == 0 && u32(b, i + 4) == 0xFFFFFFFFL) {
        depth++;
        i += 7;
      } else if ((b[i] & 0xff) == 0xFE && (b[i + 1] & 0xff) == 0xFF && u16(b, i + 2) == 0xE0DD) {
        if (--depth == 0) {
          return i + 8;
        }
        i += 7;
      }
    }
    return -1;
  }

  private static String text(byte[] b, int from, int len) {
    String s = new String(b, from, len, StandardCharsets.ISO_8859_1);
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\0')) {
      end--;
    }
    StringBuilder clean = new StringBuilder(end);
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      clean.append(c < 0x20 ? ' ' : c);
    }
    return clean.toString().strip();
  }

  private static int u16(byte[] b, int at) {
    return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
  }

  private static long u32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16
        | (b[at + 3] & 0xffL) << 24;
  }
}
