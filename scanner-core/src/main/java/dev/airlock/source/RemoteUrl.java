package dev.airlock.source;

import java.util.Locale;

/**
 * A repository's remote as an identity a gateway can look up: host and path, lower case, without
 * scheme, user, password, port or {@code .git}. The SSH, scp-like and HTTPS spellings of one
 * repository give the same identity, and credentials in a URL never survive normalisation.
 *
 * <pre>
 *   git@github.com:Acme/Billing.git              -> github.com/acme/billing
 *   ssh://git@github.com/acme/billing            -> github.com/acme/billing
 *   https://user:pw@github.com/acme/billing.git  -> github.com/acme/billing
 *   /srv/git/billing.git                         -> /srv/git/billing
 * </pre>
 */
public final class RemoteUrl {
  private RemoteUrl() {}

  /** The identity of {@code url}, or null when it is null or blank. */
  public static String normalise(String url) {
    if (url == null || url.isBlank()) {
      return null;
    }
    String s = url.trim();
    String hostAndPath;
    int scheme = s.indexOf("://");
    if (scheme > 0 && s.substring(0, scheme).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String rest = s.substring(scheme + 3);
      if (s.substring(0, scheme).equalsIgnoreCase("file")) {
        hostAndPath = rest;
      } else {
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        hostAndPath = host(authority) + path;
      }
    } else if (isScpLike(s)) {
      int colon = s.indexOf(':');
      hostAndPath = host(s.substring(0, colon)) + "/" + s.substring(colon + 1);
    } else {
      hostAndPath = s; // a local path
    }
    String id = hostAndPath.replace('\\', '/').replaceAll("/{2,}", "/");
    id = stripQueryAndFragment(id);
    while (id.length() > 1 && id.endsWith("/")) {
      id = id.substring(0, id.length() - 1);
    }
    if (id.toLowerCase(Locale.ROOT).endsWith(".git")) {
      id = id.substring(0, id.length() - 4);
    }
    return id.toLowerCase(Locale.ROOT);
  }

  /** The host of an authority ({@code user:password@host:port}), without user, password, port. */
  private static String host(String authority) {
    String host = authority.substring(authority.lastIndexOf('@') + 1);
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.indexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }

  /** Git's rule: {@code host:path} is scp-like when a colon comes before any slash. */
  private static boolean isScpLike(String s) {
    int colon = s.indexOf(':');
    int slash = s.indexOf('/');
    // "C:\repo" and "C:/repo" are Windows paths, not a host called C.
    return colon > 1 && (slash < 0 || colon < slash);
  }

  private static String stripQueryAndFragment(String s) {
    int cut = s.length();
    for (char c : new char[] {'?', '#'}) {
      int i = s.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return s.substring(0, cut);
  }
}
