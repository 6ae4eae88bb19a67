using System.Diagnostics;

namespace PaxosAkka.Cmd.Tests;

/// <summary>Runs the real built <c>pbm</c> (pbm.dll under the dotnet host) as a child process.</summary>
public class ProcessTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Built_pbm_exits_0_on_a_run_and_2_on_bad_arguments()
    {
        var ok = await RunPbm("simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("Agreement:   held", ok.Output, StringComparison.Ordinal);
        Assert.Equal(Cli.Run("simulate", "--nodes", "3", "--crash-prob", "0.1", "--rounds", "5", "--seed", "7").Output, ok.Output);

        var bad = await RunPbm("simulate", "--crash-prob", "2");
        Assert.Equal(2, bad.Exit);
        Assert.Equal(string.Empty, bad.Output);
        Assert.Equal("pbm simulate: --crash-prob must be between 0 and 1, got 2 (see 'pbm simulate --help')", Assert.Single(bad.ErrorLines));

        var unknown = await RunPbm("simulate", "--frobnicate");
        Assert.Equal(2, unknown.Exit);
    }

    private static async Task<CliRun> RunPbm(params string[] args)
    {
        var pbm = Path.Combine(AppContext.BaseDirectory, "pbm.dll");
        Assert.True(File.Exists(pbm), $"pbm.dll not found next to the tests at {pbm}");

        // `dotnet test` tells child tools which host it runs on; fall back to the one on PATH.
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(pbm);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        using var timeout = new CancellationTokenSource(Deadline);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"pbm {string.Join(' ', args)} did not exit within {Deadline}");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
