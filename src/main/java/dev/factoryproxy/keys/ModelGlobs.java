package dev.factoryproxy.keys;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A key's model allow-list: {@code *} matches any run of characters, {@code ?} one; everything
 * else matches itself. An empty list allows every model.
 */
public final class ModelGlobs {

  private final List<Pattern> patterns;

  private ModelGlobs(List<Pattern> patterns) {
    this.patterns = patterns;
  }

  public static ModelGlobs of(List<String> globs) {
    return new ModelGlobs(globs.stream().map(ModelGlobs::compile).toList());
  }

  public boolean allowsAll() {
    return patterns.isEmpty();
  }

  /** Whether any of the names (the one the client sent, the one an alias made of it) is allowed. */
  public boolean allows(String... names) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String name : names) {
      if (name != null && patterns.stream().anyMatch(p -> p.matcher(name).matches())) {
        return true;
      }
    }
    return false;
  }

  private static Pattern compile(String glob) {
    StringBuilder regex = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (char c : glob.toCharArray()) {
      if (c == '*' || c == '?') {
        if (!literal.isEmpty()) {
          regex.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        regex.append(c == '*' ? ".*" : ".");
      } else {
        literal.append(c);
      }
    }
    if (!literal.isEmpty()) {
      regex.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }
}
