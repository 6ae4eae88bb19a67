using System.Text.RegularExpressions;
using Akka.Configuration;
using PaxosAkka.Node.Configuration;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>One service of docker/compose.yaml, with <c>${VAR:-default}</c> replaced by its default.</summary>
/// <param name="Name">The service name.</param>
/// <param name="Hostname">Its <c>hostname</c> (the service name when not set).</param>
/// <param name="Profiles">Its profiles (empty: started by a plain <c>up</c>).</param>
/// <param name="Command">Its command.</param>
/// <param name="Environment">Its environment.</param>
/// <param name="Volumes">Its volumes as (source, target): bind mounts have a source starting with '.' or '/'.</param>
/// <param name="Ports">Its published ports as written (host-ip:host:container).</param>
internal sealed record ComposeService(
    string Name,
    string Hostname,
    IReadOnlyList<string> Profiles,
    IReadOnlyList<string> Command,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<(string Source, string Target)> Volumes,
    IReadOnlyList<string> Ports)
{
    /// <summary>True for a PaxosAkka node (started with <c>--config</c>).</summary>
    public bool IsNode => Command.Contains("--config");

    /// <summary>The container path of the node's configuration file.</summary>
    public string ConfigPath => Command[Command.ToList().IndexOf("--config") + 1];

    /// <summary>True when <paramref name="containerPath"/> is mounted into the container (a bind mount or a volume).</summary>
    public bool Mounts(string containerPath) => Volumes.Any(v => v.Target == containerPath);

    /// <summary>The container ports this service publishes.</summary>
    public IEnumerable<int> PublishedContainerPorts => Ports.Select(p => int.Parse(p.Split(':')[^1].Split('/')[0], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// The node's configuration as the container sees it: the service's bind-mounted files of the repository copied
    /// to their container paths under <paramref name="root"/>, then the node file loaded the way the node loads it
    /// (includes next to it, <c>${?VAR}</c> from the service's environment) into <see cref="NodeSettings"/>.
    /// Mounted files that do not exist in the repository (the generated certificates) are skipped.
    /// </summary>
    public (Config Config, NodeSettings Settings) LoadNodeConfig(string composeFolder, string root)
    {
        foreach (var (source, target) in Volumes.Where(v => v.Source.StartsWith('.') || v.Source.StartsWith('/')))
        {
            string from = Path.GetFullPath(Path.Combine(composeFolder, source));
            string to = Path.Combine(root, target.TrimStart('/'));
            if (File.Exists(from))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
            }
        }

        var config = NodeConfigFile.Load(Path.Combine(root, ConfigPath.TrimStart('/')), name => Environment.GetValueOrDefault(name));
        return (config, NodeSettings.Create(config));
    }
}

/// <summary>Reads docker/compose.yaml (YAML anchors and merge keys resolved, as compose does).</summary>
internal static partial class ComposeFile
{
    public static string Folder => Path.Combine(RepoRoot.Path, "docker");

    public static IReadOnlyList<ComposeService> Services { get; } = Load(Path.Combine(Folder, "compose.yaml"));

    /// <summary>A YAML file as nested dictionaries, lists and strings.</summary>
    public static Dictionary<object, object> ReadYaml(string path)
    {
        using var reader = new StringReader(File.ReadAllText(path));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    /// <summary>Replaces <c>${VAR:-default}</c> / <c>${VAR-default}</c> with the default and <c>${VAR}</c> with nothing (no variable is set in tests).</summary>
    public static string Interpolate(string value) => Variable().Replace(value, m => m.Groups["default"].Value);

    private static List<ComposeService> Load(string path)
    {
        var services = (Dictionary<object, object>)ReadYaml(path)["services"];
        return [.. services.Select(s => Service((string)s.Key, (Dictionary<object, object>)s.Value))];
    }

    private static ComposeService Service(string name, Dictionary<object, object> service)
    {
        IReadOnlyList<string> List(string key) =>
            service.TryGetValue(key, out var value) ? [.. ((List<object>)value).Select(v => Interpolate((string)v))] : [];

        var environment = service.TryGetValue("environment", out var env)
            ? ((Dictionary<object, object>)env).ToDictionary(e => (string)e.Key, e => Interpolate((string)e.Value))
            : [];
        var volumes = List("volumes").Select(v => v.Split(':')).Select(p => (p[0], p[1])).ToList();
        return new ComposeService(
            name,
            service.TryGetValue("hostname", out var host) ? (string)host : name,
            List("profiles"),
            List("command"),
            environment,
            volumes,
            List("ports"));
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();
}
