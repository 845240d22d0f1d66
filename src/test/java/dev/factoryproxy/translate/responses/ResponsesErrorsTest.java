package dev.factoryproxy.translate.responses;

import static dev.factoryproxy.translate.responses.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.factoryproxy.translate.UpstreamError;
import org.junit.jupiter.api.Test;

class ResponsesErrorsTest {

  private final ResponsesFormat format = ResponsesFormat.create();

  @Test
  void readsOpenAiErrors() {
    UpstreamError error = format.readError(json("""
        {'error':{'message':'Rate limit reached','type':'requests','param':null,'code':'rate_limit_exceeded'}}"""));
    assertThat(error).isEqualTo(new UpstreamError("requests", "rate_limit_exceeded", "Rate limit reached"));
  }

  @Test
  void readsFactoryDetail() {
    assertThat(format.readError(json("{'detail':'Invalid model'}")))
        .isEqualTo(new UpstreamError(null, null, "Invalid model"));
  }

  @Test
  void anythingElseIsNoError() {
    assertThat(format.readError(json("{'id':'resp_1','object':'response'}"))).isNull();
    assertThat(format.readError(json("[1,2]"))).isNull();
  }
}
