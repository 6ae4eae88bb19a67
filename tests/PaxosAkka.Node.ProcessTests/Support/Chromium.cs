using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace PaxosAkka.Node.ProcessTests.Support;

/// <summary>
/// Debian's Chromium for the browser tests. Playwright cannot download its own browsers here (no internet), so the
/// tests drive the distribution's build through <see cref="ExecutablePath"/>, installing it with apt-get when it is
/// missing so that a fresh machine and CI behave the same. A browser test never skips: if Chromium cannot be had,
/// it fails and says why.
/// </summary>
internal static class Chromium
{
    /// <summary>Where Debian's chromium package puts the browser.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// Headless, no sandbox (the tests run as root), and nothing that reaches out to the network on its own
    /// (updates, sync, QUIC probes): the machine has only loopback and the package registries.
    /// </summary>
    public static readonly IReadOnlyList<string> Args =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private static readonly TimeSpan AptTimeout = TimeSpan.FromMinutes(10);
    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    /// <summary>Installs Chromium with apt-get unless it is there; throws with apt-get's own words when that fails.</summary>
    public static async Task EnsureInstalledAsync(ITestOutputHelper output)
    {
        await InstallGate.WaitAsync();
        try
        {
            if (File.Exists(ExecutablePath))
            {
                return;
            }

            output.WriteLine($"[chromium] {ExecutablePath} is missing: installing Debian's chromium with apt-get");
            var log = new StringBuilder();
            // Try first without refreshing the package lists (fast when they are recent), then refresh and retry.
            if (!await AptAsync(log, "install", "-y", "-qq", "chromium") || !File.Exists(ExecutablePath))
            {
                await AptAsync(log, "update", "-qq");
                await AptAsync(log, "install", "-y", "-qq", "chromium");
            }

            if (!File.Exists(ExecutablePath))
            {
                throw new InvalidOperationException(
                    $"The browser tests need Chromium at {ExecutablePath} and 'apt-get install -y chromium' did not provide it. " +
                    $"Install it by hand (as root: apt-get update && apt-get install -y chromium). apt-get said:\n{Tail(log.ToString())}");
            }

            output.WriteLine("[chromium] installed");
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<bool> AptAsync(StringBuilder log, params string[] args)
    {
        var start = new ProcessStartInfo("apt-get")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Another engineer's or CI's apt-get may hold the lock for a while: wait for it instead of failing at once.
        start.ArgumentList.Add("-o");
        start.ArgumentList.Add("DPkg::Lock::Timeout=300");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        log.AppendLine($"$ apt-get {string.Join(' ', args)}");
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(AptTimeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                log.AppendLine($"apt-get gave no answer within {AptTimeout.TotalMinutes:0} minutes and was stopped");
                return false;
            }

            log.Append(await stdout).Append(await stderr);
            log.AppendLine($"(exit {process.ExitCode})");
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log.AppendLine($"could not run apt-get: {e.Message}");
            return false;
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "..." + text[^4000..];
}
