package dev.factoryproxy;

/** The version in the jar's manifest; {@code development} when run from classes. */
public final class ProxyVersion {

  private ProxyVersion() {
  }

  public static String get() {
    String version = ProxyVersion.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
