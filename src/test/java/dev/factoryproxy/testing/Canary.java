package dev.factoryproxy.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The one Factory token every test configures: the in-process harness and every proxy the ITs
 * start as a process. It is unmistakable, so finding it (or its Base64 or URL-encoded form)
 * in any response, log line or error message the suite sees is a leak, wherever it happened.
 * It holds {@code +} and {@code /} so that URL encoding changes it and Base64 of it is not it.
 */
public final class Canary {

  /** The canary token. Tests that need several tokens use {@link #variant} so every one is caught. */
  public static final String TOKEN = "fct-CANARY-9Qz7+xW3/kL2";

  private static final List<String> FORMS = forms(TOKEN);

  private Canary() {
  }

  /** A distinct token that still contains the canary, for tests that tell tokens apart. */
  public static String variant(String name) {
    return TOKEN + "-" + name;
  }

  /** The encodings a leak may take: the token, URL-encoded, and Base64 (standard and URL-safe) at every byte alignment. */
  public static List<String> forms() {
    return FORMS;
  }

  /** Which form of the canary {@code text} holds, if any. */
  public static Optional<String> find(CharSequence text) {
    if (text == null) {
      return Optional.empty();
    }
    String s = text.toString();
    for (String form : FORMS) {
      if (s.contains(form)) {
        return Optional.of(form);
      }
    }
    return Optional.empty();
  }

  /** Fails when {@code text} holds the canary; {@code where} names what was checked. */
  public static void assertAbsent(String where, CharSequence text) {
    find(text).ifPresent(form -> {
      throw new AssertionError("the canary token leaked into " + where + " (as '" + form + "')");
    });
  }

  /**
   * Reports the canary to {@link LeakWatch} when {@code text} holds it, so the running test fails
   * after it ends even if the code that saw it swallows exceptions; for test clients and helpers.
   */
  public static void inspect(String where, CharSequence text) {
    find(text).ifPresent(form ->
        LeakWatch.installed().report("the canary token (as '" + form + "') reached " + where));
  }

  /** As {@link #inspect(String, CharSequence)}, for bytes off a wire (ISO-8859-1 keeps every byte). */
  public static void inspect(String where, byte[] bytes) {
    inspect(where, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  /** As {@link #assertAbsent(String, CharSequence)}, for bytes read off a wire (ISO-8859-1 keeps every byte). */
  public static void assertAbsent(String where, byte[] bytes) {
    assertAbsent(where, new String(bytes, StandardCharsets.ISO_8859_1));
  }

  private static List<String> forms(String token) {
    Set<String> forms = new LinkedHashSet<>();
    forms.add(token);
    forms.add(URLEncoder.encode(token, StandardCharsets.UTF_8));
    byte[] bytes = token.getBytes(StandardCharsets.UTF_8);
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      for (int offset = 0; offset < 3; offset++) {
        forms.add(base64Core(encoder, bytes, offset));
      }
    }
    return List.copyOf(new ArrayList<>(forms));
  }

  /**
   * The Base64 characters that depend only on the token's bytes when they start {@code offset}
   * bytes into the encoded data: whatever precedes or follows it ({@code Bearer }, {@code user:}),
   * this run of characters appears.
   */
  private static String base64Core(Base64.Encoder encoder, byte[] token, int offset) {
    byte[] shifted = new byte[offset + token.length];
    System.arraycopy(token, 0, shifted, offset, token.length);
    String encoded = encoder.withoutPadding().encodeToString(shifted);
    int first = (8 * offset + 5) / 6;
    int end = 8 * (offset + token.length) / 6;
    return encoded.substring(first, end);
  }
}
