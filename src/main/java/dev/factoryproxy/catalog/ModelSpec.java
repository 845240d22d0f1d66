package dev.factoryproxy.catalog;

import dev.factoryproxy.translate.WireApi;
import java.util.List;
import java.util.Map;

/**
 * One entry of the {@code MODELS} catalog: a model Factory serves, and over which API.
 *
 * @param id the model id sent upstream
 * @param api the one API Factory serves it over
 * @param provider the {@code x-api-provider} header for it
 * @param aliases other names clients may use for it
 * @param headers static headers added to its upstream requests
 * @param maxTokens the output limit used when the upstream API needs one and the client gave none
 */
public record ModelSpec(String id, WireApi api, String provider, List<String> aliases,
                        Map<String, String> headers, int maxTokens) {

  public ModelSpec {
    aliases = List.copyOf(aliases);
    headers = Map.copyOf(headers);
  }
}
