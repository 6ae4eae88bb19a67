using System.Runtime.InteropServices;

namespace PaxosAkka.Node.Launcher;

/// <summary>
/// Finds what a child node runs: the <c>dotnet</c> host of the running runtime and the built
/// PaxosAkka.Node.dll, so children are exactly the build the launcher itself came from.
/// </summary>
public static class NodeBinary
{
    /// <summary>The dotnet host executable: the current process when it is dotnet, else the runtime's root.</summary>
    public static string DotnetHost()
    {
        string? current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>/dotnet.
        string runtimeDir = RuntimeEnvironment.GetRuntimeDirectory();
        string? root = Directory.GetParent(runtimeDir.TrimEnd(Path.DirectorySeparatorChar))?.Parent?.Parent?.FullName;
        string candidate = root is null ? "dotnet" : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>The node assembly next to this one (its runtimeconfig.json must sit beside it).</summary>
    /// <exception cref="FileNotFoundException">The build artefacts are missing; the message says how to build.</exception>
    public static string NodeAssembly(string? overridePath = null)
    {
        string path = overridePath ?? typeof(NodeBinary).Assembly.Location;
        string runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (string.IsNullOrEmpty(path) || !File.Exists(path) || !File.Exists(runtimeConfig))
        {
            throw new FileNotFoundException(
                $"The node build artefacts are missing ({path}, {runtimeConfig}); build first: dotnet build src/PaxosAkka.Node", path);
        }

        return path;
    }

    /// <summary>
    /// The node project's own build output seen from a test assembly in <paramref name="baseDirectory"/>
    /// (tests/X/bin/{Configuration}/{tfm}): src/PaxosAkka.Node/bin/{Configuration}/{tfm}/PaxosAkka.Node.dll, which
    /// carries the node's deps.json and native SQLite. Falls back to the assembly next to this one.
    /// </summary>
    public static string NodeAssemblyBuiltFor(string baseDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(baseDirectory);
        var dir = new DirectoryInfo(baseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = dir.Name;
        string configuration = dir.Parent?.Name ?? "Debug";
        for (var d = dir; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "src", "PaxosAkka.Node", "bin", configuration, framework, "PaxosAkka.Node.dll");
            if (File.Exists(candidate))
            {
                return NodeAssembly(candidate);
            }
        }

        return NodeAssembly();
    }
}
