using System.Reflection;

namespace PaxosAkka.Hocon;

/// <summary>
/// Entry points that turn HOCON text into a resolved <see cref="Config"/>: parse, merge includes, resolve
/// substitutions (falling back to environment variables), all in one step so errors surface at load time.
/// </summary>
public static class ConfigurationFactory
{
    /// <summary>The empty configuration.</summary>
    public static Config Empty => Config.Empty;

    /// <summary>
    /// Parses HOCON text. <paramref name="origin"/> names the text in error messages (default "string");
    /// relative includes are resolved against the current directory.
    /// </summary>
    public static Config ParseString(string text, string? origin = null) => ParseString(text, origin, null, null);

    /// <summary>
    /// Parses HOCON text with an injected environment (for <c>${?VAR}</c>; default
    /// <see cref="Environment.GetEnvironmentVariable(string)"/>) and include resolver (default
    /// <see cref="HoconIncludeResolvers.FileSystem"/>).
    /// </summary>
    public static Config ParseString(string text, string? origin, Func<string, string?>? environment, HoconIncludeResolver? includeResolver = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Load(new HoconSource(text, origin ?? "string"), environment, includeResolver);
    }

    /// <summary>Parses a HOCON file; includes are resolved relative to its directory.</summary>
    public static Config ParseFile(string path) => ParseFile(path, null, null);

    /// <summary>Parses a HOCON file with an injected environment and include resolver.</summary>
    public static Config ParseFile(string path, Func<string, string?>? environment, HoconIncludeResolver? includeResolver = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new ConfigException($"configuration file '{fullPath}' does not exist");
        }

        return Load(new HoconSource(File.ReadAllText(fullPath), fullPath, Path.GetDirectoryName(fullPath)), environment, includeResolver);
    }

    /// <summary>
    /// Parses an embedded resource, typically a module's <c>reference.conf</c>. <paramref name="resourceName"/> may
    /// be the full manifest name or its end (<c>reference.conf</c> finds <c>PaxosAkka.Actors.reference.conf</c>).
    /// Includes inside it are looked up among the same assembly's resources.
    /// </summary>
    public static Config FromResource(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(resourceName);
        var found = HoconIncludeResolvers.FindResource(assembly, resourceName)
            ?? throw new ConfigException(
                $"embedded resource '{resourceName}' not found in assembly {assembly.GetName().Name} (it has: {string.Join(", ", assembly.GetManifestResourceNames())}); "
                + "add <EmbeddedResource Include=\"reference.conf\" /> to the project");
        var text = HoconIncludeResolvers.ReadResource(assembly, found);
        return Load(new HoconSource(text, $"resource:{found}"), null, HoconIncludeResolvers.EmbeddedResources(assembly));
    }

    private static Config Load(HoconSource source, Func<string, string?>? environment, HoconIncludeResolver? includeResolver)
    {
        var parsed = HoconParser.Parse(source, includeResolver ?? HoconIncludeResolvers.FileSystem);
        var env = environment ?? Environment.GetEnvironmentVariable;
        return new Config(HoconResolver.Resolve(parsed, env), source.Source, parsed, env);
    }
}
