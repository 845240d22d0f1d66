package dev.factoryproxy.translate;

/**
 * One request's translation: the client's format, the upstream's, and the context both
 * directions share. Set on the exchange by the request translation stage; the forwarder reads
 * it to translate the answer.
 */
public record Translation(WireFormat client, WireFormat upstream, TranslationContext context) {

  /** {@code from} and {@code to} as logs and metrics name them: the client's API, then the upstream's. */
  public String label() {
    return context.client().id() + "->" + context.upstream().id();
  }
}
