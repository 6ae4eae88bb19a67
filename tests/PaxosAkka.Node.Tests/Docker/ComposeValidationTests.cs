using System.Diagnostics;

namespace PaxosAkka.Node.Tests.Docker;

/// <summary>
/// docker/compose.yaml is a valid compose file as Debian's docker-compose reads it (<c>config -q</c> validates
/// without an engine: base images cannot be pulled here). .ci/run installs docker-compose where it is missing; a
/// machine without it fails this test with the command to run, it does not skip it.
/// </summary>
public sealed class ComposeValidationTests
{
    [Theory]
    [InlineData("")]
    [InlineData("all-roles")]
    public async Task Docker_compose_accepts_the_compose_file(string profile)
    {
        var arguments = new List<string> { "-f", Path.Combine(RepoRoot.Path, "docker", "compose.yaml") };
        if (profile.Length > 0)
        {
            arguments.AddRange(["--profile", profile]);
        }

        arguments.AddRange(["config", "-q"]);
        var (exitCode, output) = await RunAsync("docker-compose", arguments);
        Assert.True(exitCode == 0, $"docker-compose config -q failed ({exitCode}):\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot.Path,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"{program} is not installed ({e.Message}): run `apt-get update && apt-get install -y docker-compose` (.ci/run does)");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout + await stderr);
        }
    }
}
