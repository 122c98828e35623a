import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Prints synthetic, checksum-valid national identifiers for rule examples, each beside a copy with
 * its last character changed: a {@code nomatch} example for the identifiers that end in a check
 * digit (ITINs and NINOs have none). Nothing here is a real person's number: every digit comes
 * from a seeded {@link Random}.
 *
 * <pre>java rules/tools/SyntheticIds.java [SEED] [COUNT]     (defaults: 7, 3)</pre>
 */
public final class SyntheticIds {
  private static Random r;

  public static void main(String[] args) {
    long seed = args.length > 0 ? Long.parseLong(args[0]) : 7;
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    r = new Random(seed);
    System.out.println("# seed " + seed);
    for (int i = 0; i < count; i++) {
      print("us-itin", itin());
      print("uk-nhs-number", nhs());
      print("uk-nino", nino());
      print("ca-sin", sin());
      print("de-steuer-id", steuerId());
      print("fr-nir", nir(i % 3 == 0 ? "2A" : String.format("%02d", 1 + r.nextInt(95))));
      print("in-aadhaar", aadhaar());
      print("us-npi", npi());
      print("us-dea-number", dea());
      print("us-ssn", ssn());
    }
  }

  private static void print(String kind, String value) {
    System.out.println(kind + "\t" + value + "\t" + broken(value));
  }

  /** The value with its last digit changed. */
  private static String broken(String value) {
    char last = value.charAt(value.length() - 1);
    return value.substring(0, value.length() - 1) + (char) ('0' + (last - '0' + 5) % 10);
  }

  private static String digits(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append((char) ('0' + r.nextInt(10)));
    }
    return s.toString();
  }

  private static int luhnDigit(String body) {
    int sum = 0;
    for (int i = body.length() - 1, k = 0; i >= 0; i--, k++) {
      int d = body.charAt(i) - '0';
      if (k % 2 == 0) {
        d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      }
      sum += d;
    }
    return (10 - sum % 10) % 10;
  }

  static String itin() {
    int[] groups = {50, 57, 65, 70, 78, 88, 90, 92, 94, 99};
    return "9" + digits(2) + "-" + groups[r.nextInt(groups.length)] + "-" + digits(4);
  }

  static String ssn() {
    return String.format("%03d-%02d-%04d", 100 + r.nextInt(565), 1 + r.nextInt(99), 1 + r.nextInt(9999));
  }

  static String nhs() {
    while (true) {
      String body = digits(9);
      int sum = 0;
      for (int i = 0; i < 9; i++) {
        sum += (body.charAt(i) - '0') * (10 - i);
      }
      int check = (11 - sum % 11) % 11;
      if (check != 10) {
        String n = body + check;
        return n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
      }
    }
  }

  static String nino() {
    String first = "ABCEGHJKLMNOPRSTWXYZ";
    String second = "ABCEGHJKLMNPRSTWXYZ";
    while (true) {
      String p = "" + first.charAt(r.nextInt(first.length())) + second.charAt(r.nextInt(second.length()));
      if (!List.of("BG", "GB", "NK", "KN", "TN", "NT", "ZZ").contains(p)) {
        String d = digits(6);
        return p + " " + d.substring(0, 2) + " " + d.substring(2, 4) + " " + d.substring(4) + " "
            + "ABCD".charAt(r.nextInt(4));
      }
    }
  }

  static String sin() {
    String body = (char) ('1' + r.nextInt(7)) + digits(7);
    String n = body + luhnDigit(body);
    return n.substring(0, 3) + " " + n.substring(3, 6) + " " + n.substring(6);
  }

  static String steuerId() {
    while (true) {
      List<Integer> d = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
      Collections.shuffle(d, r);
      List<Integer> ten = new ArrayList<>(d.subList(0, 9));
      ten.add(ten.get(r.nextInt(9)));
      Collections.shuffle(ten, r);
      if (ten.get(0) == 0) {
        continue;
      }
      StringBuilder s = new StringBuilder();
      ten.forEach(s::append);
      int p = 10;
      for (char c : s.toString().toCharArray()) {
        int sum = (p + (c - '0')) % 10;
        p = (2 * (sum == 0 ? 10 : sum)) % 11;
      }
      return s.toString() + (11 - p) % 10;
    }
  }

  static String nir(String department) {
    String body = (r.nextBoolean() ? "1" : "2") + String.format("%02d", r.nextInt(100))
        + String.format("%02d", 1 + r.nextInt(12)) + department + digits(6);
    long forKey = Long.parseLong(body.replace("2A", "19").replace("2B", "18"));
    String n = body + String.format("%02d", 97 - forKey % 97);
    return n.charAt(0) + " " + n.substring(1, 3) + " " + n.substring(3, 5) + " " + n.substring(5, 7)
        + " " + n.substring(7, 10) + " " + n.substring(10, 13) + " " + n.substring(13);
  }

  private static final int[][] D = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}
  };
  private static final int[][] P = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}
  };
  private static final int[] INV = {0, 4, 3, 2, 1, 5, 6, 7, 8, 9};

  static String aadhaar() {
    String body = (char) ('2' + r.nextInt(8)) + digits(10);
    int c = 0;
    for (int i = 0; i < body.length(); i++) {
      c = D[c][P[(i + 1) % 8][body.charAt(body.length() - 1 - i) - '0']];
    }
    String n = body + INV[c];
    return n.substring(0, 4) + " " + n.substring(4, 8) + " " + n.substring(8);
  }

  static String npi() {
    String body = (r.nextBoolean() ? "1" : "2") + digits(8);
    return body + luhnDigit("80840" + body);
  }

  static String dea() {
    String d = digits(6);
    int[] v = d.chars().map(c -> c - '0').toArray();
    int check = (v[0] + v[2] + v[4] + 2 * (v[1] + v[3] + v[5])) % 10;
    String types = "ABFGMP";
    return "" + types.charAt(r.nextInt(types.length())) + (char) ('A' + r.nextInt(26)) + d + check;
  }
}
