package dev.factoryproxy.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code .env} format shared by docker compose, python-dotenv and Node's dotenv:
 * {@code KEY=value} lines, an optional {@code export} prefix, comments, blank lines, single- and
 * double-quoted values (which may hold {@code =}, {@code #} and line breaks), {@code \n}-style
 * escapes inside double quotes, and Windows line endings. Values are literal: no {@code ${VAR}}
 * expansion, so a token containing {@code $} arrives intact.
 *
 * <p>Error messages carry the line number, never the line, because the line may hold a secret.
 */
public final class DotenvParser {

  private static final Pattern ENTRY =
      Pattern.compile("\\G[ \\t]*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_.\\-]*)[ \\t]*=[ \\t]*");

  private final String source;
  private final String text;
  private int pos;
  private int line = 1;

  private DotenvParser(String source, String text) {
    this.source = source;
    this.text = text.replace("\r\n", "\n").replace('\r', '\n');
  }

  /**
   * @param source how to name the input in error messages, e.g. the file path
   * @param text the whole file
   * @return keys to values, in file order; a repeated key keeps its last value
   * @throws ConfigException naming the line that does not parse
   */
  public static Map<String, String> parse(String source, String text) {
    return new DotenvParser(source, text).entries();
  }

  private Map<String, String> entries() {
    Map<String, String> out = new LinkedHashMap<>();
    while (pos < text.length()) {
      skipBlankOrComment();
      if (pos >= text.length()) {
        break;
      }
      Matcher m = ENTRY.matcher(text).region(pos, text.length());
      if (!m.lookingAt()) {
        throw error("expected KEY=VALUE");
      }
      pos = m.end();
      out.put(m.group(1), value());
    }
    return out;
  }

  private void skipBlankOrComment() {
    while (pos < text.length()) {
      int eol = endOfLine(pos);
      String content = text.substring(pos, eol).strip();
      if (!content.isEmpty() && !content.startsWith("#")) {
        return;
      }
      advanceTo(eol);
    }
  }

  private String value() {
    if (pos < text.length() && text.charAt(pos) == '"') {
      return quoted('"', true);
    }
    if (pos < text.length() && text.charAt(pos) == '\'') {
      return quoted('\'', false);
    }
    int eol = endOfLine(pos);
    String raw = text.substring(pos, eol);
    advanceTo(eol);
    return stripInlineComment(raw).strip();
  }

  /** In an unquoted value a comment starts at a '#' preceded by whitespace; 'a#b' stays whole. */
  private static String stripInlineComment(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) == '#' && (i == 0 || Character.isWhitespace(raw.charAt(i - 1)))) {
        return raw.substring(0, i);
      }
    }
    return raw;
  }

  private String quoted(char quote, boolean escapes) {
    int startLine = line;
    StringBuilder value = new StringBuilder();
    int i = pos + 1;
    while (true) {
      if (i >= text.length()) {
        line = startLine;
        throw error("the quoted value is never closed");
      }
      char c = text.charAt(i);
      if (c == quote) {
        break;
      }
      if (escapes && c == '\\' && i + 1 < text.length()) {
        value.append(unescape(text.charAt(i + 1)));
        i += 2;
        continue;
      }
      if (c == '\n') {
        line++;
      }
      value.append(c);
      i++;
    }
    pos = i + 1;
    String rest = text.substring(pos, endOfLine(pos)).strip();
    if (!rest.isEmpty() && !rest.startsWith("#")) {
      throw error("unexpected text after the closing quote");
    }
    advanceTo(endOfLine(pos));
    return value.toString();
  }

  private static String unescape(char c) {
    return switch (c) {
      case 'n' -> "\n";
      case 'r' -> "\r";
      case 't' -> "\t";
      case '"' -> "\"";
      case '\\' -> "\\";
      default -> "\\" + c;
    };
  }

  private int endOfLine(int from) {
    int eol = text.indexOf('\n', from);
    return eol < 0 ? text.length() : eol;
  }

  private void advanceTo(int eol) {
    pos = Math.min(eol + 1, text.length());
    if (eol < text.length()) {
      line++;
    }
  }

  private ConfigException error(String what) {
    return new ConfigException(source + " line " + line + ": " + what);
  }
}
