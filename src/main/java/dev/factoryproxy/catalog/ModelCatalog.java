package dev.factoryproxy.catalog;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The models clients may name, and where each one goes: the {@code MODELS} catalog, with the
 * catalog's own aliases and {@code MODEL_ALIASES} on top. Immutable; built once at start.
 */
public final class ModelCatalog {

  /**
   * What a client's model name resolves to.
   *
   * @param upstreamModel the model name to send upstream
   * @param spec the catalog entry, or {@code null} for a model the catalog does not list (it
   *     goes to the endpoint the client called, as it always did)
   */
  public record Resolved(String upstreamModel, ModelSpec spec) {
  }

  private final List<ModelSpec> models;
  private final boolean strict;
  private final Map<String, Resolved> byName;

  /**
   * @param models the catalog, in the order {@code /v1/models} lists it
   * @param modelAliases {@code MODEL_ALIASES}: a name clients may use, to the model it stands for
   *     (a catalog id or alias, or any other name, which then is only renamed)
   * @param strict {@code STRICT_MODELS}: a model outside the catalog is refused
   */
  public ModelCatalog(List<ModelSpec> models, Map<String, String> modelAliases, boolean strict) {
    this.models = List.copyOf(models);
    this.strict = strict;
    Map<String, Resolved> names = new HashMap<>();
    for (ModelSpec spec : models) {
      Resolved resolved = new Resolved(spec.id(), spec);
      names.put(spec.id(), resolved);
      spec.aliases().forEach(alias -> names.put(alias, resolved));
    }
    Map<String, Resolved> extra = new LinkedHashMap<>();
    modelAliases.forEach((alias, target) -> {
      Resolved known = names.get(target);
      extra.put(alias, known != null ? known : new Resolved(target, null));
    });
    names.putAll(extra);
    this.byName = Map.copyOf(names);
  }

  public static ModelCatalog empty() {
    return new ModelCatalog(List.of(), Map.of(), false);
  }

  public List<ModelSpec> models() {
    return models;
  }

  public boolean strict() {
    return strict;
  }

  /**
   * @return the resolution of a client's model name, or {@code null} for a name neither the
   *     catalog nor {@code MODEL_ALIASES} knows (and for {@code null})
   */
  public Resolved resolve(String name) {
    return name == null ? null : byName.get(name);
  }

  /** The catalog entry with this id or alias, or {@code null}. */
  public ModelSpec find(String name) {
    Resolved resolved = resolve(name);
    return resolved == null ? null : resolved.spec();
  }
}
