using System.Diagnostics;
using PaxosAkka.Node.Launcher;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>What one <c>pbm</c> run printed and returned.</summary>
internal sealed record PbmRun(int Exit, string Output, string Error)
{
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public override string ToString() => $"exit {Exit}\n{Output}\n{Error}";
}

/// <summary>
/// Runs the built <c>pbm</c> (src/PaxosAkka.Cmd's build output, under the dotnet host) as a child process, with an
/// optional standard input, and kills it if it outlives its deadline.
/// </summary>
internal static class PbmProcess
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<PbmRun> RunAsync(string? input, params string[] args)
    {
        var start = new ProcessStartInfo(NodeBinary.DotnetHost())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Locate());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var timeout = new CancellationTokenSource(Deadline);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardInput.WriteAsync(input ?? "");
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pbm {string.Join(' ', args)} did not exit within {Deadline}");
        }

        return new PbmRun(process.ExitCode, await output, await error);
    }

    /// <summary>src/PaxosAkka.Cmd/bin/{Configuration}/{tfm}/pbm.dll, seen from this test assembly's folder (same layout).</summary>
    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = dir.Name;
        string configuration = dir.Parent?.Name ?? "Debug";
        for (var d = dir; d is not null; d = d.Parent)
        {
            string candidate = Path.Combine(d.FullName, "src", "PaxosAkka.Cmd", "bin", configuration, framework, "pbm.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"pbm.dll not found under src/PaxosAkka.Cmd/bin/{configuration}/{framework}; build first: dotnet build src/PaxosAkka.Cmd");
    }
}
