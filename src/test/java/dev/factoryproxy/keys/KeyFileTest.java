package dev.factoryproxy.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.factoryproxy.config.ClientKeys;
import dev.factoryproxy.config.ConfigException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFileTest {

  private static final String ALICE = "fp-alice-secret-0001";

  @Test
  void readsEveryFieldOfTheIssuesExample() {
    List<KeySpec> keys = KeyFile.parse("""
        {"keys": [
          {"name": "alice", "key": "%s", "models": ["claude-*", "gpt-5*"], "rpm": 60, "tpm": 400000,
           "concurrency": 4, "daily_tokens": 5000000, "expires": "2027-01-31", "disabled": false},
          {"name": "bob", "key_sha256": "%s"}
        ]}""".formatted(ALICE, KeyDigests.hex("fp-bob")), "keys.json");

    KeySpec alice = keys.get(0);
    assertThat(alice.name()).isEqualTo("alice");
    assertThat(alice.limits()).isEqualTo(new KeyLimits(60L, 400000L, 4L, 5000000L));
    assertThat(alice.models()).containsExactly("claude-*", "gpt-5*");
    // A date is the last day the key works, through its end in UTC.
    assertThat(alice.expiresAt()).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
    assertThat(alice.usableAt(Instant.parse("2027-01-31T23:59:59Z"))).isTrue();
    assertThat(alice.usableAt(Instant.parse("2027-02-01T00:00:00Z"))).isFalse();
    assertThat(keys.get(1).limits()).isEqualTo(KeyLimits.NONE);
    assertThat(alice.toString()).doesNotContain(ALICE);

    KeyRing ring = KeyRing.of(keys, ClientKeys.of(List.of("env-one", "env-two")), true);
    assertThat(ring.find(ALICE)).map(KeySpec::name).hasValue("alice");
    assertThat(ring.find("fp-bob")).map(KeySpec::name).hasValue("bob");
    assertThat(ring.find("env-two")).map(KeySpec::name).hasValue("key-2");
    assertThat(ring.find(ALICE + "x")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "{\"keys\": {}}",
      "{\"keys\": [{\"name\": \"a\"}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\", \"key_sha256\": \"00\"}]}",
      "{\"keys\": [{\"name\": \"a b\", \"key\": \"k1\"}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\", \"rpm\": 0}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\", \"rpm\": \"60\"}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\", \"expires\": \"31/01/2027\"}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\", \"limit\": 5}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\"}, {\"name\": \"a\", \"key\": \"k2\"}]}",
      "{\"keys\": [{\"name\": \"a\", \"key\": \"k1\"}, {\"name\": \"b\", \"key\": \"k1\"}]}"})
  void aBrokenFileIsOneLineThatNeverHoldsTheKey(String text) {
    assertThatThrownBy(() -> KeyFile.parse(text, "conf/keys.json"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(e.getMessage()).startsWith("KEYS_FILE conf/keys.json")
            .doesNotContain("\n").doesNotContain("\"k1\"").doesNotContain(" k1"));
  }

  @Test
  void globsMatchTheSentOrTheAliasedName() {
    ModelGlobs globs = ModelGlobs.of(List.of("claude-*", "gpt-5?", "glm.4"));
    assertThat(globs.allows("claude-sonnet-4-5")).isTrue();
    assertThat(globs.allows("gpt-5x")).isTrue();
    assertThat(globs.allows("gpt-51x")).isFalse();
    assertThat(globs.allows("glm-4")).as("a dot is literal").isFalse();
    assertThat(globs.allows("glm.4")).isTrue();
    assertThat(globs.allows("fast", "claude-haiku")).isTrue();
    assertThat(globs.allows((String) null)).isFalse();
    assertThat(ModelGlobs.of(List.of()).allows("anything")).isTrue();
  }
}
