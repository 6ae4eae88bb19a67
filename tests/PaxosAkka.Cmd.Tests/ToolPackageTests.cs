namespace PaxosAkka.Cmd.Tests;

/// <summary>
/// pbm ships as a .NET tool: `dotnet pack` makes the package and `dotnet tool install --add-source` puts a runnable
/// `pbm` in a tool folder. Packs the build the tests already made (--no-build), so it stays well under a minute.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "pbm-tool-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task Dotnet_pack_and_tool_install_give_a_runnable_pbm()
    {
        var (project, configuration) = CmdProject();
        string packages = Path.Combine(_folder, "packages");
        string tools = Path.Combine(_folder, "tools");

        var pack = await ChildProcess.RunAsync(ChildProcess.Dotnet, "pack", project, "--no-build", "-c", configuration, "-o", packages, "-v", "q", "-nologo");
        Assert.True(pack.Exit == 0, $"dotnet pack failed:\n{pack.Output}\n{pack.Error}");
        Assert.Single(Directory.GetFiles(packages, "PaxosAkka.Pbm.*.nupkg"));

        var install = await ChildProcess.RunAsync(ChildProcess.Dotnet, "tool", "install", "--tool-path", tools, "--add-source", packages, "PaxosAkka.Pbm");
        Assert.True(install.Exit == 0, $"dotnet tool install failed:\n{install.Output}\n{install.Error}");

        string pbm = Path.Combine(tools, OperatingSystem.IsWindows() ? "pbm.exe" : "pbm");
        var simulate = await ChildProcess.RunAsync(pbm, "simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7");
        Assert.Equal(ExitCodes.Success, simulate.Exit);
        Assert.Contains("Agreement:   held", simulate.Output, StringComparison.Ordinal);

        var help = await ChildProcess.RunAsync(pbm, "--help");
        Assert.Contains("cluster", help.Output, StringComparison.Ordinal);
        Assert.Contains("4 = the node refused", help.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }

    /// <summary>src/PaxosAkka.Cmd/PaxosAkka.Cmd.csproj and the configuration these tests were built in (bin/{Configuration}/{tfm}).</summary>
    private static (string Project, string Configuration) CmdProject()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string configuration = dir.Parent?.Name ?? "Debug";
        for (var d = dir; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "src", "PaxosAkka.Cmd", "PaxosAkka.Cmd.csproj");
            if (File.Exists(candidate))
            {
                return (candidate, configuration);
            }
        }

        throw new FileNotFoundException("src/PaxosAkka.Cmd/PaxosAkka.Cmd.csproj not found above " + AppContext.BaseDirectory);
    }
}
