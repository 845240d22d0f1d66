package dev.factoryproxy.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtTest {

  private static String part(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheExpClaimOfAJwt() {
    String jwt = part("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + part("{\"sub\":\"u\",\"exp\":1767225600}") + ".sig";

    assertThat(Jwt.expiryMillis(jwt)).isEqualTo(1_767_225_600_000L);
  }

  @Test
  void anythingElseHasNoExpiry() {
    assertThat(Jwt.expiryMillis("fk-plain-token")).isEqualTo(-1);
    assertThat(Jwt.expiryMillis("a.b.c")).isEqualTo(-1);
    assertThat(Jwt.expiryMillis(part("{}") + "." + part("{\"sub\":\"u\"}") + ".s")).isEqualTo(-1);
  }
}
