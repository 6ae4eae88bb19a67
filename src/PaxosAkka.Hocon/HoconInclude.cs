using System.Reflection;

namespace PaxosAkka.Hocon;

/// <summary>How an include names its target: <c>include "x"</c>, <c>file("x")</c>, <c>classpath("x")</c> or <c>url("x")</c>.</summary>
public enum HoconIncludeKind
{
    /// <summary><c>include "x"</c>: a file next to the including one (or a resource next to the including resource).</summary>
    Heuristic,

    /// <summary><c>include file("x")</c>.</summary>
    File,

    /// <summary><c>include classpath("x")</c>: in .NET, an embedded resource.</summary>
    Classpath,

    /// <summary><c>include url("x")</c>: not fetched by the built-in resolvers (configuration loading does no network I/O).</summary>
    Url,
}

/// <summary>What an include statement asks for, and from where.</summary>
/// <param name="Name">The quoted name as written.</param>
/// <param name="Kind">How the name was qualified.</param>
/// <param name="Required">True for <c>include required(...)</c>: a missing target is an error instead of being ignored.</param>
/// <param name="IncludingSource">The source (file path, resource or label) of the file holding the include.</param>
/// <param name="IncludingDirectory">The directory of the including file, or null when it did not come from a file.</param>
public sealed record HoconIncludeRequest(string Name, HoconIncludeKind Kind, bool Required, string IncludingSource, string? IncludingDirectory);

/// <summary>A piece of HOCON text and where it came from.</summary>
/// <param name="Text">The HOCON text.</param>
/// <param name="Source">A name for error messages and cycle detection; for files, the full path.</param>
/// <param name="Directory">For files, the directory that relative includes inside this text are resolved against.</param>
public sealed record HoconSource(string Text, string Source, string? Directory = null);

/// <summary>Finds the text an include refers to; returns null when there is no such file or resource.</summary>
public delegate HoconSource? HoconIncludeResolver(HoconIncludeRequest request);

/// <summary>The built-in include resolvers.</summary>
public static class HoconIncludeResolvers
{
    /// <summary>
    /// Resolves <c>include "x"</c> and <c>include file("x")</c> against the including file's directory (or the
    /// current directory for text that did not come from a file). A name without an extension tries
    /// <c>x</c>, <c>x.conf</c>, <c>x.json</c> and <c>x.hocon</c> (our node configs) in that order and loads the
    /// first that exists. Classpath and URL includes are not found.
    /// </summary>
    public static HoconSource? FileSystem(HoconIncludeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Kind is HoconIncludeKind.Classpath or HoconIncludeKind.Url)
        {
            return null;
        }

        var baseDirectory = request.IncludingDirectory ?? Environment.CurrentDirectory;
        var path = Path.GetFullPath(Path.Combine(baseDirectory, request.Name));
        foreach (var candidate in Candidates(path))
        {
            if (File.Exists(candidate))
            {
                return new HoconSource(File.ReadAllText(candidate), candidate, Path.GetDirectoryName(candidate));
            }
        }

        return null;
    }

    /// <summary>
    /// Resolves includes against the embedded resources of <paramref name="assembly"/> (a resource named exactly
    /// as the include, or ending with <c>.</c> + the name), falling back to the file system for
    /// <c>file(...)</c> includes.
    /// </summary>
    public static HoconIncludeResolver EmbeddedResources(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return request =>
        {
            if (request.Kind == HoconIncludeKind.File)
            {
                return FileSystem(request);
            }

            foreach (var candidate in Candidates(request.Name))
            {
                var resource = FindResource(assembly, candidate);
                if (resource is not null)
                {
                    return new HoconSource(ReadResource(assembly, resource), $"resource:{resource}");
                }
            }

            return null;
        };
    }

    internal static string? FindResource(Assembly assembly, string name)
    {
        var names = assembly.GetManifestResourceNames();
        var normalized = name.Replace('/', '.').Replace('\\', '.');
        return Array.Find(names, n => n == name)
            ?? Array.Find(names, n => n == normalized)
            ?? Array.Find(names, n => n.EndsWith("." + normalized, StringComparison.Ordinal));
    }

    internal static string ReadResource(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new ConfigException($"embedded resource '{resourceName}' disappeared from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static IEnumerable<string> Candidates(string name)
    {
        yield return name;
        if (Path.GetExtension(name).Length == 0)
        {
            yield return name + ".conf";
            yield return name + ".json";
            yield return name + ".hocon";
        }
    }
}
