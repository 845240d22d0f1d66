package dev.factoryproxy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DotenvParserTest {

  private static Map<String, String> parse(String text) {
    return DotenvParser.parse(".env", text);
  }

  @Test
  void plainKeyValuePairsInFileOrder() {
    assertThat(parse("A=1\nB=two\nC=three four\n"))
        .containsExactly(entry("A", "1"), entry("B", "two"), entry("C", "three four"));
  }

  @Test
  void doubleAndSingleQuotedValuesLoseTheirQuotes() {
    assertThat(parse("A=\"double quoted\"\nB='single quoted'\nC=\"\"\nD=''\n"))
        .containsExactly(entry("A", "double quoted"), entry("B", "single quoted"), entry("C", ""), entry("D", ""));
  }

  @Test
  void surroundingWhitespaceIsTrimmedButQuotedWhitespaceKept() {
    assertThat(parse("  A  =   spaced out   \nB=\"  kept  \"\n"))
        .containsExactly(entry("A", "spaced out"), entry("B", "  kept  "));
  }

  @Test
  void exportPrefixIsDropped() {
    assertThat(parse("export FACTORY_AI_TOKEN=fk-123\nexport\tPORT=8080\n"))
        .containsExactly(entry("FACTORY_AI_TOKEN", "fk-123"), entry("PORT", "8080"));
  }

  @Test
  void aKeyThatMerelyStartsWithExportIsKeptWhole() {
    assertThat(parse("exported=1\n")).containsExactly(entry("exported", "1"));
  }

  @Test
  void commentsAndBlankLinesAreSkipped() {
    String text = "# a comment\n\n   \n  # indented comment\nA=1\n\t\n# A=2\nB=2\n";
    assertThat(parse(text)).containsExactly(entry("A", "1"), entry("B", "2"));
  }

  @Test
  void quotedValuesMayHoldEqualsAndHash() {
    assertThat(parse("A=\"x=y#z\"\nB='p=q # not a comment'\nC=\"#start\"\n"))
        .containsExactly(entry("A", "x=y#z"), entry("B", "p=q # not a comment"), entry("C", "#start"));
  }

  @Test
  void unquotedValueMayHoldEquals() {
    assertThat(parse("A=b=c==\n")).containsExactly(entry("A", "b=c=="));
  }

  @Test
  void unquotedHashInsideAValueIsKeptButSpaceHashStartsAComment() {
    assertThat(parse("A=a#b\nB=value # comment\nC=value\t# tab comment\nD=x#y # z\n"))
        .containsExactly(entry("A", "a#b"), entry("B", "value"), entry("C", "value"), entry("D", "x#y"));
  }

  @Test
  void commentAfterAClosingQuoteIsAllowed() {
    assertThat(parse("A=\"v\" # comment\nB='w'   # another\n"))
        .containsExactly(entry("A", "v"), entry("B", "w"));
  }

  @Test
  void emptyUnquotedValueIsEmpty() {
    assertThat(parse("A=\nB= # only a comment\n")).containsExactly(entry("A", ""), entry("B", ""));
  }

  @Test
  void windowsLineEndingsLeaveNoCarriageReturnInValues() {
    Map<String, String> parsed = parse("A=1\r\nB=\"two\"\r\n# c\r\n\r\nC='three'\r\nD=four # x\r\n");
    assertThat(parsed).containsExactly(entry("A", "1"), entry("B", "two"), entry("C", "three"), entry("D", "four"));
    assertThat(String.join("", parsed.values())).doesNotContain("\r");
  }

  @Test
  void doubleQuotedValuesSpanLinesAndUnderstandEscapes() {
    Map<String, String> parsed = parse("KEY=\"-----BEGIN-----\nline two\n-----END-----\"\nNEXT=after\n"
        + "ESC=\"a\\nb\\tc\\\\d\\\"e\"\n");
    assertThat(parsed).containsExactly(
        entry("KEY", "-----BEGIN-----\nline two\n-----END-----"),
        entry("NEXT", "after"),
        entry("ESC", "a\nb\tc\\d\"e"));
  }

  @Test
  void singleQuotedValuesAreLiteral() {
    assertThat(parse("A='a\\nb'\nB='multi\nline'\n"))
        .containsExactly(entry("A", "a\\nb"), entry("B", "multi\nline"));
  }

  @Test
  void aRepeatedKeyKeepsTheLastValue() {
    assertThat(parse("A=first\nB=b\nA=second\n")).containsEntry("A", "second").containsEntry("B", "b").hasSize(2);
  }

  @Test
  void dollarSignsAreKeptLiterally() {
    assertThat(parse("HOME_COPY=$HOME\nA=\"${PATH}x$y\"\nB='$1$2'\nC=p$ss\n")).containsExactly(
        entry("HOME_COPY", "$HOME"), entry("A", "${PATH}x$y"), entry("B", "$1$2"), entry("C", "p$ss"));
  }

  @Test
  void lastLineWithoutNewlineIsRead() {
    assertThat(parse("A=1\nB=2")).containsExactly(entry("A", "1"), entry("B", "2"));
    assertThat(parse("A=\"quoted at eof\"")).containsExactly(entry("A", "quoted at eof"));
  }

  @Test
  void emptyFileIsEmpty() {
    assertThat(parse("")).isEmpty();
    assertThat(parse("\n\n# only comments\n")).isEmpty();
  }

  @Test
  void malformedLineNamesItsLineNumberButNotItsContent() {
    String secret = "fk-SECRET-aa11bb22";
    String text = "# comment\n\nA=1\nB=\"multi\nline\"\nthis is " + secret + " without equals\nC=3\n";

    assertThatThrownBy(() -> DotenvParser.parse("/srv/app/.env", text))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/srv/app/.env")
        .hasMessageContaining("line 6")
        .hasMessageNotContaining(secret)
        .hasMessageNotContaining("this is");
  }

  @Test
  void lineNumbersCountWindowsLineEndings() {
    assertThatThrownBy(() -> parse("A=1\r\nB=2\r\n\r\nbroken-" + "fk-secret\r\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 4")
        .hasMessageNotContaining("fk-secret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"fk-token-only", "1BAD=fk-token-value", "KEY fk-token-value", "=fk-token-value"})
  void keylessOrBadlyNamedLinesAreRejectedWithoutEchoingThem(String line) {
    assertThatThrownBy(() -> parse("OK=1\n" + line + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2")
        .hasMessageNotContaining("fk-token");
  }

  @Test
  void textAfterAClosingQuoteIsAnErrorWithoutEchoingIt() {
    assertThatThrownBy(() -> parse("A=1\nTOKEN=\"fk-abc\"fk-trailing\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 2")
        .hasMessageNotContaining("fk-");
  }

  @ParameterizedTest
  @ValueSource(strings = {"TOKEN=\"fk-unclosed\nMORE=1\n", "TOKEN='fk-unclosed\n", "TOKEN=\"fk-unclosed\\\"\n"})
  void unclosedQuoteIsAnErrorNamingTheLineItStartsOn(String rest) {
    assertThatThrownBy(() -> parse("A=1\n# c\n" + rest))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("line 3")
        .hasMessageContaining("never closed")
        .hasMessageNotContaining("fk-unclosed");
  }
}
