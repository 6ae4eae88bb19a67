using System.Globalization;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Arguments of <c>local</c>: <c>--nodes N</c> (1..9, default 5) or <c>--topology NAME</c> (seed004, seed000),
/// <c>--base-port P</c> (default 8080: node N serves HTTP on P+N and remoting on P+1000+N), <c>--data DIR</c>
/// (default ./data), <c>--ready-timeout 60s</c>.
/// </summary>
public sealed record LocalLauncherOptions(int Nodes, int BasePort, string DataRoot, TimeSpan ReadyTimeout)
{
    /// <summary>The usage line printed with every argument error.</summary>
    public const string Usage = "usage: PaxosAkka.Node local [--nodes 1..9 (5) | --topology seed004|seed000] [--base-port 1024..63000 (8080)] [--data DIR (./data)] [--ready-timeout SECONDS (60)]";

    /// <summary>The named topology (<c>--topology</c>), or null for <see cref="Nodes"/> nodes with every role.</summary>
    public LocalTopology? Topology { get; init; }

    /// <summary>The roles per node this run starts.</summary>
    public LocalTopology Layout => Topology ?? LocalTopology.Uniform(Nodes);

    /// <summary>Parses the arguments after <c>local</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value; the message says which.</exception>
    public static LocalLauncherOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LocalLauncherOptions(5, 8080, "data", TimeSpan.FromSeconds(60));
        bool nodesGiven = false;
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string value = i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value");
            options = name switch
            {
                "--nodes" => options with { Nodes = Int(name, value, 1, LocalClusterLayout.MaxNodes) },
                "--topology" => options with { Topology = LocalTopology.Parse(value) },
                "--base-port" => options with { BasePort = Int(name, value, 1024, 63000) },
                "--data" => options with { DataRoot = string.IsNullOrWhiteSpace(value) ? throw new ArgumentException("--data needs a folder") : value },
                "--ready-timeout" => options with { ReadyTimeout = TimeSpan.FromSeconds(Int(name, value.TrimEnd('s'), 1, 3600)) },
                _ => throw new ArgumentException($"unknown option '{name}'"),
            };
            nodesGiven |= name == "--nodes";
        }

        if (nodesGiven && options.Topology is not null)
        {
            throw new ArgumentException("--nodes and --topology exclude each other: a named topology fixes its node count");
        }

        return options;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be a whole number in {min}..{max}, not '{value}'");
}
