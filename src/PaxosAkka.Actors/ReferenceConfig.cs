using PaxosAkka.Hocon;

namespace PaxosAkka.Actors;

/// <summary>The embedded <c>reference.conf</c> of the actor runtime, parsed once.</summary>
public static class ReferenceConfig
{
    private static readonly Lazy<Config> s_reference =
        new(() => ConfigurationFactory.FromResource(typeof(ReferenceConfig).Assembly, "reference.conf"));

    /// <summary>The parsed defaults.</summary>
    public static Config Load() => s_reference.Value;
}
