using System.Text;
using System.Text.RegularExpressions;
using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace PaxosAkka.Node.Configuration;

/// <summary>
/// Reads a node's HOCON file for Akka: <c>include "x.hocon"</c> is resolved beside the including file, and a line
/// <c>key = ${?NAME}</c> takes the environment variable NAME when it is set and is dropped when it is not (Lightbend
/// HOCON's optional substitution, which Akka.NET's parser lacks). That keeps the files' "environment variables
/// override" lines working on Akka's <see cref="Config"/>; <c>include required("x")</c> is read as <c>include "x"</c>.
/// </summary>
public static partial class NodeConfigFile
{
    private const int MaxIncludeDepth = 16;

    /// <summary>Parses <paramref name="path"/> with its includes; <paramref name="environment"/> defaults to the process's.</summary>
    /// <exception cref="ConfigurationException">The file, an include or its syntax is bad; the message names the file.</exception>
    public static Config Load(string path, Func<string, string?>? environment = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        environment ??= Environment.GetEnvironmentVariable;
        string full = Path.GetFullPath(path);
        try
        {
            return new Config(Parse(full, environment, 0));
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>Parses HOCON text with <c>${?NAME}</c> lines resolved from <paramref name="environment"/> (no includes).</summary>
    public static Config ParseString(string hocon, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        ArgumentNullException.ThrowIfNull(environment);
        return ConfigurationFactory.ParseString(ResolveEnvironment(hocon, environment, "text"));
    }

    private static HoconRoot Parse(string file, Func<string, string?> environment, int depth)
    {
        if (depth > MaxIncludeDepth)
        {
            throw new ConfigurationException($"{file}: includes nested deeper than {MaxIncludeDepth} (a cycle?)");
        }

        string text = ResolveEnvironment(File.ReadAllText(file), environment, file);
        string folder = Path.GetDirectoryName(file) ?? ".";
        return Parser.Parse(text, include => Parse(Path.GetFullPath(Path.Combine(folder, include)), environment, depth + 1));
    }

    /// <summary>Replaces each <c>key = ${?NAME}</c> line with the quoted value of NAME, or removes it when NAME is unset.</summary>
    internal static string ResolveEnvironment(string text, Func<string, string?> environment, string origin)
    {
        var result = new StringBuilder(text.Length);
        foreach (var raw in text.Split('\n'))
        {
            // Akka.NET's parser knows only the plain form of include: include required("x") and file("x") become include "x".
            string line = IncludeForm().Replace(raw, "include \"${file}\"");
            var optional = OptionalLine().Match(line);
            if (optional.Success)
            {
                if (environment(optional.Groups["name"].Value) is { } value)
                {
                    result.Append(optional.Groups["key"].Value).Append(" = ").Append(Quote(value)).Append('\n');
                }

                continue;
            }

            if (line.Contains("${?", StringComparison.Ordinal))
            {
                throw new ConfigurationException($"{origin}: '{line.Trim()}': an optional substitution ${{?NAME}} must stand alone as 'key = ${{?NAME}}'");
            }

            result.Append(line).Append('\n');
        }

        return result.ToString();
    }

    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex(@"include\s+(?:required|file)\(\s*""(?<file>[^""]+)""\s*\)")]
    private static partial Regex IncludeForm();

    [GeneratedRegex(@"^(?<key>\s*[A-Za-z0-9_.""\-]+)\s*[=:]\s*\$\{\?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}\s*(#.*|//.*)?\r?$")]
    private static partial Regex OptionalLine();
}
