package dev.airlock.extract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes DICOM Part 10 files byte by byte for tests: a preamble, "DICM", the file meta group and
 * data elements in explicit or implicit VR little endian. Every name and number is synthetic.
 */
public final class DicomFile {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final boolean implicit;

  private DicomFile(boolean implicit) {
    this.implicit = implicit;
    out.writeBytes(new byte[128]);
    out.writeBytes("DICM".getBytes(StandardCharsets.US_ASCII));
    String syntax = implicit ? "1.2.840.10008.1.2" : "1.2.840.10008.1.2.1";
    byte[] uid = even(syntax, (byte) 0);
    explicitElement(0x0002, 0x0000, "UL", le32(uid.length + 8));
    explicitElement(0x0002, 0x0010, "UI", uid);
  }

  /** A file whose data set is explicit VR little endian. */
  public static DicomFile explicitVr() {
    return new DicomFile(false);
  }

  /** A file whose data set is implicit VR little endian. */
  public static DicomFile implicitVr() {
    return new DicomFile(true);
  }

  /** A text element, padded to even length with a space as DICOM requires. */
  public DicomFile text(int group, int element, String vr, String value) {
    return element(group, element, vr, even(value, (byte) ' '));
  }

  public DicomFile element(int group, int element, String vr, byte[] value) {
    if (implicit) {
      tag(group, element);
      out.writeBytes(le32(value.length));
      out.writeBytes(value);
    } else {
      explicitElement(group, element, vr, value);
    }
    return this;
  }

  /** An undefined-length sequence holding one undefined-length item with {@code inner} in it. */
  public DicomFile sequence(int group, int element, byte[] inner) {
    tag(group, element);
    if (!implicit) {
      out.writeBytes("SQ".getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(new byte[2]);
    }
    out.writeBytes(le32(0xFFFFFFFF));
    tag(0xFFFE, 0xE000);
    out.writeBytes(le32(0xFFFFFFFF));
    out.writeBytes(inner);
    tag(0xFFFE, 0xE00D);
    out.writeBytes(le32(0));
    tag(0xFFFE, 0xE0DD);
    out.writeBytes(le32(0));
    return this;
  }

  /** Pixel data: binary, with NUL bytes, as an image is. */
  public DicomFile pixels(int count) {
    byte[] p = new byte[count];
    for (int i = 0; i < count; i++) {
      p[i] = (byte) (i % 7 == 0 ? 0 : i);
    }
    return element(0x7FE0, 0x0010, "OW", p);
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  private void explicitElement(int group, int element, String vr, byte[] value) {
    tag(group, element);
    out.writeBytes(vr.getBytes(StandardCharsets.US_ASCII));
    if (vr.equals("OB") || vr.equals("OW") || vr.equals("SQ") || vr.equals("UN") || vr.equals("UT")) {
      out.writeBytes(new byte[2]);
      out.writeBytes(le32(value.length));
    } else {
      out.write(value.length & 0xff);
      out.write(value.length >>> 8 & 0xff);
    }
    out.writeBytes(value);
  }

  private void tag(int group, int element) {
    out.write(group & 0xff);
    out.write(group >>> 8 & 0xff);
    out.write(element & 0xff);
    out.write(element >>> 8 & 0xff);
  }

  private static byte[] le32(int v) {
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
  }

  private static byte[] even(String s, byte pad) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length % 2 == 0) {
      return b;
    }
    byte[] padded = java.util.Arrays.copyOf(b, b.length + 1);
    padded[b.length] = pad;
    return padded;
  }
}
